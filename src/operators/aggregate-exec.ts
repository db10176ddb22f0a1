// AggregateExec: hash aggregation into versioned state — emits per output mode, drops late rows, evicts by watermark.
//
// Per batch (streaming):           rows → [late? drop & count] → key table → accumulators (mark groups updated)
// At batch end, by output mode:     complete: every group · update: updated groups, then evict expired ones
//                                   append: expired groups (event time ≤ watermark) emitted once, then removed
// A group's event time is its window's end (or the watermarked timestamp key). Late rows (event time ≤ the
// previous batch's watermark) never reach the state. Batch (static) queries emit every group once at the end.
import {
  bitAt,
  type Column,
  makeBatch,
  numbersOf,
  type RecordBatch,
  take,
  takeRows,
  validityOf,
} from '../arrow/index.js'
import { lookupAggregate } from '../expr/aggregates/registry.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import { type Agg, type Attribute, dataTypeOf, type Expr } from '../expr/expression.js'
import { materialize } from '../expr/functions/vector.js'
import { explainExpr } from '../logical/explain-expr.js'
import { schemaOf } from '../logical/plan.js'
import { KeyTable } from '../state/key-table.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import { DistinctAccumulator } from './distinct-accumulator.js'
import { type Collector, evalContext, type OperatorContext } from './operator.js'
import { newMetrics, type StatefulOperator, timed } from './stateful.js'

/** Which key column holds event time (and, for a window struct, which field is its end). */
export interface EventTimeKey {
  readonly index: number
  readonly field: number
}

export interface AggregateSpec {
  readonly keys: readonly Expr[]
  readonly calls: readonly Agg[]
  readonly input: readonly Attribute[]
  /** Key columns, then one column per call. */
  readonly output: readonly Attribute[]
  readonly eventTimeKey: EventTimeKey | undefined
}

/** Per-row event time (µs) of an event-time key column, and its validity. */
export function eventTimesOf(
  column: Column,
  field: number,
): { values: ArrayLike<number>; valid: (row: number) => boolean } {
  const times = field >= 0 ? column.children[field]! : column
  const values = numbersOf(times)
  const own = validityOf(times)
  const parent = field >= 0 ? validityOf(column) : null
  return { values, valid: (row) => (own === null || bitAt(own, row)) && (parent === null || bitAt(parent, row)) }
}

export class AggregateExec implements StatefulOperator {
  readonly schema: StructType
  readonly metrics = newMetrics('stateStoreSave')
  private readonly table: KeyTable
  private readonly accumulators: Accumulator[]
  private readonly keyKernels: readonly Kernel[]
  private readonly argKernels: readonly (readonly Kernel[])[]
  private eventTimes = new Float64Array(0)
  private stamps = new Int32Array(0)
  private stamp = 1
  private updated: number[] = []

  constructor(
    readonly id: string,
    readonly stateId: number,
    private readonly spec: AggregateSpec,
  ) {
    this.schema = schemaOf(spec.output)
    this.table = new KeyTable(spec.keys.map(dataTypeOf))
    this.keyKernels = spec.keys.map((k) => compileExpr(k, spec.input))
    this.argKernels = spec.calls.map((call) => call.args.map((a) => compileExpr(a, spec.input)))
    this.accumulators = spec.calls.map((call) => {
      const accumulator = lookupAggregate(call.name)!.spec.create(call, call.args.map(dataTypeOf))
      return call.distinct ? new DistinctAccumulator(accumulator, call.args.map(dataTypeOf)) : accumulator
    })
  }

  display(): string {
    const keys = this.spec.keys.map(explainExpr).join(', ')
    return `StateStoreSave [${keys}], [${this.spec.calls.map(explainExpr).join(', ')}], state ${this.stateId}`
  }

  beginBatch(): void {
    this.stamp++
    this.updated = []
    Object.assign(this.metrics, newMetrics('stateStoreSave'))
  }

  wantsNoDataBatch(outputMode: OperatorContext['outputMode']): boolean {
    return this.spec.eventTimeKey !== undefined && outputMode !== 'complete'
  }

  process(batch: RecordBatch, ctx: OperatorContext, _out: Collector): void {
    timed(
      () => this.accumulate(batch, ctx),
      (ms) => {
        this.metrics.allUpdatesTimeMs += ms
      },
    )
  }

