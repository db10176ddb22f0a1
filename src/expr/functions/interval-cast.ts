// CASTs to and from Spark's ANSI interval types: numbers count the type's end field, strings hold interval literals.
import { arrayTypeFor, type Column, numbersOf, numericColumn, stringsOf, validityOf } from '../../arrow/index.js'
import { ArithmeticException } from '../../common/errors.js'
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../common/interval.js'
import {
  type AnsiIntervalType,
  DAY_TIME_FIELDS,
  type DataType,
  isAnsiInterval,
  isIntegral,
  sqlTypeName,
  YEAR_MONTH_FIELDS,
} from '../../types/data-types.js'
import { roundHalfUp } from './arithmetic.js'
import { validityFromFlags } from './define.js'

/** Microseconds in each day-time field, months in each year-month field. */
const dayTimeUnit = [MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND]
const yearMonthUnit = [12, 1]

/** The stored value (months or microseconds) of one unit of the type's end field. */
const endUnit = (t: AnsiIntervalType) => (t.kind === 'interval' ? dayTimeUnit : yearMonthUnit)[t.endField]!

const integralLimits: Record<string, number> = {
  byte: 127,
  short: 32_767,
  integer: 2_147_483_647,
  long: 2 ** 63 - 1024, // the largest double below 2^63
}

/** Whether this module casts `from` to `to` (Spark's Cast.canCast for ANSI intervals). */
export function isIntervalCast(from: DataType, to: DataType): boolean {
  if (isAnsiInterval(to))
    return from.kind === to.kind || from.kind === 'string' || isIntegral(from) || from.kind === 'decimal'
  return isAnsiInterval(from) && (isIntegral(to) || to.kind === 'decimal')
}

function castOverflow(value: string, from: DataType, to: DataType): ArithmeticException {
  return new ArithmeticException(
    `The value ${value} of the type "${sqlTypeName(from)}" cannot be cast to "${sqlTypeName(to)}" due to an ` +
      'overflow. Use `try_cast` to tolerate overflow and return NULL instead.',
    { errorClass: 'CAST_OVERFLOW' },
  )
}

/** Casts a column between an ANSI interval type and a number, a string or another interval type. */
export function castInterval(column: Column, from: DataType, to: DataType): Column {
  if (from.kind === 'string' && isAnsiInterval(to)) return parseIntervals(column, to)
  const n = column.length
  const values = numbersOf(column)
  const out = new (arrayTypeFor(to))(n)
  if (isAnsiInterval(to) && isAnsiInterval(from)) {
    // Narrower fields drop what they cannot hold (Spark truncates toward zero).
    const unit = endUnit(to)
    for (let i = 0; i < n; i++) out[i] = Math.trunc(values[i]! / unit) * unit || 0
  } else if (isAnsiInterval(to)) {
    const unit = endUnit(to)
    const limit = to.kind === 'interval' ? integralLimits.long! : integralLimits.integer!
    for (let i = 0; i < n; i++) {
      const v = Math.trunc(values[i]!) * unit
      if (Math.abs(v) > limit) throw castOverflow(String(values[i]), from, to)
      out[i] = v || 0
    }
  } else if (isAnsiInterval(from)) {
    const unit = endUnit(from)
    if (to.kind === 'decimal') {
      for (let i = 0; i < n; i++) out[i] = roundHalfUp(values[i]! / unit, to.scale)
    } else {
      const limit = integralLimits[to.kind]!
      for (let i = 0; i < n; i++) {
        const v = Math.trunc(values[i]! / unit)
        if (Math.abs(v) > limit) throw castOverflow(`${values[i]}`, from, to)
        out[i] = v || 0
      }
    }
  }
  return numericColumn(to, out, validityOf(column))
}

/** `[+|-]` then the value text of each field pattern, as Spark's castStringToDTInterval / YMInterval read it. */
const fieldPatterns: Record<string, string> = {
  year: '\\d+',
  month: '\\d+',
  day: '\\d+',
  hour: '\\d+',
  minute: '\\d+',
  second: '\\d+(?:\\.\\d{0,9})?',
}
const fieldSeparators: Record<string, string> = { month: '-', hour: ' ', minute: ':', second: ':' }

/**
 * A reader of one string as the interval type's value, or null: `'3-1'`, `'3 00:00:01'`, or
 * `INTERVAL '3-1' YEAR TO MONTH`. The type's pattern is built once per cast, not once per row.
 */
function intervalTextParser(type: AnsiIntervalType): (text: string) => number | null {
  const names: readonly string[] = type.kind === 'interval' ? DAY_TIME_FIELDS : YEAR_MONTH_FIELDS
  const fields = names.slice(type.startField, type.endField + 1)
  const units = (type.kind === 'interval' ? dayTimeUnit : yearMonthUnit).slice(type.startField, type.endField + 1)
  const pattern = fields.map((f, k) => `${k === 0 ? '' : fieldSeparators[f]}(${fieldPatterns[f]})`).join('')
  const body = new RegExp(`^${pattern}$`)
  return (text) => {
    let value = text.trim()
    let sign = 1
    const wrapped = /^interval\s+([+-])?\s*'([^']*)'\s+(\w+)(?:\s+to\s+(\w+))?$/i.exec(value)
    if (wrapped) {
      const [, outerSign, inner, start, end] = wrapped
      if (start!.toLowerCase() !== fields[0] || (end ?? start)!.toLowerCase() !== fields.at(-1)) return null
      if (outerSign === '-') sign = -1
      value = inner!.trim()
    }
    if (value.startsWith('-') || value.startsWith('+')) {
      if (value.startsWith('-')) sign = -sign
      value = value.slice(1)
    }
    const match = body.exec(value)
    if (!match) return null
    let total = 0
    for (let k = 0; k < units.length; k++) total += Math.round(Number(match[k + 1]) * units[k]!)
    return sign * total || 0
  }
}

function parseIntervals(column: Column, to: AnsiIntervalType): Column {
  const texts = stringsOf(column)
  const parse = intervalTextParser(to)
  const out = new (arrayTypeFor(to))(column.length)
  const valid: boolean[] = new Array(column.length)
  for (let i = 0; i < column.length; i++) {
    const text = texts[i]
    const value = text == null ? null : parse(text)
    valid[i] = value !== null
    out[i] = value ?? 0
  }
  return numericColumn(to, out, validityFromFlags(valid))
}
