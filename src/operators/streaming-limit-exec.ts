// StreamingLimitExec (append mode): at most `limit` rows over the whole stream; the count emitted so far is state.
import { makeBatch, numbersOf, numericColumn, type RecordBatch, sliceBatch } from '../arrow/index.js'
import { type StateChanges, type StateSchema, stateRowSchema } from '../state/state-store.js'
import { INTEGER, LONG } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import type { Collector, OperatorContext } from './operator.js'
import { newMetrics, type StatefulOperator } from './stateful.js'

export class StreamingLimitExec implements StatefulOperator {
  readonly metrics = newMetrics('globalLimit')
  /** One row: key 0 → rows emitted so far. */
  readonly stateSchema: StateSchema = {
    key: StructType([StructField('partition', INTEGER)]),
    value: StructType([StructField('count', LONG)]),
  }
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

  changes(): StateChanges {
    return { upserts: this.snapshotRows(), deletes: null }
  }

  snapshotRows(): RecordBatch {
    return makeBatch(
      stateRowSchema(this.stateSchema),
      [numericColumn(INTEGER, Int32Array.of(0), null, 0), numericColumn(LONG, Float64Array.of(this.emitted), null, 0)],
      1,
    )
  }

  restore(changes: StateChanges): void {
    if (changes.upserts && changes.upserts.numRows > 0) this.emitted = numbersOf(changes.upserts.data.children[1]!)[0]!
  }
}
