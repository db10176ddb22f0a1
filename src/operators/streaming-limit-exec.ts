// StreamingLimitExec (append mode): at most `limit` rows over the whole stream; the count emitted so far is state,
// one row keyed by partition 0 (Spark runs a streaming global limit in a single partition).
import { numbersOf, numericColumn, type RecordBatch, sliceBatch } from '../arrow/index.js'
import type { KeyedState } from '../state/keyed-state.js'
import { DEFAULT_TABLE, type StateSchema } from '../state/state-table.js'
import { INTEGER, LONG } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import type { Collector, OpenContext, Operator, OperatorContext } from './operator.js'
import { newMetrics, type StateMetrics } from './state-metrics.js'

export const LIMIT_STATE_SCHEMA: StateSchema = {
  key: StructType([StructField('partition', INTEGER)]),
  value: StructType([StructField('count', LONG)]),
}

const PARTITION_ZERO = numericColumn(INTEGER, Int32Array.of(0), null, 0)

export class StreamingLimitExec implements Operator {
  private metrics: StateMetrics = newMetrics('globalLimit')
  private state!: KeyedState
  private emitted = 0

  constructor(
    readonly schema: StructType,
    private readonly limit: number,
  ) {}

  open(ctx: OpenContext): void {
    this.metrics = ctx.metrics
    this.state = ctx.state.keyed(
      { name: DEFAULT_TABLE, ...LIMIT_STATE_SCHEMA },
      {
        init: () => {},
        save: () => [numericColumn(LONG, Float64Array.of(this.emitted), null, 0)],
        load: (_groups, [count]) => {
          this.emitted = numbersOf(count!)[0]!
        },
      },
    )
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    const room = this.limit - this.emitted
    if (room <= 0) return
    const rows = Math.min(room, batch.numRows)
    this.emitted += rows
    this.state.assign([PARTITION_ZERO], 1, new Int32Array(1))
    this.metrics.numRowsUpdated = 1
    out.emit(sliceBatch(batch, this.schema, 0, rows))
  }

  onWatermark(): void {
    this.metrics.numRowsTotal = this.state.size
    this.metrics.memoryUsedBytes = 8
  }
}
