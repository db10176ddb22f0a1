// FlatMapGroupsWithStateExec: flatMapGroupsWithState / mapGroupsWithState (Spark's FlatMapGroupsWithStateExec, state
// format 2). State is one row per key: the user's state (null once removed) and its timeout timestamp. Per batch:
//   1. initial state (batch 0): each key's one initial row becomes its state; a key with no input is not called
//   2. input (EventTimeTimeout drops rows at or behind the late-row watermark): the function once per key, with the
//      key's rows and its GroupState (hasTimedOut false)
//   3. timeouts: every key whose timeout < the batch timestamp (ProcessingTimeTimeout) or < the watermark
//      (EventTimeTimeout) — Spark's strict comparison — is called with no rows and hasTimedOut true
// After each call (Spark's rule): removed without a timeout → the row goes; otherwise it is written when the state was
// updated or removed or the timeout changed.
import {
  batchFromRows,
  type Column,
  concatBatches,
  numbersOf,
  numericColumn,
  type RecordBatch,
} from '../arrow/index.js'
import { IllegalArgumentException, SparkError, SparkException } from '../common/errors.js'
import { userCode } from '../common/user-code.js'
import type { Attribute } from '../expr/expression.js'
import type { Reader } from '../expr/udf-kernels.js'
import { schemaOf } from '../logical/plan.js'
import { DEFAULT_TABLE } from '../state/state-table.js'
import type { ValueTable } from '../state/value-table.js'
import { type DataType, LONG } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { GroupState, type GroupStateTimeout, NO_TIMESTAMP } from './group-state.js'
import { distinctKeys, groupRows, type KeyBatch, KeyGrouper, RowObjects } from './grouped-input.js'
import { dropLateRows } from './late-rows.js'
import type { Collector, OpenContext, Operator, OperatorContext } from './operator.js'
import { andThen, collectOutput, forEach, inSequence, isThenable, type Step } from './run-steps.js'
import { newMetrics, type StateMetrics } from './state-metrics.js'
import { type StateCodec, stateCodec } from './transform-with-state/state-codec.js'

/** What the user function gets: the key tuple, the key's rows, and its state. */
export type GroupsWithStateFunction = (
  key: readonly unknown[],
  rows: IterableIterator<unknown> & { readonly size: number },
  state: GroupState<unknown>,
) => unknown

export interface FlatMapGroupsWithStateSpec {
  readonly functionId: string
  readonly input: readonly Attribute[]
  readonly keyIndexes: readonly number[]
  readonly dataIndexes: readonly number[]
  readonly stateType: DataType
  readonly timeout: GroupStateTimeout
  /** mapGroupsWithState: the function returns one row. */
  readonly isMapGroupsWithState: boolean
  /** The watermarked input column, or -1 (no watermark). */
  readonly eventTimeIndex: number
  readonly initialState?: {
    readonly batches: readonly RecordBatch[]
    readonly input: readonly Attribute[]
    readonly keyIndexes: readonly number[]
    readonly dataIndexes: readonly number[]
  }
}

/** Spark's error around what the user function threw (Spark's own errors pass through). */
function userError(error: unknown): unknown {
  if (error instanceof SparkError && error.errorClass !== undefined) return error
  const reason = error instanceof Error ? error.message : String(error)
  return new SparkException(
    `An error occurred in the user provided function in flatMapGroupsWithState. Reason: ${reason}`,
    { errorClass: 'FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR', cause: error },
  )
}

/** A phase's keys with their stored state (undefined: none) and timeout, read in one lookup. */
interface Loaded {
  readonly keys: KeyBatch
  readonly slots: Int32Array
  readonly values: unknown[]
  readonly timeouts: Float64Array
}

export class FlatMapGroupsWithStateExec implements Operator {
  readonly schema: StructType
  private readonly inputSchema: StructType
  private readonly dataSchema: StructType
  private readonly keyTypes: readonly DataType[]
  private fn!: GroupsWithStateFunction
  private table!: ValueTable
  private readonly codec: StateCodec
  private metrics: StateMetrics = newMetrics('flatMapGroupsWithState')
  private pending: RecordBatch[] = []
  private readonly grouper: KeyGrouper
  /** The earliest timeout held (ms), recomputed after every batch; undefined until first needed. */
  private earliest: number | undefined | null = null

  constructor(
    private readonly spec: FlatMapGroupsWithStateSpec,
    output: readonly Attribute[],
  ) {
    this.schema = schemaOf(output)
    this.inputSchema = schemaOf(spec.input)
    this.dataSchema = schemaOf(spec.dataIndexes.map((i) => spec.input[i]!))
    this.keyTypes = spec.keyIndexes.map((i) => spec.input[i]!.dataType)
    this.codec = stateCodec(spec.stateType)
    this.grouper = new KeyGrouper(this.keyTypes)
  }

