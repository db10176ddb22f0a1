// Kernel values: a column or a scalar (a literal, broadcast lazily), plus validity and materialization helpers.
import {
  allValidBitmap,
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  concatColumns,
  EXACT,
  isInt64Backed,
  newBitmap,
  nullColumn,
  numbersOf,
  numericColumn,
  setBit,
  stringAt,
  take,
  Utf8Builder,
  validityOf,
  valueAt,
} from '../../arrow/index.js'
import { type DataType, isNumeric } from '../../types/data-types.js'

/**
 * A constant in its physical form: numbers for numeric types, epoch micros for timestamps, epoch days for dates,
 * micros for day-time intervals, strings, booleans, Uint8Array for binary; null for NULL.
 */
export class Scalar {
  constructor(
    readonly value: unknown,
    readonly type: DataType,
  ) {}
}

/** What a kernel consumes and produces. */
export type Vec = Column | Scalar

export const isScalar = (v: Vec): v is Scalar => v instanceof Scalar

/** Per-batch parameters every kernel may read. */
export interface EvalContext {
  /** Rows in the batch. */
  readonly length: number
  /** Session time zone (`spark.sql.session.timeZone`). */
  readonly zone: string
  /** The batch's `current_timestamp()`, fixed for the whole micro-batch as in Spark. */
  readonly batchTimestampMicros: number
}

/** A column holding `v` in every row. */
export function materialize(v: Vec, length: number): Column {
  if (!isScalar(v)) return v
  const { value, type } = v
  if (value === null || value === undefined) return nullColumn(type, length)
  // Decimals (from the value's text) and bigints are built exactly once, then repeated.
  if (type.kind === 'decimal' || typeof value === 'bigint')
    return take(columnFromValues(type, [value]), new Int32Array(length))
  switch (type.kind) {
    case 'boolean':
      return boolColumn(value ? allValidBitmap(length) : newBitmap(length), length, null, 0)
    case 'array':
    case 'map':
    case 'struct':
      return columnFromValues(type, new Array(length).fill(value))
    case 'string':
    case 'binary': {
      const bytes = typeof value === 'string' ? new TextEncoder().encode(value) : (value as Uint8Array)
      const builder = new Utf8Builder(length, bytes.length * length, type.kind === 'binary')
      for (let i = 0; i < length; i++) builder.appendBytes(bytes)
      return builder.finish()
    }
    default: {
      const values = new (arrayTypeFor(type))(length)
      values.fill(value as number)
      return numericColumn(type, values, null, 0)
    }
  }
}

/** The validity bitmap of a vector over `length` rows: null = all valid; a null scalar = none valid. */
export function validityOfVec(v: Vec, length: number): Uint8Array | null {
  if (isScalar(v)) return v.value === null ? newBitmap(length) : null
  return validityOf(v)
}

/** Rows valid in every input (the validity of a null-intolerant function's result). */
export function combinedValidity(args: readonly Vec[], length: number): Uint8Array | null {
  let result: Uint8Array | null = null
  for (const arg of args) {
    const bits = validityOfVec(arg, length)
    if (bits === null) continue
    if (result === null) result = bits.slice()
    else for (let i = 0; i < result.length; i++) result[i]! &= bits[i]!
  }
  return result
}

/** Numbers of a numeric-like vector: a typed array, or the constant itself. */
export function numbersOfVec(v: Vec): ArrayLike<number> | number {
  if (!isScalar(v)) return numbersOf(v)
  // A decimal too wide for a double is held as its exact text; a BIGINT may be a bigint.
  return typeof v.value === 'number' ? v.value : Number(v.value)
}

/** The whole result is null when a scalar argument is null. */
export const hasNullScalar = (args: readonly Vec[]): boolean => args.some((a) => isScalar(a) && a.value === null)

/** Unset result bits for rows where `invalid(i)` holds (e.g. division by zero), returning the new validity. */
export function invalidateWhere(
  validity: Uint8Array | null,
  length: number,
  invalid: (i: number) => boolean,
): Uint8Array | null {
  let bits = validity
  for (let i = 0; i < length; i++) {
    if (invalid(i)) {
      bits ??= allValidBitmap(length)
      bits[i >> 3]! &= ~(1 << (i & 7))
    }
  }
  return bits
}

