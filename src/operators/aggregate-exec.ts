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
  columnsOf,
  grown,
  makeBatch,
  numbersOf,
  type RecordBatch,
  take,
  takeRows,
  validityOf,
} from '../arrow/index.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import { type Agg, type Attribute, dataTypeOf, type Expr } from '../expr/expression.js'
import { materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import { KeyTable } from '../state/key-table.js'
import type { KeyedState } from '../state/keyed-state.js'
import { DEFAULT_TABLE, type StateSchema } from '../state/state-table.js'
import type { DataType } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { AggregateArguments } from './aggregate-arguments.js'
import {
  accumulatorFor,
  accumulatorStateFields,
  loadAccumulatorStates,
  mergeAccumulatorStates,
} from './distinct-accumulator.js'
import { type Collector, evalContext, type OpenContext, type Operator, type OperatorContext } from './operator.js'
import { newMetrics, type StateMetrics, timed } from './state-metrics.js'
import { WindowSlices, type WindowSlicing } from './window-slices.js'

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
  /** Set when the window key holds slide-long panes of sliding windows (see window-slices.ts). */
  readonly slicing?: WindowSlicing
  /**
   * Set when the input rows are partial aggregates' buffers to merge (Spark's `merge_` aggregation above an
   * exchange): `input` is the key columns, then each call's buffer columns; `keys` are the key columns.
   */
  readonly mergesPartials?: boolean
}

/** Per-row event time (µs) of an event-time key column, and its validity. */
export function eventTimesOf(column: Column, field: number): EventTimes {
  const times = field >= 0 ? column.children[field]! : column
  return new EventTimes(numbersOf(times), validityOf(times), field >= 0 ? validityOf(column) : null)
}

/**
 * A batch's event times. A class, not a closure per batch: `valid` stays one function whose optimized code every
 * batch reuses (a worker thread's compiler would otherwise redo it, and its callers, batch after batch).
 */
export class EventTimes {
  constructor(
    readonly values: ArrayLike<number>,
    /** The times' own validity, and the window struct's (for a window's end). */
    private readonly own: Uint8Array | null,
    private readonly parent: Uint8Array | null,
  ) {}

  valid(row: number): boolean {
    return (this.own === null || bitAt(this.own, row)) && (this.parent === null || bitAt(this.parent, row))
  }

  /** Whether the row's time is at or before `threshold` (a null time never is). */
  isLate(row: number, threshold: number): boolean {
    return this.values[row]! <= threshold && this.valid(row)
  }
}

/**
 * The checkpointed state rows: the keys, then each accumulator's buffer columns (none for DISTINCT aggregates,
 * which only batch queries run).
 */
export function aggregateStateSchema(spec: AggregateSpec): StateSchema {
  const keyCount = spec.keys.length
  const distinct = spec.calls.some((c) => c.distinct)
  return {
    key: StructType(spec.output.slice(0, keyCount).map((a) => StructField(a.name, a.dataType))),
    value: StructType(distinct ? [] : accumulatorStateFields(spec.calls.map(accumulatorFor))),
  }
}

/**
 * How many of the grouping keys, from the first, place a group in a partition (and a row at the exchange below): all
 * of them, or with panes those before the pane key, which comes last — so a window's panes share a partition.
 */
export const placingKeyCount = (spec: Pick<AggregateSpec, 'keys' | 'slicing'>): number =>
  spec.slicing ? spec.slicing.keyIndex : spec.keys.length

/** What a pane layout records in the checkpoint, so a restart with another layout is refused. */
export function paneLayout(slicing: WindowSlicing | undefined): string | undefined {
  return slicing && `window panes of ${slicing.slide} µs for windows of ${slicing.size} µs, placed by the other keys`
}

export class AggregateExec implements Operator {
  readonly schema: StructType
  private metrics: StateMetrics = newMetrics('stateStoreSave')
  private state!: KeyedState
  private readonly accumulators: Accumulator[]
  private readonly keyKernels: readonly Kernel[]
  /** The calls' argument kernels (none when the input is partial buffers). */
  private readonly args: AggregateArguments | undefined
  private eventTimes = new Float64Array(0)
  private idBuffer = new Int32Array(0)
  /** The group capacity the accumulators and event times were last grown to. */
  private grownTo = 0
  private timesOf: { keys: readonly Column[]; times: EventTimes } | undefined
  private slices: WindowSlices | undefined
  /** Added to a key's event time: with panes, a group lives until the last window containing it ends. */
  private readonly eventTimeShift: number

  /** Made once: per batch, a fresh schema for the late path would miss toArrowSchema's cache too. */
  private readonly inputSchema: StructType
  private readonly keyTypes: readonly DataType[]

  constructor(private readonly spec: AggregateSpec) {
    this.schema = schemaOf(spec.output)
    this.inputSchema = schemaOf(spec.input)
    this.keyTypes = spec.keys.map(dataTypeOf)
    this.keyKernels = spec.keys.map((k) => compileExpr(k, spec.input))
    this.args = spec.mergesPartials ? undefined : new AggregateArguments(spec.calls, spec.input)
    this.accumulators = spec.calls.map(accumulatorFor)
    const { slicing } = spec
    this.eventTimeShift = slicing ? slicing.size - slicing.slide : 0
  }

