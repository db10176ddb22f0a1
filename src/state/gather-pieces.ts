// One output column gathered from pieces, one after the other: rows of Arrow columns and rows held in a ColumnStore
// (at slots), each value copied once, straight from where it is. A join's output takes the probing batch's rows
// beside the other side's state rows this way, without first reading the state rows into columns of their own.
import {
  arrayTypeFor,
  bitAt,
  type Column,
  concatColumns,
  copyBytes,
  type NumberArray,
  newBitmap,
  numericColumn,
  setBit,
  stringDataColumn,
  take,
  validityOf,
} from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import type { ColumnStore } from './column-store.js'
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'
import { copySlotWords, copySpanBytes, repeatInPlace } from './slot-reads.js'

/** Rows of an Arrow column, or the rows of a ColumnStore's column `column` at `slots`. */
export type ColumnPiece =
  | { readonly kind: 'rows'; readonly column: Column; readonly rows: Int32Array }
  | { readonly kind: 'slots'; readonly store: ColumnStore; readonly column: number; readonly slots: Int32Array }

/** How a column of a type is gathered value by value: its bytes, its int64 words, or its plain typed array. */
type Layout = 'bytes' | 'int64' | 'plain'

const INT64_KINDS = new Set(['long', 'timestamp', 'timestamp_ntz'])
const PLAIN_KINDS = new Set(['byte', 'short', 'integer', 'date', 'float', 'double'])

/** The pieces' rows one after the other, as one column of `type`. */
export function gatherPieces(type: DataType, pieces: readonly ColumnPiece[]): Column {
  const only = pieces.length === 1 ? pieces[0]! : null
  if (only?.kind === 'rows') return take(only.column, only.rows)
  const layout = layoutOf(type, pieces)
  if (layout === null) return concatColumns(pieces.map(materialized))
  let length = 0
  for (const piece of pieces) length += piece.kind === 'rows' ? piece.rows.length : piece.slots.length
  const validity = gatherValidity(pieces, length)
  if (layout === 'bytes') return gatherBytes(type, pieces, length, validity)
  if (layout === 'int64') return numericColumn(type, gatherInt64(pieces, length), validity)
  return numericColumn(type, gatherPlain(type, pieces, length), validity)
}

/** A piece as a column of its own (for types gathered by concatenation). */
function materialized(piece: ColumnPiece): Column {
  return piece.kind === 'rows' ? take(piece.column, piece.rows) : piece.store.column(piece.column, piece.slots)
}

/** The layout every piece can be gathered in value by value, or null (nested, boolean, decimal, JSON-held...). */
function layoutOf(type: DataType, pieces: readonly ColumnPiece[]): Layout | null {
  const layout: Layout | null =
    type.kind === 'string' || type.kind === 'binary'
      ? 'bytes'
      : INT64_KINDS.has(type.kind)
        ? 'int64'
        : PLAIN_KINDS.has(type.kind)
          ? 'plain'
          : null
  if (layout === null) return null
  const plainArray = layout === 'plain' ? arrayTypeFor(type) : null
  for (const piece of pieces) {
    if (piece.kind === 'slots') {
      const leaf = piece.store.leafOf(piece.column)
      if (leaf < 0) return null
      const { kind, int64 } = piece.store.layout.leaves[leaf]!
      if (kind !== (layout === 'bytes' ? 'bytes' : 'number') || int64 !== (layout === 'int64')) return null
      continue
    }
    const { column } = piece
    if (column.offset !== 0) return null
    if (layout === 'bytes' && !(column.valueOffsets instanceof Int32Array && column.values instanceof Uint8Array))
      return null
    if (layout === 'int64' && !(column.values instanceof BigInt64Array)) return null
    if (plainArray !== null && (!(column.values instanceof plainArray) || column.stride !== 1)) return null
  }
  return layout
}

/** The validity of the gathered rows, or null when none of them is null. */
function gatherValidity(pieces: readonly ColumnPiece[], length: number): Uint8Array | null {
  if (pieces.every((p) => (p.kind === 'rows' ? p.column.nullCount === 0 : !p.store.hasNulls))) return null
  const bits = newBitmap(length)
  let nulls = 0
  let at = 0
  for (const piece of pieces) {
    if (piece.kind === 'rows') {
      const { rows } = piece
      const source = validityOf(piece.column)
      for (let i = 0; i < rows.length; i++, at++) {
        if (source === null || bitAt(source, rows[i]!)) setBit(bits, at)
        else nulls++
      }
    } else {
      const { slots, store } = piece
      const flags = store.leaves[store.leafOf(piece.column)]!.nulls
      for (let i = 0; i < slots.length; i++, at++) {
        const g = slots[i]!
        if (!store.hasNulls || flags[g >>> PAGE_BITS]![g & SLOT_MASK] === 0) setBit(bits, at)
        else nulls++
      }
    }
  }
  return nulls > 0 ? bits : null
}

