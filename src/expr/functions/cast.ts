// CAST with Spark's default (non-ANSI) semantics: invalid input becomes NULL, numbers truncate, complex types recurse.

import { makeData, type Struct } from 'apache-arrow'
import {
  allValidBitmap,
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  cellText,
  float64ToInt64,
  newBitmap,
  nullColumn,
  numbersOf,
  numericColumn,
  stringsOf,
  structColumn,
  toArrowType,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { dateToMicros, microsToDate, parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { instantToWallClock, wallClockToInstant } from '../../common/time.js'
import { type DataType, isAnsiInterval, isNumeric, STRING, sameType } from '../../types/data-types.js'
import { roundHalfUp } from './arithmetic.js'
import { castToDecimal, exactDecimalSource } from './decimal-cast.js'
import { validityFromFlags } from './define.js'
import { castInterval, isIntervalCast } from './interval-cast.js'
import { type EvalContext, isScalar, materialize, Scalar, scalarAt, type Vec } from './vector.js'

const atomicKinds = new Set([
  'null',
  'boolean',
  'byte',
  'short',
  'integer',
  'long',
  'float',
  'double',
  'decimal',
  'string',
  'binary',
  'date',
  'timestamp',
  'timestamp_ntz',
  'interval',
  'year_month_interval',
])

/** Whether Spark can cast `from` to `to` (Cast.canCast, default mode). */
export function canCast(from: DataType, to: DataType): boolean {
  if (sameType(from, to, true) || from.kind === 'null') return true
  if (to.kind === 'string') return true
  if (from.kind === 'array' && to.kind === 'array') return canCast(from.elementType, to.elementType)
  if (from.kind === 'map' && to.kind === 'map')
    return canCast(from.keyType, to.keyType) && canCast(from.valueType, to.valueType)
  if (from.kind === 'struct' && to.kind === 'struct') {
    return (
      from.fields.length === to.fields.length &&
      from.fields.every((f, i) => canCast(f.dataType, to.fields[i]!.dataType))
    )
  }
  if (!atomicKinds.has(from.kind) || !atomicKinds.has(to.kind)) return false
  if (to.kind === 'binary')
    return (
      from.kind === 'string' ||
      from.kind === 'binary' ||
      (isNumeric(from) && from.kind !== 'decimal' && from.kind !== 'float' && from.kind !== 'double')
    )
  if (from.kind === 'binary') return false
  if (isIntervalCast(from, to)) return true
  if (isAnsiInterval(to) || isAnsiInterval(from)) return false
  if (to.kind === 'date') return from.kind !== 'boolean' && !isNumeric(from)
  return true
}

const integralRange: Record<string, readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  // The largest doubles inside the long range: 2^63 itself would wrap to Long.MIN_VALUE when stored.
  long: [-(2 ** 63), 2 ** 63 - 1024],
}

/** Spark's decimal rounding (ROUND_HALF_UP on the value's decimal text); NULL when the integral digits overflow. */
function toDecimal(x: number, to: DataType): number | null {
  if (!Number.isFinite(x) || to.kind !== 'decimal') return null
  const rounded = roundHalfUp(x, to.scale)
  return Math.abs(rounded) >= 10 ** (to.precision - to.scale) ? null : rounded
}

/** Big-endian two's-complement bytes of an integral value (NumberConverter.toBinary), via 32-bit words. */
function integralBytes(x: number, width: number): Uint8Array {
  const out = new Uint8Array(width)
  const high = Math.floor(x / 4294967296)
  const view = new DataView(out.buffer)
  if (width === 8) {
    view.setInt32(0, high | 0)
    view.setInt32(4, (x - high * 4294967296) | 0)
  } else if (width === 4) view.setInt32(0, x | 0)
  else if (width === 2) view.setInt16(0, x)
  else view.setInt8(0, x)
  return out
}

const integralWidth: Record<string, number> = { byte: 1, short: 2, integer: 4, long: 8 }

/** String → number as Spark: trimmed; integral targets accept a decimal text and truncate; else null. */
function parseNumber(text: string, to: DataType): number | bigint | null {
  const trimmed = text.trim()
  if (trimmed === '') return null
  if (to.kind === 'float' || to.kind === 'double') {
    const lower = trimmed.toLowerCase()
    if (/^[+-]?(inf|infinity)$/.test(lower)) return lower.startsWith('-') ? -Infinity : Infinity
    if (lower === 'nan') return Number.NaN
    if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?[df]?$/.test(lower)) return null
    return Number(lower.replace(/[df]$/, ''))
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(trimmed)) return null
  const value = Number(trimmed)
  if (to.kind === 'long' && !Number.isSafeInteger(Math.trunc(value))) return exactLong(trimmed)
  if (to.kind === 'decimal') return toDecimal(value, to)
  const truncated = Math.trunc(value)
  const range = integralRange[to.kind]!
  return truncated < range[0] || truncated > range[1] ? null : truncated
}

