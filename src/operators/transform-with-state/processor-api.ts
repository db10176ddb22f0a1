// The transformWithState API users implement and call (Spark 4's StatefulProcessor, StatefulProcessorHandle, the
// state variables, TimerValues, ExpiredTimerInfo, TTLConfig and TimeMode), in TypeScript form: keys are tuples of
// the grouping columns' values, rows and state values are plain objects (or plain values for a non-struct schema),
// times are epoch milliseconds, and every handler may be async.
import type { Row } from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'

/** Spark's TimeMode: which clock timers and TTL follow. */
export type TimeMode = 'None' | 'ProcessingTime' | 'EventTime'
export const TimeMode = { None: 'None', ProcessingTime: 'ProcessingTime', EventTime: 'EventTime' } as const

/** How long a state value lives after it was last written (processing time, in ms). */
export interface TTLConfig {
  readonly ttlDurationMs: number
}

/** The times of the batch a handler runs in. */
export interface TimerValues {
  /** The batch's processing time (its batch timestamp), ms. */
  getCurrentProcessingTimeInMs(): number
  /** The event-time watermark the batch evicts with, ms (0 before the first watermark). */
  getCurrentWatermarkInMs(): number
}

export interface ExpiredTimerInfo {
  /** The time the timer was registered for, ms. */
  getExpiryTimeInMs(): number
}

/** A state value's schema: a struct (a StructType or DDL string, values are objects) or any other type (plain values). */
export type StateSchema = StructType | DataType | string

/** One value per grouping key. */
export interface ValueState<S> {
  exists(): boolean
  /** The value, or null when there is none (or it expired). */
  get(): S | null
  update(value: S): void
  clear(): void
}

/** A list of values per grouping key. */
export interface ListState<S> {
  exists(): boolean
  get(): IterableIterator<S>
  /** Replaces the list (Spark rejects an empty list: use clear()). */
  put(values: readonly S[]): void
  appendValue(value: S): void
  appendList(values: readonly S[]): void
  clear(): void
}

/** A map per grouping key. */
export interface MapState<K, V> {
  exists(): boolean
  getValue(key: K): V | null
  containsKey(key: K): boolean
  updateValue(key: K, value: V): void
  iterator(): IterableIterator<[K, V]>
  keys(): IterableIterator<K>
  values(): IterableIterator<V>
  removeKey(key: K): void
  clear(): void
}

/** What a processor gets in `init`: state variables (created only there), timers, and state deletion. */
export interface StatefulProcessorHandle {
  getValueState<S = Row>(stateName: string, schema: StateSchema, ttlConfig?: TTLConfig): ValueState<S>
  getListState<S = Row>(stateName: string, schema: StateSchema, ttlConfig?: TTLConfig): ListState<S>
  getMapState<K = unknown, V = Row>(
    stateName: string,
    userKeySchema: StateSchema,
    valueSchema: StateSchema,
    ttlConfig?: TTLConfig,
  ): MapState<K, V>
  /** A timer for the current key at `expiryTimestampMs` (processing or event time, per the time mode). */
  registerTimer(expiryTimestampMs: number): void
  deleteTimer(expiryTimestampMs: number): void
  /** The current key's timers (including one firing now), ms. */
  listTimers(): IterableIterator<number>
  /** Deletes a state variable an earlier run of the query had and this processor no longer creates (call in init). */
  deleteIfExists(stateName: string): void
}

/** What a handler returns: rows (an iterable, an async iterable, or a promise of an iterable), or nothing. */
export type HandlerOutput<O> = Iterable<O> | AsyncIterable<O> | Promise<Iterable<O> | undefined> | undefined

/** A key's rows for a handler: iterated as objects; `size` counts those not read yet without building them. */
export interface InputRows<I> extends IterableIterator<I> {
  readonly size: number
}

/** A grouping key: the values of the grouping columns, in order. */
export type GroupingKey = readonly unknown[]

/**
 * Spark's StatefulProcessor. `init` runs once when the query starts (the only place state variables may be created);
 * `handleInputRows` once per key per batch with all of the key's rows; `handleExpiredTimer` once per expired timer;
 * `close` when the query stops.
 */
export abstract class StatefulProcessor<K extends GroupingKey = GroupingKey, I = Row, O = Row> {
  abstract init(handle: StatefulProcessorHandle): void
  abstract handleInputRows(key: K, rows: InputRows<I>, timerValues: TimerValues): HandlerOutput<O>
  handleExpiredTimer(_key: K, _timerValues: TimerValues, _expiredTimerInfo: ExpiredTimerInfo): HandlerOutput<O> {
    return undefined
  }
  close(): void | Promise<void> {}
}

/** A processor that also takes an initial state: `handleInitialState` once per initial-state row, in batch 0 only. */
export abstract class StatefulProcessorWithInitialState<
  K extends GroupingKey = GroupingKey,
  I = Row,
  O = Row,
  S = Row,
> extends StatefulProcessor<K, I, O> {
  abstract handleInitialState(key: K, initialState: S, timerValues: TimerValues): void | Promise<void>
}

/** The methods the operator calls (a processor may be any object of this shape). */
export interface ProcessorLike {
  init(handle: StatefulProcessorHandle): void
  handleInputRows(key: GroupingKey, rows: IterableIterator<unknown>, timerValues: TimerValues): HandlerOutput<unknown>
  handleExpiredTimer?(key: GroupingKey, timerValues: TimerValues, info: ExpiredTimerInfo): HandlerOutput<unknown>
  handleInitialState?(key: GroupingKey, initialState: unknown, timerValues: TimerValues): void | Promise<void>
  close?(): void | Promise<void>
}
