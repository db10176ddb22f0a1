// Date and time functions: current_timestamp (fixed per batch), to_timestamp, date_format, field extraction, arithmetic.
import { allValidBitmap, numbersOf, numericColumn, Utf8Builder } from '../../arrow/index.js'
import { dateToMicros, microsToDate } from '../../common/datetime-parse.js'
import { formatWithPattern, parseWithPattern } from '../../common/datetime-pattern.js'
import { AnalysisException, ArithmeticException } from '../../common/errors.js'
import { civilFromDays, daysFromCivil, zoneOffsetMs } from '../../common/time.js'
import { DATE, type DataType, INTEGER, LONG, STRING, sqlTypeName, TIMESTAMP } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import { isWindowType } from '../../types/window-type.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs } from './coercion.js'
import { dateFormat } from './date-format.js'
import { numbersOver, stringsOfVec, typed, validityFromFlags } from './define.js'
import type { ScalarFunction } from './spec.js'
import { parseStrings } from './to-datetime.js'
import { combinedValidity, type EvalContext, materialize, Scalar, type Vec } from './vector.js'

const currentTimestamp = typed([], TIMESTAMP, (_, ctx) => new Scalar(ctx.batchTimestampMicros, TIMESTAMP), {
  perBatch: true,
  nullable: () => false,
})

const currentDate = typed([], DATE, (_, ctx) => new Scalar(microsToDate(ctx.batchTimestampMicros, ctx.zone), DATE), {
  perBatch: true,
  nullable: () => false,
})

/** The zone a timestamp's fields are read in: the session's for TIMESTAMP, UTC for TIMESTAMP_NTZ (its wall clock). */
export const fieldZone = (type: DataType, ctx: EvalContext): string =>
  type.kind === 'timestamp_ntz' ? 'UTC' : ctx.zone

/** Epoch-day of each row of a date or timestamp argument, in the session zone (TIMESTAMP_NTZ: its wall clock). */
function localDays(v: Vec, type: DataType, ctx: EvalContext): Float64Array {
  const values = numbersOver(v, ctx.length)
  const out = new Float64Array(ctx.length)
  const zone = fieldZone(type, ctx)
  for (let i = 0; i < ctx.length; i++) out[i] = type.kind === 'date' ? values[i]! : microsToDate(values[i]!, zone)
  return out
}

/** A field of the local date: year, month, day, day of week/year, quarter, week of year. */
export function dateField(extract: (days: number) => number): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 1],
    resolve(args, name) {
      const type = dataTypeOf(args[0]!)
      const coerced =
        type.kind === 'timestamp' || type.kind === 'timestamp_ntz' ? args : coerceArgs(name, args, ['date'])
      return { args: coerced, dataType: INTEGER }
    },
    kernel(args, ctx, call) {
      const days = localDays(args[0]!, dataTypeOf(call.args[0]!), ctx)
      const out = new Int32Array(ctx.length)
      for (let i = 0; i < ctx.length; i++) out[i] = extract(days[i]!)
      return numericColumn(INTEGER, out, combinedValidity(args, ctx.length))
    },
  }
}

/** A field of the local time of day: hour, minute, second (of a TIMESTAMP or TIMESTAMP_NTZ: AnyTimestampType). */
function timeField(divisorMs: number, modulo: number): ScalarFunction {
  const base = typed(['timestamp'], INTEGER, (args, ctx, call) => {
    const values = numbersOver(args[0]!, ctx.length)
    const zone = fieldZone(dataTypeOf(call.args[0]!), ctx)
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const utcMs = Math.floor(values[i]! / 1000)
      const localMs = utcMs + zoneOffsetMs(zone, utcMs)
      out[i] = Math.floor(localMs / divisorMs) % modulo
      if (out[i]! < 0) out[i]! += modulo
    }
    return numericColumn(INTEGER, out, combinedValidity(args, ctx.length))
  })
  return {
    ...base,
    resolve: (args, name) =>
      dataTypeOf(args[0]!).kind === 'timestamp_ntz' ? { args, dataType: INTEGER } : base.resolve(args, name),
  }
}

