// Spark's Murmur3 hash of rows — the `hash()` function, and HashPartitioning's placement pmod(hash(keys), n) — a
// column at a time over typed arrays.
//
// Spark's Murmur3Hash (seed 42) folds the key columns left to right, each value's hash seeding the next; a null
// leaves the seed as it is. Values are hashed as Murmur3_x86_32 does: bytes, shorts, ints, dates and booleans (0/1)
// as one int; longs, timestamps and day-time intervals as one long; floats and doubles by their bits with -0.0 as 0
// and one canonical NaN; strings and binary by their bytes (hashUnsafeBytes, whose tail mixes each byte on its own);
// decimals up to 18 digits as their unscaled long, wider ones by the bytes of the unscaled BigInteger; structs field
// by field and arrays element by element (maps key, value, key, ...), each folded into the same running hash.
//
// Folding column by column gives the same result as row by row, since each row's running hash is independent of the
// others. Nested values use the same loops through a selection of (value row → hash slot) pairs: a struct's fields
// over its valid rows, an array's elements position by position (every first element, then every second, ...), so
// a row's elements are folded in order and every type has one loop, with no closure, object or BigInt per row.
import { IllegalArgumentException } from '../common/errors.js'
import { finish, mix } from '../common/hash.js'
import type { DataType } from '../types/data-types.js'
import { type Column, numbersOf, TWO_32, validityOf } from './column.js'

/** Value rows to fold, each into its hash slot: `rows[t]` of the column folds into `hashes[slots[t]]`. */
interface Selection {
  readonly rows: Int32Array
  readonly slots: Int32Array
  readonly count: number
}

/** Folds a column's values into `hashes`: every row i into slot i when `selection` is null. */
type Folder<T extends DataType = DataType> = (
  hashes: Int32Array,
  column: Column,
  type: T,
  selection: Selection | null,
) => void

const hashInt = (value: number, seed: number) => finish(mix(seed, value) ^ 4)
/** Murmur3_x86_32.hashLong of the int64 (low, high) from `seed`: how Spark hashes longs, timestamps and intervals. */
export const hashLong = (low: number, high: number, seed: number) => finish(mix(mix(seed, low), high) ^ 8)

/** Murmur3_x86_32.hashUnsafeBytes: 4-byte little-endian words, then each remaining byte sign-extended on its own. */
function hashUnsafeBytes(bytes: Uint8Array, start: number, end: number, seed: number): number {
  const aligned = end - ((end - start) & 3)
  let h = seed
  for (let k = start; k < aligned; k += 4) {
    h = mix(h, bytes[k]! | (bytes[k + 1]! << 8) | (bytes[k + 2]! << 16) | (bytes[k + 3]! << 24))
  }
  for (let k = aligned; k < end; k++) h = mix(h, (bytes[k]! << 24) >> 24)
  return finish(h ^ (end - start))
}

/** 0, 1, ..., n - 1 (a loop: a typed array's `from` with a mapping callback is far slower). */
function ascending(n: number): Int32Array {
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = i
  return out
}

/** The rows of `selection` (all `count` rows when null) whose validity bit is set. */
function validRows(valid: Uint8Array, selection: Selection | null, count: number): Selection {
  if (selection === null) {
    const rows = new Int32Array(count)
    let kept = 0
    for (let i = 0; i < count; i++) if ((valid[i >> 3]! >> (i & 7)) & 1) rows[kept++] = i
    return { rows, slots: rows, count: kept }
  }
  const rows = new Int32Array(selection.count)
  const slots = new Int32Array(selection.count)
  let kept = 0
  for (let t = 0; t < selection.count; t++) {
    const row = selection.rows[t]!
    if ((valid[row >> 3]! >> (row & 7)) & 1) {
      rows[kept] = row
      slots[kept++] = selection.slots[t]!
    }
  }
  return { rows, slots, count: kept }
}

