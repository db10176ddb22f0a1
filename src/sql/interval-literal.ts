// INTERVAL literals as day-time intervals in microseconds; year-month intervals are rejected as windows reject them.
import type { IntervalLiteral, IntervalPart, IntervalUnitName } from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
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
import { INTERVAL } from '../types/data-types.js'
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

/**
 * `INTERVAL '10' SECOND`, `INTERVAL 1 HOUR 30 MINUTES`, `INTERVAL '10 seconds'`, `INTERVAL '1 02:03' DAY TO MINUTE`
 * → `literal(micros, INTERVAL)`, days counted as 24 hours. Rivulet has only day-time intervals, so a year or month
 * field is rejected with the message Spark gives for such an interval as a window duration.
 */
export function intervalLiteral(node: IntervalLiteral, ctx: BindContext): Expr {
  let months = 0
  let micros = 0
  for (const part of node.parts) {
    const interval = partInterval(part)
    if (typeof interval === 'string') throw parseErrorAt(ctx.text, node.loc, interval)
    months += interval.months
    micros += interval.days * MICROS_PER_DAY + interval.micros
  }
  if (months !== 0 && micros !== 0) {
    throw parseErrorAt(ctx.text, node.loc, `Cannot mix year-month and day-time fields: ${node.text}`)
  }
  if (months !== 0) throw new AnalysisException(`Intervals greater than a month is not supported (${node.text}).`)
  return literal(micros, INTERVAL)
}
