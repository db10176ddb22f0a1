// Arithmetic over Spark's ANSI intervals: interval ± interval, interval × and ÷ numbers, and datetime ± interval.
import { arrayTypeFor, nullColumn, numericColumn } from '../../arrow/index.js'
import { ArithmeticException } from '../../common/errors.js'
import { MICROS_PER_DAY, MICROS_PER_MILLI, MILLIS_PER_DAY } from '../../common/interval.js'
import { instantToWallClock, wallClockToUtcMs, zoneOffsetMs } from '../../common/time.js'
import {
  type AnsiIntervalType,
  type DataType,
  DayTimeIntervalType,
  DOUBLE,
  INTERVAL,
  isAnsiInterval,
  isIntegral,
  isNumeric,
  TIMESTAMP,
  YEAR_MONTH_INTERVAL,
  YearMonthIntervalType,
} from '../../types/data-types.js'
import { dataTypeOf, type Expr, type Fn } from '../expression.js'
import { plusMonths } from './calendar.js'
import { castTo } from './coercion.js'
import { numbersOver } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, hasNullScalar, type Vec } from './vector.js'

type Op = 'add' | 'subtract' | 'multiply' | 'divide'

const LONG_MAX = 2 ** 63 - 1024 // the largest double below 2^63: anything above it is past Long.MaxValue
const INT_MAX = 2_147_483_647

const isDayTime = (t: DataType) => t.kind === 'interval'
const isYearMonth = (t: DataType) => t.kind === 'year_month_interval'
const isTime = (t: DataType) => t.kind === 'timestamp' || t.kind === 'timestamp_ntz'

/** The operands (reordered so an interval comes first in `number * interval`) and the result type. */
export interface IntervalResolution {
  readonly args: readonly Expr[]
  readonly dataType: DataType
}

/** Both intervals' fields joined: `INTERVAL '1' DAY + INTERVAL '2' SECOND` is `INTERVAL DAY TO SECOND`. */
function widerInterval(a: DataType, b: DataType): DataType {
  const [x, y] = [a, b] as [AnsiIntervalType, AnsiIntervalType]
  const start = Math.min(x.startField, y.startField)
  const end = Math.max(x.endField, y.endField)
  return isDayTime(a) ? DayTimeIntervalType(start, end) : YearMonthIntervalType(start, end)
}

/** A string operand beside an interval is read as a DOUBLE, a NULL as the other side's numeric partner. */
function asNumber(e: Expr): Expr {
  const t = dataTypeOf(e)
  return t.kind === 'string' || t.kind === 'null' ? castTo(e, DOUBLE) : e
}

/**
 * Spark's typing of an arithmetic operator with an ANSI interval operand (ResolveBinaryArithmetic), or undefined
 * when no operand is an interval or the combination is not interval arithmetic (the caller reports it).
 */
export function resolveIntervalArithmetic(op: string, args: readonly Expr[]): IntervalResolution | undefined {
  const [a, b] = args as [Expr, Expr]
  const [ta, tb] = [dataTypeOf(a), dataTypeOf(b)]
  const numberLike = (t: DataType) => isNumeric(t) || t.kind === 'string' || t.kind === 'null'
  if (op === 'add' || op === 'subtract') {
    if (isAnsiInterval(ta) && tb.kind === ta.kind) return { args, dataType: widerInterval(ta, tb) }
    if (isYearMonth(tb) && (ta.kind === 'date' || isTime(ta))) return { args, dataType: ta }
    if (op === 'add' && isYearMonth(ta) && (tb.kind === 'date' || isTime(tb))) return { args: [b, a], dataType: tb }
    if (isDayTime(tb) && ta.kind === 'date') return { args: [castTo(a, TIMESTAMP), b], dataType: TIMESTAMP }
    if (op === 'add' && isDayTime(ta) && tb.kind === 'date')
      return { args: [castTo(b, TIMESTAMP), a], dataType: TIMESTAMP }
    if (op === 'subtract' && isTime(ta) && tb.kind === 'date') return { args: [a, castTo(b, ta)], dataType: INTERVAL }
    if (op === 'subtract' && ta.kind === 'date' && isTime(tb)) return { args: [castTo(a, tb), b], dataType: INTERVAL }
    return undefined
  }
  if (op === 'multiply') {
    if (isAnsiInterval(ta) && numberLike(tb)) return { args: [a, asNumber(b)], dataType: generic(ta) }
    if (isAnsiInterval(tb) && numberLike(ta)) return { args: [b, asNumber(a)], dataType: generic(tb) }
  }
  if (op === 'divide' && isAnsiInterval(ta) && numberLike(tb)) return { args: [a, asNumber(b)], dataType: generic(ta) }
  return undefined
}

/** Multiplying or dividing an interval gives the type's widest form (`INTERVAL DAY TO SECOND`). */
const generic = (t: DataType): DataType => (isDayTime(t) ? INTERVAL : YEAR_MONTH_INTERVAL)

function overflow(): ArithmeticException {
  return new ArithmeticException('Interval arithmetic overflow.', {
    errorClass: 'INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION',
  })
}

/** Java's RoundingMode.HALF_UP: halves go away from zero. */
const roundHalfUp = (x: number) => (x < 0 ? -Math.round(-x) : Math.round(x)) || 0

/** Whether a resolved arithmetic call is computed here (the datetime ± day-time forms use the plain loops). */
export function isIntervalCall(call: Fn): boolean {
  const types = call.args.map(dataTypeOf)
  if (types.some(isYearMonth)) return true
  // TIMESTAMP - TIMESTAMP counts on the wall clock of the session zone (the DATE operand was cast to TIMESTAMP).
  if (call.name.endsWith('subtract') && types.every((t) => t.kind === 'timestamp')) return true
  if (call.name.endsWith('multiply') || call.name.endsWith('divide')) return types.some(isDayTime)
  return types.every(isDayTime)
}

