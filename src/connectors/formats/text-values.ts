// String → typed value conversion as Spark's CSV parser does it (Java's parseInt/parseDouble, BigDecimal, patterns).

import { decimalText, POW10_BIG, parseUnscaled } from '../../arrow/index.js'
import { parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { parseWithPattern } from '../../common/datetime-pattern.js'
import { MICROS_PER_DAY } from '../../common/interval.js'
import type { DataType } from '../../types/data-types.js'

/** Returned by a converter for text that is not a value of the type (the record is then malformed). */
export const MALFORMED: unique symbol = Symbol('malformed')
export type Converted = unknown | typeof MALFORMED
export type Converter = (text: string) => Converted

export interface TextValueOptions {
  readonly zone: string
  /** Patterns set by the user; unset means Spark's lenient CAST-style parsing. */
  readonly dateFormat: string | undefined
  readonly timestampFormat: string | undefined
  readonly timestampNTZFormat: string | undefined
  readonly nanValue: string
  readonly positiveInf: string
  readonly negativeInf: string
}

/** The ranges of Java's integral types. */
export const INT_RANGES: Record<string, readonly [number, number]> = {
  byte: [-128, 127],
  short: [-32768, 32767],
  integer: [-2147483648, 2147483647],
  // As doubles (±2^63); exact bounds are checked with BigInt where they matter.
  long: [-(2 ** 63), 2 ** 63],
}

/**
 * Java's `Long.parseLong`/`Integer.parseInt`...: an optional sign and digits, within the type's range. A long past
 * 2^53 comes back as a bigint (its double would be a neighbour's too).
 */
export function parseJavaIntegral(text: string, kind: string): number | bigint | undefined {
  const n = text.length
  let i = 0
  const first = text.charCodeAt(0)
  if (first === 43 || first === 45) i++
  if (i === n) return undefined
  let value = 0
  for (let k = i; k < n; k++) {
    const digit = text.charCodeAt(k) - 48
    if (digit < 0 || digit > 9) return undefined
    value = value * 10 + digit
  }
  if (first === 45) value = -value
  if (n - i >= 16 && kind === 'long') {
    // Past 2^53 the double is inexact: decide the range exactly.
    const big = BigInt(text)
    if (big < -9223372036854775808n || big > 9223372036854775807n) return undefined
    return Number.isSafeInteger(Number(big)) ? Number(big) : big
  }
  const [min, max] = INT_RANGES[kind]!
  return value < min || value > max ? undefined : value
}

const JAVA_DOUBLE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/

/** Whether text is made only of characters of a plain decimal number (a fast path before the full grammar). */
function plainNumberChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (!((c >= 48 && c <= 57) || c === 46 || c === 45 || c === 43 || c === 101 || c === 69)) return false
  }
  return text.length > 0
}

/** Java's `Double.parseDouble`: surrounding whitespace ignored, `NaN`, `Infinity`, exponent, `f`/`d` suffix. */
export function parseJavaDouble(text: string): number | undefined {
  if (plainNumberChars(text)) {
    // JS's Number accepts exactly Java's decimal forms over these characters (and rejects the rest as NaN).
    const value = Number(text)
    if (!Number.isNaN(value)) return value
  }
  let start = 0
  let end = text.length
  while (start < end && text.charCodeAt(start) <= 32) start++
  while (end > start && text.charCodeAt(end - 1) <= 32) end--
  const trimmed = start === 0 && end === text.length ? text : text.slice(start, end)
  if (!JAVA_DOUBLE.test(trimmed)) return undefined
  const body = trimmed.replace(/[fFdD]$/, '')
  if (body.endsWith('NaN')) return Number.NaN
  if (body.endsWith('Infinity')) return body.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  return Number(body)
}

const JAVA_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/

/**
 * `new BigDecimal(text)` then `Decimal(value, precision, scale)`: rounded half-up to the scale; too many integer
 * digits for the precision is an error. Up to 15 digits the value is a double (exact enough to give back its
 * digits); wider decimals come back as their exact text at the scale.
 */
export function parseJavaDecimal(text: string, precision: number, scale: number): number | string | undefined {
  if (!JAVA_DECIMAL.test(text)) return undefined
  if (precision > 15) {
    const unscaled = parseUnscaled(text, scale)
    if (unscaled === undefined || (unscaled < 0n ? -unscaled : unscaled) >= POW10_BIG[precision]!) return undefined
    return decimalText(unscaled, scale)
  }
  const value = Number(text)
  const factor = 10 ** scale
  const rounded = Math.sign(value) * (Math.round(Math.abs(value) * factor) / factor)
  if (Math.abs(rounded) >= 10 ** (precision - scale)) return undefined
  return rounded
}

/** A converter from text to values of `type` (the conventions of column-builder.ts). */
export function textConverter(type: DataType, options: TextValueOptions): Converter {
  switch (type.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long': {
      const kind = type.kind
      return (text) => parseJavaIntegral(text, kind) ?? MALFORMED
    }
    case 'float':
    case 'double':
      return (text) => {
        if (text === options.nanValue) return Number.NaN
        if (text === options.positiveInf) return Number.POSITIVE_INFINITY
        if (text === options.negativeInf) return Number.NEGATIVE_INFINITY
        const value = parseJavaDouble(text)
        return value === undefined ? MALFORMED : type.kind === 'float' ? Math.fround(value) : value
      }
    case 'decimal':
      return (text) => parseJavaDecimal(text.replaceAll(',', ''), type.precision, type.scale) ?? MALFORMED
    case 'boolean':
      return (text) => {
        const lower = text.toLowerCase()
        return lower === 'true' ? true : lower === 'false' ? false : MALFORMED
      }
    case 'string':
      return (text) => text
    case 'binary': {
      const encoder = new TextEncoder()
      return (text) => encoder.encode(text)
    }
    case 'date': {
      const pattern = options.dateFormat
      if (pattern === undefined) return (text) => parseDateString(text) ?? MALFORMED
      return (text) => {
        const micros = parseWithPattern(text, pattern, 'UTC')
        return micros === null ? MALFORMED : Math.floor(micros / MICROS_PER_DAY)
      }
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const zone = type.kind === 'timestamp' ? options.zone : 'UTC'
      const pattern = type.kind === 'timestamp' ? options.timestampFormat : options.timestampNTZFormat
      if (pattern === undefined) return (text) => parseTimestampString(text, zone) ?? MALFORMED
      return (text) => parseWithPattern(text, pattern, zone) ?? MALFORMED
    }
    default:
      return () => MALFORMED
  }
}
