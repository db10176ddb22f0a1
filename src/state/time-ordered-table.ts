// A time-ordered table: (key…, time) → row, read back by time — the rows whose time is at or below a bound, earliest
// first — for timers and TTL. Rows live in a value table keyed by the key and the time (checkpointed as such); a
// binary min-heap over (time, slot, generation) in typed arrays finds the due ones, skipping rows removed since.
import { type Column, grown, numbersOf, numericColumn, type RecordBatch } from '../arrow/index.js'
import { TIMESTAMP } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import type { CheckpointedTable, StateChanges, StateTableSpec } from './state-table.js'
import { ValueTable } from './value-table.js'

/** Rows of a time-ordered table, as columns. */
export interface TimedRows {
  readonly count: number
  readonly keys: Column[]
  /** µs since the epoch. */
  readonly times: ArrayLike<number>
  readonly values: Column[]
}

/** The key of a time-ordered table's rows: the declared key, then `time` (µs since the epoch). */
export function withTime(key: StructType): StructType {
  return StructType([...key.fields, StructField('time', TIMESTAMP, false)])
}

export class TimeOrderedTable implements CheckpointedTable {
  readonly spec: StateTableSpec
  private readonly rows: ValueTable
  private readonly keyCount: number
  private heapTimes = new Float64Array(64)
  private heapSlots = new Int32Array(64)
  private heapGenerations = new Int32Array(64)
  private heapSize = 0
  /** Per slot: bumped whenever the slot is written, so heap entries of earlier occupants are recognised. */
  private generations = new Int32Array(64)

  constructor(declared: StateTableSpec) {
    this.keyCount = declared.key.fields.length
    this.spec = {
      ...declared,
      key: withTime(declared.key),
      partitionKeyFields: declared.partitionKeyFields ?? this.keyCount,
    }
    this.rows = new ValueTable(this.spec)
  }

  get size(): number {
    return this.rows.size
  }

  /** Sets row i's value under (keys[i], times[i]) (µs). */
  put(keys: readonly Column[], times: Float64Array, values: readonly Column[], rows: number): Int32Array {
    const slots = this.rows.put([...keys, numericColumn(TIMESTAMP, times, null, 0)], values, rows)
    for (let i = 0; i < rows; i++) this.push(times[i]!, slots[i]!)
    return slots
  }

  /** The slots of (keys[i], times[i]), -1 where absent. */
  find(keys: readonly Column[], times: Float64Array, rows: number): Int32Array {
    return this.rows.find([...keys, numericColumn(TIMESTAMP, times, null, 0)], rows)
  }

  /** Removes rows (they never come back from `takeDue`). */
  remove(slots: ArrayLike<number>): void {
    for (let i = 0; i < slots.length; i++) this.generations[slots[i]!]!++
    this.rows.remove(slots)
  }

  /** Removes and returns the rows with time ≤ `upTo` (µs), earliest first. */
  takeDue(upTo: number): TimedRows {
    const due: number[] = []
    while (this.heapSize > 0 && this.heapTimes[0]! <= upTo) {
      const slot = this.heapSlots[0]!
      const generation = this.heapGenerations[0]!
      this.pop()
      if (this.generations[slot] === generation) due.push(slot)
    }
    const slots = Int32Array.from(due)
    const rows = this.read(slots)
    this.remove(slots)
    return rows
  }

  /** The rows at `slots`: their declared key columns, times (µs) and values. */
  read(slots: ArrayLike<number>): TimedRows {
    const keyColumns = this.rows.keyColumns(slots)
    return {
      count: slots.length,
      keys: keyColumns.slice(0, this.keyCount),
      times: numbersOf(keyColumns[this.keyCount]!),
      values: this.rows.read(slots),
    }
  }

  /** The earliest time held, or undefined. */
  earliest(): number | undefined {
    while (this.heapSize > 0 && this.generations[this.heapSlots[0]!] !== this.heapGenerations[0]) this.pop()
    return this.heapSize > 0 ? this.heapTimes[0] : undefined
  }

  beginBatch(): void {
    this.rows.beginBatch()
  }

  changes(): StateChanges {
    return this.rows.changes()
  }

  snapshot(): RecordBatch {
    return this.rows.snapshot()
  }

  restore(changes: StateChanges): void {
    const { upserts, deletes } = changes
    if (upserts && upserts.numRows > 0) {
      this.rows.restore({ upserts, deletes: null })
      const columns = upserts.data.children
      const slots = this.rows.find(columns.slice(0, this.keyCount + 1), upserts.numRows)
      const times = numbersOf(columns[this.keyCount]!)
      for (let i = 0; i < slots.length; i++) if (slots[i]! >= 0) this.push(times[i]!, slots[i]!)
    }
    if (deletes && deletes.numRows > 0) {
      const slots = this.rows.find(deletes.data.children, deletes.numRows)
      for (const slot of slots) if (slot >= 0) this.generations[slot]!++
      this.rows.restore({ upserts: null, deletes })
    }
  }

  trackPartitions(n: number): void {
    this.rows.trackPartitions(n)
  }

  rowsPerPartition(): Int32Array {
    return this.rows.rowsPerPartition()
  }

  memoryBytes(): number {
    return this.rows.memoryBytes() + this.heapTimes.byteLength * 2 + this.generations.byteLength
  }

  private push(time: number, slot: number): void {
    this.generations = grown(this.generations, slot + 1)
    const generation = ++this.generations[slot]!
    if (this.heapSize === this.heapTimes.length) {
      this.heapTimes = grown(this.heapTimes, this.heapSize + 1)
      this.heapSlots = grown(this.heapSlots, this.heapSize + 1)
      this.heapGenerations = grown(this.heapGenerations, this.heapSize + 1)
    }
    let i = this.heapSize++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (this.heapTimes[parent]! <= time) break
      this.move(parent, i)
      i = parent
    }
    this.heapTimes[i] = time
    this.heapSlots[i] = slot
    this.heapGenerations[i] = generation
  }

  private pop(): void {
    const last = --this.heapSize
    if (last === 0) return
    const time = this.heapTimes[last]!
    const slot = this.heapSlots[last]!
    const generation = this.heapGenerations[last]!
    let i = 0
    for (;;) {
      const left = 2 * i + 1
      if (left >= last) break
      const right = left + 1
      const child = right < last && this.heapTimes[right]! < this.heapTimes[left]! ? right : left
      if (this.heapTimes[child]! >= time) break
      this.move(child, i)
      i = child
    }
    this.heapTimes[i] = time
    this.heapSlots[i] = slot
    this.heapGenerations[i] = generation
  }

  private move(from: number, to: number): void {
    this.heapTimes[to] = this.heapTimes[from]!
    this.heapSlots[to] = this.heapSlots[from]!
    this.heapGenerations[to] = this.heapGenerations[from]!
  }
}
