// StreamingLimitExec (append mode): at most `limit` rows over the whole stream; the count emitted so far is state.
import { type RecordBatch, sliceBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, OperatorContext } from './operator.js'
import { newMetrics, type StatefulOperator } from './stateful.js'

export class StreamingLimitExec implements StatefulOperator {
  readonly metrics = newMetrics('globalLimit')
  private emitted = 0

  constructor(
    readonly id: string,
    readonly stateId: number,
    readonly schema: StructType,
    private readonly limit: number,
  ) {}

  display(): string {
    return `StreamingGlobalLimit ${this.limit}, state ${this.stateId}`
  }

  beginBatch(): void {
    Object.assign(this.metrics, newMetrics('globalLimit'))
  }

  wantsNoDataBatch(): boolean {
    return false
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    const room = this.limit - this.emitted
    if (room <= 0) return
    const rows = Math.min(room, batch.numRows)
    this.emitted += rows
    this.metrics.numRowsUpdated = 1
    out.emit(sliceBatch(batch, this.schema, 0, rows))
  }

  onBatchEnd(): void {
    this.metrics.numRowsTotal = 1
    this.metrics.memoryUsedBytes = 8
  }
}