  open(ctx: OpenContext): void {
    this.fn = userCode<GroupsWithStateFunction>(this.spec.functionId)
    this.metrics = ctx.metrics
    this.table = ctx.state.value({
      name: DEFAULT_TABLE,
      key: schemaOf(this.spec.keyIndexes.map((i) => this.spec.input[i]!)),
      value: StructType([StructField('groupState', this.spec.stateType), StructField('timeoutTimestamp', LONG)]),
    })
  }

  wantsNoDataBatch(): boolean {
    return this.spec.timeout === 'EventTimeTimeout'
  }

  processingTimeDueMs(): number | undefined {
    if (this.spec.timeout !== 'ProcessingTimeTimeout') return undefined
    if (this.earliest === null) this.earliest = this.earliestTimeout()
    // Due once the batch time passes it (timeout < batch time).
    return this.earliest === undefined ? undefined : this.earliest + 1
  }

  process(batch: RecordBatch, ctx: OperatorContext): void {
    const late = this.spec.timeout === 'EventTimeTimeout' && this.spec.eventTimeIndex >= 0
    const kept = late ? dropLateRows(batch, this.inputSchema, this.spec.eventTimeIndex, ctx.lateWatermarkMs) : batch
    this.metrics.numRowsDroppedByWatermark += batch.numRows - kept.numRows
    if (kept.numRows > 0) this.pending.push(kept)
  }

  onWatermark(ctx: OperatorContext, out: Collector): Step {
    const started = performance.now()
    const rows: unknown[] = []
    const input = this.pending
    this.pending = []
    const initial = ctx.batchId === 0 ? this.spec.initialState : undefined
    const done = inSequence([
      () => (initial ? this.initialState(initial) : undefined),
      () => this.inputRows(input, ctx, rows),
      () => this.timedOut(ctx, rows),
    ])
    return andThen(done, () => {
      if (rows.length > 0) out.emit(batchFromRows(this.schema, rows as Record<string, unknown>[]))
      this.earliest = null
      this.metrics.numRowsTotal = this.table.size
      this.metrics.allUpdatesTimeMs += performance.now() - started
    })
  }

  private initialState(initial: NonNullable<FlatMapGroupsWithStateSpec['initialState']>): void {
    const schema = schemaOf(initial.input)
    const batch = concatBatches(schema, initial.batches)
    const types = initial.keyIndexes.map((i) => initial.input[i]!.dataType)
    const { keys, order, starts } = groupRows(batch, initial.keyIndexes, types)
    for (let k = 0; k < keys.size; k++) {
      if (starts[k + 1]! - starts[k]! > 1) {
        throw new IllegalArgumentException(
          'The initial state provided contained multiple rows(state) with the same key. Make sure to de-duplicate the initial state before passing it.',
        )
      }
    }
    // The state is the row's columns other than the key: an object for a struct state type, else the first value.
    const valueIndexes = initial.dataIndexes.filter((i) => !initial.keyIndexes.includes(i))
    const objects = new RowObjects(batch, schemaOf(valueIndexes.map((i) => initial.input[i]!)), valueIndexes)
    const values = Array.from({ length: keys.size }, (_, k) => {
      const row = objects.at(order[starts[k]!]!)
      return this.codec.type.kind === 'struct' ? row : Object.values(row)[0]
    })
    this.write(
      keys,
      Int32Array.from({ length: keys.size }, (_, k) => k),
      values,
      new Float64Array(keys.size).fill(NO_TIMESTAMP),
    )
  }

  private inputRows(input: readonly RecordBatch[], ctx: OperatorContext, out: unknown[]): Step {
    if (input.length === 0) return
    const batch = concatBatches(this.inputSchema, input)
    const { keys, order, starts } = this.grouper.groupRows(batch, this.spec.keyIndexes)
    const objects = new RowObjects(batch, this.dataSchema, this.spec.dataIndexes)
    const loaded = this.load(keys)
    return this.callEach(loaded, ctx, out, false, (k) => objects.range(order, starts[k]!, starts[k + 1]!))
  }

