// SessionWindowExec: aggregation over session windows. Each row opens [ts, ts + gap); per key, ranges that overlap
// or touch merge into one session (Spark merges when start ≤ the current session's end), and the sessions'
// accumulators merge with them. Sessions are emitted in append mode once the watermark passes their end.
// The per-row paths are plain loops over fields, with no closures made per batch or per row: each fresh closure hot
// enough to optimize was compiled again, batch after batch, by each worker thread's compiler (local[2]).

import type { Struct } from 'apache-arrow'
import {
  type Column,
  gather,
  grown,
  listColumn,
  makeBatch,
  type NumberArray,
  numbersOf,
  numericColumn,
  type RecordBatch,
  stringsOf,
  structColumn,
  takeRows,
  toArrowType,
  validityOf,
} from '../arrow/index.js'
import { intervalMicros, parseInterval } from '../common/interval.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import { dataTypeOf, type SessionWindow } from '../expr/expression.js'
import { isScalar, materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { KeyedState } from '../state/keyed-state.js'
import { DEFAULT_TABLE, type StateSchema } from '../state/state-table.js'
import { ArrayType, type DataType, TIMESTAMP } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { WINDOW_TYPE } from '../types/window-type.js'
import type { AggregateSpec } from './aggregate-exec.js'
import { accumulatorFor, accumulatorStateFields, loadAccumulatorStates } from './distinct-accumulator.js'
import { type Collector, evalContext, type OpenContext, type Operator, type OperatorContext } from './operator.js'
import { newMetrics, type StateMetrics, timed } from './state-metrics.js'

export interface SessionSpec extends AggregateSpec {
  /** Position of the session_window expression among the keys. */
  readonly sessionKey: number
}

/** One state row per key (the keys other than the session): its sessions as parallel lists (starts, ends, buffers). */
export function sessionStateSchema(spec: SessionSpec): StateSchema {
  const otherKeys = spec.keys.filter((_, i) => i !== spec.sessionKey)
  return {
    key: StructType(otherKeys.map((k, i) => StructField(`key${i}`, dataTypeOf(k)))),
    value: StructType([
      StructField('starts', ArrayType(TIMESTAMP, false)),
      StructField('ends', ArrayType(TIMESTAMP, false)),
      ...accumulatorStateFields(spec.calls.map(accumulatorFor), (t) => ArrayType(t)),
    ]),
  }
}

export class SessionWindowExec implements Operator {
  readonly schema: StructType
  private metrics: StateMetrics = newMetrics('sessionWindowStateStoreSaveExec')
  /** Keys other than the session window → key groups; a group's value is its session list. */
  private keys!: KeyedState
  private readonly keyKernels: readonly Kernel[]
  private readonly timeKernel: Kernel
  private readonly gapKernel: Kernel
  private readonly argKernels: readonly (readonly Kernel[])[]
  private readonly accumulators: Accumulator[]
  /** Per key group: its live sessions, sorted by start. */
  private sessionsOf: number[][] = []
  private starts = new Float64Array(0)
  private ends = new Float64Array(0)
  private keyOf = new Int32Array(0)
  private readonly free: number[] = []
  private highWater = 0
  private live = 0
  private updated = new Set<number>()
  private readonly stateSchema: StateSchema
  /** The input's schema, made once: a fresh one per batch would also miss toArrowSchema's cache each batch. */
  private readonly inputSchema: StructType
  private readonly gapKind: DataType['kind']
  /** The sessions a range touches (scratch for `place`). */
  private readonly touching: number[] = []
  /** The kept rows' keys and session starts while a batch is sorted (read by `byKeyThenStart`). */
  private sortKeys = new Int32Array(0)
  private sortStarts = new Float64Array(0)
  /** Orders kept rows by (key group, start): made once, so the sort calls one function every batch. */
  private readonly byKeyThenStart = (a: number, b: number): number =>
    this.sortKeys[a]! - this.sortKeys[b]! || this.sortStarts[a]! - this.sortStarts[b]!

  constructor(private readonly spec: SessionSpec) {
    this.schema = schemaOf(spec.output)
    this.inputSchema = schemaOf(spec.input)
    const otherKeys = spec.keys.filter((_, i) => i !== spec.sessionKey)
    this.keyKernels = otherKeys.map((k) => compileExpr(k, spec.input))
    const session = spec.keys[spec.sessionKey] as SessionWindow
    this.timeKernel = compileExpr(session.timeColumn, spec.input)
    this.gapKernel = compileExpr(session.gap, spec.input)
    this.gapKind = dataTypeOf(session.gap).kind
    this.argKernels = spec.calls.map((call) => call.args.map((a) => compileExpr(a, spec.input)))
    this.accumulators = spec.calls.map(accumulatorFor)
    this.stateSchema = sessionStateSchema(spec)
  }

  open(ctx: OpenContext): void {
    this.metrics = ctx.metrics
    this.keys = ctx.state.keyed(
      { name: DEFAULT_TABLE, ...this.stateSchema },
      {
        init: (key) => {
          this.sessionsOf[key] = []
        },
        save: (keys) => this.sessionColumns(keys),
        load: (keys, columns) => this.loadSessions(keys, columns),
        release: (key) => this.dropSessions(key),
      },
    )
  }

  wantsNoDataBatch(outputMode: OperatorContext['outputMode']): boolean {
    return outputMode === 'append'
  }

  process(batch: RecordBatch, ctx: OperatorContext): void {
    timed(
      () => this.accumulate(batch, ctx),
      (ms) => {
        this.metrics.allUpdatesTimeMs += ms
      },
    )
  }

  /** Each row's session range in microseconds; rows without a time or with a gap ≤ 0 get no range. */
  private ranges(
    batch: RecordBatch,
    ctx: OperatorContext,
  ): { starts: Float64Array; ends: Float64Array; rows: number[] } {
    const n = batch.numRows
    const ectx = evalContext(ctx, n)
    const time = materialize(this.timeKernel(batch, ectx), n)
    const times = numbersOf(time)
    const gaps = rowGaps(this.gapKernel(batch, ectx), n, this.gapKind)
    const starts = new Float64Array(n)
    const ends = new Float64Array(n)
    const rows: number[] = []
    const valid = validityOf(time)
    const late =
      ctx.isStreaming && ctx.outputMode !== 'complete' ? ctx.lateWatermarkMs * 1000 : Number.NEGATIVE_INFINITY
    for (let i = 0; i < n; i++) {
      if (valid && ((valid[i >> 3]! >> (i & 7)) & 1) === 0) continue
      const gap = typeof gaps === 'number' ? gaps : gaps[i]!
      // NaN (no gap) fails the test too.
      if (!(gap > 0)) continue
      starts[i] = times[i]!
      ends[i] = times[i]! + gap
      if (ends[i]! <= late) {
        this.metrics.numRowsDroppedByWatermark++
        continue
      }
      rows.push(i)
    }
    return { starts, ends, rows }
  }

  private accumulate(input: RecordBatch, ctx: OperatorContext): void {
    const { starts, ends, rows: kept } = this.ranges(input, ctx)
    if (kept.length === 0) return
    const indices = Int32Array.from(kept)
    const batch = takeRows(input, this.inputSchema, indices)
    const rows = batch.numRows
    const ectx = evalContext(ctx, rows)
    const keyColumns = this.keyKernels.map((k) => materialize(k(batch, ectx), rows))
    const keyIds = new Int32Array(rows)
    this.keys.assign(keyColumns, rows, keyIds)
    // Merge rows into sessions in (key, start) order; `redirect` follows sessions merged away.
    const rowStarts = new Float64Array(rows)
    const order: number[] = []
    for (let i = 0; i < rows; i++) {
      rowStarts[i] = starts[indices[i]!]!
      order.push(i)
    }
    this.sortKeys = keyIds
    this.sortStarts = rowStarts
    order.sort(this.byKeyThenStart)
    this.sortKeys = NO_ROWS
    this.sortStarts = NO_STARTS
    const assigned = new Int32Array(rows)
    const redirect = new Map<number, number>()
    const merged: number[] = []
    for (let o = 0; o < rows; o++) {
      const row = order[o]!
      assigned[row] = this.place(keyIds[row]!, rowStarts[row]!, ends[indices[row]!]!, redirect, merged)
    }
    for (let i = 0; i < rows; i++) {
      assigned[i] = mergedInto(redirect, assigned[i]!)
      this.updated.add(assigned[i]!)
    }
    for (let k = 0; k < this.accumulators.length; k++) {
      const kernels = this.argKernels[k]!
      const args: ReturnType<Kernel>[] = []
      for (const kernel of kernels) args.push(kernel(batch, ectx))
      this.accumulators[k]!.update(args, assigned, rows)
    }
    for (const session of merged) {
      this.updated.delete(session)
      this.free.push(session)
    }
  }

  /** Puts the range [start, end) of a key into its sessions, merging every session it overlaps or touches. */
  private place(key: number, start: number, end: number, redirect: Map<number, number>, merged: number[]): number {
    const list = (this.sessionsOf[key] ??= [])
    // touching = list.filter((s) => max(start, starts[s]) <= min(end, ends[s])), with the merged range's bounds.
    const touching = this.touching
    touching.length = 0
    let low = start
    let high = end
    for (let i = 0; i < list.length; i++) {
      const s = list[i]!
      if (Math.max(start, this.starts[s]!) <= Math.min(end, this.ends[s]!)) {
        touching.push(s)
        low = Math.min(low, this.starts[s]!)
        high = Math.max(high, this.ends[s]!)
      }
    }
    if (touching.length === 0) {
      const session = this.allocate(key, start, end)
      list.splice(insertionPoint(list, start, this.starts), 0, session)
      return session
    }
    const target = touching[0]!
    this.starts[target] = low
    this.ends[target] = high
    for (let t = 1; t < touching.length; t++) {
      const other = touching[t]!
      for (const accumulator of this.accumulators) accumulator.merge(target, other)
      redirect.set(other, target)
      merged.push(other)
      this.live--
      list.splice(list.indexOf(other), 1)
    }
    return target
  }

  private allocate(key: number, start: number, end: number): number {
    const session = this.free.pop() ?? this.highWater++
    const capacity = this.highWater
    this.starts = grown(this.starts, capacity)
    this.ends = grown(this.ends, capacity)
    this.keyOf = grown(this.keyOf, capacity)
    this.starts[session] = start
    this.ends[session] = end
    this.keyOf[session] = key
    for (const accumulator of this.accumulators) {
      accumulator.grow(capacity)
      accumulator.reset(session)
    }
    this.live++
    return session
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const all = this.sessionsOf.flat()
    this.metrics.numRowsUpdated = this.updated.size
    this.updated.clear()
    if (!ctx.isStreaming || ctx.outputMode !== 'append') this.emit(all, out)
    else {
      const watermark = ctx.watermarkMs * 1000
      const done: number[] = []
      for (const s of all) if (this.ends[s]! <= watermark) done.push(s)
      this.emit(done, out)
      const emptied: number[] = []
      for (const s of done) {
        const key = this.keyOf[s]!
        const list = this.sessionsOf[key]!
        list.splice(list.indexOf(s), 1)
        this.free.push(s)
        this.live--
        if (list.length === 0) emptied.push(key)
        else this.keys.touch(key)
      }
      this.keys.remove(emptied)
      this.metrics.numRowsRemoved = done.length
    }
    this.metrics.numRowsTotal = this.live
    this.metrics.memoryUsedBytes =
      this.keys.memoryBytes() +
      this.starts.byteLength * 2 +
      this.keyOf.byteLength +
      this.accumulators.reduce((sum, a) => sum + a.memoryBytes(), 0)
  }

  /** Restored rows: row i holds the sessions of key group keys[i] (replacing any it had). */
  private loadSessions(keys: ArrayLike<number>, columns: readonly Column[]): void {
    const [starts, ends, ...states] = columns as [Column, Column, ...Column[]]
    const offsets = starts.valueOffsets as Int32Array
    const startValues = numbersOf(starts.children[0]!)
    const endValues = numbersOf(ends.children[0]!)
    const sessions: number[] = []
    for (let row = 0; row < keys.length; row++) {
      const key = keys[row]!
      this.dropSessions(key)
      const list = (this.sessionsOf[key] = [] as number[])
      for (let j = offsets[row]!; j < offsets[row + 1]!; j++) {
        const session = this.allocate(key, startValues[j]!, endValues[j]!)
        list.push(session)
        sessions.push(session)
      }
    }
    loadAccumulatorStates(
      this.accumulators,
      sessions,
      states.map((list) => list.children[0]!),
    )
  }

  private dropSessions(key: number): void {
    for (const session of this.sessionsOf[key] ?? []) {
      this.free.push(session)
      this.live--
    }
    this.sessionsOf[key] = []
  }

  /** The value columns of key groups: each key's sessions as lists. */
  private sessionColumns(keys: ArrayLike<number>): Column[] {
    const offsets = new Int32Array(keys.length + 1)
    const sessions: number[] = []
    for (let i = 0; i < keys.length; i++) {
      for (const s of this.sessionsOf[keys[i]!]!) sessions.push(s)
      offsets[i + 1] = sessions.length
    }
    const list = (type: DataType, child: Column) => listColumn(ArrayType(type, false), offsets, child)
    const valueFields = this.stateSchema.value.fields
    const buffers = this.accumulators.flatMap((a) => a.saveState(sessions))
    return [
      list(TIMESTAMP, numericColumn(TIMESTAMP, gather(this.starts, sessions), null, 0)),
      list(TIMESTAMP, numericColumn(TIMESTAMP, gather(this.ends, sessions), null, 0)),
      ...buffers.map((buffer, k) => listColumn(valueFields[k + 2]!.dataType, offsets, buffer)),
    ]
  }

  private emit(sessions: readonly number[], out: Collector): void {
    if (sessions.length === 0) return
    const groups = Int32Array.from(sessions)
    const keyGroups = new Int32Array(sessions.length)
    for (let i = 0; i < sessions.length; i++) keyGroups[i] = this.keyOf[sessions[i]!]!
    const otherKeys = this.keys.table.keyColumns(keyGroups)
    const window = structColumn(
      toArrowType(WINDOW_TYPE) as Struct,
      [
        numericColumn(TIMESTAMP, gather(this.starts, sessions), null, 0),
        numericColumn(TIMESTAMP, gather(this.ends, sessions), null, 0),
      ],
      sessions.length,
    )
    const keyColumns: Column[] = [...otherKeys]
    keyColumns.splice(this.spec.sessionKey, 0, window)
    out.emit(
      makeBatch(this.schema, [...keyColumns, ...this.accumulators.map((a) => a.evaluate(groups))], sessions.length),
    )
  }
}

function insertionPoint(list: readonly number[], start: number, starts: Float64Array): number {
  let i = 0
  while (i < list.length && starts[list[i]!]! < start) i++
  return i
}

const NO_ROWS = new Int32Array(0)
const NO_STARTS = new Float64Array(0)

/** The session a session was merged into (itself when it was not), following `redirect` to its end. */
function mergedInto(redirect: ReadonlyMap<number, number>, session: number): number {
  let target = session
  while (redirect.has(target)) target = redirect.get(target)!
  return target
}

/**
 * The gap in microseconds from a gap value — an interval, or an interval string ('5 minutes') — as one number for a
 * scalar, or one per row; NaN where there is none (NULL, or a string that is no interval).
 */
function rowGaps(gap: ReturnType<Kernel>, rows: number, kind: string): number | NumberArray {
  if (isScalar(gap)) {
    const value = kind === 'string' ? micros(gap.value as string | null) : (gap.value as number | null)
    return value ?? Number.NaN
  }
  if (kind === 'string') {
    const texts = stringsOf(gap)
    const cache = new Map<string, number>()
    const gaps = new Float64Array(rows)
    for (let row = 0; row < rows; row++) {
      const text = texts[row]
      if (text == null) gaps[row] = Number.NaN
      else {
        let value = cache.get(text)
        if (value === undefined) cache.set(text, (value = micros(text) ?? Number.NaN))
        gaps[row] = value
      }
    }
    return gaps
  }
  return numbersOf(materialize(gap, rows))
}

function micros(text: string | null): number | null {
  if (text === null) return null
  const interval = parseInterval(text)
  return interval ? (intervalMicros(interval) ?? null) : null
}
