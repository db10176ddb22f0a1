// Keys whose leaves are all int64s without nulls (ids, timestamps, windows): hashed in one pass over the rows, each
// leaf read as its two words, and a leaf holding one value in every row (a processing-time window) scrambled once.
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
  const scrambled = new Int32Array(n)
  for (let k = 0; k < n; k++)
    if (constant[k] === 1) scrambled[k] = scramble(int64HashWord(words[k]![0]!, words[k]![1]!))
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
  const n = words.length
  for (let i = from; i < rows; i++) {
    if (repeats[i] === 1) {
      groupIds[i] = groupIds[i - 1]!
      continue
    }
    const hash = hashes[i]!
    let slot = hash & mask
    let group = index[2 * slot]!
    while (group !== -1 && (group === -2 || index[2 * slot + 1] !== hash)) {
      slot = (slot + 1) & mask
      group = index[2 * slot]!
    }
    if (group === -1) return i
    const page = group >>> PAGE_BITS
    const at = 2 * (group & SLOT_MASK)
    for (let k = 0; k < n; k++) {
      const cells = stored[k]![page]!
      const w = words[k]!
      if (cells[at] !== w[2 * i] || cells[at + 1] !== w[2 * i + 1]) return i
    }
    groupIds[i] = group
  }
  return rows
}
