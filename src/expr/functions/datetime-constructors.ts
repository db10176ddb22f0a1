// Timestamps and ANSI intervals built from fields or shifted by units: make_timestamp_ltz/_ntz (and try_ forms),
// make_dt_interval, make_ym_interval, timestampadd, timestampdiff and convert_timezone.
import { numbersOf, numericColumn, validityOf } from '../../arrow/index.js'
import { ArithmeticException, IllegalArgumentException } from '../../common/errors.js'
import { MICROS_PER_DAY, MICROS_PER_HOUR, MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../common/interval.js'
import { civilFromDays, instantToWallClock, wallClockToInstant } from '../../common/time.js'
import {
  type DataType,
  DecimalType,
  INTEGER,
  INTERVAL,
  LONG,
  TIMESTAMP,
  TIMESTAMP_NTZ,
  YEAR_MONTH_INTERVAL,
} from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
import { makeTimestamp, plusMonths } from './calendar.js'
import { castTo, coerceArgs } from './coercion.js'
import { datePartFunctions } from './date-part.js'
import { numbersOver, stringsOfVec } from './define.js'
import type { ScalarFunction } from './spec.js'
import { toDatetimeFunctions } from './to-datetime.js'
import { combinedValidity, type EvalContext, Scalar } from './vector.js'

/** make_timestamp_ntz: the fields as a wall clock with no time zone (make_timestamp read in UTC, retyped). */
const makeTimestampNtz: ScalarFunction = {
  ...makeTimestamp,
  arity: [6, 6],
  resolve: (args, name) => ({ ...makeTimestamp.resolve(args, name), dataType: TIMESTAMP_NTZ }),
  kernel(args, ctx, call) {
    const column = makeTimestamp.kernel(args, { ...ctx, zone: 'UTC' }, call) as ReturnType<typeof numericColumn>
    return numericColumn(TIMESTAMP_NTZ, numbersOf(column), validityOf(column))
  },
}

/** A sum of fields past a type's range: Spark's make_*_interval raise it even when ANSI mode is off. */
function overflow(name: string): ArithmeticException {
  return new ArithmeticException(`${name} overflow`, { errorClass: 'ARITHMETIC_OVERFLOW' })
}

/** Arguments defaulted to 0 (Spark's MakeDTInterval / MakeYMInterval constructors) and cast to their types. */
function defaulted(args: readonly Expr[], types: readonly DataType[]): Expr[] {
  return types.map((t, i) => castTo(args[i] ?? literal(0, INTEGER), t))
}

/** make_dt_interval([days[, hours[, mins[, secs]]]]): INTERVAL DAY TO SECOND. */
const makeDtInterval: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 4],
  resolve(args, name) {
    const coerced = coerceArgs(name, args, [INTEGER, INTEGER, INTEGER, DecimalType(18, 6)])
    return { args: defaulted(coerced, [INTEGER, INTEGER, INTEGER, DecimalType(18, 6)]), dataType: INTERVAL }
  },
  kernel(args, ctx) {
    const [days, hours, minutes, seconds] = args.map((a) => numbersOver(a, ctx.length))
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const micros =
        days![i]! * MICROS_PER_DAY +
        hours![i]! * MICROS_PER_HOUR +
        minutes![i]! * MICROS_PER_MINUTE +
        Math.round(seconds![i]! * MICROS_PER_SECOND)
      if (Math.abs(micros) >= 2 ** 63) throw overflow('long')
      out[i] = micros || 0
    }
    return numericColumn(INTERVAL, out, combinedValidity(args, ctx.length))
  },
}

/** make_ym_interval([years[, months]]): INTERVAL YEAR TO MONTH. */
const makeYmInterval: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 2],
  resolve(args, name) {
    const coerced = coerceArgs(name, args, [INTEGER, INTEGER])
    return { args: defaulted(coerced, [INTEGER, INTEGER]), dataType: YEAR_MONTH_INTERVAL }
  },
  kernel(args, ctx) {
    const [years, months] = args.map((a) => numbersOver(a, ctx.length))
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const total = years![i]! * 12 + months![i]!
      if (Math.abs(total) > 2147483647) throw overflow('integer')
      out[i] = total
    }
    return numericColumn(YEAR_MONTH_INTERVAL, out, combinedValidity(args, ctx.length))
  },
}

