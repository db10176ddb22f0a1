// StageInputExec: on a worker, where the rows the driver routed here for one of a stage's exchanges enter the
// stage's plan — a leaf producing, once per epoch, the batches supplied for that epoch.
import type { RecordBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator } from './operator.js'

export class StageInputExec implements Operator {
  private pending: readonly RecordBatch[] = []

  constructor(readonly schema: StructType) {}

  /** The batches the next epoch reads. */
  supply(batches: readonly RecordBatch[]): void {
    this.pending = batches
  }

  produce(): readonly RecordBatch[] {
    const batches = this.pending
    this.pending = []
    return batches
  }

  process(batch: RecordBatch, _ctx: unknown, out: Collector): void {
    out.emit(batch)
  }
}
