// SessionWindowExec: aggregation over session windows. Each row opens [ts, ts + gap); per key, ranges that overlap
// or touch merge into one session (Spark merges when start ≤ the current session's end), and the sessions'
// accumulators merge with them. Sessions are emitted in append mode once the watermark passes their end.

import type { Struct } from 'apache-arrow'
import {
  type Column,
  gather,
  grown,
  listColumn,
  makeBatch,
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
import { explainExpr } from '../logical/explain-expr.js'
import { schemaOf } from '../logical/plan.js'
import { KeyTable } from '../state/key-table.js'
import { type StateChanges, type StateSchema, stateRowSchema } from '../state/state-store.js'
import { ArrayType, type DataType, TIMESTAMP } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { WINDOW_TYPE } from '../types/window-type.js'
import type { AggregateSpec } from './aggregate-exec.js'
import { accumulatorFor, accumulatorStateFields, loadAccumulatorStates } from './distinct-accumulator.js'
import { type Collector, evalContext, type OperatorContext } from './operator.js'
import { newMetrics, type StatefulOperator, timed } from './stateful.js'

export interface SessionSpec extends AggregateSpec {
  /** Position of the session_window expression among the keys. */
  readonly sessionKey: number
}

export class SessionWindowExec implements StatefulOperator {
  readonly schema: StructType
  readonly metrics = newMetrics('sessionWindowStateStoreSaveExec')
  private readonly keys: KeyTable
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
  /** Key groups whose session lists changed in this batch (for the checkpoint delta). */
  private changedKeys = new Set<number>()
  readonly stateSchema: StateSchema

  constructor(
    readonly id: string,
    readonly stateId: number,
    private readonly spec: SessionSpec,
  ) {
    this.schema = schemaOf(spec.output)
    const otherKeys = spec.keys.filter((_, i) => i !== spec.sessionKey)
    this.keys = new KeyTable(otherKeys.map(dataTypeOf))
    this.keyKernels = otherKeys.map((k) => compileExpr(k, spec.input))
    const session = spec.keys[spec.sessionKey] as SessionWindow
    this.timeKernel = compileExpr(session.timeColumn, spec.input)
    this.gapKernel = compileExpr(session.gap, spec.input)
    this.argKernels = spec.calls.map((call) => call.args.map((a) => compileExpr(a, spec.input)))
    this.accumulators = spec.calls.map(accumulatorFor)
    // One state row per key: its sessions as parallel lists (starts, ends, then each accumulator buffer column).
    this.stateSchema = {
      key: StructType(otherKeys.map((k, i) => StructField(`key${i}`, dataTypeOf(k)))),
      value: StructType([
        StructField('starts', ArrayType(TIMESTAMP, false)),
        StructField('ends', ArrayType(TIMESTAMP, false)),
        ...accumulatorStateFields(this.accumulators, (t) => ArrayType(t)),
      ]),
    }
  }

  display(): string {
    return `SessionWindowStateStoreSave [${this.spec.keys.map(explainExpr).join(', ')}], [${this.spec.calls.map(explainExpr).join(', ')}], state ${this.stateId}`
  }

  beginBatch(): void {
    this.updated = new Set()
    this.changedKeys = new Set()
    Object.assign(this.metrics, newMetrics('sessionWindowStateStoreSaveExec'))
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
    const gapVec = this.gapKernel(batch, ectx)
    const gapOf = gapReader(gapVec, n, dataTypeOf((this.spec.keys[this.spec.sessionKey] as SessionWindow).gap).kind)
    const starts = new Float64Array(n)
    const ends = new Float64Array(n)
    const rows: number[] = []
    const valid = validityOf(time)
    const late =
      ctx.isStreaming && ctx.outputMode !== 'complete' ? ctx.lateWatermarkMs * 1000 : Number.NEGATIVE_INFINITY
    for (let i = 0; i < n; i++) {
      if (valid && ((valid[i >> 3]! >> (i & 7)) & 1) === 0) continue
      const gap = gapOf(i)
      if (gap === null || gap <= 0) continue
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
    const batch = takeRows(input, schemaOf(this.spec.input), indices)
    const rows = batch.numRows
    const ectx = evalContext(ctx, rows)
    const keyColumns = this.keyKernels.map((k) => materialize(k(batch, ectx), rows))
    const keyIds = new Int32Array(rows)
    this.keys.findOrInsert(keyColumns, rows, keyIds)
    // Merge rows into sessions in (key, start) order; `redirect` follows sessions merged away.
    const order = Array.from({ length: rows }, (_, i) => i).sort(
      (a, b) => keyIds[a]! - keyIds[b]! || starts[indices[a]!]! - starts[indices[b]!]!,
    )
    const assigned = new Int32Array(rows)
    const redirect = new Map<number, number>()
    const merged: number[] = []
    for (const row of order) {
      assigned[row] = this.place(keyIds[row]!, starts[indices[row]!]!, ends[indices[row]!]!, redirect, merged)
    }
    const resolve = (s: number): number => {
      let target = s
      while (redirect.has(target)) target = redirect.get(target)!
      return target
    }
    for (let i = 0; i < rows; i++) {
      assigned[i] = resolve(assigned[i]!)
      this.updated.add(assigned[i]!)
    }
    this.accumulators.forEach((accumulator, k) => {
      accumulator.update(
        this.argKernels[k]!.map((kernel) => kernel(batch, ectx)),
        assigned,
        rows,
      )
    })
    for (const session of merged) {
      this.updated.delete(session)
      this.free.push(session)
    }
  }

  /** Puts the range [start, end) of a key into its sessions, merging every session it overlaps or touches. */
  private place(key: number, start: number, end: number, redirect: Map<number, number>, merged: number[]): number {
    this.changedKeys.add(key)
    const list = (this.sessionsOf[key] ??= [])
    const touching = list.filter((s) => Math.max(start, this.starts[s]!) <= Math.min(end, this.ends[s]!))
    if (touching.length === 0) {
      const session = this.allocate(key, start, end)
      list.splice(insertionPoint(list, start, this.starts), 0, session)
      return session
    }
    const target = touching[0]!
    this.starts[target] = Math.min(start, ...touching.map((s) => this.starts[s]!))
    this.ends[target] = Math.max(end, ...touching.map((s) => this.ends[s]!))
    for (const other of touching.slice(1)) {
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

  onBatchEnd(ctx: OperatorContext, out: Collector): void {
    const all = this.sessionsOf.flat()
    this.metrics.numRowsUpdated = this.updated.size
    if (!ctx.isStreaming || ctx.outputMode !== 'append') this.emit(all, out)
    else {
      const watermark = ctx.watermarkMs * 1000
      const done = all.filter((s) => this.ends[s]! <= watermark)
      this.emit(done, out)
      for (const s of done) {
        this.changedKeys.add(this.keyOf[s]!)
        const list = this.sessionsOf[this.keyOf[s]!]!
        list.splice(list.indexOf(s), 1)
        this.free.push(s)
        this.live--
      }
      this.metrics.numRowsRemoved = done.length
    }
    this.metrics.numRowsTotal = this.live
    this.metrics.memoryUsedBytes =
      this.keys.memoryBytes() +
      this.starts.byteLength * 2 +
      this.keyOf.byteLength +
      this.accumulators.reduce((sum, a) => sum + a.memoryBytes(), 0)
  }

  changes(): StateChanges {
    const changed = [...this.changedKeys]
    const live = changed.filter((k) => (this.sessionsOf[k]?.length ?? 0) > 0)
    const gone = changed.filter((k) => (this.sessionsOf[k]?.length ?? 0) === 0)
    return {
      upserts: this.keyRows(live),
      deletes: gone.length === 0 ? null : makeBatch(this.stateSchema.key, this.keys.keyColumns(gone), gone.length),
    }
  }

  snapshotRows(): RecordBatch {
    return this.keyRows(this.sessionsOf.flatMap((list, key) => (list && list.length > 0 ? [key] : [])))
  }

  restore(changes: StateChanges): void {
    const keyCount = this.stateSchema.key.fields.length
    const { upserts, deletes } = changes
    if (deletes && deletes.numRows > 0) {
      const ids = new Int32Array(deletes.numRows)
      this.keys.findOrInsert(deletes.data.children, deletes.numRows, ids)
      for (const key of ids) this.dropSessions(key)
    }
    if (!upserts || upserts.numRows === 0) return
    const columns = upserts.data.children
    const ids = new Int32Array(upserts.numRows)
    this.keys.findOrInsert(columns.slice(0, keyCount), upserts.numRows, ids)
    const [starts, ends, ...states] = columns.slice(keyCount) as [Column, Column, ...Column[]]
    const offsets = starts.valueOffsets as Int32Array
    const startValues = numbersOf(starts.children[0]!)
    const endValues = numbersOf(ends.children[0]!)
    const sessions: number[] = []
    for (let row = 0; row < upserts.numRows; row++) {
      const key = ids[row]!
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

  /** State rows for keys: each key's sessions as lists. */
  private keyRows(keys: readonly number[]): RecordBatch {
    const offsets = new Int32Array(keys.length + 1)
    const sessions: number[] = []
    keys.forEach((key, i) => {
      sessions.push(...this.sessionsOf[key]!)
      offsets[i + 1] = sessions.length
    })
    const list = (type: DataType, child: Column) => listColumn(ArrayType(type, false), offsets, child)
    const valueFields = this.stateSchema.value.fields
    const buffers = this.accumulators.flatMap((a) => a.saveState(sessions))
    const columns = [
      ...this.keys.keyColumns(keys),
      list(TIMESTAMP, numericColumn(TIMESTAMP, gather(this.starts, sessions), null, 0)),
      list(TIMESTAMP, numericColumn(TIMESTAMP, gather(this.ends, sessions), null, 0)),
      ...buffers.map((buffer, k) => listColumn(valueFields[k + 2]!.dataType, offsets, buffer)),
    ]
    return makeBatch(stateRowSchema(this.stateSchema), columns, keys.length)
  }

  private emit(sessions: readonly number[], out: Collector): void {
    if (sessions.length === 0) return
    const groups = Int32Array.from(sessions)
    const otherKeys = this.keys.keyColumns(Int32Array.from(sessions, (s) => this.keyOf[s]!))
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

/** Per-row gap in microseconds from a gap value: an interval, or an interval string ('5 minutes'). */
function gapReader(gap: ReturnType<Kernel>, rows: number, kind: string): (row: number) => number | null {
  if (isScalar(gap)) {
    const value = kind === 'string' ? micros(gap.value as string | null) : (gap.value as number | null)
    return () => value
  }
  if (kind === 'string') {
    const texts = stringsOf(gap)
    const cache = new Map<string, number | null>()
    return (row) => {
      const text = texts[row]
      if (text == null) return null
      if (!cache.has(text)) cache.set(text, micros(text))
      return cache.get(text)!
    }
  }
  const values = numbersOf(materialize(gap, rows))
  return (row) => values[row]!
}

function micros(text: string | null): number | null {
  if (text === null) return null
  const interval = parseInterval(text)
  return interval ? (intervalMicros(interval) ?? null) : null
}
