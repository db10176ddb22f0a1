// What every transformWithState state variable shares: access to the current key of the phase (the batch's input
// keys, its expiring timers, or its initial state), per-phase caches filled by one batched lookup on first use, and
// pending writes flushed as one batched write when the phase ends. With a TTL, each element carries its expiration
// (processing time, ms) and a time-ordered index `$ttl_<name>` finds what has expired.
import type { StateDeclarations } from '../../state/operator-state.js'
import { LONG } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { KeyBatch } from '../grouped-input.js'
import type { StateMetrics } from '../state-metrics.js'
import { type HandleState, invalidHandleState } from './processor-errors.js'
import type { StateCodec } from './state-codec.js'
import { TtlIndex } from './ttl-index.js'

/** What a state variable needs from the handle: the current key and the batch's times. */
export interface KeyContext {
  readonly keys: KeyBatch | undefined
  readonly k: number
  readonly state: HandleState
  readonly batchTimestampMs: number
  readonly metrics: StateMetrics
}

export abstract class StateVariable {
  private phase: KeyBatch | undefined
  protected readonly touched: number[] = []

  constructor(
    readonly name: string,
    protected readonly context: KeyContext,
    /** TTL in ms, or undefined. */
    protected readonly ttlMs: number | undefined,
  ) {}

  /** The current key's index in the phase, loading the phase's caches first; throws when there is no key. */
  protected key(operation: string): number {
    const { keys, k, state } = this.context
    if (keys === undefined || k < 0) throw invalidHandleState(operation, state)
    if (this.phase !== keys) {
      this.phase = keys
      this.touched.length = 0
      this.load(keys)
    }
    return k
  }

  /** Marks key k as written in this phase (once). */
  protected touch(k: number, firstTime: boolean): void {
    if (firstTime) this.touched.push(k)
  }

  /** What each element stores: its `value` (as `codec` writes it), then its `expirationMs` when there is a TTL. */
  protected storedValue(codec: StateCodec): StructType {
    return StructType([codec.field('value'), ...(this.ttlMs === undefined ? [] : [StructField('expirationMs', LONG)])])
  }

  /** The index of expirations when there is a TTL: by `key`, whose first `groupingFields` are the grouping key. */
  protected ttlIndex(
    state: StateDeclarations,
    key: StructType,
    groupingFields = key.fields.length,
  ): TtlIndex | undefined {
    return this.ttlMs === undefined ? undefined : new TtlIndex(state, this.name, key, groupingFields)
  }

  /** Whether an expiration (ms) has passed at this batch's processing time (Spark: batch time ≥ expiration). */
  protected expired(expiresMs: number): boolean {
    return this.ttlMs !== undefined && this.context.batchTimestampMs >= expiresMs
  }

  /** The expiration of what is written in this batch. */
  protected get newExpiration(): number {
    return this.context.batchTimestampMs + (this.ttlMs ?? 0)
  }

  /** Sets up the phase's caches for its keys. */
  protected abstract load(keys: KeyBatch): void

  /** Writes the phase's pending changes (called by the handle when the phase ends). */
  flush(): void {
    if (this.phase !== undefined && this.touched.length > 0) this.write(this.phase, this.touched)
    this.phase = undefined
    this.touched.length = 0
  }

  protected abstract write(keys: KeyBatch, touched: readonly number[]): void

  /** Removes what expired by `nowMs`; returns how many values were removed. */
  abstract removeExpired(nowMs: number): number

  /** Values held (all keys). */
  abstract get size(): number
}
