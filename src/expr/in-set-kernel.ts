// Spark's InSet over a column: one hash lookup per row against the list's values, built once per query.
import { bitAt, boolColumn, type Column, newBitmap, numbersOf, validityOf } from '../arrow/index.js'
import type { LiteralSet } from './literal-set.js'

/** Sets bit `i` of `bits` for each row valid in `validity` (null: every row) whose value is one of the set's. */
type Probe = (column: Column, validity: Uint8Array | null, bits: Uint8Array) => void

/**
 * `value IN set` for each row: true when the value is in the set; NULL when the value is NULL, or when it matched
 * nothing and the list holds a NULL; false otherwise.
 */
export function inSetKernel(set: LiteralSet): (column: Column) => Column {
  const probe = set.kind === 'numbers' ? numberProbe(set.values) : utf8Probe(set.values)
  const listHasNull = set.nulls.length > 0
  return (column) => {
    const n = column.length
    const bits = newBitmap(n)
    const validity = validityOf(column)
    probe(column, validity, bits)
    // The NULL rows stay NULL; a NULL in the list leaves only the matches valid (the others are NULL, not false).
    return boolColumn(bits, n, listHasNull ? bits.slice() : validity)
  }
}

/**
 * Numbers by value (a JS Set compares with SameValueZero: NaN matches NaN and -0 matches 0, as Spark's ordering
 * does). A BIGINT past 2^53 reads as a double that is not a safe integer, so it never matches a listed integer.
 */
function numberProbe(values: Float64Array): Probe {
  const set = new Set<number>(values)
  return (column, validity, bits) => {
    const numbers = numbersOf(column)
    for (let i = 0; i < column.length; i++) {
      if ((validity === null || bitAt(validity, i)) && set.has(numbers[i]!)) bits[i >> 3]! |= 1 << (i & 7)
    }
  }
}

/** FNV-1a over UTF-8 bytes. */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5
  for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193)
  return h >>> 0
}

/**
 * Strings as their UTF-8 bytes in an open-addressing table, so a row is hashed and compared in the column's own
 * buffer, never decoded into a JS string.
 */
function utf8Probe(values: readonly string[]): Probe {
  const encoder = new TextEncoder()
  const encoded = values.map((v) => encoder.encode(v))
  const offsets = new Int32Array(encoded.length + 1)
  for (let i = 0; i < encoded.length; i++) offsets[i + 1] = offsets[i]! + encoded[i]!.length
  const bytes = new Uint8Array(offsets[encoded.length]!)
  for (let i = 0; i < encoded.length; i++) bytes.set(encoded[i]!, offsets[i]!)
  let size = 2
  while (size < encoded.length * 2) size *= 2
  const mask = size - 1
  // slot → entry index + 1 (0 is empty); duplicates are kept once.
  const slots = new Int32Array(size)
  const same = (a: Uint8Array, aStart: number, aEnd: number, entry: number) => {
    const start = offsets[entry]!
    if (aEnd - aStart !== offsets[entry + 1]! - start) return false
    for (let k = 0; k < aEnd - aStart; k++) if (a[aStart + k] !== bytes[start + k]) return false
    return true
  }
  const find = (a: Uint8Array, start: number, end: number): number => {
    for (let s = hashBytes(a, start, end) & mask; ; s = (s + 1) & mask) {
      const entry = slots[s]!
      if (entry === 0 || same(a, start, end, entry - 1)) return s
    }
  }
  for (let i = 0; i < encoded.length; i++) {
    const s = find(bytes, offsets[i]!, offsets[i + 1]!)
    if (slots[s] === 0) slots[s] = i + 1
  }
  return (column, validity, bits) => {
    const rowBytes = column.values as Uint8Array
    const rowOffsets = column.valueOffsets as Int32Array
    for (let i = 0; i < column.length; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      if (slots[find(rowBytes, rowOffsets[i]!, rowOffsets[i + 1]!)] !== 0) bits[i >> 3]! |= 1 << (i & 7)
    }
  }
}