  open(ctx: OpenContext): void {
    this.metrics = ctx.metrics
    this.state = ctx.state.keyed(
      { name: DEFAULT_TABLE, ...aggregateStateSchema(this.spec), partitionKeyFields: placingKeyCount(this.spec) },
      {
        init: (group, row, keys) => this.initGroup(group, row, keys),
        save: (groups) => this.accumulators.flatMap((a) => a.saveState(groups)),
        load: (groups, columns) => loadAccumulatorStates(this.accumulators, groups, columns),
      },
    )
    const { slicing } = this.spec
    this.slices = slicing
      ? new WindowSlices(slicing, this.spec.keys.map(dataTypeOf), this.state.table, this.accumulators)
      : undefined
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
      this.metrics.numRowsDroppedByWatermark += countDistinctKeys(this.keyTypes, keys, late.dropped)
      batch = takeRows(batch, this.inputSchema, late.kept)
      keys = this.evaluateKeys(batch, ctx)
    }
    const rows = batch.numRows
    if (rows === 0) return
    // Group ids live only while the batch is folded in (nothing keeps them): one buffer serves every batch.
    if (this.idBuffer.length < rows) this.idBuffer = new Int32Array(rows)
    const ids = this.idBuffer.subarray(0, rows)
    this.state.assign(keys, rows, ids)
    if (this.args) this.args.update(this.accumulators, batch, evalContext(ctx, rows), ids)
    else {
      const buffers = columnsOf(batch).slice(this.spec.keys.length)
      mergeAccumulatorStates(this.accumulators, buffers, ids, rows, this.state.table.capacity)
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
    const threshold = ctx.lateWatermarkMs * 1000 - this.eventTimeShift
    const times = eventTimesOf(keys[key.index]!, key.field)
    let late = 0
    for (let i = 0; i < rows; i++) if (times.isLate(i, threshold)) late++
    if (late === 0) return null
    const kept = new Int32Array(rows - late)
    const dropped = new Int32Array(late)
    for (let i = 0, k = 0, d = 0; i < rows; i++) {
      if (times.isLate(i, threshold)) dropped[d++] = i
      else kept[k++] = i
    }
    return { kept, dropped }
  }

  /** Prepares a new group: accumulators reset, event time taken from its key. */
  private initGroup(group: number, row: number, keys: readonly Column[]): void {
    const capacity = this.state.table.capacity
    if (capacity > this.grownTo) {
      // Grown ahead (doubling), so that most new groups only reset their accumulators.
      this.grownTo = Math.max(capacity, this.grownTo * 2, 64)
      this.eventTimes = grown(this.eventTimes, this.grownTo)
      for (const accumulator of this.accumulators) accumulator.grow(this.grownTo)
    }
    for (const accumulator of this.accumulators) accumulator.reset(group)
    const key = this.spec.eventTimeKey
    if (key === undefined) return
    if (this.timesOf?.keys !== keys) this.timesOf = { keys, times: eventTimesOf(keys[key.index]!, key.field) }
    const { times } = this.timesOf
    this.eventTimes[group] = times.valid(row) ? times.values[row]! + this.eventTimeShift : Number.NEGATIVE_INFINITY
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    if (!ctx.isStreaming && this.spec.keys.length === 0 && this.state.table.size === 0) this.openEmptyGroup()
    const mode = ctx.isStreaming ? ctx.outputMode : 'complete'
    const watermark = ctx.watermarkMs * 1000
    const { table } = this.state
    const expired = () =>
      this.spec.eventTimeKey === undefined ? new Int32Array(0) : this.state.groupsAtOrBelow(this.eventTimes, watermark)
    this.metrics.numRowsUpdated = this.state.updated.length
    const late = ctx.lateWatermarkMs * 1000
    if (mode === 'complete') this.emit(table.liveGroups(), out, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)
    else if (mode === 'update') {
      this.emit(this.state.updated, out, late, Number.POSITIVE_INFINITY, false)
      this.remove(expired())
    } else {
      const done = expired()
      this.emit(this.slices ? this.panesClosing(late, watermark) : done, out, late, watermark)
      this.remove(done)
    }
    this.metrics.numRowsTotal = table.size
    this.metrics.memoryUsedBytes =
      this.state.memoryBytes() +
      this.eventTimes.byteLength +
      this.accumulators.reduce((sum, a) => sum + a.memoryBytes(), 0)
  }

  /**
   * A batch query's global aggregate over no rows still answers one row (`count` 0, `sum` NULL, ...): the group of
   * the empty key, with every accumulator at its initial value. Streaming queries keep Spark's streaming semantics
   * (no row until data arrives).
   */
  private openEmptyGroup(): void {
    this.state.assign([], 1, new Int32Array(1))
  }

  /** Panes with a window ending in (after, upTo]: their first window ends a slide after them, their last a size. */
  private panesClosing(after: number, upTo: number): number[] {
    const panes: number[] = []
    for (const g of this.state.table.liveGroups()) {
      const lastEnd = this.eventTimes[g]!
      if (lastEnd > after && lastEnd - this.eventTimeShift <= upTo) panes.push(g)
    }
    return panes
  }

  /**
   * Emits groups — or, with panes, the windows of those panes that end in (after, upTo]; `allPanes` says the groups
   * include every live pane of those windows.
   */
  private emit(groups: ArrayLike<number>, out: Collector, after: number, upTo: number, allPanes = true): void {
    if (groups.length === 0) return
    if (this.slices) {
      const columns = this.slices.windows(groups, after, upTo, allPanes)
      if (columns) out.emit(makeBatch(this.schema, columns, columns[0]!.length))
      return
    }
    const columns = [...this.state.table.keyColumns(groups), ...this.accumulators.map((a) => a.evaluate(groups))]
    out.emit(makeBatch(this.schema, columns, groups.length))
  }

  private remove(groups: ArrayLike<number>): void {
    timed(
      () => this.state.remove(groups),
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
