// DistinctNumbers: the (generation, value) pairs a DISTINCT aggregate over one number-like argument has seen, in an
// open-addressing table of typed arrays, with no per-batch key columns. Values are compared as group keys are:
// -0 as 0, every NaN alike, and int64 values past 2^53 (which share doubles) told apart by their low 32-bit word.
import {
  arrayTypeFor,
  type Column,
  EXACT,
  grown,
  int64ColumnFromParts,
  isInt64Backed,
  numericColumn,
} from '../arrow/index.js'
import { canonicalNumber, finish, hashNumber } from '../common/hash.js'
import { type DataType, isDatetime, isNumeric } from '../types/data-types.js'

const EMPTY = -1

/** Whether DistinctNumbers can hold values of `type`: numbers, dates and timestamps (decimals up to 15 digits). */
export const holdsNumbers = (type: DataType): boolean =>
  (isNumeric(type) && !(type.kind === 'decimal' && type.precision > 15)) || isDatetime(type)

export class DistinctNumbers {
  private generations = new Float64Array(64)
  private values = new Float64Array(64)
  private lows = new Int32Array(64)
  private hashes = new Int32Array(64)
  private slots = new Int32Array(128).fill(EMPTY)
  private mask = 127
  private size = 0

  constructor(readonly type: DataType) {}

  /** Adds the pair; returns its new entry index, or -1 when it was seen before. `low` matters past 2^53 only. */
  add(generation: number, value: number, low: number): number {
    const v = canonicalNumber(value)
    const exact = v < EXACT && v > -EXACT
    const hash = finish(hashNumber(hashNumber(0x9747b28c, generation), v))
    let slot = hash & this.mask
    for (;;) {
      const entry = this.slots[slot]!
      if (entry === EMPTY) break
      if (
        this.hashes[entry] === hash &&
        this.generations[entry] === generation &&
        (this.values[entry] === v || (Number.isNaN(v) && Number.isNaN(this.values[entry]))) &&
        (exact || this.lows[entry] === low)
      )
        return -1
      slot = (slot + 1) & this.mask
    }
    const entry = this.size++
    if (entry >= this.values.length) {
      this.generations = grown(this.generations, entry + 1)
      this.values = grown(this.values, entry + 1)
      this.lows = grown(this.lows, entry + 1)
      this.hashes = grown(this.hashes, entry + 1)
    }
    this.generations[entry] = generation
    this.values[entry] = v
    this.lows[entry] = exact ? 0 : low
    this.hashes[entry] = hash
    this.slots[slot] = entry
    if (this.size * 2 > this.slots.length) this.rehash()
    return entry
  }

  /** The values of `entries` as a column of the argument's type. */
  column(entries: readonly number[]): Column {
    const doubles = Float64Array.from(entries, (e) => this.values[e]!)
    if (isInt64Backed(this.type))
      return int64ColumnFromParts(this.type, doubles, (row) => this.lows[entries[row]!]!, null)
    const Values = arrayTypeFor(this.type)
    const values = new Values(doubles.length)
    for (let i = 0; i < doubles.length; i++) values[i] = doubles[i]!
    return numericColumn(this.type, values, null)
  }

  memoryBytes(): number {
    return this.generations.byteLength + this.values.byteLength + this.lows.byteLength + this.hashes.byteLength
  }

  private rehash(): void {
    const capacity = this.slots.length * 2
    this.slots = new Int32Array(capacity).fill(EMPTY)
    this.mask = capacity - 1
    for (let e = 0; e < this.size; e++) {
      let slot = this.hashes[e]! & this.mask
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask
      this.slots[slot] = e
    }
  }
}