/** Strings or binary: offsets from the values' lengths, then each run of adjacent values copied at once. */
function gatherBytes(type: DataType, pieces: readonly ColumnPiece[], length: number, validity: Uint8Array | null) {
  const offsets = new Int32Array(length + 1)
  let at = 0
  for (const piece of pieces) {
    if (piece.kind === 'rows') {
      const { rows } = piece
      const from = piece.column.valueOffsets as Int32Array
      for (let i = 0; i < rows.length; i++, at++) offsets[at + 1] = offsets[at]! + from[rows[i]! + 1]! - from[rows[i]!]!
    } else {
      const { slots } = piece
      const spans = piece.store.leaves[piece.store.leafOf(piece.column)]!.spans
      // A null's span length is 0.
      for (let i = 0; i < slots.length; i++, at++) {
        const g = slots[i]!
        offsets[at + 1] = offsets[at]! + spans[g >>> PAGE_BITS]![2 * (g & SLOT_MASK) + 1]!
      }
    }
  }
  const data = new Uint8Array(offsets[length]!)
  at = 0
  for (const piece of pieces) {
    if (piece.kind === 'rows') at = copyRows(piece.column, piece.rows, offsets, data, at)
    else {
      copySpanBytes(piece.store.leaves[piece.store.leafOf(piece.column)]!, piece.slots, offsets, at, data)
      at += piece.slots.length
    }
  }
  return stringDataColumn(type.kind === 'binary', length, offsets, data, validity)
}

/**
 * Copies the bytes of `rows` of a string column to output rows from `at` on: runs of consecutive rows at once, and a
 * row repeated (one probing row's pairs) once, then doubled in place.
 */
function copyRows(column: Column, rows: Int32Array, offsets: Int32Array, data: Uint8Array, at: number): number {
  const from = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  const n = rows.length
  for (let i = 0; i < n; ) {
    const row = rows[i]!
    let end = i + 1
    if (end < n && rows[end] === row) {
      while (end < n && rows[end] === row) end++
      copyBytes(bytes, from[row]!, from[row + 1]!, data, offsets[at + i]!)
      repeatInPlace(data, offsets[at + i]!, from[row + 1]! - from[row]!, end - i)
    } else {
      while (end < n && rows[end] === rows[end - 1]! + 1) end++
      copyBytes(bytes, from[row]!, from[rows[end - 1]! + 1]!, data, offsets[at + i]!)
    }
    i = end
  }
  return at + n
}

/** int64 words: copied from Arrow columns and from a store's words alike. */
function gatherInt64(pieces: readonly ColumnPiece[], length: number): BigInt64Array {
  const out = new BigInt64Array(length)
  const words = new Int32Array(out.buffer)
  let at = 0
  for (const piece of pieces) {
    if (piece.kind === 'rows') {
      const { rows } = piece
      const values = piece.column.values as BigInt64Array
      const from = new Int32Array(values.buffer, values.byteOffset, values.length * 2)
      for (let i = 0; i < rows.length; i++, at++) {
        words[2 * at] = from[2 * rows[i]!]!
        words[2 * at + 1] = from[2 * rows[i]! + 1]!
      }
      continue
    }
    copySlotWords(piece.store.leaves[piece.store.leafOf(piece.column)]!, piece.slots, words, at)
    at += piece.slots.length
  }
  return out
}

/** Numbers held in the type's own typed array (ints, floats, dates): copied value by value. */
function gatherPlain(type: DataType, pieces: readonly ColumnPiece[], length: number): NumberArray {
  const out = new (arrayTypeFor(type))(length)
  let at = 0
  for (const piece of pieces) {
    if (piece.kind === 'rows') {
      const { rows } = piece
      const values = piece.column.values as unknown as NumberArray
      for (let i = 0; i < rows.length; i++, at++) out[at] = values[rows[i]!]!
      continue
    }
    const { slots } = piece
    const { numbers } = piece.store.leaves[piece.store.leafOf(piece.column)]!
    for (let i = 0; i < slots.length; i++, at++) {
      const g = slots[i]!
      out[at] = numbers[g >>> PAGE_BITS]![g & SLOT_MASK]!
    }
  }
  return out
}
