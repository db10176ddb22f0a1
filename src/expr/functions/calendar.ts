// Calendar functions: trunc, add_months, last_day, make_date, make_timestamp, from_utc_timestamp, to_utc_timestamp.
import { allValidBitmap, bitAt, numericColumn } from '../../arrow/index.js'
import { civilFromDays, daysFromCivil, wallClockToUtcMs, zoneOffsetMs } from '../../common/time.js'
import { DATE, DecimalType, INTEGER, STRING, TIMESTAMP } from '../../types/data-types.js'
import { numbersOver, stringsOfVec, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, type Vec } from './vector.js'

/** A numeric-like result column with `valid[i]` false rows NULL (on top of any NULL argument). */
function resultColumn(
  type: typeof DATE | typeof TIMESTAMP,
  out: Float64Array | Int32Array,
  args: readonly Vec[],
  ctx: EvalContext,
  invalid: number[],
) {
  let validity = combinedValidity(args, ctx.length)
  if (invalid.length > 0) {
    validity ??= allValidBitmap(ctx.length)
    for (const i of invalid) validity[i >> 3]! &= ~(1 << (i & 7))
  }
  return numericColumn(type, out, validity)
}

const rowValid = (validity: Uint8Array | null, i: number) => validity === null || bitAt(validity, i)

/** The first day of the unit containing `days` (Spark's DateTimeUtils.truncDate), or null for an unknown unit. */
function truncDays(days: number, unit: string): number | null {
  const { year, month } = civilFromDays(days)
  switch (unit) {
    case 'year':
    case 'yyyy':
    case 'yy':
      return daysFromCivil(year, 1, 1)
    case 'quarter':
      return daysFromCivil(year, month - ((month - 1) % 3), 1)
    case 'month':
    case 'mon':
    case 'mm':
      return daysFromCivil(year, month, 1)
    case 'week':
      return days - ((((days + 3) % 7) + 7) % 7)
    default:
      return null
  }
}

/** trunc(date, fmt): the date truncated to year, quarter, month or week (Monday); NULL for other units. */
const trunc = typed(
  ['date', 'string'],
  DATE,
  (args, ctx) => {
    const days = numbersOver(args[0]!, ctx.length)
    const units = stringsOfVec(args[1]!, ctx.length)
    const out = new Int32Array(ctx.length)
    const invalid: number[] = []
    for (let i = 0; i < ctx.length; i++) {
      const d = truncDays(days[i]!, units[i]?.toLowerCase() ?? '')
      if (d === null) invalid.push(i)
      else out[i] = d
    }
    return resultColumn(DATE, out, args, ctx, invalid)
  },
  { nullable: () => true },
)

/** The same day `months` later, clamped to the month's last day (LocalDate.plusMonths). */
export function plusMonths(days: number, months: number): number {
  const { year, month, day } = civilFromDays(days)
  const total = year * 12 + (month - 1) + months
  const y = Math.floor(total / 12)
  const m = total - y * 12 + 1
  const last = daysFromCivil(y, m + 1, 1) - daysFromCivil(y, m, 1)
  return daysFromCivil(y, m, Math.min(day, last))
}

const addMonths = typed(['date', INTEGER], DATE, (args, ctx) => {
  const days = numbersOver(args[0]!, ctx.length)
  const months = numbersOver(args[1]!, ctx.length)
  const out = new Int32Array(ctx.length)
  for (let i = 0; i < ctx.length; i++) out[i] = plusMonths(days[i]!, months[i]!)
  return resultColumn(DATE, out, args, ctx, [])
})

const lastDay = typed(['date'], DATE, (args, ctx) => {
  const days = numbersOver(args[0]!, ctx.length)
  const out = new Int32Array(ctx.length)
  for (let i = 0; i < ctx.length; i++) {
    const { year, month } = civilFromDays(days[i]!)
    out[i] = daysFromCivil(year, month + 1, 1) - 1
  }
  return resultColumn(DATE, out, args, ctx, [])
})

/** Epoch days of a valid proleptic Gregorian date, else null. */
function validDays(year: number, month: number, day: number): number | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return null
  const days = daysFromCivil(year, month, day)
  return civilFromDays(days).day === day ? days : null
}