const UNITS = [
  'YEAR',
  'QUARTER',
  'MONTH',
  'WEEK',
  'DAY',
  'DAYOFYEAR',
  'HOUR',
  'MINUTE',
  'SECOND',
  'MILLISECOND',
  'MICROSECOND',
] as const
type Unit = (typeof UNITS)[number]

const FIXED: Readonly<Partial<Record<Unit, number>>> = {
  HOUR: MICROS_PER_HOUR,
  MINUTE: MICROS_PER_MINUTE,
  SECOND: MICROS_PER_SECOND,
  MILLISECOND: 1000,
  MICROSECOND: 1,
}

function unitOf(text: string | null | undefined): Unit {
  const unit = text?.toUpperCase() as Unit
  if (!UNITS.includes(unit)) {
    throw new IllegalArgumentException(`The value of parameter(s) \`unit\` in \`timestampadd\` is invalid: ${text}`, {
      errorClass: 'INVALID_PARAMETER_VALUE.DATETIME_UNIT',
    })
  }
  return unit
}

const zoneOf = (type: DataType, ctx: EvalContext) => (type.kind === 'timestamp_ntz' ? 'UTC' : ctx.zone)

/** The timestamp's wall clock split into epoch day and microsecond of the day. */
function splitLocal(local: number): [days: number, ofDay: number] {
  const days = Math.floor(local / MICROS_PER_DAY)
  return [days, local - days * MICROS_PER_DAY]
}

/** Spark's timestampAdd: units up to HOUR move the instant; DAY and longer move the wall clock in the zone. */
function timestampAdd(unit: Unit, quantity: number, micros: number, zone: string): number {
  const fixed = FIXED[unit]
  if (fixed !== undefined) return micros + quantity * fixed
  const [days, ofDay] = splitLocal(instantToWallClock(micros, zone))
  const shifted =
    unit === 'DAY' || unit === 'DAYOFYEAR'
      ? days + quantity
      : unit === 'WEEK'
        ? days + 7 * quantity
        : plusMonths(days, quantity * (unit === 'YEAR' ? 12 : unit === 'QUARTER' ? 3 : 1))
  return wallClockToInstant(shifted * MICROS_PER_DAY + ofDay, zone)
}

/** Spark's timestampDiff: ChronoUnit.between over the two wall clocks (whole units, truncated toward zero). */
function timestampDiff(unit: Unit, start: number, end: number, zone: string): number {
  const a = instantToWallClock(start, zone)
  const b = instantToWallClock(end, zone)
  const fixed = FIXED[unit]
  if (fixed !== undefined) return Math.trunc((b - a) / fixed)
  if (unit === 'DAY' || unit === 'DAYOFYEAR') return Math.trunc((b - a) / MICROS_PER_DAY)
  if (unit === 'WEEK') return Math.trunc((b - a) / (7 * MICROS_PER_DAY))
  const [da, ta] = splitLocal(a)
  const [db, tb] = splitLocal(b)
  const x = civilFromDays(da)
  const y = civilFromDays(db)
  let months = y.year * 12 + y.month - (x.year * 12 + x.month)
  const endBefore = y.day < x.day || (y.day === x.day && tb < ta)
  const endAfter = y.day > x.day || (y.day === x.day && tb > ta)
  if (months > 0 && endBefore) months--
  else if (months < 0 && endAfter) months++
  return Math.trunc(months / (unit === 'YEAR' ? 12 : unit === 'QUARTER' ? 3 : 1))
}

/** A timestamp argument: TIMESTAMP_NTZ stays, anything else is read as a TIMESTAMP. */
function timestampArg(name: string, e: Expr): Expr {
  return dataTypeOf(e).kind === 'timestamp_ntz' ? e : coerceArgs(name, [e], ['timestamp'])[0]!
}

