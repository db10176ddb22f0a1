// Typed-array access to Arrow columns: validity bitmaps, numeric views (int64 without BigInt), primitive builders.
//
// Invariant: every column inside Rivulet has offset 0 (sources build them so; external data is normalized on
// ingest), so kernels index `values` and validity bits directly.
import { type DataType as ArrowType, Bool, type Data, makeData, Type } from 'apache-arrow'
import type { DataType } from '../types/data-types.js'
import { toArrowType } from './arrow-types.js'
import { decimalText, EXACT, unscaledBigIntAt, unscaledOf } from './decimal128.js'

export type Column = Data
export type NumberArray = Int8Array | Int16Array | Int32Array | Float32Array | Float64Array | Uint8Array

export const TWO_32 = 4294967296
/** 2^-32: multiplying by it is exact (a power of two) and faster than dividing by 2^32. */
const INVERSE_TWO_32 = 1 / TWO_32

/** The validity bitmap of a column, or null when it has no nulls (bit i set = row i is valid). */
export function validityOf(column: Column): Uint8Array | null {
  if (column.nullCount === 0) return null
  return column.nullBitmap ?? allNullBitmap(column)
}

const allNullBitmaps = new WeakMap<Column, Uint8Array>()

/** NullType columns have nulls but no bitmap: every row is null. */
function allNullBitmap(column: Column): Uint8Array {
  let bits = allNullBitmaps.get(column)
  if (!bits) allNullBitmaps.set(column, (bits = newBitmap(column.length)))
  return bits
}

/** Whether bit `i` of a bitmap is set. */
export function bitAt(bits: Uint8Array, i: number): boolean {
  return ((bits[i >> 3]! >> (i & 7)) & 1) === 1
}

export function setBit(bits: Uint8Array, i: number): void {
  bits[i >> 3]! |= 1 << (i & 7)
}

/** A zeroed bitmap for `length` bits. */
export function newBitmap(length: number): Uint8Array {
  return new Uint8Array((length + 7) >> 3)
}

/** A bitmap with the first `length` bits set. */
export function allValidBitmap(length: number): Uint8Array {
  const bits = newBitmap(length).fill(255)
  const tail = length & 7
  if (tail !== 0) bits[bits.length - 1] = (1 << tail) - 1
  return bits
}

/** The number of unset bits among the first `length`. */
export function countUnset(bits: Uint8Array, length: number): number {
  let set = 0
  const full = length >> 3
  for (let i = 0; i < full; i++) set += popcount8[bits[i]!]!
  for (let i = full << 3; i < length; i++) if (bitAt(bits, i)) set++
  return length - set
}

const popcount8 = new Uint8Array(256).map((_, b) => {
  let count = 0
  for (let v = b; v; v >>= 1) count += v & 1
  return count
})

/** Is row `i` of the column null? (Slow path for per-row code such as formatting.) */
export function isNullAt(column: Column, i: number): boolean {
  const bits = validityOf(column)
  return bits !== null && !bitAt(bits, i)
}

const float64Views = new WeakMap<Column, Float64Array>()

/**
 * The values of a numeric, date, timestamp or decimal column as JS numbers, indexable by row. Most types are the
 * column's own buffer; int64-backed and decimal columns are converted once (without BigInt) and cached.
 */
export function numbersOf(column: Column): NumberArray {
  const values = column.values as unknown
  if (values instanceof BigInt64Array) return cachedFloat64(column, () => int64ToFloat64(values, column.length))
  if (values instanceof Uint32Array) {
    const scale = (column.type as { scale?: number }).scale ?? 0
    return cachedFloat64(column, () => decimal128ToFloat64(column, scale))
  }
  return values as NumberArray
}

/**
 * The int64 words (low, high per row) of an int64-backed column whose values have not been converted to numbers yet,
 * for a single pass that should not allocate the conversion; null when `numbersOf` is free or the type is not int64.
 */
export function unconvertedInt64Words(column: Column): Int32Array | null {
  const values = column.values as unknown
  if (!(values instanceof BigInt64Array) || float64Views.has(column)) return null
  return new Int32Array(values.buffer, values.byteOffset, column.length * 2)
}

