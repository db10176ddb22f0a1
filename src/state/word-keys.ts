// Keys whose leaves are all int64s without nulls (ids, timestamps, windows): hashed in one pass over the rows, each
// leaf read as its two words, and a leaf holding one value in every row (a processing-time window) scrambled once.
import { hashLong } from '../arrow/index.js'
import { mixScrambled, scramble } from '../common/hash.js'
import type { PreparedLeaf } from './column-store.js'
import type { KeyLayout, LeafColumns } from './key-columns.js'
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'

/** hashRows' starting hash: the word path computes the same hashes. */
export const HASH_SEED = 0x9747b28c

/** The word an int64 (low, high) contributes to a hash: the high word, spread by the golden ratio, folded in. */
export const int64HashWord = (low: number, high: number): number => low ^ Math.imul(high, 0x9e3779b1)

/** Whether the word path applies to a batch: every leaf an int64 and nothing null (no leaf or struct validity). */
export function allWordLeaves(layout: KeyLayout, leaves: LeafColumns, prepared: readonly PreparedLeaf[]): boolean {
  for (let k = 0; k < prepared.length; k++) if (!layout.leaves[k]!.int64 || prepared[k]!.validity !== null) return false
  for (let s = 0; s < leaves.structValidity.length; s++) if (leaves.structValidity[s] !== null) return false
  return true
}

/**
 * Whether rows [0, rows) of an int64 column's words all hold row 0's value: compared as doubles (one compare per
 * row) where the words are 8-byte aligned and row 0's value, read as a double, is neither ±0 (two int64s, equal as
 * doubles) nor NaN (unequal to itself); word by word otherwise.
 */
export function isConstantWords(words: Int32Array, rows: number): boolean {
  if (words.byteOffset % 8 === 0) {
    const values = new Float64Array(words.buffer, words.byteOffset, rows)
    const first = values[0]!
    if (first !== 0 && !Number.isNaN(first)) {
      for (let i = 1; i < rows; i++) if (values[i] !== first) return false
      return true
    }
  }
  const low = words[0]
  const high = words[1]
  for (let i = 1; i < rows; i++) if (words[2 * i] !== low || words[2 * i + 1] !== high) return false
  return true
}

/**
 * hashRows for word keys (`words[k]` the words of leaf k; `constant[k]` 1 where leaf k holds one value in every row),
 * giving the same hashes, h = mix(...mix(SEED, w0)..., wn) over the leaves' hash words, in one pass per varying leaf:
 * each pass folds in its leaf and then the constant leaves after it (scrambled once), and the constant leaves before
 * the first varying one start every hash. `repeats[i]` is 1 when row i's varying leaves all equal row i - 1's (so its
 * whole key does), and the row copies that row's hash.
 */
export function hashWordRows(
  words: readonly Int32Array[],
  constant: Uint8Array,
  rows: number,
  out: Int32Array,
  repeats: Uint8Array,
): void {
  const n = words.length
  const scrambled = scrambledConstants(words, constant)
  let k = 0
  let start = HASH_SEED
  while (k < n && constant[k] === 1) start = mixScrambled(start, scrambled[k++]!)
  if (k === n) {
    out.fill(start, 0, rows)
    repeats.fill(1, 0, rows)
    repeats[0] = 0
    return
  }
  let first = true
  while (k < n) {
    const leaf = words[k++]!
    const tailStart = k
    while (k < n && constant[k] === 1) k++
    const tail = scrambled.subarray(tailStart, k)
    if (first) hashFirstLeaf(leaf, start, tail, rows, out, repeats)
    else hashNextLeaf(leaf, tail, rows, out, repeats)
    first = false
  }
}

/** hashWordRows' hash of one row (each leaf read at the row, constant ones included). */
export function hashWordRow(words: readonly Int32Array[], row: number): number {
  let h = HASH_SEED
  for (let k = 0; k < words.length; k++) {
    const leaf = words[k]!
    h = mixScrambled(h, scramble(int64HashWord(leaf[2 * row]!, leaf[2 * row + 1]!)))
  }
  return h
}

/** Per leaf: its hash word scrambled, where it holds one value in every row (0 elsewhere). */
function scrambledConstants(words: readonly Int32Array[], constant: Uint8Array): Int32Array {
  const scrambled = new Int32Array(words.length)
  for (let k = 0; k < words.length; k++)
    if (constant[k] === 1) scrambled[k] = scramble(int64HashWord(words[k]![0]!, words[k]![1]!))
  return scrambled
}

