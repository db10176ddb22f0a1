// DirectKeys: the groups of a hash join's build side keyed by one integer column whose values lie in a small range,
// found by `value - min` instead of through a hash table (Nexmark's auctions: 60 K unique ids, 60 K consecutive
// values, probed by 920 K bids). Group g is the value min + g; a group without rows is simply empty. Applies to one
// `=` key of type int or bigint whose non-null build values fit in 32 bits and span at most a few times the rows.
import { bitAt, type Column, int64WordsOf, numbersOf, validityOf } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'

/** The widest range kept, per build row (and at least SMALL_RANGE): the group arrays are this long at most. */
const RANGE_PER_ROW = 4
const SMALL_RANGE = 1024

/** An int column's values, or an int64 column's words (low, high per row); undefined for other storage. */
function storedInts(column: Column): { values: Int32Array; stride: 1 | 2 } | undefined {
  const stored = column.values as unknown
  if (stored instanceof Int32Array) return { values: stored, stride: 1 }
  if (stored instanceof BigInt64Array) return { values: int64WordsOf(column), stride: 2 }
  return undefined
}

/** Whether every value of int64 words (low, high per row) fits in 32 bits: its high word is its low word's sign. */
function fitInt32(words: Int32Array, rows: number): boolean {
  for (let i = 0; i < rows; i++) if (words[2 * i + 1] !== words[2 * i]! >> 31) return false
  return true
}

export class DirectKeys {
  private constructor(
    private readonly min: number,
    /** The number of groups: max - min + 1. */
    readonly range: number,
  ) {}

  /**
   * The direct index of a build side's key column and each build row's group (-1 for a row whose key is null), or
   * undefined when the key does not qualify (type, a value past 32 bits, or a range too wide for the rows).
   */
  static build(column: Column, type: DataType, rows: number): { keys: DirectKeys; groups: Int32Array } | undefined {
    if (type.kind !== 'integer' && type.kind !== 'long') return undefined
    const stored = storedInts(column)
    if (stored === undefined || (stored.stride === 2 && !fitInt32(stored.values, rows))) return undefined
    const { values, stride } = stored
    const validity = validityOf(column)
    let min = Number.POSITIVE_INFINITY
    let max = Number.NEGATIVE_INFINITY
    for (let i = 0; i < rows; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      const v = values[stride * i]!
      if (v < min) min = v
      if (v > max) max = v
    }
    if (min > max) return undefined
    const range = max - min + 1
    if (range > Math.max(RANGE_PER_ROW * rows, SMALL_RANGE)) return undefined
    const groups = new Int32Array(rows)
    for (let i = 0; i < rows; i++) {
      groups[i] = validity !== null && !bitAt(validity, i) ? -1 : values[stride * i]! - min
    }
    return { keys: new DirectKeys(min, range), groups }
  }

  /** Each probe row's group, or -1 when its key is null or outside the build side's range. */
  probe(column: Column, rows: number): Int32Array {
    const groups = new Int32Array(rows)
    const validity = validityOf(column)
    const { min, range } = this
    const reading = storedInts(column)
    if (reading === undefined) {
      // Stored otherwise (the analyzer gives both sides one type, so this is a fallback): read as numbers.
      const numbers = numbersOf(column)
      for (let i = 0; i < rows; i++) {
        const g = numbers[i]! - min
        groups[i] = (validity === null || bitAt(validity, i)) && Number.isInteger(g) && g >= 0 && g < range ? g : -1
      }
      return groups
    }
    const { values, stride } = reading
    if (stride === 1) {
      for (let i = 0; i < rows; i++) {
        const g = values[i]! - min
        groups[i] = (validity === null || bitAt(validity, i)) && g >= 0 && g < range ? g : -1
      }
      return groups
    }
    // int64 words (low, high): a value fits in 32 bits when its high word is its low word's sign.
    for (let i = 0; i < rows; i++) {
      const low = values[2 * i]!
      const g = low - min
      const fits = values[2 * i + 1] === low >> 31
      groups[i] = fits && (validity === null || bitAt(validity, i)) && g >= 0 && g < range ? g : -1
    }
    return groups
  }
}
