// More date and time functions: unix_date, date_from_unix_date, unix_micros, next_day, dayname, monthname,
// months_between and current_timezone, plus the synonyms Spark keeps under their own names (curdate, date_diff, ...).
import { bitAt, newBitmap, numericColumn, setBit, Utf8Builder } from '../../arrow/index.js'
import { civilFromDays, daysFromCivil, zoneOffsetMs } from '../../common/time.js'
import { BOOLEAN, DATE, DOUBLE, INTEGER, LONG, STRING } from '../../types/data-types.js'
import { dataTypeOf, literal } from '../expression.js'
import { coerceArgs } from './coercion.js'
import { datetimeFunctions } from './datetime.js'
import { numbersOver, stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, Scalar, type Vec } from './vector.js'

const MICROS_PER_DAY = 86_400_000_000
const isSet = (bits: Uint8Array | null, i: number) => bits === null || bitAt(bits, i)

/** Epoch-day of a date or timestamp row in the session zone, and micros since local midnight. */
function localDay(micros: number, zone: string): [day: number, microsOfDay: number] {
  const utcMs = Math.floor(micros / 1000)
  const localMicros = micros + zoneOffsetMs(zone, utcMs) * 1000
  const day = Math.floor(localMicros / MICROS_PER_DAY)
  return [day, localMicros - day * MICROS_PER_DAY]
}

/** A DATE kernel over the days of a date (or timestamp, read in the session zone) argument. */
function daysOf(v: Vec, isTimestamp: boolean, ctx: EvalContext): Float64Array {
  const values = numbersOver(v, ctx.length)
  const out = new Float64Array(ctx.length)
  for (let i = 0; i < ctx.length; i++) out[i] = isTimestamp ? localDay(values[i]!, ctx.zone)[0] : values[i]!
  return out
}

/** Date arguments accept dates, timestamps (their local date) and date strings. */
function dateArgs(
  name: string,
  args: Parameters<ScalarFunction['resolve']>[0],
  rest: Parameters<typeof coerceArgs>[2] = [],
) {
  const t = dataTypeOf(args[0]!).kind
  const first = t === 'timestamp' || t === 'timestamp_ntz' ? [args[0]!] : coerceArgs(name, [args[0]!], ['date'])
  return [...first, ...coerceArgs(name, args.slice(1), rest)]
}

const isTimestampArg = (call: Parameters<ScalarFunction['kernel']>[2]) => dataTypeOf(call.args[0]!).kind !== 'date'

const dayNames = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Monday = 0 for an epoch day (1970-01-01 was a Thursday). */
const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7

/** A STRING of each row's local date through `name`. */
function dateName(name: (day: number) => string): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 1],
    resolve: (args, fnName) => ({ args: dateArgs(fnName, args), dataType: STRING }),
    kernel(args, ctx, call) {
      const days = daysOf(args[0]!, isTimestampArg(call), ctx)
      const valid = combinedValidity(args, ctx.length)
      const builder = new Utf8Builder(ctx.length, ctx.length * 3)
      for (let i = 0; i < ctx.length; i++) builder.append(isSet(valid, i) ? name(days[i]!) : null)
      return builder.finish()
    },
  }
}

/** Spark's day-of-week names for next_day: two letters, three letters or the full English name. */
const weekdayByName: Record<string, number> = {}
for (const [i, full] of ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'].entries()) {
  weekdayByName[full] = weekdayByName[full.slice(0, 3)] = weekdayByName[full.slice(0, 2)] = i
}

/** next_day(start, dayOfWeek): the first later date that is that weekday; NULL for an unknown name (non-ANSI). */
const nextDay: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 2],
  resolve: (args, name) => ({ args: dateArgs(name, args, ['string']), dataType: DATE, nullable: true }),
  kernel(args, ctx, call) {
    const n = ctx.length
    const days = daysOf(args[0]!, isTimestampArg(call), ctx)
    const names = stringsOfVec(args[1]!, n)
    const valid = combinedValidity(args, n)
    const out = new Int32Array(n)
    const bits = newBitmap(n)
    for (let i = 0; i < n; i++) {
      const target = names[i] == null ? undefined : weekdayByName[names[i]!.trim().toUpperCase()]
      if (!isSet(valid, i) || target === undefined) continue
      const ahead = (target - weekdayOf(days[i]!) + 7) % 7
      out[i] = days[i]! + (ahead === 0 ? 7 : ahead)
      setBit(bits, i)
    }
    return numericColumn(DATE, out, bits)
  },
}