const foldInts: Folder = (hashes, column, _type, selection) => {
  const values = column.values as Int8Array | Int16Array | Int32Array
  if (selection === null) {
    for (let i = 0; i < hashes.length; i++) hashes[i] = hashInt(values[i]!, hashes[i]!)
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) hashes[slots[t]!] = hashInt(values[rows[t]!]!, hashes[slots[t]!]!)
}

const foldBooleans: Folder = (hashes, column, _type, selection) => {
  const bits = column.values as Uint8Array
  if (selection === null) {
    for (let i = 0; i < hashes.length; i++) hashes[i] = hashInt((bits[i >> 3]! >> (i & 7)) & 1, hashes[i]!)
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) {
    const row = rows[t]!
    hashes[slots[t]!] = hashInt((bits[row >> 3]! >> (row & 7)) & 1, hashes[slots[t]!]!)
  }
}

/** The int64 values of a long-like column as (low, high) Int32 word pairs, read in place. */
function int64Words(column: Column): Int32Array {
  const values = column.values as unknown
  if (values instanceof BigInt64Array) return new Int32Array(values.buffer, values.byteOffset, column.length * 2)
  // Not stored as int64 (never made by Rivulet's builders): split the whole numbers into words.
  const numbers = numbersOf(column)
  const words = new Int32Array(column.length * 2)
  for (let i = 0; i < column.length; i++) {
    const high = Math.floor(numbers[i]! / TWO_32)
    words[2 * i] = (numbers[i]! - high * TWO_32) | 0
    words[2 * i + 1] = high | 0
  }
  return words
}

/** Folds (low, high) word pairs, `stride` words per row; longs have 2, decimal128 has 4 (the low two hold a long). */
function foldWordPairs(hashes: Int32Array, words: Int32Array, stride: number, selection: Selection | null): void {
  if (selection === null) {
    for (let i = 0, j = 0; i < hashes.length; i++, j += stride)
      hashes[i] = hashLong(words[j]!, words[j + 1]!, hashes[i]!)
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) {
    const j = rows[t]! * stride
    hashes[slots[t]!] = hashLong(words[j]!, words[j + 1]!, hashes[slots[t]!]!)
  }
}

const foldLongs: Folder = (hashes, column, _type, selection) => foldWordPairs(hashes, int64Words(column), 2, selection)

/** Float.floatToIntBits after Spark's normalization: -0.0 hashes as 0, every NaN as the canonical 0x7fc00000. */
const floatBits = (value: number, bits: number) => (value === 0 ? 0 : Number.isNaN(value) ? 0x7fc00000 : bits)

const foldFloats: Folder = (hashes, column, _type, selection) => {
  const values = column.values as Float32Array
  const bits = new Int32Array(values.buffer, values.byteOffset, values.length)
  if (selection === null) {
    for (let i = 0; i < hashes.length; i++) hashes[i] = hashInt(floatBits(values[i]!, bits[i]!), hashes[i]!)
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) {
    const row = rows[t]!
    hashes[slots[t]!] = hashInt(floatBits(values[row]!, bits[row]!), hashes[slots[t]!]!)
  }
}

/** Double.doubleToLongBits after Spark's normalization, as one long: -0.0 is 0, every NaN is 0x7ff8000000000000. */
function hashDouble(value: number, low: number, high: number, seed: number): number {
  if (value === 0) return hashLong(0, 0, seed)
  if (Number.isNaN(value)) return hashLong(0, 0x7ff80000, seed)
  return hashLong(low, high, seed)
}

const foldDoubles: Folder = (hashes, column, _type, selection) => {
  const values = column.values as Float64Array
  const words = new Int32Array(values.buffer, values.byteOffset, values.length * 2)
  if (selection === null) {
    for (let i = 0; i < hashes.length; i++) {
      hashes[i] = hashDouble(values[i]!, words[2 * i]!, words[2 * i + 1]!, hashes[i]!)
    }
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) {
    const row = rows[t]!
    hashes[slots[t]!] = hashDouble(values[row]!, words[2 * row]!, words[2 * row + 1]!, hashes[slots[t]!]!)
  }
}