/** A long past 2^53 from its text, truncated toward zero; NULL outside the long range. */
function exactLong(text: string): bigint | null {
  const whole = BigInt(text.replace(/\..*$/, '') || '0')
  return whole < -(2n ** 63n) || whole >= 2n ** 63n ? null : whole
}

const trueStrings = new Set(['t', 'true', 'y', 'yes', '1'])
const falseStrings = new Set(['f', 'false', 'n', 'no', '0'])

/**
 * Fractional → integral as the JVM narrows a double: truncation toward zero saturating at the INT (or LONG) range,
 * NaN → 0. TINYINT and SMALLINT go through INT (`toInt.toByte`), so the saturated INT then wraps when stored.
 */
function toIntegral(x: number, to: DataType): number {
  if (Number.isNaN(x)) return 0
  const range = integralRange[to.kind === 'long' ? 'long' : 'integer']!
  const t = Math.trunc(x)
  return t < range[0] ? range[0] : Math.min(t, range[1])
}

/** Casts a vector from `from` to `to` over a batch (scalars are cast once). */
export function castVec(v: Vec, from: DataType, to: DataType, ctx: EvalContext): Vec {
  if (sameType(from, to, true)) return v
  if (isScalar(v)) {
    if (v.value === null) return new Scalar(null, to)
    return scalarAt(castColumn(materialize(v, 1), from, to, ctx), to, 0)
  }
  return castColumn(v, from, to, ctx)
}

function castColumn(column: Column, from: DataType, to: DataType, ctx: EvalContext): Column {
  const n = column.length
  const validity = validityOf(column)
  if (from.kind === 'null') return nullColumn(to, n)
  if (to.kind !== 'string' && isIntervalCast(from, to)) return castInterval(column, from, to)
  switch (to.kind) {
    case 'string':
      return castToString(column, from, ctx)
    case 'binary': {
      if (from.kind === 'string') {
        // The same UTF-8 bytes, re-typed as BINARY.
        const offsets = column.valueOffsets as Int32Array
        const bytes = column.values as Uint8Array
        const builder = new Utf8Builder(n, offsets[n]! - offsets[0]!, true)
        for (let i = 0; i < n; i++) {
          if (validity !== null && !bitAt(validity, i)) builder.appendNull()
          else builder.appendBytes(bytes, offsets[i]!, offsets[i + 1]!)
        }
        return builder.finish()
      }
      if (from.kind in integralWidth) {
        const values = numbersOf(column)
        const builder = new Utf8Builder(n, n * integralWidth[from.kind]!, true)
        for (let i = 0; i < n; i++) {
          if (validity !== null && !bitAt(validity, i)) builder.appendNull()
          else builder.appendBytes(integralBytes(values[i]!, integralWidth[from.kind]!))
        }
        return builder.finish()
      }
      return castToString(column, from, ctx)
    }
    case 'boolean': {
      const bits = newBitmap(n)
      if (from.kind === 'string') {
        const valid: boolean[] = []
        stringsOf(column).forEach((s, i) => {
          const lower = s?.trim().toLowerCase()
          const isTrue = lower !== undefined && trueStrings.has(lower)
          valid.push(isTrue || (lower !== undefined && falseStrings.has(lower)))
          if (isTrue) bits[i >> 3]! |= 1 << (i & 7)
        })
        return boolColumn(bits, n, validityFromFlags(valid))
      }
      // A DATE has no truth value: Spark (like Hive) casts it to NULL.
      if (from.kind === 'date') return nullColumn(to, n)
      const values = numbersOf(column)
      for (let i = 0; i < n; i++) if (values[i] !== 0) bits[i >> 3]! |= 1 << (i & 7)
      return boolColumn(bits, n, validity)
    }
    case 'array': {
      if (from.kind !== 'array') break
      const child = castColumn(column.children[0]!, from.elementType, to.elementType, ctx)
      return makeData({
        type: toArrowType(to),
        length: n,
        nullCount: column.nullCount,
        nullBitmap: column.nullBitmap,
        valueOffsets: column.valueOffsets,
        child,
      } as never)
    }
    case 'map': {
      if (from.kind !== 'map') break
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const entries = structColumn(
        (toArrowType(to) as unknown as { children: { type: Struct }[] }).children[0]!.type,
        [castColumn(keys, from.keyType, to.keyType, ctx), castColumn(values, from.valueType, to.valueType, ctx)],
        keys.length,
      )
      return makeData({
        type: toArrowType(to),
        length: n,
        nullCount: column.nullCount,
        nullBitmap: column.nullBitmap,
        valueOffsets: column.valueOffsets,
        child: entries,
      } as never)
    }
    case 'struct': {
      if (from.kind !== 'struct') break
      const children = to.fields.map((f, k) =>
        castColumn(column.children[k]!, from.fields[k]!.dataType, f.dataType, ctx),
      )
      return structColumn(toArrowType(to) as Struct, children, n, validity)
    }
    default:
      return castToNumeric(column, from, to, ctx)
  }
  throw new Error(`cannot cast ${from.kind} to ${to.kind}`)
}