/** unix_timestamp(): seconds since the epoch of a timestamp, date, or string parsed with a pattern. */
const unixTimestamp: ScalarFunction = {
  kind: 'scalar',
  arity: [0, 2],
  resolve(args, name) {
    if (args.length === 0) return { args, dataType: LONG, nullable: false }
    const type = dataTypeOf(args[0]!)
    const first =
      type.kind === 'timestamp' || type.kind === 'date' ? args[0]! : coerceArgs(name, [args[0]!], ['string'])[0]!
    return { args: [first, ...coerceArgs(name, args.slice(1), ['string'])], dataType: LONG, nullable: true }
  },
  perBatch: true,
  kernel(args, ctx, call) {
    if (args.length === 0) return new Scalar(Math.floor(ctx.batchTimestampMicros / 1_000_000), LONG)
    const from = dataTypeOf(call.args[0]!)
    if (from.kind === 'string') {
      const { out, validity } = parseStrings(
        args.length === 1 ? [args[0]!, new Scalar('yyyy-MM-dd HH:mm:ss', STRING)] : args,
        ctx,
        (text, pattern) => parseWithPattern(text, pattern!, ctx.zone),
      )
      return numericColumn(
        LONG,
        out.map((micros) => Math.floor(micros / 1_000_000)),
        validity,
      )
    }
    const values = numbersOver(args[0]!, ctx.length)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      out[i] =
        from.kind === 'date'
          ? Math.floor(dateToMicros(values[i]!, ctx.zone) / 1_000_000)
          : Math.floor(values[i]! / 1_000_000)
    }
    return numericColumn(LONG, out, combinedValidity(args, ctx.length))
  },
}

const fromUnixtime = typed(
  ['integral', 'string'],
  STRING,
  (args, ctx) => {
    const seconds = numbersOver(args[0]!, ctx.length)
    const patterns = args[1] ? stringsOfVec(args[1], ctx.length) : null
    const validity = combinedValidity(args, ctx.length)
    const builder = new Utf8Builder(ctx.length, ctx.length * 20)
    for (let i = 0; i < ctx.length; i++) {
      const valid = validity === null || ((validity[i >> 3]! >> (i & 7)) & 1) === 1
      builder.append(
        valid ? formatWithPattern(seconds[i]! * 1_000_000, patterns?.[i] ?? 'yyyy-MM-dd HH:mm:ss', ctx.zone) : null,
      )
    }
    return builder.finish()
  },
  { arity: [1, 2] },
)

/**
 * Epoch number → timestamp with a unit (timestamp_seconds / _millis / _micros). Integral and DECIMAL inputs must
 * fit exactly (Math.multiplyExact, BigDecimal.longValueExact: an ArithmeticException otherwise); a floating-point
 * input is truncated, and NaN or an infinity is NULL.
 */
function timestampFromNumber(microsPerUnit: number): ScalarFunction {
  return typed(['numeric'], TIMESTAMP, (args, ctx, call) => {
    const values = numbersOver(args[0]!, ctx.length)
    const kind = dataTypeOf(call.args[0]!).kind
    const floating = kind === 'float' || kind === 'double'
    let validity = combinedValidity(args, ctx.length)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      if (validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0) continue
      const micros = values[i]! * microsPerUnit
      if (floating && !Number.isFinite(micros)) {
        validity ??= allValidBitmap(ctx.length)
        validity[i >> 3]! &= ~(1 << (i & 7))
        continue
      }
      if (!floating && Math.abs(micros) >= 2 ** 63) throw new ArithmeticException('long overflow')
      // A DECIMAL with digits below the microsecond (timestamp_seconds(0.1234567)).
      if (kind === 'decimal' && Math.abs(micros - Math.round(micros)) > 1e-12 * Math.max(1, Math.abs(micros))) {
        throw new ArithmeticException('Rounding necessary')
      }
      out[i] = kind === 'decimal' ? Math.round(micros) : Math.trunc(micros)
    }
    return numericColumn(TIMESTAMP, out, validity)
  })
}