/** Row `i` of a column as a Scalar in physical form (numbers, micros, days, strings, booleans, bytes). */
export function scalarAt(column: Column, type: DataType, i: number): Scalar {
  const validity = validityOf(column)
  if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) return new Scalar(null, type)
  switch (type.kind) {
    case 'null':
      return new Scalar(null, type)
    case 'boolean':
      return new Scalar(!!(((column.values as Uint8Array)[i >> 3]! >> (i & 7)) & 1), type)
    case 'string':
      return new Scalar(stringAt(column, i), type)
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      return new Scalar((column.values as Uint8Array).slice(offsets[i]!, offsets[i + 1]!), type)
    }
    case 'array':
    case 'map':
    case 'struct':
    // Exact: a wide decimal as its text, a BIGINT past 2^53 as a bigint.
    case 'decimal':
    case 'long':
      return new Scalar(valueAt(column, type, i), type)
    default:
      return new Scalar(numbersOf(column)[i]!, type)
  }
}

/**
 * Row i of the result is row i of `choices[pick[i]]` (a null when pick[i] is -1): the gather behind CASE WHEN,
 * coalesce and friends, for any type. Numbers are written directly; other types take one concatenation and one take.
 */
export function pickPerRow(choices: readonly Vec[], pick: Int32Array, type: DataType): Column {
  const numbers = pickNumbers(choices, pick, type)
  if (numbers !== null) return numbers
  if (type.kind === 'string' || type.kind === 'binary') return pickBytes(choices, pick, type.kind === 'binary')
  const n = pick.length
  const all = concatColumns([...choices.map((c) => materialize(c, n)), nullColumn(type, 1)])
  const nullRow = choices.length * n
  const indices = new Int32Array(n)
  for (let i = 0; i < n; i++) indices[i] = pick[i]! < 0 ? nullRow : pick[i]! * n + i
  return take(all, indices)
}

/**
 * pickPerRow for strings and binary: each row's bytes copied from its choice — a constant's bytes or a column's row —
 * without materializing constants, concatenating the choices and gathering.
 */
function pickBytes(choices: readonly Vec[], pick: Int32Array, binary: boolean): Column {
  const n = pick.length
  const sources = choices.map((c) => {
    if (!isScalar(c))
      return { bytes: c.values as Uint8Array, offsets: c.valueOffsets as Int32Array, validity: validityOf(c) }
    if (c.value === null) return null
    const bytes = typeof c.value === 'string' ? new TextEncoder().encode(c.value) : (c.value as Uint8Array)
    return { bytes, offsets: null, validity: null }
  })
  let size = 0
  for (let i = 0; i < n; i++) {
    const source = pick[i]! < 0 ? null : sources[pick[i]!]!
    if (source === null) continue
    size += source.offsets === null ? source.bytes.length : source.offsets[i + 1]! - source.offsets[i]!
  }
  const builder = new Utf8Builder(n, size, binary)
  for (let i = 0; i < n; i++) {
    const source = pick[i]! < 0 ? null : sources[pick[i]!]!
    if (source === null || (source.validity !== null && !bitAt(source.validity, i))) builder.appendNull()
    else if (source.offsets === null) builder.appendBytes(source.bytes)
    else builder.appendBytes(source.bytes, source.offsets[i]!, source.offsets[i + 1]!)
  }
  return builder.finish()
}

/**
 * pickPerRow for numeric-like types: each row's number read from its choice — a constant or a column — and written
 * directly, without materializing constants, concatenating the choices and gathering. Null for other types.
 */
function pickNumbers(results: readonly Vec[], pick: Int32Array, type: DataType): Column | null {
  if (!isNumeric(type) && type.kind !== 'date' && type.kind !== 'timestamp') return null
  // Wide decimals' doubles are not their values: those take the exact path.
  if (type.kind === 'decimal' && type.precision > 15) return null
  const constants: (number | null)[] = []
  const columns: (ArrayLike<number> | null)[] = []
  const validities: (Uint8Array | null)[] = []
  for (const r of results) {
    if (isScalar(r) && r.value !== null && typeof r.value !== 'number') return null
    constants.push(isScalar(r) ? (r.value as number | null) : null)
    columns.push(isScalar(r) ? null : numbersOf(r))
    validities.push(isScalar(r) ? null : validityOf(r))
  }
  const n = pick.length
  const out = new (arrayTypeFor(type))(n)
  const validity = newBitmap(n)
  let nulls = 0
  for (let i = 0; i < n; i++) {
    const k = pick[i]!
    const column = k < 0 ? null : columns[k]!
    if (column !== null) {
      const valid = validities[k]!
      if (valid === null || bitAt(valid, i)) {
        out[i] = column[i]!
        // Past 2^53 a double may stand for another int64 value: those take the exact path.
        if (!(out[i]! < EXACT && out[i]! > -EXACT) && isInt64Backed(type)) return null
        setBit(validity, i)
      } else nulls++
    } else {
      const constant = k < 0 ? null : constants[k]!
      if (constant === null) nulls++
      else {
        out[i] = constant
        setBit(validity, i)
      }
    }
  }
  return numericColumn(type, out, nulls > 0 ? validity : null)
}