function castToString(column: Column, from: DataType, ctx: EvalContext): Column {
  // Spark's UTF8String.fromBytes: the same bytes, re-typed (no copy, no validation).
  if (from.kind === 'binary' && column.offset === 0) {
    return makeData({
      type: toArrowType(STRING),
      length: column.length,
      nullCount: column.nullCount,
      nullBitmap: column.nullCount > 0 ? column.nullBitmap : undefined,
      valueOffsets: column.valueOffsets,
      data: column.values,
    } as never)
  }
  const builder = new Utf8Builder(column.length, column.length * 12)
  const options = { zone: ctx.zone, nullText: 'null' }
  const validity = validityOf(column)
  for (let i = 0; i < column.length; i++) {
    if (validity !== null && !bitAt(validity, i)) builder.appendNull()
    else if (from.kind === 'binary') {
      const offsets = column.valueOffsets as Int32Array
      builder.appendBytes(column.values as Uint8Array, offsets[i]!, offsets[i + 1]!)
    } else builder.append(cellText(column, from, i, options))
  }
  return builder.finish()
}

/** Casts into numeric-like targets: numbers, decimal, date, timestamp, interval. */
function castToNumeric(column: Column, from: DataType, to: DataType, ctx: EvalContext): Column {
  if (to.kind === 'decimal' && exactDecimalSource(from)) return castToDecimal(column, from, to)
  const n = column.length
  const out = new (arrayTypeFor(to))(n)
  let validity = validityOf(column)
  const integral = to.kind in integralRange
  const time = (t: DataType) => t.kind === 'timestamp' || t.kind === 'timestamp_ntz'
  if (from.kind === 'string') {
    let wide: Map<number, bigint> | null = null
    const valid: boolean[] = new Array(n)
    const texts = stringsOf(column)
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      let value: number | bigint | null = null
      if (text != null) {
        if (to.kind === 'timestamp' || to.kind === 'timestamp_ntz')
          value = parseTimestampString(text, to.kind === 'timestamp' ? ctx.zone : 'UTC')
        else if (to.kind === 'date') value = parseDateString(text)
        else value = parseNumber(text, to)
      }
      valid[i] = value !== null
      if (typeof value === 'bigint') (wide ??= new Map()).set(i, value)
      else out[i] = value ?? 0
    }
    if (wide === null) return numericColumn(to, out, validityFromFlags(valid))
    // BIGINTs past 2^53 go into the int64 words exactly.
    const words = float64ToInt64(out, n)
    for (const [i, v] of wide) words[i] = v
    return numericColumn(to, words, validityFromFlags(valid))
  }
  // A DATE cast to a number is NULL in Spark (Hive compatibility).
  if (from.kind === 'date' && !time(to)) return nullColumn(to, n)
  const values =
    from.kind === 'boolean'
      ? Uint8Array.from({ length: n }, (_, i) => (bitAt(column.values as Uint8Array, i) ? 1 : 0))
      : numbersOf(column)
  const fractional = from.kind === 'float' || from.kind === 'double'
  const invalid: number[] = []
  for (let i = 0; i < n; i++) {
    const x = values[i]!
    if (time(from) && to.kind === 'date') out[i] = microsToDate(x, from.kind === 'timestamp' ? ctx.zone : 'UTC')
    else if (from.kind === 'date' && time(to)) out[i] = dateToMicros(x, to.kind === 'timestamp' ? ctx.zone : 'UTC')
    else if (from.kind === 'timestamp_ntz' && to.kind === 'timestamp') out[i] = wallClockToInstant(x, ctx.zone)
    else if (from.kind === 'timestamp' && to.kind === 'timestamp_ntz') out[i] = instantToWallClock(x, ctx.zone)
    else if (time(from) && time(to)) out[i] = x
    else if (time(from) && to.kind === 'decimal') {
      const d = toDecimal(x / 1_000_000, to)
      if (d === null) invalid.push(i)
      else out[i] = d
    } else if (time(from)) out[i] = integral ? Math.floor(x / 1_000_000) : x / 1_000_000
    else if (time(to)) {
      // Seconds since the epoch; a boolean is one microsecond or zero; NaN and infinities have no instant.
      if (from.kind === 'boolean') out[i] = x
      else if (Number.isFinite(x)) out[i] = Math.trunc(x * 1_000_000)
      else invalid.push(i)
    } else if (to.kind === 'decimal') {
      const d = toDecimal(x, to)
      if (d === null) invalid.push(i)
      else out[i] = d
    } else if (integral && fractional) out[i] = toIntegral(x, to)
    else if (integral && from.kind === 'decimal') out[i] = Math.trunc(x)
    else out[i] = x
  }
  if (invalid.length > 0) {
    validity = validity ? validity.slice() : allValidBitmap(n)
    for (const i of invalid) validity[i >> 3]! &= ~(1 << (i & 7))
  }
  return numericColumn(to, out, validity)
}