/**
 * Evaluates a call `resolveIntervalArithmetic` typed. Overflow and division by zero raise Spark's errors, or give
 * NULL for that row when `nullOnError` (try_add, try_divide, ...).
 */
export function intervalArithmetic(op: Op, args: readonly Vec[], ctx: EvalContext, call: Fn, nullOnError: boolean) {
  const n = ctx.length
  if (hasNullScalar(args)) return nullColumn(call.dataType, n)
  const [ta, tb] = call.args.map(dataTypeOf) as [DataType, DataType]
  const left = numbersOver(args[0]!, n)
  const right = numbersOver(args[1]!, n)
  let validity = combinedValidity(args, n)
  const yearMonth = isYearMonth(ta) || isYearMonth(tb)
  const limit = call.dataType.kind === 'year_month_interval' ? INT_MAX : LONG_MAX
  const fail = (i: number, error: () => ArithmeticException) => {
    if (!nullOnError) throw error()
    validity ??= new Uint8Array((n + 7) >> 3).fill(0xff)
    validity[i >> 3]! &= ~(1 << (i & 7))
  }
  const operation = rowOperation(op, ta, tb, ctx.zone)
  const datetime = call.dataType.kind === 'date' || isTime(call.dataType)
  const tooLarge = yearMonth && op === 'multiply' ? integerOverflow : overflow
  const out = new (arrayTypeFor(call.dataType))(n)
  for (let i = 0; i < n; i++) {
    if (validity !== null && (validity[i >> 3]! & (1 << (i & 7))) === 0) continue
    const y = right[i]!
    if (op === 'divide' && y === 0) {
      fail(i, divideByZero)
      continue
    }
    const value = operation(left[i]!, y)
    if (datetime || Number.isNaN(value)) {
      out[i] = value
      if (Number.isNaN(value)) fail(i, overflow)
    } else if (Math.abs(value) > limit) fail(i, tooLarge)
    else out[i] = value || 0
  }
  return numericColumn(call.dataType, out, validity)
}

/** What one row computes, chosen once per call rather than re-decided for every row. */
function rowOperation(op: Op, ta: DataType, tb: DataType, zone: string): (x: number, y: number) => number {
  const sign = op === 'subtract' ? -1 : 1
  if (isYearMonth(tb) && ta.kind === 'date') return (x, y) => plusMonths(x, sign * y)
  if (isYearMonth(tb) && isTime(ta)) return (x, y) => timestampPlusMonths(x, sign * y, ta, zone)
  // Spark's subtractTimestamps: the microseconds between the two local date-times, so a DST change does not count.
  if (op === 'subtract' && ta.kind === 'timestamp' && tb.kind === 'timestamp') {
    return (x, y) => instantToWallClock(x, zone) - instantToWallClock(y, zone)
  }
  if (op === 'add' || op === 'subtract') return (x, y) => x + sign * y
  if (op === 'multiply') return isIntegral(tb) ? (x, y) => x * y : (x, y) => roundHalfUp(x * y)
  return (x, y) => roundHalfUp(x / y)
}

function divideByZero(): ArithmeticException {
  return new ArithmeticException(
    'Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead.',
    {
      errorClass: 'INTERVAL_DIVIDED_BY_ZERO',
    },
  )
}

/** Java's Math.multiplyExact on ints, which Spark's MultiplyYMInterval uses. */
function integerOverflow(): ArithmeticException {
  return new ArithmeticException('integer overflow')
}

/**
 * A timestamp `months` later on the wall clock of its zone (TIMESTAMP_NTZ: UTC), as Spark's timestampAddMonths:
 * LocalDateTime.plusMonths, then the shifted local date-time (not its midnight) read back in the zone.
 */
export function timestampPlusMonths(micros: number, months: number, type: DataType, zone: string): number {
  const tz = type.kind === 'timestamp' ? zone : 'UTC'
  const local = micros + zoneOffsetMs(tz, Math.floor(micros / MICROS_PER_MILLI)) * MICROS_PER_MILLI
  const days = Math.floor(local / MICROS_PER_DAY)
  const timeOfDay = local - days * MICROS_PER_DAY
  const subMilli = timeOfDay % MICROS_PER_MILLI
  const wallMs = plusMonths(days, months) * MILLIS_PER_DAY + (timeOfDay - subMilli) / MICROS_PER_MILLI
  return wallClockToUtcMs(tz, wallMs) * MICROS_PER_MILLI + subMilli
}

/** Unary minus or plus that also takes an ANSI interval (UnaryMinus / UnaryPositive accept intervals). */
export function withIntervalSign(base: ScalarFunction, negate: boolean): ScalarFunction {
  return {
    ...base,
    resolve(args, name) {
      const t = dataTypeOf(args[0]!)
      return isAnsiInterval(t) ? { args, dataType: t } : base.resolve(args, name)
    },
    kernel(args, ctx, call) {
      const t = call.dataType
      if (!isAnsiInterval(t)) return base.kernel(args, ctx, call)
      if (hasNullScalar(args)) return nullColumn(t, ctx.length)
      const values = numbersOver(args[0]!, ctx.length)
      const out = new (arrayTypeFor(t))(ctx.length)
      for (let i = 0; i < ctx.length; i++) out[i] = negate ? -values[i]! || 0 : values[i]!
      return numericColumn(t, out, combinedValidity(args, ctx.length))
    },
  }
}
