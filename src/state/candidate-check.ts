// Checks rows against the groups their hashes matched (candidates), leaf by leaf over all the rows at once: each loop
// compares one column's values with one stored leaf, so a probe does no per-row walk over the key's leaves.
import { bitAt, keyTextAt } from '../arrow/index.js'
import { OFFSET_BITS, OFFSET_MASK } from './byte-chunks.js'
import type { ColumnStore, LeafStore, PreparedLeaf } from './column-store.js'
import type { LeafColumns } from './key-columns.js'
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'

/**
 * Sets `differs[rows[p]]` to 1 for each p < count whose row's key is not the key stored at group `groups[rows[p]]`
 * (and leaves it as it is otherwise: the caller clears it). Keys are equal when every struct and leaf has the same null
 * flag and every non-null leaf the same value (NaN equals NaN; -0 is stored as 0 and equals it).
 */
export function markDiffering(
  store: ColumnStore,
  leaves: LeafColumns,
  prepared: readonly PreparedLeaf[],
  rows: Int32Array,
  count: number,
  groups: Int32Array,
  differs: Uint8Array,
): void {
  for (let s = 0; s < store.structNulls.length; s++)
    markNullsDiffering(leaves.structValidity[s]!, store.structNulls[s]!, store.hasNulls, rows, count, groups, differs)
  for (let k = 0; k < prepared.length; k++) {
    const leaf = prepared[k]!
    const stored = store.leaves[k]!
    const validity = leaf.validity
    markNullsDiffering(validity, stored.nulls, store.hasNulls, rows, count, groups, differs)
    if (leaf.words !== null) markWordsDiffering(leaf.words, validity, stored.words, rows, count, groups, differs)
    else if (leaf.numbers !== null)
      markNumbersDiffering(leaf.numbers, validity, stored.numbers, rows, count, groups, differs)
    else if (leaf.bits !== null) markBitsDiffering(leaf.bits, validity, stored.numbers, rows, count, groups, differs)
    else if (leaf.offsets !== null) markBytesDiffering(leaf, stored, rows, count, groups, differs)
    else
      for (let p = 0; p < count; p++) {
        const row = rows[p]!
        if (validity !== null && !bitAt(validity, row)) continue
        if (stored.texts[groups[row]!] !== keyTextAt(leaf.column, leaf.type, row)) differs[row] = 1
      }
  }
}

/** Rows whose null flag (from `validity`) is not the stored one; none when neither side has a null. */
function markNullsDiffering(
  validity: Uint8Array | null,
  flags: readonly Uint8Array[],
  storeHasNulls: boolean,
  rows: Int32Array,
  count: number,
  groups: Int32Array,
  differs: Uint8Array,
): void {
  if (validity === null && !storeHasNulls) return
  for (let p = 0; p < count; p++) {
    const row = rows[p]!
    const g = groups[row]!
    const rowNull = validity !== null && !bitAt(validity, row)
    if (rowNull !== (flags[g >>> PAGE_BITS]![g & SLOT_MASK] === 1)) differs[row] = 1
  }
}

function markWordsDiffering(
  words: Int32Array,
  validity: Uint8Array | null,
  stored: readonly Int32Array[],
  rows: Int32Array,
  count: number,
  groups: Int32Array,
  differs: Uint8Array,
): void {
  for (let p = 0; p < count; p++) {
    const row = rows[p]!
    if (validity !== null && !bitAt(validity, row)) continue
    const g = groups[row]!
    const page = stored[g >>> PAGE_BITS]!
    const at = 2 * (g & SLOT_MASK)
    if (words[2 * row] !== page[at] || words[2 * row + 1] !== page[at + 1]) differs[row] = 1
  }
}

function markNumbersDiffering(
  numbers: ArrayLike<number>,
  validity: Uint8Array | null,
  stored: readonly Float64Array[],
  rows: Int32Array,
  count: number,
  groups: Int32Array,
  differs: Uint8Array,
): void {
  for (let p = 0; p < count; p++) {
    const row = rows[p]!
    // A null row's value is not read (a NULL-typed column has none).
    if (validity !== null && !bitAt(validity, row)) continue
    const g = groups[row]!
    const v = numbers[row]!
    const s = stored[g >>> PAGE_BITS]![g & SLOT_MASK]!
    if (v !== s && !(Number.isNaN(v) && Number.isNaN(s))) differs[row] = 1
  }
}

function markBitsDiffering(
  bits: Uint8Array,
  validity: Uint8Array | null,
  stored: readonly Float64Array[],
  rows: Int32Array,
  count: number,
  groups: Int32Array,
  differs: Uint8Array,
): void {
  for (let p = 0; p < count; p++) {
    const row = rows[p]!
    if (validity !== null && !bitAt(validity, row)) continue
    const g = groups[row]!
    if ((bitAt(bits, row) ? 1 : 0) !== stored[g >>> PAGE_BITS]![g & SLOT_MASK]) differs[row] = 1
  }
}

/** Strings and binary: lengths, then bytes (a null's stored length is 0; a null row is skipped). */
function markBytesDiffering(
  leaf: PreparedLeaf,
  stored: LeafStore,
  rows: Int32Array,
  count: number,
  groups: Int32Array,
  differs: Uint8Array,
): void {
  const offsets = leaf.offsets!
  const bytes = leaf.bytes!
  const validity = leaf.validity
  const spans = stored.spans
  const chunks = stored.bytes.chunks
  for (let p = 0; p < count; p++) {
    const row = rows[p]!
    if (validity !== null && !bitAt(validity, row)) continue
    const g = groups[row]!
    const page = spans[g >>> PAGE_BITS]!
    const at = 2 * (g & SLOT_MASK)
    const start = offsets[row]!
    const length = offsets[row + 1]! - start
    if (length !== page[at + 1]) {
      differs[row] = 1
      continue
    }
    if (length === 0) continue
    const span = page[at]!
    const chunk = chunks[span >>> OFFSET_BITS]!
    const shift = (span & OFFSET_MASK) - start
    for (let b = start; b < start + length; b++)
      if (bytes[b] !== chunk[shift + b]) {
        differs[row] = 1
        break
      }
  }
}
