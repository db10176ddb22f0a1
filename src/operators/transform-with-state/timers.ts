// transformWithState's timers (Spark's `$procTimers` / `$eventTimers`): (grouping key, expiry) rows in a time-ordered
// table, listed per key through its prefix index and taken earliest first once due. Registering a timer that exists,
// or deleting one that does not, only logs a warning, as in Spark.
import type { Column } from '../../arrow/index.js'
import { logWarning } from '../../common/log.js'
import type { StateDeclarations } from '../../state/operator-state.js'
import type { TimeOrderedTable } from '../../state/time-ordered-table.js'
import { StructType } from '../../types/struct-type.js'
import type { KeyBatch } from '../grouped-input.js'
import type { TimeMode } from './processor-api.js'

const MICROS_PER_MS = 1000

/** Due timers: their keys (columns), expiry times (ms), earliest first. */
export interface DueTimers {
  readonly keys: Column[]
  readonly expiriesMs: Float64Array
  readonly count: number
}

export class Timers {
  private readonly table: TimeOrderedTable

  constructor(state: StateDeclarations, timeMode: TimeMode, keySchema: StructType) {
    this.table = state.timeOrdered({
      name: timeMode === 'EventTime' ? '$eventTimers' : '$procTimers',
      key: keySchema,
      value: StructType([]),
    })
  }

  private find(keys: KeyBatch, k: number, expiryMs: number): number {
    return this.table.find(keys.one(k), Float64Array.of(expiryMs * MICROS_PER_MS), 1)[0]!
  }

  /** Registers a timer for key k; false (with a warning) when it exists. */
  register(keys: KeyBatch, k: number, expiryMs: number): boolean {
    if (this.find(keys, k, expiryMs) >= 0) {
      logWarning(
        'TimerStateImpl',
        `Failed to register timer for key=${JSON.stringify(keys.tuple(k))} and timestamp=${expiryMs} ms since it already exists`,
      )
      return false
    }
    this.table.put(keys.one(k), Float64Array.of(expiryMs * MICROS_PER_MS), [], 1)
    return true
  }

  /** Deletes key k's timer; false (with a warning) when there is none. */
  delete(keys: KeyBatch, k: number, expiryMs: number, warn = true): boolean {
    const slot = this.find(keys, k, expiryMs)
    if (slot < 0) {
      if (warn) {
        logWarning(
          'TimerStateImpl',
          `Failed to delete timer for key=${JSON.stringify(keys.tuple(k))} and timestamp=${expiryMs} ms since it does not exist`,
        )
      }
      return false
    }
    this.table.remove([slot])
    return true
  }

  /** Key k's timers (ms), earliest first. */
  list(keys: KeyBatch, k: number): number[] {
    const group = this.table.keyGroups(keys.one(k), 1)[0]!
    const times = this.table.read(this.table.slotsOfKey(group)).times
    return Array.from(times, (t) => t / MICROS_PER_MS).sort((a, b) => a - b)
  }

  /** Removes and returns the timers due at `thresholdMs` (expiry ≤ threshold, as Spark's getExpiredTimers). */
  takeDue(thresholdMs: number): DueTimers {
    const due = this.table.takeDue(thresholdMs * MICROS_PER_MS)
    return { keys: due.keys, expiriesMs: Float64Array.from(due.times, (t) => t / MICROS_PER_MS), count: due.count }
  }

  /** The earliest expiry held (ms), or undefined. */
  earliestMs(): number | undefined {
    const earliest = this.table.earliest()
    return earliest === undefined ? undefined : earliest / MICROS_PER_MS
  }

  get size(): number {
    return this.table.size
  }
}