/** The first varying leaf's pass: hash = tail(mix(start, leaf word)); a row repeats when its words repeat. */
function hashFirstLeaf(
  words: Int32Array,
  start: number,
  tail: Int32Array,
  rows: number,
  out: Int32Array,
  repeats: Uint8Array,
): void {
  const tailLength = tail.length
  for (let i = 0; i < rows; i++) {
    const low = words[2 * i]!
    const high = words[2 * i + 1]!
    if (i > 0 && low === words[2 * i - 2] && high === words[2 * i - 1]) {
      out[i] = out[i - 1]!
      repeats[i] = 1
      continue
    }
    repeats[i] = 0
    let h = mixScrambled(start, scramble(int64HashWord(low, high)))
    for (let t = 0; t < tailLength; t++) h = mixScrambled(h, tail[t]!)
    out[i] = h
  }
}

/** A later varying leaf's pass: hash = tail(mix(hash, leaf word)); a row still repeats when its words repeat too. */
function hashNextLeaf(words: Int32Array, tail: Int32Array, rows: number, out: Int32Array, repeats: Uint8Array): void {
  const tailLength = tail.length
  for (let i = 0; i < rows; i++) {
    const low = words[2 * i]!
    const high = words[2 * i + 1]!
    if (repeats[i] === 1 && low === words[2 * i - 2] && high === words[2 * i - 1]) {
      out[i] = out[i - 1]!
      continue
    }
    repeats[i] = 0
    let h = mixScrambled(out[i]!, scramble(int64HashWord(low, high)))
    for (let t = 0; t < tailLength; t++) h = mixScrambled(h, tail[t]!)
    out[i] = h
  }
}

/**
 * Sets groupIds[i] for rows from `from` on, in order, while each row repeats the row before (its group) or its hash's
 * first group in the index (group, hash pairs; -1 ends a run, -2 is a tombstone) holds its key, every leaf's words
 * equal to the stored ones (`stored[k]`: leaf k's pages of words). Returns the first row it cannot settle (its key new
 * to the table, or its candidate holding another key), or `rows`. A small function of typed arrays only, so it is
 * optimized early and stays so whichever tables call it.
 */
export function settleWordRows(
  index: Int32Array,
  mask: number,
  hashes: Int32Array,
  repeats: Uint8Array,
  words: readonly Int32Array[],
  stored: readonly (readonly Int32Array[])[],
  from: number,
  rows: number,
  groupIds: Int32Array,
): number {
  for (let i = from; i < rows; i++) {
    if (repeats[i] === 1) {
      groupIds[i] = groupIds[i - 1]!
      continue
    }
    const group = findWordRow(index, mask, hashes[i]!, words, stored, i)
    if (group === -1) return i
    groupIds[i] = group
  }
  return rows
}

/**
 * One row whose hash is `hash`: its group, when the hash's first group in the index holds its key (every leaf's words
 * equal to the stored ones); else -1 (its key new to the table, or that group holding another key).
 */
export function findWordRow(
  index: Int32Array,
  mask: number,
  hash: number,
  words: readonly Int32Array[],
  stored: readonly (readonly Int32Array[])[],
  row: number,
): number {
  let slot = hash & mask
  let group = index[2 * slot]!
  while (group !== -1 && (group === -2 || index[2 * slot + 1] !== hash)) {
    slot = (slot + 1) & mask
    group = index[2 * slot]!
  }
  if (group === -1) return -1
  const page = group >>> PAGE_BITS
  const at = 2 * (group & SLOT_MASK)
  for (let k = 0; k < words.length; k++) {
    const cells = stored[k]![page]!
    const w = words[k]!
    if (cells[at] !== w[2 * row] || cells[at + 1] !== w[2 * row + 1]) return -1
  }
  return group
}

/**
 * A batch of word keys varying in one leaf only (a lone key, or a key and a processing-time window): the hash of a
 * row is tail(mix(start, the varying leaf's word)), as hashWordRows computes it.
 */
export interface OneVaryingLeaf {
  readonly varying: number
  /** The hash of the constant leaves before the varying one. */
  readonly start: number
  /** The scrambled words of the constant leaves after it. */
  readonly tail: Int32Array
}