const makeDate = typed(
  [INTEGER, INTEGER, INTEGER],
  DATE,
  (args, ctx) => {
    const [y, m, d] = args.map((a) => numbersOver(a, ctx.length)) as unknown as ArrayLike<number>[]
    const out = new Int32Array(ctx.length)
    const invalid: number[] = []
    for (let i = 0; i < ctx.length; i++) {
      const days = validDays(y![i]!, m![i]!, d![i]!)
      if (days === null) invalid.push(i)
      else out[i] = days
    }
    return resultColumn(DATE, out, args, ctx, invalid)
  },
  { nullable: () => true },
)

/**
 * make_timestamp(year, month, day, hour, min, sec[, timezone]): `sec` is DECIMAL(16, 6) with microseconds; 60
 * seconds is allowed (with no fraction) and rolls into the next minute. Invalid fields give NULL (non-ANSI).
 */
export const makeTimestamp: ScalarFunction = typed(
  [INTEGER, INTEGER, INTEGER, INTEGER, INTEGER, DecimalType(16, 6), STRING],
  TIMESTAMP,
  (args, ctx) => {
    const n = ctx.length
    const years = numbersOver(args[0]!, n)
    const months = numbersOver(args[1]!, n)
    const daysOfMonth = numbersOver(args[2]!, n)
    const hours = numbersOver(args[3]!, n)
    const minutes = numbersOver(args[4]!, n)
    const seconds = numbersOver(args[5]!, n)
    const zones = args[6] ? stringsOfVec(args[6], n) : null
    const valid = combinedValidity(args, n)
    const out = new Float64Array(n)
    const invalid: number[] = []
    for (let i = 0; i < n; i++) {
      if (!rowValid(valid, i)) continue
      const hour = hours[i]!
      const minute = minutes[i]!
      const micros = Math.round(seconds[i]! * 1_000_000)
      const whole = Math.floor(micros / 1_000_000)
      const days = validDays(years[i]!, months[i]!, daysOfMonth[i]!)
      const bad =
        days === null ||
        hour < 0 ||
        hour > 23 ||
        minute < 0 ||
        minute > 59 ||
        micros < 0 ||
        whole > 60 ||
        (whole === 60 && micros % 1_000_000 !== 0)
      if (bad) {
        invalid.push(i)
        continue
      }
      const wallMs = days! * 86_400_000 + (hour * 60 + minute) * 60_000 + Math.min(whole, 59) * 1000
      try {
        const utcMs = wallClockToUtcMs(zones?.[i] ?? ctx.zone, wallMs) + (whole === 60 ? 1000 : 0)
        out[i] = utcMs * 1000 + (micros % 1_000_000)
      } catch {
        invalid.push(i)
      }
    }
    return resultColumn(TIMESTAMP, out, args, ctx, invalid)
  },
  { arity: [6, 7], nullable: () => true },
)

/**
 * from_utc_timestamp(ts, tz) shifts the instant by tz's offset there (the UTC wall clock read in tz);
 * to_utc_timestamp(ts, tz) is the inverse (the wall clock in tz read as UTC). Spark's DateTimeUtils.convertTz.
 */
function convertZone(fromUtc: boolean): ScalarFunction {
  return typed(['timestamp', 'string'], TIMESTAMP, (args, ctx) => {
    const n = ctx.length
    const micros = numbersOver(args[0]!, n)
    const zones = stringsOfVec(args[1]!, n)
    const out = new Float64Array(n)
    const invalid: number[] = []
    const valid = combinedValidity(args, n)
    for (let i = 0; i < n; i++) {
      if (!rowValid(valid, i)) continue
      const us = micros[i]!
      const ms = Math.floor(us / 1000)
      const rest = us - ms * 1000
      try {
        const zone = zones[i]!
        const shifted = fromUtc ? ms + zoneOffsetMs(zone, ms) : wallClockToUtcMs(zone, ms)
        out[i] = shifted * 1000 + rest
      } catch {
        invalid.push(i)
      }
    }
    return resultColumn(TIMESTAMP, out, args, ctx, invalid)
  })
}

export const calendarFunctions = {
  trunc,
  add_months: addMonths,
  last_day: lastDay,
  make_date: makeDate,
  make_timestamp: makeTimestamp,
  from_utc_timestamp: convertZone(true),
  to_utc_timestamp: convertZone(false),
} satisfies Record<string, ScalarFunction>
