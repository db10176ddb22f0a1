// Spark's texts of ANSI interval values (IntervalUtils.toDayTimeIntervalString / toYearMonthIntervalString).
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../common/interval.js'
import {
  DAY_TIME_FIELDS,
  type DayTimeIntervalType,
  YEAR_MONTH_FIELDS,
  type YearMonthIntervalType,
} from './data-types.js'

const [DAY, HOUR, MINUTE, SECOND] = [0, 1, 2, 3]

/** `ansi`: `INTERVAL '1 02:03:04.5' DAY TO SECOND` (literals, CAST to string); `hive`: `1 02:03:04.500000000`. */
export type IntervalStyle = 'ansi' | 'hive'

const pad2 = (n: number) => String(n).padStart(2, '0')

/** Seconds with their fraction, trailing zeros stripped (Java's `BigDecimal.valueOf(micros, 6).stripTrailingZeros`). */
function secondsText(micros: number): string {
  const whole = Math.floor(micros / MICROS_PER_SECOND)
  const fraction = micros - whole * MICROS_PER_SECOND
  const lead = micros < 10 * MICROS_PER_SECOND ? '0' : ''
  if (fraction === 0) return `${lead}${whole}`
  return `${lead}${whole}.${String(fraction).padStart(6, '0').replace(/0+$/, '')}`
}

/** `INTERVAL '<fields>' <FROM> [TO <TO>]` around a value text. */
function ansiLiteral(value: string, fields: readonly string[], start: number, end: number): string {
  const from = fields[start]!.toUpperCase()
  return `INTERVAL '${value}' ${start === end ? from : `${from} TO ${fields[end]!.toUpperCase()}`}`
}

/** A day-time interval of `micros` microseconds in Spark's ANSI or Hive style. */
export function dayTimeIntervalText(micros: number, type: DayTimeIntervalType, style: IntervalStyle): string {
  const sign = micros < 0 ? '-' : ''
  let rest = Math.abs(micros)
  const take = (unit: number) => {
    const n = Math.floor(rest / unit)
    rest -= n * unit
    return n
  }
  if (style === 'hive') {
    const days = take(MICROS_PER_DAY)
    const clock = `${pad2(take(MICROS_PER_HOUR))}:${pad2(take(MICROS_PER_MINUTE))}:${pad2(take(MICROS_PER_SECOND))}`
    return `${sign}${days} ${clock}.${String(rest * 1000).padStart(9, '0')}`
  }
  const { startField: start, endField: end } = type
  let text = sign
  if (start === DAY) text += String(take(MICROS_PER_DAY))
  else if (start === HOUR) text += pad2(take(MICROS_PER_HOUR))
  else if (start === MINUTE) text += pad2(take(MICROS_PER_MINUTE))
  else text += secondsText(rest)
  if (start < HOUR && HOUR <= end) text += ` ${pad2(take(MICROS_PER_HOUR))}`
  if (start < MINUTE && MINUTE <= end) text += `:${pad2(take(MICROS_PER_MINUTE))}`
  if (start < SECOND && SECOND <= end) text += `:${secondsText(rest)}`
  return ansiLiteral(text, DAY_TIME_FIELDS, start, end)
}

/** A year-month interval of `months` months in Spark's ANSI (`INTERVAL '1-2' YEAR TO MONTH`) or Hive (`1-2`) style. */
export function yearMonthIntervalText(months: number, type: YearMonthIntervalType, style: IntervalStyle): string {
  const sign = months < 0 ? '-' : ''
  const abs = Math.abs(months)
  const year = `${sign}${Math.floor(abs / 12)}`
  const yearAndMonth = `${year}-${abs % 12}`
  if (style === 'hive') return yearAndMonth
  const { startField: start, endField: end } = type
  const value = start !== end ? yearAndMonth : start === 0 ? year : String(months)
  return ansiLiteral(value, YEAR_MONTH_FIELDS, start, end)
}