const foldBytes: Folder = (hashes, column, _type, selection) => {
  const offsets = column.valueOffsets as Int32Array
  const bytes = column.values as Uint8Array
  if (selection === null) {
    for (let i = 0; i < hashes.length; i++) hashes[i] = hashUnsafeBytes(bytes, offsets[i]!, offsets[i + 1]!, hashes[i]!)
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) {
    const row = rows[t]!
    hashes[slots[t]!] = hashUnsafeBytes(bytes, offsets[row]!, offsets[row + 1]!, hashes[slots[t]!]!)
  }
}

/** Decimal.MAX_LONG_DIGITS: up to this precision Spark hashes a decimal's unscaled value as a long. */
const MAX_LONG_DIGITS = 18
/** The bytes `toByteArray` fills: a decimal128's unscaled value, big-endian (read from the start it returns). */
export const decimalBytes = new Uint8Array(16)

/**
 * BigInteger.toByteArray of the decimal128 at words[j..j+4): fills `decimalBytes` and returns where its shortest
 * big-endian two's complement form starts (Spark hashes wide decimals by these bytes).
 */
export function toByteArray(words: Int32Array, j: number): number {
  for (let k = 0; k < 4; k++) {
    const word = words[j + 3 - k]!
    decimalBytes[4 * k] = word >>> 24
    decimalBytes[4 * k + 1] = word >>> 16
    decimalBytes[4 * k + 2] = word >>> 8
    decimalBytes[4 * k + 3] = word
  }
  let start = 0
  while (
    start < 15 &&
    ((decimalBytes[start] === 0 && decimalBytes[start + 1]! < 0x80) ||
      (decimalBytes[start] === 0xff && decimalBytes[start + 1]! >= 0x80))
  ) {
    start++
  }
  return start
}

const hashWideDecimal = (words: Int32Array, j: number, seed: number): number =>
  hashUnsafeBytes(decimalBytes, toByteArray(words, j), 16, seed)

const foldDecimals: Folder<Extract<DataType, { kind: 'decimal' }>> = (hashes, column, type, selection) => {
  const values = column.values as Uint32Array
  const words = new Int32Array(values.buffer, values.byteOffset, column.length * 4)
  if (type.precision <= MAX_LONG_DIGITS) {
    foldWordPairs(hashes, words, 4, selection)
    return
  }
  if (selection === null) {
    for (let i = 0; i < hashes.length; i++) hashes[i] = hashWideDecimal(words, 4 * i, hashes[i]!)
    return
  }
  const { rows, slots, count } = selection
  for (let t = 0; t < count; t++) hashes[slots[t]!] = hashWideDecimal(words, 4 * rows[t]!, hashes[slots[t]!]!)
}

const foldStruct: Folder<Extract<DataType, { kind: 'struct' }>> = (hashes, column, type, selection) => {
  for (let k = 0; k < type.fields.length; k++) {
    foldColumn(hashes, column.children[k]!, type.fields[k]!.dataType, selection)
  }
}

/**
 * Folds the elements of a list column (array or map) in order: round p folds the p-th element of every row that has
 * one, through `foldAt`, so each row's elements reach its hash in order.
 */
function foldElements(
  hashes: Int32Array,
  column: Column,
  selection: Selection | null,
  foldAt: (elements: Selection) => void,
): void {
  const offsets = column.valueOffsets as Int32Array
  let active = selection === null ? hashes.length : selection.count
  const rows = selection === null ? ascending(active) : selection.rows.slice(0, active)
  const slots = selection === null ? rows.slice() : selection.slots.slice(0, active)
  const elementRows = new Int32Array(active)
  const elementSlots = new Int32Array(active)
  for (let position = 0; active > 0; position++) {
    let found = 0
    for (let t = 0; t < active; t++) {
      const row = rows[t]!
      const element = offsets[row]! + position
      if (element < offsets[row + 1]!) {
        elementRows[found] = element
        elementSlots[found] = slots[t]!
        // Rows with an element here may have one at the next position; the others are done.
        rows[found] = row
        slots[found] = slots[t]!
        found++
      }
    }
    if (found > 0) foldAt({ rows: elementRows, slots: elementSlots, count: found })
    active = found
  }
}

