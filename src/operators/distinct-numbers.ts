// DistinctNumbers: the (generation, value) pairs a DISTINCT aggregate over one number-like argument has seen, in an
// open-addressing table of typed arrays, with no per-batch key columns. Each value is two 32-bit words: an int64-backed
// value's own words (read straight from the column, never converted to a double), any other value's canonical double
// bits, so values compare as group keys do: -0 as 0, every NaN alike, and int64 values past 2^53 exactly.
import {
  arrayTypeFor,
  type Column,
  grown,
  int64WordsOf,
  isInt64Backed,
  numbersOf,
  numericColumn,
} from '../arrow/index.js'
import { canonicalNumber, finish, mix } from '../common/hash.js'
import { type DataType, isDatetime, isNumeric } from '../types/data-types.js'

const EMPTY = -1

/** Whether DistinctNumbers can hold values of `type`: numbers, dates and timestamps (decimals up to 15 digits). */
export const holdsNumbers = (type: DataType): boolean =>
  (isNumeric(type) && !(type.kind === 'decimal' && type.precision > 15)) || isDatetime(type)

/** A column's values as (low, high) word pairs, two per row, as DistinctNumbers compares them. */
export function distinctWordsOf(type: DataType, column: Column): Int32Array {
  if (isInt64Backed(type)) return int64WordsOf(column)
  const values = numbersOf(column)
  const doubles = new Float64Array(column.length)
  for (let i = 0; i < doubles.length; i++) doubles[i] = canonicalNumber(values[i]!)
  return new Int32Array(doubles.buffer)
}

export class DistinctNumbers {
  private generations = new Float64Array(64)
  private words = new Int32Array(128)
  private hashes = new Int32Array(64)
  private slots = new Int32Array(128).fill(EMPTY)
  private mask = 127
  private size = 0

  constructor(readonly type: DataType) {}

  /** Adds the pair whose value is words[2·row], words[2·row + 1]; returns its new entry index, or -1 when seen before. */
  add(generation: number, words: Int32Array, row: number): number {
    const low = words[2 * row]!
    const high = words[2 * row + 1]!
    const hash = finish(mix(mix(mix(0x9747b28c, generation | 0), low), high))
    const stored = this.words
    let slot = hash & this.mask
    for (;;) {
      const entry = this.slots[slot]!
      if (entry === EMPTY) break
      if (
        this.hashes[entry] === hash &&
        stored[2 * entry] === low &&
        stored[2 * entry + 1] === high &&
        this.generations[entry] === generation
      )
        return -1
      slot = (slot + 1) & this.mask
    }
    const entry = this.size++
    if (entry >= this.hashes.length) {
      this.generations = grown(this.generations, entry + 1)
      this.words = grown(this.words, 2 * entry + 2)
      this.hashes = grown(this.hashes, entry + 1)
    }
    this.generations[entry] = generation
    this.words[2 * entry] = low
    this.words[2 * entry + 1] = high
    this.hashes[entry] = hash
    this.slots[slot] = entry
    if (this.size * 2 > this.slots.length) this.rehash()
    return entry
  }

  /** The values of `entries` as a column of the argument's type. */
  column(entries: readonly number[]): Column {
    const words = new Int32Array(2 * entries.length)
    for (let k = 0; k < entries.length; k++) {
      words[2 * k] = this.words[2 * entries[k]!]!
      words[2 * k + 1] = this.words[2 * entries[k]! + 1]!
    }
    if (isInt64Backed(this.type)) return numericColumn(this.type, new BigInt64Array(words.buffer), null)
    const doubles = new Float64Array(words.buffer)
    if (this.type.kind === 'double') return numericColumn(this.type, doubles, null)
    const values = new (arrayTypeFor(this.type))(doubles.length)
    for (let i = 0; i < doubles.length; i++) values[i] = doubles[i]!
    return numericColumn(this.type, values, null)
  }

  memoryBytes(): number {
    return this.generations.byteLength + this.words.byteLength + this.hashes.byteLength + this.slots.byteLength
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