function cachedFloat64(column: Column, convert: () => Float64Array): Float64Array {
  let view = float64Views.get(column)
  if (!view) float64Views.set(column, (view = convert()))
  return view
}

/** Reads int64 values through an Int32 view: hi * 2^32 + lo, exact up to 2^53. */
export function int64ToFloat64(values: BigInt64Array, length: number): Float64Array {
  const words = new Int32Array(values.buffer, values.byteOffset, length * 2)
  const out = new Float64Array(length)
  for (let i = 0, j = 0; i < length; i++, j += 2) out[i] = words[j + 1]! * TWO_32 + (words[j]! >>> 0)
  return out
}

/**
 * Row values of a numeric column as numbers, except int64 values past 2^53, which come as bigints (their double may
 * be a neighbour's too): keys and held values that must stay exact.
 */
export function exactNumberReader(column: Column): (row: number) => number | bigint {
  const values = numbersOf(column)
  const longs = column.values as unknown
  if (!(longs instanceof BigInt64Array)) return (row) => values[row]!
  return (row) => (Math.abs(values[row]!) < EXACT ? values[row]! : longs[row]!)
}

/** An int64 column's values as (low, high) 32-bit words, two per row: the low word tells apart values past 2^53. */
export function int64WordsOf(column: Column): Int32Array {
  const values = column.values as unknown
  const longs = values instanceof BigInt64Array ? values : float64ToInt64(numbersOf(column), column.length)
  return new Int32Array(longs.buffer, longs.byteOffset, column.length * 2)
}

/**
 * Writes at words[2·at], words[2·at + 1] the int64 whose nearest double is `d`: exact below 2^53; past it, `low` (the
 * value's low 32-bit word, read only there) picks the one value within 2^10 of `d`.
 */
export function writeInt64Words(words: Int32Array, at: number, d: number, low: number): void {
  let hi = Math.floor(d * INVERSE_TWO_32)
  const lo = d - hi * TWO_32
  if (d >= EXACT || d <= -EXACT) {
    const delta = (low >>> 0) - lo
    if (delta > 2 ** 31) hi--
    else if (delta < -(2 ** 31)) hi++
    words[2 * at] = low
  } else words[2 * at] = lo | 0
  words[2 * at + 1] = hi | 0
}

/**
 * An int64 column from each value's nearest double (as `numbersOf` reads it) and its low 32-bit word: past 2^53 the
 * double fixes the value to within 2^10, and the low word picks the one exact value there; `lowAt` is asked only for
 * rows past 2^53. The column keeps `doubles` as its numbersOf view: they are the values' nearest doubles, as numbersOf
 * would decode them.
 */
export function int64ColumnFromParts(
  type: DataType,
  doubles: Float64Array,
  lowAt: (row: number) => number,
  validity: Uint8Array | null,
): Column {
  const n = doubles.length
  const out = new BigInt64Array(n)
  const words = new Int32Array(out.buffer)
  for (let i = 0; i < n; i++) {
    const d = doubles[i]!
    writeInt64Words(words, i, d, d >= EXACT || d <= -EXACT ? lowAt(i) : 0)
  }
  const column = numericColumn(type, out, validity)
  float64Views.set(column, doubles)
  return column
}

/** Writes numbers (truncated toward zero) as int64 words, without BigInt. */
export function float64ToInt64(values: ArrayLike<number>, length: number): BigInt64Array {
  const out = new BigInt64Array(length)
  const words = new Int32Array(out.buffer)
  for (let i = 0, j = 0; i < length; i++, j += 2) {
    const v = Math.trunc(values[i]!) || 0
    const hi = Math.floor(v * INVERSE_TWO_32)
    words[j] = (v - hi * TWO_32) | 0
    words[j + 1] = hi | 0
  }
  return out
}

/** The nearest doubles to a Decimal128 column's values (each unscaled value read exactly, then divided once). */
function decimal128ToFloat64(column: Column, scale: number): Float64Array {
  const unscaled = unscaledOf(column)
  const out = new Float64Array(column.length)
  const divisor = 10 ** scale
  for (let i = 0; i < out.length; i++) {
    const v = unscaled[i]!
    out[i] = Number.isNaN(v)
      ? Number(decimalText(unscaledBigIntAt(column.values as Uint32Array, i), scale))
      : v / divisor
  }
  return out
}

