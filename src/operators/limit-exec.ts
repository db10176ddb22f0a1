// LimitExec: the first n rows of each epoch's input (a batch query, or a complete-mode result per micro-batch).
import { type RecordBatch, sliceBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

export class LimitExec implements Operator {
  private taken = 0

  constructor(
    readonly schema: StructType,
    private readonly limit: number,
  ) {}

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    const room = this.limit - this.taken
    if (room <= 0) return
    const rows = Math.min(room, batch.numRows)
    this.taken += rows
    out.emit(sliceBatch(batch, this.schema, 0, rows))
  }

  onWatermark(): void {
    this.taken = 0
  }
}
