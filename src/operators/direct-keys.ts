// DirectKeys: the groups of a hash join's build side keyed by one integer column whose values lie in a small range,
// found by `value - min` instead of through a hash table (Nexmark's auctions: 60 K unique ids, 60 K consecutive
// values, probed by 920 K bids). Group g is the value min + g; a group without rows is simply empty. Applies to one
// `=` key of type int or bigint whose non-null build values fit in 32 bits and span at most a few times the rows.
import { bitAt, type Column, int64WordsOf, numbersOf, validityOf } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'

/** The widest range kept, per build row (and at least SMALL_RANGE): the group arrays are this long at most. */
const RANGE_PER_ROW = 4
const SMALL_RANGE = 1024

/** A column's int32 reading: `values[stride * i]` is row i's value when `fits[i]` (or `fits` is null, every row). */
interface IntReading {
  readonly values: Int32Array
  readonly stride: 1 | 2
  /** Per row: 1 when its value fits in 32 bits (int64 only; null for int columns). */
  readonly fits: Uint8Array | null
}

/** The reading of an int (Int32Array) or int64 (BigInt64Array) column; undefined for other storage. */
function intReading(column: Column): IntReading | undefined {
  const stored = column.values as unknown
  if (stored instanceof Int32Array) return { values: stored, stride: 1, fits: null }
  if (!(stored instanceof BigInt64Array)) return undefined
  const words = int64WordsOf(column)
  const n = column.length
  let fits: Uint8Array | null = null
  for (let i = 0; i < n; i++) {
    // The high word of a value that fits in 32 bits is its low word's sign.
    if (words[2 * i + 1] !== words[2 * i]! >> 31) {
      fits ??= new Uint8Array(n).fill(1)
      fits[i] = 0
    }
  }
  return { values: words, stride: 2, fits }
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
    const reading = intReading(column)
    if (reading === undefined || reading.fits !== null) return undefined
    const { values, stride } = reading
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
    const reading = intReading(column)
    if (reading === undefined) {
      // Stored otherwise (the analyzer gives both sides one type, so this is a fallback): read as numbers.
      const numbers = numbersOf(column)
      for (let i = 0; i < rows; i++) {
        const g = numbers[i]! - min
        groups[i] = (validity === null || bitAt(validity, i)) && Number.isInteger(g) && g >= 0 && g < range ? g : -1
      }
      return groups
    }
    const { values, stride, fits } = reading
    for (let i = 0; i < rows; i++) {
      const g = values[stride * i]! - min
      const valid = (validity === null || bitAt(validity, i)) && (fits === null || fits[i] === 1)
      groups[i] = valid && g >= 0 && g < range ? g : -1
    }
    return groups
  }
}