const foldArray: Folder<Extract<DataType, { kind: 'array' }>> = (hashes, column, type, selection) => {
  foldElements(hashes, column, selection, (elements) =>
    foldColumn(hashes, column.children[0]!, type.elementType, elements),
  )
}

/** A map is a list of (key, value) entries: Spark folds key, value, key, value, ... */
const foldMap: Folder<Extract<DataType, { kind: 'map' }>> = (hashes, column, type, selection) => {
  const entries = column.children[0]!
  foldElements(hashes, column, selection, (elements) => {
    foldColumn(hashes, entries.children[0]!, type.keyType, elements)
    foldColumn(hashes, entries.children[1]!, type.valueType, elements)
  })
}

/** One folder per Spark type, so a new type does not compile until it says how Spark hashes it. */
const folders: { readonly [K in DataType['kind']]: Folder<Extract<DataType, { kind: K }>> } = {
  // NullType: every value is null, which leaves the seed.
  null: () => {},
  boolean: foldBooleans,
  byte: foldInts,
  short: foldInts,
  integer: foldInts,
  date: foldInts,
  year_month_interval: foldInts,
  long: foldLongs,
  timestamp: foldLongs,
  timestamp_ntz: foldLongs,
  interval: foldLongs,
  float: foldFloats,
  double: foldDoubles,
  string: foldBytes,
  binary: foldBytes,
  decimal: foldDecimals,
  struct: foldStruct,
  array: foldArray,
  map: foldMap,
}

function foldColumn(hashes: Int32Array, column: Column, type: DataType, selection: Selection | null): void {
  const valid = validityOf(column)
  const selected = valid === null ? selection : validRows(valid, selection, hashes.length)
  ;(folders[type.kind] as Folder)(hashes, column, type, selected)
}

/**
 * Spark's `hash(columns...)` (Murmur3Hash) of each of the first `rows` rows: the columns folded left to right from
 * `seed`, 42 as Spark's `hash()` and HashPartitioning use.
 */
export function sparkHash(columns: readonly Column[], types: readonly DataType[], rows: number, seed = 42): Int32Array {
  const hashes = new Int32Array(rows).fill(seed)
  for (let k = 0; k < columns.length; k++) foldColumn(hashes, columns[k]!, types[k]!, null)
  return hashes
}

/** `sparkHash` of only the rows `rows[0..count)` of the columns (hash t for row rows[t]), read in place. */
export function sparkHashOfRows(
  columns: readonly Column[],
  types: readonly DataType[],
  rows: Int32Array,
  count: number,
  seed = 42,
): Int32Array {
  const hashes = new Int32Array(count).fill(seed)
  const selection = { rows, slots: ascending(count), count }
  for (let k = 0; k < columns.length; k++) foldColumn(hashes, columns[k]!, types[k]!, selection)
  return hashes
}

/** The partition of each hash: Spark's `pmod(hash, n)`, in [0, n). */
export function partitionIds(hashes: Int32Array, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 1 || n > 0x7fffffff) {
    throw new IllegalArgumentException(`The number of partitions must be a positive integer, got ${n}.`)
  }
  const ids = new Int32Array(hashes.length)
  if ((n & (n - 1)) === 0) {
    // A power of two: the low bits of the two's complement hash are its non-negative residue.
    const mask = n - 1
    for (let i = 0; i < hashes.length; i++) ids[i] = hashes[i]! & mask
    return ids
  }
  // Readable form: const r = h % n; ids[i] = r < 0 ? r + n : r. Floored division is exact here (|h| < 2^31, so the
  // quotient's rounding error is far below 1/n) and an order of magnitude faster than V8's int32 `%`.
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i]!
    ids[i] = h - Math.floor(h / n) * n
  }
  return ids
}