/** The shape of a batch whose leaves all hold one value in every row except one (`constant` as hashWordRows'). */
export function oneVaryingLeaf(words: readonly Int32Array[], constant: Uint8Array): OneVaryingLeaf | undefined {
  let varying = -1
  for (let k = 0; k < words.length; k++) {
    if (constant[k] === 1) continue
    if (varying >= 0) return undefined
    varying = k
  }
  if (varying < 0) return undefined
  const scrambled = scrambledConstants(words, constant)
  let start = HASH_SEED
  for (let k = 0; k < varying; k++) start = mixScrambled(start, scrambled[k]!)
  return { varying, start, tail: scrambled.slice(varying + 1) }
}

/**
 * hashWordRows and settleWordRows in one pass, for a batch of one varying leaf (`shape`): a row whose varying words
 * equal the row before's takes its group (and hash); any other is hashed, and settled when its hash's first group
 * holds its key (the varying leaf's words, and each constant leaf's, equal to the stored ones). Sets hashes[i] and
 * groupIds[i] for rows from `from` on; returns the first row it cannot settle (its hash set), or `rows`. From a row
 * past 0, row from - 1 must have its group and hash set.
 */
export function settleOneVaryingLeaf(
  index: Int32Array,
  mask: number,
  words: readonly Int32Array[],
  stored: readonly (readonly Int32Array[])[],
  shape: OneVaryingLeaf,
  hashes: Int32Array,
  from: number,
  rows: number,
  groupIds: Int32Array,
): number {
  if (from >= rows) return rows
  const n = words.length
  const { varying, start, tail } = shape
  const tailLength = tail.length
  const own = words[varying]!
  const ownStored = stored[varying]!
  // Row from - 1's words, group and hash; before row 0, words no row holds (the complement of row 0's low word).
  let previousLow = from > 0 ? own[2 * from - 2]! : ~own[0]!
  let previousHigh = from > 0 ? own[2 * from - 1]! : 0
  let previousGroup = from > 0 ? groupIds[from - 1]! : -1
  let previousHash = from > 0 ? hashes[from - 1]! : 0
  for (let i = from; i < rows; i++) {
    const low = own[2 * i]!
    const high = own[2 * i + 1]!
    if (low === previousLow && high === previousHigh) {
      groupIds[i] = previousGroup
      hashes[i] = previousHash
      continue
    }
    let hash = mixScrambled(start, scramble(int64HashWord(low, high)))
    for (let t = 0; t < tailLength; t++) hash = mixScrambled(hash, tail[t]!)
    hashes[i] = hash
    // settleWordRows' probe, kept inline: as a shared function it measured slower in this loop (q12's key table).
    let slot = hash & mask
    let group = index[2 * slot]!
    while (group !== -1 && (group === -2 || index[2 * slot + 1] !== hash)) {
      slot = (slot + 1) & mask
      group = index[2 * slot]!
    }
    if (group === -1) return i
    const page = group >>> PAGE_BITS
    const at = 2 * (group & SLOT_MASK)
    const cells = ownStored[page]!
    if (cells[at] !== low || cells[at + 1] !== high) return i
    // The constant leaves: row 0's words are every row's.
    for (let k = 0; k < n; k++) {
      if (k === varying) continue
      const constantCells = stored[k]![page]!
      const w = words[k]!
      if (constantCells[at] !== w[0] || constantCells[at + 1] !== w[1]) return i
    }
    groupIds[i] = group
    previousGroup = group
    previousHash = hash
    previousLow = low
    previousHigh = high
  }
  return rows
}

/**
 * Spark's hash (Murmur3 from seed 42, as HashPartitioning places keys) of the first `leafCount` leaves of rows
 * `rows[0..count)` of a batch of word keys (hash t for row rows[t]): Spark hashes longs, timestamps and intervals as
 * longs and a non-null struct field by field into the running hash, so a row's hash folds its leaves in order. A
 * leaf flagged in `constant` (1: one value in every row) is read at row 0, not at each row.
 */
export function sparkHashOfWordRows(
  words: readonly Int32Array[],
  constant: Uint8Array | undefined,
  leafCount: number,
  rows: Int32Array,
  count: number,
): Int32Array {
  const hashes = new Int32Array(count)
  for (let t = 0; t < count; t++) {
    const row = rows[t]!
    let h = 42
    for (let k = 0; k < leafCount; k++) {
      const at = constant !== undefined && constant[k] === 1 ? 0 : 2 * row
      h = hashLong(words[k]![at]!, words[k]![at + 1]!, h)
    }
    hashes[t] = h
  }
  return hashes
}
