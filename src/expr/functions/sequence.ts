// sequence(start, stop[, step]): the arithmetic progression from start to stop inclusive, for integers, and for dates
// and timestamps stepped by a day-time or year-month interval (by default one day, or one day back).
import { bitAt, listColumn, numericColumn } from '../../arrow/index.js'
import { AnalysisException, IllegalArgumentException } from '../../common/errors.js'
import { MICROS_PER_DAY } from '../../common/interval.js'
import { ArrayType, type DataType, INTERVAL, isIntegral, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
import { MAX_ARRAY_ELEMENTS, parameterTooLarge } from './array-limits.js'
import { plusMonths } from './calendar.js'
import { callText, castTo, coerceToCommonType } from './coercion.js'
import { numbersOver } from './define.js'
import { timestampPlusMonths } from './interval-arithmetic.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext } from './vector.js'

const isTemporal = (t: DataType) => t.kind === 'date' || t.kind === 'timestamp' || t.kind === 'timestamp_ntz'
const isInterval = (t: DataType) => t.kind === 'interval' || t.kind === 'year_month_interval'

function mismatch(name: string, args: readonly Expr[], detail: string): AnalysisException {
  return new AnalysisException(`Cannot resolve "${callText(name, args)}" due to data type mismatch: ${detail}`, {
    errorClass: 'DATATYPE_MISMATCH.SEQUENCE_WRONG_INPUT_TYPES',
  })
}

function resolveArgs(name: string, args: readonly Expr[]): { args: Expr[]; element: DataType } {
  const { args: bounds, type } = coerceToCommonType(name, args.slice(0, 2))
  const step = args[2]
  if (isIntegral(type)) {
    if (step === undefined) return { args: bounds, element: type }
    const stepType = dataTypeOf(step)
    if (!isIntegral(stepType) && stepType.kind !== 'null') {
      throw mismatch(
        name,
        args,
        `\`${name}\` uses the wrong parameter type. The parameter type must conform to: 1. The start and stop expressions must resolve to the same type. 2. If start and stop expressions resolve to the "DATE" or "TIMESTAMP" type then the step expression must resolve to the "INTERVAL" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND" type, otherwise to the same type as the start and stop expressions.`,
      )
    }
    const common = coerceToCommonType(name, [...bounds, step])
    return { args: common.args, element: common.type }
  }
  if (isTemporal(type)) {
    const stepExpr = step ?? literal(0, INTERVAL)
    if (!isInterval(dataTypeOf(stepExpr)) && dataTypeOf(stepExpr).kind !== 'null') {
      throw mismatch(
        name,
        args,
        `\`${name}\` uses the wrong parameter type. The parameter type must conform to: 1. The start and stop expressions must resolve to the same type. 2. If start and stop expressions resolve to the "DATE" or "TIMESTAMP" type then the step expression must resolve to the "INTERVAL" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND" type, otherwise to the same type as the start and stop expressions.`,
      )
    }
    return { args: [...bounds, ...(step === undefined ? [] : [castTo(step, dataTypeOf(step))])], element: type }
  }
  throw mismatch(
    name,
    args,
    `\`${name}\` uses the wrong parameter type. The parameter type must conform to: 1. The start and stop expressions must resolve to the same type. 2. If start and stop expressions resolve to the "DATE" or "TIMESTAMP" type then the step expression must resolve to the "INTERVAL" or "INTERVAL YEAR TO MONTH" or "INTERVAL DAY TO SECOND" type, otherwise to the same type as the start and stop expressions. Got "${sqlTypeName(type)}".`,
  )
}

function illegalBoundaries(
  start: number | string,
  stop: number | string,
  step: number | string,
): IllegalArgumentException {
  return new IllegalArgumentException(`requirement failed: Illegal sequence boundaries: ${start} to ${stop} by ${step}`)
}

/** The element count of an integer progression, checking Spark's boundary rule. */
function integerCount(start: number, stop: number, step: number): number {
  if (!((step > 0 && start <= stop) || (step < 0 && start >= stop) || (step === 0 && start === stop)))
    throw illegalBoundaries(start, stop, step)
  const count = step === 0 ? 1 : Math.floor((stop - start) / step) + 1
  if (count > MAX_ARRAY_ELEMENTS) throw parameterTooLarge(count, 'count', 'sequence')
  return count
}

const sequence: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const { args: coerced, element } = resolveArgs(name, args)
    return { args: coerced, dataType: ArrayType(element, false) }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const element = (call.dataType as ArrayType).elementType
    const starts = numbersOver(args[0]!, n)
    const stops = numbersOver(args[1]!, n)
    const stepType = args[2] ? dataTypeOf(call.args[2]!) : null
    const steps = args[2] ? numbersOver(args[2], n) : null
    const valid = combinedValidity(args, n)
    const offsets = new Int32Array(n + 1)
    const out: number[] = []
    for (let r = 0; r < n; r++) {
      if (valid === null || bitAt(valid, r)) {
        const start = starts[r]!
        const stop = stops[r]!
        if (isIntegral(element)) {
          const step = steps ? steps[r]! : start <= stop ? 1 : -1
          const count = integerCount(start, stop, step)
          for (let k = 0; k < count; k++) out.push(start + k * step)
        } else temporal(out, element, start, stop, stepType, steps?.[r], ctx)
      }
      offsets[r + 1] = out.length
    }
    const values = new (
      element.kind === 'date' || element.kind === 'integer'
        ? Int32Array
        : element.kind === 'short'
          ? Int16Array
          : element.kind === 'byte'
            ? Int8Array
            : Float64Array
    )(out.length)
    for (let k = 0; k < out.length; k++) values[k] = out[k]!
    return listColumn(call.dataType, offsets, numericColumn(element, values, null, 0), valid)
  },
}

/** Dates or timestamps from start to stop inclusive by a day-time (micros) or year-month (months) step. */
function temporal(
  out: number[],
  element: DataType,
  start: number,
  stop: number,
  stepType: DataType | null,
  stepValue: number | undefined,
  ctx: EvalContext,
): void {
  const isDate = element.kind === 'date'
  const months = stepType?.kind === 'year_month_interval' ? stepValue! : 0
  let micros = stepType?.kind === 'interval' ? stepValue! : 0
  if (stepType === null) micros = (start <= stop ? 1 : -1) * MICROS_PER_DAY
  if (isDate && micros % MICROS_PER_DAY !== 0) {
    throw new IllegalArgumentException(
      'sequence step must be an interval day to second of whole days or an interval year to month',
    )
  }
  const forward = months > 0 || micros > 0
  const backward = months < 0 || micros < 0
  if (!((forward && start <= stop) || (backward && start >= stop) || (!forward && !backward && start === stop))) {
    const scale = isDate ? MICROS_PER_DAY : 1
    throw illegalBoundaries(start * scale, stop * scale, months !== 0 ? months : micros)
  }
  const next = (k: number) =>
    isDate
      ? months !== 0
        ? plusMonths(start, k * months)
        : start + (k * micros) / MICROS_PER_DAY
      : months !== 0
        ? timestampPlusMonths(start, k * months, element, ctx.zone)
        : start + k * micros
  for (let k = 0; ; k++) {
    const value = next(k)
    if ((forward && value > stop) || (backward && value < stop) || k >= MAX_ARRAY_ELEMENTS) break
    out.push(value)
    if (!forward && !backward) break
  }
}

export const sequenceFunctions = { sequence } satisfies Record<string, ScalarFunction>
