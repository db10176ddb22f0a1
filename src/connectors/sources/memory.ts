// An in-memory test source (Spark's MemoryStream): rows added by the program, offset = index of the last addition.
import { batchFromRows, type RecordBatch, type Row, withSchema } from '../../arrow/index.js'
import type { StructType } from '../../types/struct-type.js'
import { Options } from '../options.js'
import type { Offset, ResolvedSource, Source } from '../source.js'

let nextMemoryStreamId = 0

/**
 * The buffer behind a MemoryStream: `addData` appends one batch; a query reads the batches after its start offset.
 * Several queries may read the same stream; data stays until the stream is dropped.
 */
export class MemoryStreamBuffer {
  readonly id = nextMemoryStreamId++
  private readonly batches: RecordBatch[] = []
  private readonly listeners = new Set<() => void>()

  constructor(readonly schema: StructType) {}

  /** Appends rows (objects or positional arrays, or an Arrow batch of this schema) as one batch; returns its offset. */
  addData(rows: readonly (Row | readonly unknown[])[] | RecordBatch): number {
    this.batches.push(
      Array.isArray(rows) ? batchFromRows(this.schema, rows) : withSchema(rows as RecordBatch, this.schema),
    )
    for (const listener of this.listeners) listener()
    return this.batches.length - 1
  }

  get latestIndex(): number {
    return this.batches.length - 1
  }

  between(start: number, end: number): readonly RecordBatch[] {
    return this.batches.slice(start + 1, end + 1)
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The source a query reads this buffer through. */
  resolved(): ResolvedSource {
    return {
      format: 'memory',
      schema: this.schema,
      options: new Options(),
      create: () => new MemorySource(this),
    }
  }
}

class MemorySource implements Source {
  readonly schema: StructType
  readonly description: string
  private unsubscribe: (() => void) | undefined

  constructor(private readonly buffer: MemoryStreamBuffer) {
    this.schema = buffer.schema
    this.description = `MemoryStream[${buffer.schema.fieldNames().join(',')}]`
  }

  async latestOffset(): Promise<Offset | null> {
    const latest = this.buffer.latestIndex
    return latest < 0 ? null : latest
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    return this.buffer.between((start as number | null) ?? -1, end as number)
  }

  commit(): void {}

  onDataAvailable(listener: () => void): void {
    this.unsubscribe = this.buffer.subscribe(listener)
  }

  async stop(): Promise<void> {
    this.unsubscribe?.()
  }
}
