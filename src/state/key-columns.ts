// Key columns flattened to leaves (structs become their fields) and hashed column by column, for group-by state.
import { bitAt, type Column, int64WordsOf, isInt64Backed, keyTextAt, numbersOf, validityOf } from '../arrow/index.js'
import { hashBytes, hashNumber, hashText, mix } from '../common/hash.js'
import type { DataType } from '../types/data-types.js'

/** How a leaf key column is stored and compared: as numbers, as bytes, or (rare types) as JSON text. */
export type LeafKind = 'number' | 'bytes' | 'json'

export interface KeyLeaf {
  readonly kind: LeafKind
  readonly type: DataType
  /** A number leaf held as int64 (BIGINT, timestamps, intervals): stored, hashed and compared as its two words. */
  readonly int64: boolean
  /** Index of the struct (in `structs`) whose null flag also applies, or -1. */
  readonly parent: number
}

/** The leaves of a list of key types, depth first; struct types contribute their fields and a null flag. */
export interface KeyLayout {
  readonly types: readonly DataType[]
  readonly leaves: readonly KeyLeaf[]
  /** Struct key positions (including nested), each with its parent struct or -1. */
  readonly structs: readonly { readonly type: DataType; readonly parent: number }[]
}

/** Decimals wider than 15 digits would share doubles: they are compared by their exact text instead. */
const leafKind = (t: DataType): LeafKind =>
  t.kind === 'string' || t.kind === 'binary'
    ? 'bytes'
    : t.kind === 'array' || t.kind === 'map' || (t.kind === 'decimal' && t.precision > 15)
      ? 'json'
      : 'number'

export function keyLayout(types: readonly DataType[]): KeyLayout {
  const leaves: KeyLeaf[] = []
  const structs: { type: DataType; parent: number }[] = []
  const visit = (t: DataType, parent: number) => {
    if (t.kind === 'struct') {
      const index = structs.length
      structs.push({ type: t, parent })
      for (const f of t.fields) visit(f.dataType, index)
    } else leaves.push({ kind: leafKind(t), type: t, int64: isInt64Backed(t), parent })
  }
  for (const t of types) visit(t, -1)
  return { types, leaves, structs }
}

/** A batch's key columns split into leaves, with each leaf's effective validity (struct nulls folded in). */
export interface LeafColumns {
  readonly columns: readonly Column[]
  /** Per leaf: null when every row is valid. */
  readonly validity: readonly (Uint8Array | null)[]
  /** Per struct: validity of the struct itself. */
  readonly structValidity: readonly (Uint8Array | null)[]
}

export function leafColumns(layout: KeyLayout, keys: readonly Column[]): LeafColumns {
  const columns: Column[] = []
  const validity: (Uint8Array | null)[] = []
  const structValidity: (Uint8Array | null)[] = []
  const visit = (column: Column, type: DataType, inherited: Uint8Array | null) => {
    const own = validityOf(column)
    const combined = own === null ? inherited : inherited === null ? own : own.map((b, i) => b & inherited[i]!)
    if (type.kind === 'struct') {
      structValidity.push(combined)
      type.fields.forEach((f, k) => {
        visit(column.children[k]!, f.dataType, combined)
      })
    } else {
      columns.push(column)
      validity.push(combined)
    }
  }
  keys.forEach((column, k) => {
    visit(column, layout.types[k]!, null)
  })
  return { columns, validity, structValidity }
}

const NULL_HASH = 0x5bd1e995

/**
 * One hash per row over all leaves (computed column by column). `repeats[i]` is set to 1 when row i's key is known
 * to equal row i - 1's (every leaf a non-null number equal to the row before; such a row copies that row's hash
 * instead of mixing it); 0 means "not known", not "different".
 */
