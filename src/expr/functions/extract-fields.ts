// The EXTRACT fields Spark computes with expressions it does not register as functions: YEAROFWEEK, DAYOFWEEK_ISO
// and SECOND (SecondWithFraction: seconds with microseconds, DECIMAL(8, 6)).
import { numericColumn } from '../../arrow/index.js'
import { MICROS_PER_MINUTE, MICROS_PER_SECOND } from '../../common/interval.js'
import { civilFromDays, instantToWallClock } from '../../common/time.js'
import { DecimalType } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { dateField, fieldZone, weekday } from './datetime.js'
import { numbersOver, typed } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity } from './vector.js'

const SECONDS = DecimalType(8, 6)

/** SecondWithFraction over a TIMESTAMP, TIMESTAMP_NTZ (its wall clock) or a string read as a TIMESTAMP. */
const secondWithFraction: ScalarFunction = (() => {
  const base = typed(['timestamp'], SECONDS, (args, ctx, call) => {
    const values = numbersOver(args[0]!, ctx.length)
    const zone = fieldZone(dataTypeOf(call.args[0]!), ctx)
    const out = new Float64Array(ctx.length)
    for (let i = 0; i < ctx.length; i++) {
      const local = zone === 'UTC' ? values[i]! : instantToWallClock(values[i]!, zone)
      const inMinute = local - Math.floor(local / MICROS_PER_MINUTE) * MICROS_PER_MINUTE
      out[i] = inMinute / MICROS_PER_SECOND
    }
    return numericColumn(SECONDS, out, combinedValidity(args, ctx.length))
  })
  return {
    ...base,
    resolve: (args, name) =>
      dataTypeOf(args[0]!).kind === 'timestamp_ntz' ? { args, dataType: SECONDS } : base.resolve(args, name),
  }
})()

/**
 * Registered under names with a space, which SQL cannot call unquoted and which stay out of SHOW FUNCTIONS: EXTRACT
 * reaches them through date_part (EXTRACT_FIELDS names them).
 */
export const extractOnlyFunctions: Readonly<Record<string, ScalarFunction>> = {
  // The ISO-8601 week-based year: the year of the week's Thursday.
  'extract yearofweek': dateField((d) => civilFromDays(d - weekday(d) + 3).year),
  // Add(WeekDay(source), 1): Monday is 1.
  'extract dayofweek_iso': dateField((d) => weekday(d) + 1),
  'extract second': secondWithFraction,
}
