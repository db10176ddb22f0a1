// INTERVAL literals as Spark's ANSI interval types: year-month (int32 months) or day-time (int64 microseconds).
import type { IntervalLiteral, IntervalPart, IntervalUnitName } from '../../grammar/index.js'
import { ArithmeticException } from '../common/errors.js'
import {
  type CalendarInterval,
  MICROS_PER_DAY,
  MICROS_PER_HOUR,
  MICROS_PER_MINUTE,
  MICROS_PER_SECOND,
  parseInterval,
} from '../common/interval.js'
import { own } from '../common/own.js'
import { type Expr, literal } from '../expr/expression.js'
import { DayTimeIntervalType, YearMonthIntervalType } from '../types/data-types.js'
import type { BindContext } from './bind-context.js'
import { parseErrorAt } from './source-locations.js'

/** `'d h:m:s.f'`-style strings of `INTERVAL '…' <from> TO <to>`: the fields each pair reads, after the sign. */
const dayTimeForms: Readonly<Record<string, { pattern: RegExp; fields: readonly number[]; text: string }>> = {
  'day-hour': { pattern: /^(\d+) (\d+)$/, fields: [MICROS_PER_DAY, MICROS_PER_HOUR], text: '[+|-]d h' },
  'day-minute': {
    pattern: /^(\d+) (\d+):(\d+)$/,
    fields: [MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE],
    text: '[+|-]d h:m',
  },
  'day-second': {
    pattern: /^(\d+) (\d+):(\d+):(\d+(?:\.\d{0,9})?)$/,
    fields: [MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND],
    text: '[+|-]d h:m:s.n',
  },
  'hour-minute': { pattern: /^(\d+):(\d+)$/, fields: [MICROS_PER_HOUR, MICROS_PER_MINUTE], text: '[+|-]h:m' },
  'hour-second': {
    pattern: /^(\d+):(\d+):(\d+(?:\.\d{0,9})?)$/,
    fields: [MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND],
    text: '[+|-]h:m:s.n',
  },
  'minute-second': {
    pattern: /^(\d+):(\d+(?:\.\d{0,9})?)$/,
    fields: [MICROS_PER_MINUTE, MICROS_PER_SECOND],
    text: '[+|-]m:s.n',
  },
}

/** One part as a calendar interval, or a message saying why it is not one. */
function partInterval(part: IntervalPart): CalendarInterval | string {
  const value = part.value.trim()
  if (part.unit === undefined) return parseInterval(value) ?? `Cannot parse the INTERVAL value: ${part.value}`
  if (part.toUnit === undefined) {
    return parseInterval(`${value} ${part.unit}`) ?? `Cannot parse the INTERVAL value: ${part.value} ${part.unit}`
  }
  return rangeInterval(value, part.unit, part.toUnit)
}

function rangeInterval(value: string, from: IntervalUnitName, to: IntervalUnitName): CalendarInterval | string {
  const sign = value.startsWith('-') ? -1 : 1
  const digits = value.replace(/^[+-]/, '')
  if (from === 'year' && to === 'month') {
    const match = /^(\d+)-(\d+)$/.exec(digits)
    if (!match) return `Interval string does not match year-month format of \`[+|-]y-m\`: ${value}`
    return { months: sign * (Number(match[1]) * 12 + Number(match[2])), days: 0, micros: 0 }
  }
  const form = own(dayTimeForms, `${from}-${to}`)
  if (!form) return `Intervals FROM ${from} TO ${to} are not supported.`
  const match = form.pattern.exec(digits)
  if (!match) return `Interval string does not match day-time format of \`${form.text}\`: ${value}`
  let micros = 0
  form.fields.forEach((scale, i) => {
    micros += Math.round(Number(match[i + 1]) * scale)
  })
  return { months: 0, days: 0, micros: sign * micros }
}

const yearMonthUnits: Readonly<Record<string, number>> = { year: 0, month: 1 }
const dayTimeUnits: Readonly<Record<string, number>> = {
  week: 0,
  day: 0,
  hour: 1,
  minute: 2,
  second: 3,
  millisecond: 3,
  microsecond: 3,
}

/** The units a part names: its own, or for `INTERVAL '1 day 2 hours'` the units inside the string. */
function unitsOf(part: IntervalPart): string[] {
  if (part.unit !== undefined) return part.toUnit === undefined ? [part.unit] : [part.unit, part.toUnit]
  const words = part.value.trim().toLowerCase().split(/\s+/)
  if (words[0] === 'interval') words.shift()
  return words.filter((_, i) => i % 2 === 1).map((w) => w.replace(/s$/, ''))
}

const LONG_LIMIT = 2 ** 63 - 1024 // the largest double below 2^63: anything above it is past Long.MaxValue

/**
 * `INTERVAL '10' SECOND`, `INTERVAL 2 YEARS 4 MONTHS`, `INTERVAL '10 seconds'`, `INTERVAL '1-2' YEAR TO MONTH`,
 * `INTERVAL '1 02:03' DAY TO MINUTE` → a literal of Spark's ANSI interval types (AstBuilder.visitInterval): year
 * and month units give an INTERVAL YEAR TO MONTH of int32 months, the others an INTERVAL DAY TO SECOND of int64
 * microseconds, with the type's fields spanning the units written. Mixing the two is a parse error, as in Spark.
 */
export function intervalLiteral(node: IntervalLiteral, ctx: BindContext): Expr {
  let months = 0
  let micros = 0
  const yearMonth: number[] = []
  const dayTime: number[] = []
  for (const part of node.parts) {
    const interval = partInterval(part)
    if (typeof interval === 'string') throw parseErrorAt(ctx.text, node.loc, interval)
    months += interval.months
    micros += interval.days * MICROS_PER_DAY + interval.micros
    for (const unit of unitsOf(part)) {
      const ym = own(yearMonthUnits, unit)
      if (ym !== undefined) yearMonth.push(ym)
      const dt = own(dayTimeUnits, unit)
      if (dt !== undefined) dayTime.push(dt)
    }
  }
  if (yearMonth.length > 0 && dayTime.length > 0) {
    throw parseErrorAt(
      ctx.text,
      node.loc,
      `Cannot mix year-month and day-time fields: ${node.text}.`,
      '_LEGACY_ERROR_TEMP_0029',
    )
  }
  if (yearMonth.length > 0) {
    if (Math.abs(months) > 2_147_483_647) throw parseErrorAt(ctx.text, node.loc, `integer overflow: ${node.text}`)
    return literal(months, YearMonthIntervalType(Math.min(...yearMonth), Math.max(...yearMonth)))
  }
  if (Math.abs(micros) > LONG_LIMIT) {
    throw new ArithmeticException('Interval arithmetic overflow.', {
      errorClass: 'INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION',
    })
  }
  const fields = dayTime.length > 0 ? dayTime : [0, 3]
  return literal(micros, DayTimeIntervalType(Math.min(...fields), Math.max(...fields)))
}
