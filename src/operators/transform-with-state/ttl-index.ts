// The TTL index of a state variable (Spark's `$ttl_<state>` column family): (element key, expiration) rows in a
// time-ordered table, one per element — the grouping key for value and list state (a list's earliest expiration),
// the grouping key plus the map key for map state — so expired elements are found without scanning the state.
import type { Column } from '../../arrow/index.js'
import type { StateDeclarations } from '../../state/operator-state.js'
import type { TimeOrderedTable } from '../../state/time-ordered-table.js'
import type { ValueTable } from '../../state/value-table.js'
import { StructType } from '../../types/struct-type.js'

const MICROS_PER_MS = 1000

export class TtlIndex {
  private readonly table: TimeOrderedTable

  constructor(state: StateDeclarations, stateName: string, elementKey: StructType, partitionKeyFields: number) {
    this.table = state.timeOrdered({
      name: `$ttl_${stateName}`,
      key: elementKey,
      value: StructType([]),
      partitionKeyFields,
    })
  }

  /** Sets the expiration (ms) of each element (replacing the one it had). */
  set(elements: readonly Column[], rows: number, expiresMs: ArrayLike<number>): void {
    this.clear(elements, rows)
    const times = new Float64Array(rows)
    for (let i = 0; i < rows; i++) times[i] = expiresMs[i]! * MICROS_PER_MS
    this.table.put(elements, times, [], rows)
  }

  /** Forgets the elements' expirations. */
  clear(elements: readonly Column[], rows: number): void {
    const groups = this.table.keyGroups(elements, rows)
    for (const group of groups) if (group >= 0) this.table.remove(this.table.slotsOfKey(group))
  }

  /** Removes and returns the elements whose expiration is at or before `nowMs`: their key columns and times (ms). */
  takeExpired(nowMs: number): { keys: Column[]; expiresMs: Float64Array; count: number } {
    const due = this.table.takeDue(nowMs * MICROS_PER_MS)
    return { keys: due.keys, expiresMs: Float64Array.from(due.times, (t) => t / MICROS_PER_MS), count: due.count }
  }

  /** Removes the rows of `table` (keyed by element) whose expiration passed at `nowMs`; returns how many. */
  removeExpiredFrom(table: ValueTable, nowMs: number): number {
    const due = this.takeExpired(nowMs)
    if (due.count === 0) return 0
    const slots = table.find(due.keys, due.count).filter((s) => s >= 0)
    table.remove(slots)
    return slots.length
  }
}
