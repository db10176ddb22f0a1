// The memory sink: batches kept in memory under the query's name, readable as a table (`spark.table(name)`).
import type { RecordBatch } from '../../arrow/index.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'

/** The rows a memory sink holds: appended in append/update mode, replaced in complete mode. */
export class MemorySinkTable {
  private batches: RecordBatch[] = []
  private lastBatchId = -1

  constructor(readonly complete: boolean) {}

  /** Idempotent by batch id: a replayed batch is ignored. */
  write(batchId: number, batches: readonly RecordBatch[]): void {
    if (batchId <= this.lastBatchId) return
    this.lastBatchId = batchId
    const rows = batches.filter((b) => b.numRows > 0)
    if (this.complete) this.batches = rows
    else this.batches.push(...rows)
  }

  get allBatches(): readonly RecordBatch[] {
    return this.batches
  }
}

export class MemorySink implements Sink {
  readonly description = 'MemorySink'

  constructor(readonly table: MemorySinkTable) {}

  addBatch(batchId: number, batch: RecordBatch): void {
    this.table.write(batchId, [batch])
  }

  addBatches(batchId: number, batches: readonly RecordBatch[]): void {
    this.table.write(batchId, batches)
  }
}

export const memoryProvider: SinkProvider = {
  format: 'memory',
  outputModes: ['append', 'update', 'complete'],
  create: (context: SinkContext) => new MemorySink(new MemorySinkTable(context.outputMode === 'complete')),
}
