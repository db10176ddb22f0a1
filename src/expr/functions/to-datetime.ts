// to_timestamp, to_timestamp_ltz, to_timestamp_ntz and to_date: strings parsed leniently or with a pattern (NULL when
// unparsable, as non-ANSI Spark), numbers as seconds, dates and timestamps converted as CAST does.
import { numericColumn } from '../../arrow/index.js'
import { dateToMicros, microsToDate, parseDateString, parseTimestampString } from '../../common/datetime-parse.js'
import { parseWithPattern } from '../../common/datetime-pattern.js'
import { DATE, type DataType, isNumeric, TIMESTAMP, TIMESTAMP_NTZ } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { castTo, coerceArgs } from './coercion.js'
import { numbersOver, stringsOfVec, validityFromFlags } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, type Vec } from './vector.js'

/** Parses strings to micros with an optional pattern; unparsable input is null (Spark's non-ANSI behaviour). */
export function parseStrings(
  args: readonly Vec[],
  ctx: EvalContext,
  parse: (text: string, pattern: string | null) => number | null,
) {
  const texts = stringsOfVec(args[0]!, ctx.length)
  const patterns = args[1] ? stringsOfVec(args[1], ctx.length) : null
  const out = new Float64Array(ctx.length)
  const valid: boolean[] = new Array(ctx.length)
  for (let i = 0; i < ctx.length; i++) {
    const text = texts[i]
    const pattern = patterns ? patterns[i]! : null
    const value = text == null || (patterns && pattern === null) ? null : parse(text, pattern)
    valid[i] = value !== null
    out[i] = value ?? 0
  }
  return { out, validity: validityFromFlags(valid) }
}

/** to_timestamp[_ltz|_ntz] / to_date: a string parsed leniently, or with a pattern; a date or timestamp is converted. */
function toDatetime(target: DataType): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [1, 2],
    resolve(args, name) {
      const type = dataTypeOf(args[0]!)
      // A number becomes a timestamp as CAST does, counting seconds (ParseToTimestamp: to_timestamp(1)).
      // TIMESTAMP_NTZ on either side converts as CAST does (local wall clock <-> instant in the session zone).
      const ntz = target.kind === 'timestamp_ntz' || type.kind === 'timestamp_ntz'
      const first =
        ntz && target.kind !== 'date' && ['date', 'timestamp', 'timestamp_ntz'].includes(type.kind)
          ? castTo(args[0]!, target)
          : type.kind === 'date' || type.kind === 'timestamp'
            ? args[0]!
            : target.kind === 'timestamp' && isNumeric(type) && args.length === 1
              ? castTo(args[0]!, TIMESTAMP)
              : coerceArgs(name, [args[0]!], ['string'])[0]!
      return { args: [first, ...coerceArgs(name, args.slice(1), ['string'])], dataType: target, nullable: true }
    },
    kernel(args, ctx, call) {
      const from = dataTypeOf(call.args[0]!)
      if (from.kind !== 'string') {
        const values = numbersOver(args[0]!, ctx.length)
        const out = new Float64Array(ctx.length)
        for (let i = 0; i < ctx.length; i++) {
          const v = values[i]!
          out[i] =
            target.kind === 'date'
              ? from.kind === 'date'
                ? v
                : microsToDate(v, ctx.zone)
              : from.kind === 'date'
                ? dateToMicros(v, ctx.zone)
                : v
        }
        return numericColumn(
          target,
          target.kind === 'date' ? Int32Array.from(out) : out,
          combinedValidity(args, ctx.length),
        )
      }
      const { out, validity } = parseStrings(args, ctx, (text, pattern) => {
        if (target.kind === 'date') {
          if (pattern === null) return parseDateString(text)
          const micros = parseWithPattern(text, pattern, 'UTC')
          return micros === null ? null : Math.floor(micros / 86_400_000_000)
        }
        // A TIMESTAMP_NTZ is the wall clock itself: parsed as if in UTC.
        const zone = target.kind === 'timestamp_ntz' ? 'UTC' : ctx.zone
        return pattern === null ? parseTimestampString(text, zone) : parseWithPattern(text, pattern, zone)
      })
      return numericColumn(target, target.kind === 'date' ? Int32Array.from(out) : out, validity)
    },
  }
}

export const toDatetimeFunctions = {
  to_timestamp: toDatetime(TIMESTAMP),
  to_timestamp_ltz: toDatetime(TIMESTAMP),
  to_timestamp_ntz: toDatetime(TIMESTAMP_NTZ),
  to_date: toDatetime(DATE),
} satisfies Record<string, ScalarFunction>