  private accumulate(input: RecordBatch, ctx: OperatorContext): void {
    let batch = input
    let keys = this.evaluateKeys(batch, ctx)
    const late = this.lateRows(keys, batch.numRows, ctx)
    if (late !== null) {
      this.metrics.numRowsDroppedByWatermark += countDistinctKeys(this.spec.keys.map(dataTypeOf), keys, late.dropped)
      batch = takeRows(batch, schemaOf(this.spec.input), late.kept)
      keys = this.evaluateKeys(batch, ctx)
    }
    const rows = batch.numRows
    if (rows === 0) return
    const ids = new Int32Array(rows)
    const key = this.spec.eventTimeKey
    const times = key === undefined ? undefined : eventTimesOf(keys[key.index]!, key.field)
    this.table.findOrInsert(keys, rows, ids, (group, row) => this.initGroup(group, times, row))
    const ectx = evalContext(ctx, rows)
    this.accumulators.forEach((accumulator, k) => {
      accumulator.update(
        this.argKernels[k]!.map((kernel) => kernel(batch, ectx)),
        ids,
        rows,
      )
    })
    for (let i = 0; i < rows; i++) {
      const g = ids[i]!
      if (this.stamps[g] !== this.stamp) {
        this.stamps[g] = this.stamp
        this.updated.push(g)
      }
    }
  }

  private evaluateKeys(batch: RecordBatch, ctx: OperatorContext): Column[] {
    const ectx = evalContext(ctx, batch.numRows)
    return this.keyKernels.map((kernel) => materialize(kernel(batch, ectx), batch.numRows))
  }

  /** Rows late against the previous batch's watermark (append and update modes with an event-time key only). */
  private lateRows(
    keys: readonly Column[],
    rows: number,
    ctx: OperatorContext,
  ): { kept: Int32Array; dropped: Int32Array } | null {
    const key = this.spec.eventTimeKey
    if (!ctx.isStreaming || key === undefined || ctx.outputMode === 'complete') return null
    const threshold = ctx.lateWatermarkMs * 1000
    const { values, valid } = eventTimesOf(keys[key.index]!, key.field)
    const kept: number[] = []
    const dropped: number[] = []
    for (let i = 0; i < rows; i++) (valid(i) && values[i]! <= threshold ? dropped : kept).push(i)
    return dropped.length === 0 ? null : { kept: Int32Array.from(kept), dropped: Int32Array.from(dropped) }
  }

  private initGroup(group: number, times: ReturnType<typeof eventTimesOf> | undefined, row: number): void {
    const capacity = this.table.capacity
    if (this.stamps.length < capacity) {
      const stamps = new Int32Array(Math.max(capacity, this.stamps.length * 2, 16))
      stamps.set(this.stamps)
      this.stamps = stamps
      const eventTimes = new Float64Array(stamps.length)
      eventTimes.set(this.eventTimes)
      this.eventTimes = eventTimes
    }
    this.stamps[group] = 0
    for (const accumulator of this.accumulators) {
      accumulator.grow(capacity)
      accumulator.reset(group)
    }
    if (times !== undefined) this.eventTimes[group] = times.valid(row) ? times.values[row]! : Number.NEGATIVE_INFINITY
  }

  onBatchEnd(ctx: OperatorContext, out: Collector): void {
    const mode = ctx.isStreaming ? ctx.outputMode : 'complete'
    const watermark = ctx.watermarkMs * 1000
    const expired = () => {
      if (this.spec.eventTimeKey === undefined) return []
      const groups: number[] = []
      for (const g of this.table.liveGroups()) if (this.eventTimes[g]! <= watermark) groups.push(g)
      return groups
    }
    this.metrics.numRowsUpdated = this.updated.length
    if (mode === 'complete') this.emit(this.table.liveGroups(), out)
    else if (mode === 'update') {
      this.emit(this.updated, out)
      this.remove(expired())
    } else {
      const done = expired()
      this.emit(done, out)
      this.remove(done)
    }
    this.metrics.numRowsTotal = this.table.size
    this.metrics.memoryUsedBytes =
      this.table.memoryBytes() +
      this.eventTimes.byteLength +
      this.stamps.byteLength +
      this.accumulators.reduce((sum, a) => sum + a.memoryBytes(), 0)
  }

  private emit(groups: ArrayLike<number>, out: Collector): void {
    if (groups.length === 0) return
    const columns = [...this.table.keyColumns(groups), ...this.accumulators.map((a) => a.evaluate(groups))]
    out.emit(makeBatch(this.schema, columns, groups.length))
  }

  private remove(groups: readonly number[]): void {
    timed(
      () => {
        for (const g of groups) this.table.remove(g)
      },
      (ms) => {
        this.metrics.allRemovalsTimeMs += ms
      },
    )
    this.metrics.numRowsRemoved += groups.length
  }
}

/**
 * How many distinct keys the dropped rows have: Spark counts late rows after partial aggregation, i.e. one per key
 * and batch, so this matches what Spark reports for a single partition.
 */
function countDistinctKeys(types: readonly DataType[], keys: readonly Column[], rows: Int32Array): number {
  const table = new KeyTable(types)
  table.findOrInsert(
    keys.map((c) => take(c, rows)),
    rows.length,
    new Int32Array(rows.length),
  )
  return table.size
}