const daysInMonth = (year: number, month: number) =>
  daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - daysFromCivil(year, month, 1)

/**
 * months_between(t1, t2[, roundOff]): whole months when both days of month agree or both are month ends; otherwise
 * months plus the difference in days and time of day over 31-day months, rounded HALF_UP to 8 digits by default.
 */
export function monthsBetween(t1: number, t2: number, roundOff: boolean, zone: string): number {
  const [d1, micros1] = localDay(t1, zone)
  const [d2, micros2] = localDay(t2, zone)
  const c1 = civilFromDays(d1)
  const c2 = civilFromDays(d2)
  const monthDiff = c1.year * 12 + c1.month - (c2.year * 12 + c2.month)
  const end1 = c1.day === daysInMonth(c1.year, c1.month)
  const end2 = c2.day === daysInMonth(c2.year, c2.month)
  if (c1.day === c2.day || (end1 && end2)) return monthDiff
  const seconds1 = Math.floor(micros1 / 1_000_000)
  const seconds2 = Math.floor(micros2 / 1_000_000)
  const secondsDiff = (c1.day - c2.day) * 86_400 + seconds1 - seconds2
  const diff = monthDiff + secondsDiff / (31 * 86_400)
  if (!roundOff) return diff
  // BigDecimal(diff).setScale(8, HALF_UP) on the double's decimal expansion.
  const scaled = Number(`${diff}e8`)
  return Number(`${Math.sign(scaled) * Math.round(Math.abs(scaled))}e-8`)
}

const monthsBetweenFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    // Spark's two-argument form is the three-argument one with roundOff = true (and prints it).
    const full = args.length === 2 ? [...args, literal(true, BOOLEAN)] : args
    return { args: coerceArgs(name, full, ['timestamp', 'timestamp', BOOLEAN]), dataType: DOUBLE }
  },
  kernel(args, ctx) {
    const n = ctx.length
    const [a, b] = [numbersOver(args[0]!, n), numbersOver(args[1]!, n)]
    const round = args[2] ? numbersOver(args[2], n) : null
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) out[i] = monthsBetween(a[i]!, b[i]!, round === null || round[i] !== 0, ctx.zone)
    return numericColumn(DOUBLE, out, combinedValidity(args, n))
  },
}

export const dateFunctions = {
  unix_date: {
    kind: 'scalar',
    arity: [1, 1],
    resolve: (args, name) => ({ args: coerceArgs(name, args, [DATE]), dataType: INTEGER }),
    kernel: (args, ctx) =>
      numericColumn(INTEGER, Int32Array.from(numbersOver(args[0]!, ctx.length)), combinedValidity(args, ctx.length)),
  },
  date_from_unix_date: typed([INTEGER], DATE, (args, ctx) =>
    numericColumn(DATE, Int32Array.from(numbersOver(args[0]!, ctx.length)), combinedValidity(args, ctx.length)),
  ),
  unix_micros: typed(['timestamp'], LONG, (args, ctx) =>
    numericColumn(LONG, Float64Array.from(numbersOver(args[0]!, ctx.length)), combinedValidity(args, ctx.length)),
  ),
  next_day: nextDay,
  dayname: dateName((day) => dayNames[weekdayOf(day)]!),
  monthname: dateName((day) => monthNames[civilFromDays(day).month - 1]!),
  months_between: monthsBetweenFunction,
  current_timezone: typed([], STRING, (_args, ctx) => new Scalar(ctx.zone, STRING), {
    perBatch: true,
    nullable: () => false,
  }),
  // Synonyms Spark names columns by.
  curdate: datetimeFunctions.current_date,
  date_diff: datetimeFunctions.datediff,
  dateadd: datetimeFunctions.date_add,
  to_unix_timestamp: datetimeFunctions.unix_timestamp,
} satisfies Record<string, ScalarFunction>