function float64ToDecimal128(values: ArrayLike<number>, length: number, scale: number): Uint32Array {
  const out = new Uint32Array(length * 4)
  const factor = 10 ** scale
  for (let i = 0, j = 0; i < length; i++, j += 4) {
    const v = Math.round(values[i]! * factor) || 0
    const hi = Math.floor(v * INVERSE_TWO_32)
    out[j] = v - hi * TWO_32
    out[j + 1] = hi >>> 0
    out[j + 2] = out[j + 3] = v < 0 ? 0xffffffff : 0
  }
  return out
}

/** The typed array a Spark numeric-like type is computed in (before any int64/decimal encoding). */
export function arrayTypeFor(type: DataType): { new (length: number): NumberArray } {
  switch (type.kind) {
    case 'byte':
      return Int8Array
    case 'short':
      return Int16Array
    case 'integer':
    case 'date':
    case 'year_month_interval':
      return Int32Array
    case 'float':
      return Float32Array
    default:
      return Float64Array
  }
}

/** Whether a Spark type is stored as int64 words (and computed in a Float64Array of whole numbers). */
export const isInt64Backed = (type: DataType): boolean =>
  type.kind === 'long' || type.kind === 'timestamp' || type.kind === 'timestamp_ntz' || type.kind === 'interval'

/**
 * A column of a numeric-like Spark type (numbers, date, timestamp, interval, decimal) from values computed in the
 * array type `arrayTypeFor(type)` gives; int64-backed types and decimals are encoded here (int64 words given as a
 * BigInt64Array, and decimal128 words as a Uint32Array of four words per value, are taken as they are).
 */
export function numericColumn(
  type: DataType,
  values: NumberArray | BigInt64Array | Uint32Array,
  validity: Uint8Array | null,
  nullCount = validity ? countUnset(validity, values.length) : 0,
): Column {
  const arrowType = toArrowType(type)
  const length = values instanceof Uint32Array ? values.length / 4 : values.length
  const nullBitmap = nullCount > 0 ? (validity ?? undefined) : undefined
  let data: ArrayLike<number> | BigInt64Array = values
  if (values instanceof BigInt64Array || values instanceof Uint32Array) {
    // Already int64 words (a gather that copied them) or decimal128 words: used as they are.
  } else if (isInt64Backed(type)) {
    data = float64ToInt64(values, length)
  } else if (type.kind === 'decimal') {
    data = float64ToDecimal128(values, length, type.scale)
  }
  return makeData({ type: arrowType, length, nullCount, nullBitmap, data } as never)
}

/**
 * numericColumn over whole numbers the caller computed into `values` and hands over (never to change them): for
 * int64-backed types numbersOf(column) returns `values` itself instead of decoding the int64 words again, so they
 * must read as the words do (no negative zero: int64 has none).
 */
export function numericColumnOwning(type: DataType, values: Float64Array, validity: Uint8Array | null): Column {
  const column = numericColumn(type, values, validity)
  if (column.values instanceof BigInt64Array) float64Views.set(column, values)
  return column
}

/** Columns constantInt64Column made, and their prefixes: one value in every row, known without reading the rows. */
const constantColumns = new WeakSet<Column>()

/** Whether `column` is known to hold one value in every row (made by constantInt64Column or constantInt64Prefix). */
export const isConstantInt64Column = (column: Column): boolean => constantColumns.has(column)

/**
 * An int64-backed column holding one whole number in every row, filled natively (no per-row conversion), with its
 * numbersOf view already made.
 */
export function constantInt64Column(type: DataType, value: number, length: number): Column {
  const words = float64ToInt64([value], 1)
  const longs = new BigInt64Array(length)
  // A copy of the first value doubling each time (BigInt64Array.fill converts its BigInt per element, much slower).
  if (length > 0) longs.set(words)
  for (let filled = 1; filled < length; filled *= 2) longs.copyWithin(filled, 0, Math.min(filled, length - filled))
  const column = numericColumn(type, longs, null, 0)
  float64Views.set(column, new Float64Array(length).fill(value))
  constantColumns.add(column)
  return column
}

