// A batch-local direct index for word keys with a leaf whose values, within the batch, span a small range (DuckDB's
// perfect-hash aggregation): each distinct value of that leaf is looked up in the key table once per batch, and every
// other row holding it reads its group from an array indexed by the value's offset from the batch's smallest value.
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'

/**
 * A leaf is indexed directly when its values span at most a quarter of the batch's rows: each distinct value then
 * stands for four rows or more on average, so the rows that read their group from the array outnumber those that
 * probe the table (and filling the array costs less than a pass over the rows).
 */
export const ROWS_PER_SLOT = 4

/** A dense slot's mark for a value a lookup (no inserting) found no group for: its rows are -1 without a probe. */
export const ABSENT = -2

/** The range of one int64 leaf over a batch: its smallest value's low word, and how many values it spans. */
export interface DenseRange {
  /** The low word of the smallest value (as an int32). */
  readonly minLow: number
  /** Largest minus smallest, plus one. */
  readonly span: number
}

/**
 * The range of an int64 column's values (`words`: low, high per row) over rows [0, rows), compared as signed int64s
 * word by word (exact past 2^53), or undefined when it spans more than `limit` values (at most 2^30).
 */
export function denseRange(words: Int32Array, rows: number, limit: number): DenseRange | undefined {
  if (rows === 0) return undefined
  // Most batches share one high word (ids and times of one sign under 2^32 apart): the low words alone decide.
  const min = lowWordBounds(words, rows)
  if (highsDiffer !== 0) return pairRange(words, rows, limit)
  const span = largestLow - min + 1
  return span <= limit ? { minLow: min ^ SIGN, span } : undefined
}

/** lowWordBounds' other results: the largest low word (sign bit flipped), and nonzero where the high words differ. */
let largestLow = 0
let highsDiffer = 0

/**
 * The smallest low word of rows [0, rows), read as unsigned by flipping its sign bit (int32 compares, no doubles).
 * Only the loop, and module variables after it: code after a loop that V8 compiles on the stack (OSR) has no type
 * feedback yet when the loop first ends, and a compare there would deoptimize the function on every first call.
 */
function lowWordBounds(words: Int32Array, rows: number): number {
  const high = words[1]!
  let differ = 0
  let min = words[0]! ^ SIGN
  let max = min
  for (let i = 1; i < rows; i++) {
    differ |= words[2 * i + 1]! ^ high
    const low = words[2 * i]! ^ SIGN
    min = low < min ? low : min
    max = low > max ? low : max
  }
  largestLow = max
  highsDiffer = differ
  return min
}

const SIGN = 0x80000000 | 0

/** denseRange where the high words differ: each value compared as a (high, low) pair. */
function pairRange(words: Int32Array, rows: number, limit: number): DenseRange | undefined {
  let minHigh = words[1]!
  let minLow = words[0]! >>> 0
  let maxHigh = minHigh
  let maxLow = minLow
  for (let i = 1; i < rows; i++) {
    const high = words[2 * i + 1]!
    const low = words[2 * i]! >>> 0
    if (high < minHigh || (high === minHigh && low < minLow)) {
      minHigh = high
      minLow = low
    } else if (high > maxHigh || (high === maxHigh && low > maxLow)) {
      maxHigh = high
      maxLow = low
    }
  }
  // Exact in doubles: the high words differ by at most one where the span can be under 2^32.
  if (maxHigh - minHigh > 1) return undefined
  const span = (maxHigh - minHigh) * 2 ** 32 + maxLow - minLow + 1
  return span <= limit ? { minLow: minLow | 0, span } : undefined
}

/**
 * Sets groupIds[i] for rows from `from` on while the row's value of the indexed leaf (`own`) has a group in `slots`
 * (-1: none yet; ABSENT: none in the table, the rows set to -1, where the
 * indexed leaf alone varies) and each other varying leaf (`checked[c]`, stored as `checkedStored[c]`'s pages) holds that group's
 * words. A value's offset in `slots` is its low word minus the smallest one's: every value lies within the range,
 * under 2^31 past the smallest, so the low words' difference is the whole difference. Returns the first row it cannot
 * settle, or `rows`.
 */
export function settleDenseRows(
  slots: Int32Array,
  own: Int32Array,
  minLow: number,
  checked: readonly Int32Array[],
  checkedStored: readonly (readonly Int32Array[])[],
  from: number,
  rows: number,
  groupIds: Int32Array,
): number {
  const n = checked.length
  if (n === 0) {
    // The lone varying leaf: one read per row.
    for (let i = from; i < rows; i++) {
      const group = slots[(own[2 * i]! - minLow) | 0]!
      if (group < 0 && group !== ABSENT) return i
      groupIds[i] = group < 0 ? -1 : group
    }
    return rows
  }
  for (let i = from; i < rows; i++) {
    const group = slots[(own[2 * i]! - minLow) | 0]!
    if (group < 0) return i
    const page = group >>> PAGE_BITS
    const at = 2 * (group & SLOT_MASK)
    for (let c = 0; c < n; c++) {
      const cells = checkedStored[c]![page]!
      const w = checked[c]!
      if (cells[at] !== w[2 * i] || cells[at + 1] !== w[2 * i + 1]) return i
    }
    groupIds[i] = group
  }
  return rows
}

/** The offset of row `row`'s value in a dense index (settleDenseRows' slot for it). */
export const denseOffset = (own: Int32Array, minLow: number, row: number): number => (own[2 * row]! - minLow) | 0

/**
 * settleDenseRows for a lone varying leaf whose range is a guess (an anchored window of `span` values from `minLow`,
 * every value's high word `high`): stops at a row whose value has no group yet, or lies outside the window
 * (leftWindow tells which). Within the window a slot stands for one value: its high word is `high`, its low word
 * minLow plus the offset (mod 2^32).
 */
export function settleAnchoredRows(
  slots: Int32Array,
  own: Int32Array,
  minLow: number,
  high: number,
  span: number,
  from: number,
  rows: number,
  groupIds: Int32Array,
): number {
  for (let i = from; i < rows; i++) {
    const offset = (own[2 * i]! - minLow) | 0
    if (offset >>> 0 >= span || own[2 * i + 1] !== high) return i
    const group = slots[offset]!
    if (group < 0 && group !== ABSENT) return i
    groupIds[i] = group < 0 ? -1 : group
  }
  return rows
}

/** Whether row `row`'s value lies outside an anchored window (settleAnchoredRows stopped there for that). */
export const leftWindow = (own: Int32Array, minLow: number, high: number, span: number, row: number): boolean =>
  ((own[2 * row]! - minLow) | 0) >>> 0 >= span || own[2 * row + 1] !== high