/**
 * date_add/date_sub's day count: INT, SMALLINT or TINYINT (never a wider or fractional type); a string literal is cast
 * to INT at analysis, failing with SECOND_FUNCTION_ARGUMENT_NOT_INTEGER (Spark's StringLiteralCoercion).
 */
function dayCount(name: string, args: readonly Expr[]): Expr {
  const days = args[1]!
  const type = dataTypeOf(days)
  if (['integer', 'short', 'byte', 'null'].includes(type.kind)) return days
  if (type.kind === 'string' && days.kind === 'Literal') {
    const text = days.value === null ? null : String(days.value).trim()
    if (text === null) return literal(null, INTEGER)
    const value = /^[+-]?\d+$/.test(text) ? Number(text) : Number.NaN
    if (Number.isInteger(value) && value >= -2147483648 && value <= 2147483647) return literal(value, INTEGER)
    throw new AnalysisException(`The second argument of \`${name}\` function needs to be an integer.`, {
      errorClass: 'SECOND_FUNCTION_ARGUMENT_NOT_INTEGER',
    })
  }
  throw new AnalysisException(
    `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 2 requires the ("INT" or ` +
      `"SMALLINT" or "TINYINT") type, however "${sqlText(days)}" has the type "${sqlTypeName(type)}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

function dateArithmetic(sign: number): ScalarFunction {
  const base = typed(['date', INTEGER], DATE, (args, ctx) => {
    const [days, delta] = [numbersOver(args[0]!, ctx.length), numbersOver(args[1]!, ctx.length)]
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = days[i]! + sign * delta[i]!
    return numericColumn(DATE, out, combinedValidity(args, ctx.length))
  })
  return { ...base, resolve: (args, name) => base.resolve([args[0]!, dayCount(name, args)], name) }
}

const truncUnits: Record<string, string> = {
  year: 'year',
  yyyy: 'year',
  yy: 'year',
  quarter: 'quarter',
  month: 'month',
  mon: 'month',
  mm: 'month',
  week: 'week',
  day: 'day',
  dd: 'day',
  hour: 'hour',
  minute: 'minute',
  second: 'second',
  millisecond: 'millisecond',
  microsecond: 'microsecond',
}

/** date_trunc(unit, ts): the start of the unit containing ts, in the session zone. */
const dateTrunc = typed(['string', 'timestamp'], TIMESTAMP, (args, ctx) => {
  const units = stringsOfVec(args[0]!, ctx.length)
  const values = numbersOver(args[1]!, ctx.length)
  const out = new Float64Array(ctx.length)
  const valid: boolean[] = new Array(ctx.length)
  const base = combinedValidity(args, ctx.length)
  for (let i = 0; i < ctx.length; i++) {
    const unit = truncUnits[units[i]?.toLowerCase() ?? '']
    valid[i] = unit !== undefined && (base === null || ((base[i >> 3]! >> (i & 7)) & 1) === 1)
    if (!valid[i]) continue
    const micros = values[i]!
    const utcMs = Math.floor(micros / 1000)
    const offset = zoneOffsetMs(ctx.zone, utcMs)
    const localMicros = micros + offset * 1000
    const days = Math.floor(localMicros / 86_400_000_000)
    const { year, month } = civilFromDays(days)
    const startDays: Record<string, () => number> = {
      year: () => daysFromCivil(year, 1, 1),
      quarter: () => daysFromCivil(year, month - ((month - 1) % 3), 1),
      month: () => daysFromCivil(year, month, 1),
      week: () => days - ((((days + 3) % 7) + 7) % 7),
    }
    const sizes: Record<string, number> = {
      day: 86_400_000_000,
      hour: 3_600_000_000,
      minute: 60_000_000,
      second: 1_000_000,
      millisecond: 1000,
      microsecond: 1,
    }
    const localStart = startDays[unit!]
      ? startDays[unit!]!() * 86_400_000_000
      : Math.floor(localMicros / sizes[unit!]!) * sizes[unit!]!
    out[i] = localStart - zoneOffsetMs(ctx.zone, Math.floor(localStart / 1000) - offset) * 1000
  }
  return numericColumn(TIMESTAMP, out, validityFromFlags(valid))
})

/** window_time(window): the window's end minus one microsecond, the event time of a window aggregate's rows. */
const windowTime: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args) {
    if (!isWindowType(dataTypeOf(args[0]!))) {
      throw new AnalysisException(`The input is not a correct window column: ${sqlText(args[0]!)}`)
    }
    return { args, dataType: TIMESTAMP }
  },
  kernel(args, ctx, call) {
    const window = materialize(args[0]!, ctx.length)
    const endIndex = (dataTypeOf(call.args[0]!) as StructType).fields.findIndex((f) => f.name === 'end')
    const ends = numbersOf(window.children[endIndex]!)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = ends[i]! - 1
    return numericColumn(TIMESTAMP, out, combinedValidity(args, ctx.length))
  },
}

export const weekday = (days: number) => (((days + 3) % 7) + 7) % 7 // 0 = Monday

export const datetimeFunctions = {
  current_timestamp: currentTimestamp,
  now: currentTimestamp,
  current_date: currentDate,
  date_format: dateFormat,
  unix_timestamp: unixTimestamp,
  from_unixtime: fromUnixtime,
  timestamp_seconds: timestampFromNumber(1_000_000),
  timestamp_millis: timestampFromNumber(1000),
  timestamp_micros: timestampFromNumber(1),
  year: dateField((d) => civilFromDays(d).year),
  quarter: dateField((d) => Math.floor((civilFromDays(d).month - 1) / 3) + 1),
  month: dateField((d) => civilFromDays(d).month),
  dayofmonth: dateField((d) => civilFromDays(d).day),
  dayofweek: dateField((d) => ((weekday(d) + 1) % 7) + 1),
  weekday: dateField(weekday),
  dayofyear: dateField((d) => d - daysFromCivil(civilFromDays(d).year, 1, 1) + 1),
  weekofyear: dateField((d) => {
    // ISO-8601 week: the week with the year's first Thursday is week 1.
    const thursday = d - weekday(d) + 3
    return Math.floor((thursday - daysFromCivil(civilFromDays(thursday).year, 1, 1)) / 7) + 1
  }),
  hour: timeField(3_600_000, 24),
  minute: timeField(60_000, 60),
  second: timeField(1000, 60),
  date_add: dateArithmetic(1),
  date_sub: dateArithmetic(-1),
  datediff: typed(['date', 'date'], INTEGER, (args, ctx) => {
    const [end, start] = [numbersOver(args[0]!, ctx.length), numbersOver(args[1]!, ctx.length)]
    const out = new Int32Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = end[i]! - start[i]!
    return numericColumn(INTEGER, out, combinedValidity(args, ctx.length))
  }),
  date_trunc: dateTrunc,
  window_time: windowTime,
  unix_seconds: typed(['timestamp'], LONG, (args, ctx) => {
    const values = numbersOver(args[0]!, ctx.length)
    return numericColumn(
      LONG,
      Float64Array.from(values, (v) => Math.floor(v / 1_000_000)),
      combinedValidity(args, ctx.length),
    )
  }),
  unix_millis: typed(['timestamp'], LONG, (args, ctx) => {
    const values = numbersOver(args[0]!, ctx.length)
    return numericColumn(
      LONG,
      Float64Array.from(values, (v) => Math.floor(v / 1000)),
      combinedValidity(args, ctx.length),
    )
  }),
} satisfies Record<string, ScalarFunction>