export function hashRows(
  layout: KeyLayout,
  leaves: LeafColumns,
  rows: number,
  out: Int32Array,
  repeats: Uint8Array,
): void {
  out.fill(0x9747b28c, 0, rows)
  repeats.fill(1, 1, rows)
  repeats[0] = 0
  layout.leaves.forEach((leaf, k) => {
    const column = leaves.columns[k]!
    const validity = leaves.validity[k]!
    if (leaf.int64) {
      hashInt64Rows(int64WordsOf(column), validity, rows, out, repeats)
      return
    }
    if (leaf.kind === 'number' && leaf.type.kind !== 'boolean' && validity === null) {
      const values = numbersOf(column)
      for (let i = 0; i < rows; i++) {
        if (repeats[i] === 1 && values[i] === values[i - 1]) out[i] = out[i - 1]!
        else {
          repeats[i] = 0
          out[i] = hashNumber(out[i]!, values[i]!)
        }
      }
      return
    }
    if (leaf.kind === 'bytes') {
      hashByteRows(column, validity, rows, out, repeats)
      return
    }
    repeats.fill(0, 0, rows)
    if (leaf.kind === 'number') {
      const values = leaf.type.kind === 'boolean' ? null : numbersOf(column)
      const bits = leaf.type.kind === 'boolean' ? (column.values as Uint8Array) : null
      for (let i = 0; i < rows; i++) {
        if (validity !== null && !bitAt(validity, i)) out[i] = mix(out[i]!, NULL_HASH)
        else out[i] = bits ? mix(out[i]!, bitAt(bits, i) ? 1 : 0) : hashNumber(out[i]!, values![i]!)
      }
    } else {
      for (let i = 0; i < rows; i++) {
        out[i] =
          validity !== null && !bitAt(validity, i)
            ? mix(out[i]!, NULL_HASH)
            : hashText(out[i]!, keyTextAt(column, leaf.type, i))
      }
    }
  })
  layout.structs.forEach((_, s) => {
    const validity = leaves.structValidity[s]!
    if (validity === null) return
    repeats.fill(0, 0, rows)
    for (let i = 0; i < rows; i++) if (!bitAt(validity, i)) out[i] = mix(out[i]!, NULL_HASH + s)
  })
}

/**
 * hashRows for an int64 leaf, from its (low, high) words: no double is made, and values past 2^53 that share a double
 * still hash apart. A row repeats the row before when its earlier leaves do and both words (non-null) are equal.
 */
function hashInt64Rows(
  words: Int32Array,
  validity: Uint8Array | null,
  rows: number,
  out: Int32Array,
  repeats: Uint8Array,
): void {
  for (let i = 0; i < rows; i++) {
    const low = words[2 * i]!
    const high = words[2 * i + 1]!
    if (validity !== null && !bitAt(validity, i)) {
      repeats[i] = 0
      out[i] = mix(out[i]!, NULL_HASH)
    } else if (
      repeats[i] === 1 &&
      low === words[2 * i - 2] &&
      high === words[2 * i - 1] &&
      (validity === null || bitAt(validity, i - 1))
    ) {
      out[i] = out[i - 1]!
    } else {
      repeats[i] = 0
      // One mix of both words: the high word, spread by a multiply by the golden ratio, folded into the low word.
      out[i] = mix(out[i]!, low ^ Math.imul(high, 0x9e3779b1))
    }
  }
}

/**
 * hashRows for a string or binary leaf. A row whose earlier leaves repeat the row before it (`repeats[i]` 1) and whose
 * bytes equal that row's (both non-null) copies its hash and still repeats: a batch of one day's rows, grouped by
 * that day's text, probes the table once per run of rows rather than once per row.
 */
function hashByteRows(
  column: Column,
  validity: Uint8Array | null,
  rows: number,
  out: Int32Array,
  repeats: Uint8Array,
): void {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  for (let i = 0; i < rows; i++) {
    const start = offsets[i]!
    const end = offsets[i + 1]!
    if (validity !== null && !bitAt(validity, i)) {
      repeats[i] = 0
      out[i] = mix(out[i]!, NULL_HASH)
    } else if (
      repeats[i] === 1 &&
      (validity === null || bitAt(validity, i - 1)) &&
      sameBytes(bytes, offsets[i - 1]!, start, end)
    ) {
      out[i] = out[i - 1]!
    } else {
      repeats[i] = 0
      out[i] = hashBytes(out[i]!, bytes, start, end)
    }
  }
}

/** Whether bytes[previous, start) equal bytes[start, end) (two adjacent rows of one column). */
function sameBytes(bytes: Uint8Array, previous: number, start: number, end: number): boolean {
  if (start - previous !== end - start) return false
  for (let k = 0; k < end - start; k++) if (bytes[previous + k] !== bytes[start + k]) return false
  return true
}
