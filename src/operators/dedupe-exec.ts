// DedupeExec: the first row of each key passes, later ones are dropped. With an event-time key (dropDuplicates)
// or within the watermark delay (dropDuplicatesWithinWatermark), keys expire once the watermark passes them.
import {
  type Column,
  columnsOf,
  gather,
  grown,
  numbersOf,
  numericColumn,
  type RecordBatch,
  takeRows,
} from '../arrow/index.js'
import type { Attribute } from '../expr/expression.js'
import { schemaOf } from '../logical/plan.js'
import type { KeyedState } from '../state/keyed-state.js'
import { DEFAULT_TABLE, type StateSchema } from '../state/state-table.js'
import { DOUBLE } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { eventTimesOf } from './aggregate-exec.js'
import type { Collector, OpenContext, Operator, OperatorContext } from './operator.js'
import { newMetrics, type StateMetrics, timed } from './state-metrics.js'

export interface DedupeSpec {
  readonly keys: readonly Attribute[]
  readonly input: readonly Attribute[]
  /** The event-time column (an input index; `field` ≥ 0 for a window's end) when state can expire. */
  readonly eventTime: { readonly index: number; readonly field: number } | undefined
  /** dropDuplicatesWithinWatermark: a key lives until the watermark passes its first event time plus this delay. */
  readonly withinWatermarkDelayMs: number | undefined
}

/** Spark's state operator name for a deduplication. */
export const dedupeOperatorName = (spec: DedupeSpec) =>
  spec.withinWatermarkDelayMs === undefined ? 'dedupe' : 'dedupeWithinWatermark'

/** The checkpointed state rows: the key, then when it expires. */
export function dedupeStateSchema(spec: DedupeSpec): StateSchema {
  return {
    key: StructType(spec.keys.map((k) => StructField(k.name, k.dataType))),
    value: StructType([StructField('expiresAtMicros', DOUBLE)]),
  }
}

export class DedupeExec implements Operator {
  readonly schema: StructType
  private metrics: StateMetrics
  private state!: KeyedState
  private readonly keyIndexes: readonly number[]
  private expiry = new Float64Array(0)

  constructor(private readonly spec: DedupeSpec) {
    this.schema = schemaOf(spec.input)
    this.keyIndexes = spec.keys.map((k) => spec.input.findIndex((a) => a.id === k.id))
    this.metrics = newMetrics(dedupeOperatorName(spec))
  }

  open(ctx: OpenContext): void {
    this.metrics = ctx.metrics
    this.metrics.customMetrics.numDroppedDuplicateRows = 0
    this.state = ctx.state.keyed(
      { name: DEFAULT_TABLE, ...dedupeStateSchema(this.spec) },
      {
        init: () => this.growExpiry(),
        save: (groups) => [numericColumn(DOUBLE, gather(this.expiry, groups), null, 0)],
        load: (groups, [expiry]) => {
          const values = numbersOf(expiry!)
          for (let i = 0; i < groups.length; i++) this.expiry[groups[i]!] = values[i]!
        },
      },
    )
  }

  wantsNoDataBatch(): boolean {
    return this.spec.eventTime !== undefined
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const kept = timed(
      () => this.firstOccurrences(batch, ctx),
      (ms) => {
        this.metrics.allUpdatesTimeMs += ms
      },
    )
    if (kept.length > 0) out.emit(kept.length === batch.numRows ? batch : takeRows(batch, this.schema, kept))
  }

  private firstOccurrences(batch: RecordBatch, ctx: OperatorContext): Int32Array {
    const rows = batch.numRows
    const columns = columnsOf(batch)
    const times = this.spec.eventTime
      ? eventTimesOf(columns[this.spec.eventTime.index]!, this.spec.eventTime.field)
      : undefined
    let candidates: Int32Array | null = null
    if (times && ctx.isStreaming) {
      const threshold = ctx.lateWatermarkMs * 1000
      const onTime: number[] = []
      for (let i = 0; i < rows; i++) if (!(times.valid(i) && times.values[i]! <= threshold)) onTime.push(i)
      this.metrics.numRowsDroppedByWatermark += rows - onTime.length
      if (onTime.length < rows) candidates = Int32Array.from(onTime)
    }
    const source: RecordBatch = candidates ? takeRows(batch, this.schema, candidates) : batch
    const keys: Column[] = this.keyIndexes.map((k) => columnsOf(source)[k]!)
    const created: number[] = []
    this.state.assign(keys, source.numRows, new Int32Array(source.numRows), (group, row) => {
      created.push(row)
      this.setExpiry(group, times, candidates ? candidates[row]! : row)
    })
    this.metrics.customMetrics.numDroppedDuplicateRows! += source.numRows - created.length
    this.metrics.numRowsUpdated += created.length
    return candidates ? Int32Array.from(created, (row) => candidates[row]!) : Int32Array.from(created)
  }

  private growExpiry(): void {
    this.expiry = grown(this.expiry, this.state.table.capacity)
  }

  private setExpiry(group: number, times: ReturnType<typeof eventTimesOf> | undefined, row: number): void {
    if (!times) return
    const delay = (this.spec.withinWatermarkDelayMs ?? 0) * 1000
    this.expiry[group] = times.valid(row) ? times.values[row]! + delay : Number.NEGATIVE_INFINITY
  }

  onWatermark(ctx: OperatorContext): void {
    if (this.spec.eventTime && ctx.isStreaming) {
      const watermark = ctx.watermarkMs * 1000
      timed(
        () => {
          const expired = this.state.groupsAtOrBelow(this.expiry, watermark)
          this.state.remove(expired)
          this.metrics.numRowsRemoved += expired.length
        },
        (ms) => {
          this.metrics.allRemovalsTimeMs += ms
        },
      )
    }
    this.metrics.numRowsTotal = this.state.size
    this.metrics.memoryUsedBytes = this.state.memoryBytes() + this.expiry.byteLength
  }
}