/** timestampadd(unit, quantity, timestamp): the timestamp's type. */
const timestampAddFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [3, 3],
  resolve(args, name) {
    const [unit, quantity] = coerceArgs(name, args.slice(0, 2), ['string', LONG])
    const ts = timestampArg(name, args[2]!)
    return { args: [unit!, quantity!, ts], dataType: dataTypeOf(ts) }
  },
  kernel(args, ctx, call) {
    const units = stringsOfVec(args[0]!, ctx.length)
    const quantities = numbersOver(args[1]!, ctx.length)
    const values = numbersOver(args[2]!, ctx.length)
    const zone = zoneOf(call.dataType, ctx)
    const validity = combinedValidity(args, ctx.length)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue
      out[i] = timestampAdd(unitOf(units[i]), quantities[i]!, values[i]!, zone)
    }
    return numericColumn(call.dataType, out, validity)
  },
}

/** timestampdiff(unit, start, end): BIGINT whole units from start to end. */
const timestampDiffFunction: ScalarFunction = {
  kind: 'scalar',
  arity: [3, 3],
  resolve(args, name) {
    const [unit] = coerceArgs(name, args.slice(0, 1), ['string'])
    let [start, end] = [timestampArg(name, args[1]!), timestampArg(name, args[2]!)]
    // Mixed TIMESTAMP and TIMESTAMP_NTZ compare as TIMESTAMPs.
    if (dataTypeOf(start).kind !== dataTypeOf(end).kind)
      [start, end] = [castTo(start, TIMESTAMP), castTo(end, TIMESTAMP)]
    return { args: [unit!, start, end], dataType: LONG }
  },
  kernel(args, ctx, call) {
    const units = stringsOfVec(args[0]!, ctx.length)
    const [starts, ends] = [numbersOver(args[1]!, ctx.length), numbersOver(args[2]!, ctx.length)]
    const zone = zoneOf(dataTypeOf(call.args[1]!), ctx)
    const validity = combinedValidity(args, ctx.length)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue
      out[i] = timestampDiff(unitOf(units[i]), starts[i]!, ends[i]!, zone)
    }
    return numericColumn(LONG, out, validity)
  },
}

/** convert_timezone([sourceTz, ]targetTz, sourceTs): the wall clock in sourceTz as the wall clock in targetTz. */
const convertTimezone: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const zones = coerceArgs(name, args.slice(0, -1), ['string'])
    const ts = castTo(timestampArg(name, args[args.length - 1]!), TIMESTAMP_NTZ)
    return { args: [...zones, ts], dataType: TIMESTAMP_NTZ }
  },
  kernel(args, ctx) {
    const n = ctx.length
    const sources: readonly (string | null)[] | null = args.length === 3 ? stringsOfVec(args[0]!, n) : null
    const targets = stringsOfVec(args[args.length - 2]!, n)
    const values = numbersOver(args[args.length - 1]!, n)
    const validity = combinedValidity(args, n)
    const out = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue
      const instant = wallClockToInstant(values[i]!, sources?.[i] ?? ctx.zone)
      out[i] = instantToWallClock(instant, targets[i]!)
    }
    return numericColumn(TIMESTAMP_NTZ, out, validity)
  },
}

/** localtimestamp(): the batch's current timestamp as the session time zone's wall clock, a TIMESTAMP_NTZ. */
const localTimestamp: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 0],
  resolve: (args) => ({ args, dataType: TIMESTAMP_NTZ, nullable: false }),
  kernel: (_args, ctx) => new Scalar(instantToWallClock(ctx.batchTimestampMicros, ctx.zone), TIMESTAMP_NTZ),
  perBatch: true,
}

export const datetimeConstructorFunctions = {
  localtimestamp: localTimestamp,
  make_timestamp_ltz: makeTimestamp,
  make_timestamp_ntz: makeTimestampNtz,
  // With ANSI mode off the try_ forms are the plain ones: invalid fields already give NULL.
  try_make_timestamp: makeTimestamp,
  try_make_timestamp_ltz: makeTimestamp,
  try_make_timestamp_ntz: makeTimestampNtz,
  make_dt_interval: makeDtInterval,
  make_ym_interval: makeYmInterval,
  timestampadd: timestampAddFunction,
  timestampdiff: timestampDiffFunction,
  convert_timezone: convertTimezone,
  // With ANSI mode off a string that does not parse is NULL already.
  try_to_timestamp: toDatetimeFunctions.to_timestamp,
  datepart: datePartFunctions.date_part,
} satisfies Record<string, ScalarFunction>