/**
 * The first `rows` rows of a column constantInt64Column made, sharing its buffers (no allocation); null when it is
 * shorter or its buffers were transferred away (detached).
 */
export function constantInt64Prefix(type: DataType, column: Column, rows: number): Column | null {
  const longs = column.values as BigInt64Array
  const doubles = float64Views.get(column)
  if (doubles === undefined || rows > column.length || longs.buffer.byteLength === 0 || doubles.buffer.byteLength === 0)
    return null
  if (rows === column.length) return column
  const prefix = numericColumn(type, longs.subarray(0, rows), null, 0)
  float64Views.set(prefix, doubles.subarray(0, rows))
  if (constantColumns.has(column)) constantColumns.add(prefix)
  return prefix
}

/** A boolean column from value bits and validity bits. */
export function boolColumn(bits: Uint8Array, length: number, validity: Uint8Array | null, nullCount?: number): Column {
  const nulls = nullCount ?? (validity ? countUnset(validity, length) : 0)
  return makeData({
    type: new Bool(),
    length,
    nullCount: nulls,
    nullBitmap: nulls > 0 ? validity! : undefined,
    data: bits,
  })
}

/** A column of `length` nulls of the given type. */
export function nullColumn(type: DataType, length: number): Column {
  return makeNullColumn(toArrowType(type), length)
}

function makeNullColumn(arrowType: ArrowType, length: number): Column {
  const nullBitmap = newBitmap(length)
  const props = { type: arrowType, length, nullCount: length, nullBitmap } as Record<string, unknown>
  switch (arrowType.typeId) {
    case Type.Null:
      return makeData({ type: arrowType, length } as never)
    case Type.Utf8:
    case Type.Binary:
      return makeData({ ...props, valueOffsets: new Int32Array(length + 1), data: new Uint8Array(0) } as never)
    case Type.List:
    case Type.Map:
      return makeData({
        ...props,
        valueOffsets: new Int32Array(length + 1),
        child: makeNullColumn(arrowType.children[0]!.type, 0),
      } as never)
    case Type.Struct:
      return makeData({ ...props, children: arrowType.children.map((f) => makeNullColumn(f.type, length)) } as never)
    default: {
      const ArrayCtor = (arrowType as unknown as { ArrayType: new (n: number) => ArrayLike<number> }).ArrayType
      // A Decimal128 value is four 32-bit words of its Uint32Array; arrow's type object carries no stride for it.
      const stride = arrowType.typeId === Type.Decimal ? 4 : ((arrowType as unknown as { stride?: number }).stride ?? 1)
      const bytes = arrowType.typeId === Type.Bool ? (length + 7) >> 3 : length * stride
      return makeData({ ...props, data: new ArrayCtor(bytes) } as never)
    }
  }
}

/** The same column with another validity bitmap (null = no nulls); buffers and children are shared. */
export function withValidity(column: Column, validity: Uint8Array | null): Column {
  const nullCount = validity === null ? 0 : countUnset(validity, column.length)
  const buffers = [column.valueOffsets, column.values, nullCount > 0 ? validity : undefined, column.typeIds]
  return column.clone(column.type, 0, column.length, nullCount, buffers as never, column.children)
}

/** `array`, or a copy at least `size` long (doubling, at least 16): growable typed arrays for per-group state. */
export function grown<T extends Float64Array | Uint8Array | Int32Array>(array: T, size: number): T {
  if (array.length >= size) return array
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2, 16))
  next.set(array)
  return next
}

/** Copies bytes [start, end) of `from` to `to` at `at`: a loop for short runs (no subarray object), set() for long. */
export function copyBytes(from: Uint8Array, start: number, end: number, to: Uint8Array, at: number): void {
  if (end - start > 32) to.set(from.subarray(start, end), at)
  else for (let k = start; k < end; k++) to[at++] = from[k]!
}

/** values[groups[i]] for each i, as a new array. */
export function gather(values: Float64Array, groups: ArrayLike<number>): Float64Array {
  const out = new Float64Array(groups.length)
  for (let i = 0; i < groups.length; i++) out[i] = values[groups[i]!]!
  return out
}