  private timedOut(ctx: OperatorContext, out: unknown[]): Step {
    if (this.spec.timeout === 'NoTimeout') return
    const threshold = this.spec.timeout === 'ProcessingTimeTimeout' ? ctx.batchTimestampMicros / 1000 : ctx.watermarkMs
    const slots = this.table.slots()
    const timeouts = numbersOf(this.table.read(slots)[1]!)
    const due: number[] = []
    for (let i = 0; i < slots.length; i++) {
      if (timeouts[i] !== NO_TIMESTAMP && timeouts[i]! < threshold) due.push(slots[i]!)
    }
    if (due.length === 0) return
    const { keys } = distinctKeys(this.table.keyColumns(due), this.keyTypes, due.length)
    return this.callEach(this.load(keys), ctx, out, true, () => Object.assign([][Symbol.iterator](), { size: 0 }))
  }

  /** Calls the function for each loaded key, then writes the keys' new state. */
  private callEach(
    loaded: Loaded,
    ctx: OperatorContext,
    out: unknown[],
    hasTimedOut: boolean,
    rowsOf: (k: number) => IterableIterator<unknown> & { readonly size: number },
  ): Step {
    const { keys } = loaded
    const watermarkPresent = this.spec.eventTimeIndex >= 0
    const states: GroupState<unknown>[] = new Array(keys.size)
    const step = forEach(keys.size, (k) => {
      const state = new GroupState(
        loaded.values[k],
        ctx.batchTimestampMicros / 1000,
        watermarkPresent ? ctx.watermarkMs : NO_TIMESTAMP,
        this.spec.timeout,
        hasTimedOut,
        watermarkPresent,
      )
      states[k] = state
      let emitted: Step
      try {
        const result = this.fn(keys.tuple(k), rowsOf(k), state)
        // mapGroupsWithState returns one row (or a promise of one); flatMapGroupsWithState an iterable of rows.
        emitted = this.spec.isMapGroupsWithState
          ? isThenable(result)
            ? Promise.resolve(result).then((row) => void out.push(row))
            : void out.push(result)
          : collectOutput(result, out)
      } catch (error) {
        throw userError(error)
      }
      return emitted?.catch((error: unknown) => {
        throw userError(error)
      })
    })
    return andThen(step, () => this.update(loaded, states))
  }

  private load(keys: KeyBatch): Loaded {
    const slots = this.table.find(keys.columns, keys.size)
    const found: number[] = []
    const rowOf = new Int32Array(keys.size).fill(-1)
    for (let k = 0; k < keys.size; k++) {
      if (slots[k]! < 0) continue
      rowOf[k] = found.length
      found.push(slots[k]!)
    }
    const [stateColumn, timeoutColumn] = this.table.read(found) as [Column, Column]
    const read: Reader = this.codec.reader(stateColumn)
    const storedTimeouts = numbersOf(timeoutColumn)
    const values: unknown[] = new Array(keys.size)
    const timeouts = new Float64Array(keys.size).fill(NO_TIMESTAMP)
    for (let k = 0; k < keys.size; k++) {
      const row = rowOf[k]!
      if (row < 0) continue
      const value = read(row)
      values[k] = value === null ? undefined : value
      timeouts[k] = storedTimeouts[row]!
    }
    return { keys, slots, values, timeouts }
  }

  /** Spark's state update after the calls of a phase. */
  private update(loaded: Loaded, states: readonly GroupState<unknown>[]): void {
    const puts: number[] = []
    const values: unknown[] = []
    const timeouts: number[] = []
    const removes: number[] = []
    for (let k = 0; k < loaded.keys.size; k++) {
      const state = states[k]!
      const timeout = state.timeoutTimestampMs
      if (state.isRemoved && timeout === NO_TIMESTAMP) {
        if (loaded.slots[k]! >= 0) removes.push(loaded.slots[k]!)
      } else if (state.isUpdated || state.isRemoved || timeout !== loaded.timeouts[k]) {
        puts.push(k)
        values.push(state.exists ? state.get : null)
        timeouts.push(timeout)
      }
    }
    if (puts.length > 0) this.write(loaded.keys, puts, values, Float64Array.from(timeouts))
    if (removes.length > 0) {
      this.table.remove(removes)
      this.metrics.numRowsRemoved += removes.length
    }
  }

  private write(keys: KeyBatch, indexes: ArrayLike<number>, values: readonly unknown[], timeouts: Float64Array): void {
    this.table.put(
      keys.take(indexes),
      [this.codec.encode(values), numericColumn(LONG, timeouts, null, 0)],
      indexes.length,
    )
    this.metrics.numRowsUpdated += indexes.length
  }

  private earliestTimeout(): number | undefined {
    const timeouts = numbersOf(this.table.read(this.table.slots())[1]!)
    let earliest: number | undefined
    for (let i = 0; i < timeouts.length; i++) {
      const t = timeouts[i]!
      if (t !== NO_TIMESTAMP && (earliest === undefined || t < earliest)) earliest = t
    }
    return earliest
  }
}
