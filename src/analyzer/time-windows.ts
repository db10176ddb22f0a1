// Resolves window(...) and session_window(...) calls into TimeWindow / SessionWindow with Spark's argument checks.
import { AnalysisException } from '../common/errors.js'
import { intervalMicros, parseInterval } from '../common/interval.js'
import { dataTypeOf, type Expr, fn, literal, type SessionWindow, type TimeWindow } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { INTERVAL, sqlTypeName, TIMESTAMP } from '../types/data-types.js'
import { isWindowType, WINDOW_TYPE } from '../types/window-type.js'

/** A duration argument in microseconds: an interval string literal or an interval literal. */
function durationMicros(arg: Expr | undefined, what: string): number | undefined {
  if (arg === undefined) return undefined
  if (arg.kind === 'Literal' && arg.dataType.kind === 'interval') return arg.value as number
  if (arg.kind !== 'Literal' || typeof arg.value !== 'string') {
    throw new AnalysisException(`The ${what} must be a string literal, got ${sqlText(arg)}.`)
  }
  const text = arg.value
  if (text.trim() === '') {
    throw new AnalysisException('The window duration, slide duration and start time cannot be null or blank.')
  }
  const interval = parseInterval(text)
  if (!interval) {
    throw new AnalysisException(`The provided interval (${text}) did not correspond to a valid interval string.`)
  }
  const micros = intervalMicros(interval)
  if (micros === undefined) throw new AnalysisException(`Intervals greater than a month is not supported (${text}).`)
  return micros
}

/** The event-time argument: a timestamp, or a window struct (whose `end - 1µs` is its event time, as window_time). */
function timeColumnOf(arg: Expr, name: string): Expr {
  const type = dataTypeOf(arg)
  if (type.kind === 'timestamp' || type.kind === 'timestamp_ntz') return arg
  if (isWindowType(type)) return fn('window_time', [arg], TIMESTAMP, false)
  throw new AnalysisException(
    `Cannot resolve "${name}(${sqlText(arg)})" due to data type mismatch: Parameter 1 requires the ("TIMESTAMP" or "TIMESTAMP_NTZ") type, however "${sqlText(arg)}" has the type "${sqlTypeName(type)}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

export function resolveTimeWindow(
  name: 'window' | 'session_window',
  args: readonly Expr[],
): TimeWindow | SessionWindow {
  if (name === 'session_window') {
    if (args.length !== 2)
      throw new AnalysisException(
        `The \`session_window\` requires 2 parameters but the actual number is ${args.length}.`,
        { errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' },
      )
    const gapArg = args[1]!
    const constant =
      gapArg.kind === 'Literal' && (typeof gapArg.value === 'string' || gapArg.dataType.kind === 'interval')
    const gap = constant ? literal(durationMicros(gapArg, 'gap duration')!, INTERVAL) : gapArg
    if (!constant && dataTypeOf(gap).kind !== 'string' && dataTypeOf(gap).kind !== 'interval') {
      throw new AnalysisException(
        `The gap duration of session_window must be an interval string or expression, got ${sqlText(gap)}.`,
      )
    }
    return Object.freeze({
      kind: 'SessionWindow',
      timeColumn: timeColumnOf(args[0]!, name),
      gap,
      dataType: WINDOW_TYPE,
    })
  }
  if (args.length < 2 || args.length > 4) {
    throw new AnalysisException(`The \`window\` requires [2, 4] parameters but the actual number is ${args.length}.`, {
      errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION',
    })
  }
  const windowMicros = durationMicros(args[1], 'window duration')!
  const slideMicros = durationMicros(args[2], 'slide duration') ?? windowMicros
  const startMicros = durationMicros(args[3], 'start time') ?? 0
  if (windowMicros <= 0) throw new AnalysisException(`The window duration (${windowMicros}) must be greater than 0.`)
  if (slideMicros <= 0) throw new AnalysisException(`The slide duration (${slideMicros}) must be greater than 0.`)
  if (slideMicros > windowMicros) {
    throw new AnalysisException(
      `The slide duration (${slideMicros}) must be less than or equal to the windowDuration (${windowMicros}).`,
    )
  }
  if (Math.abs(startMicros) >= slideMicros) {
    throw new AnalysisException(
      `The absolute value of start time (${startMicros}) must be less than the slideDuration (${slideMicros}).`,
    )
  }
  return Object.freeze({
    kind: 'TimeWindow',
    timeColumn: timeColumnOf(args[0]!, name),
    windowMicros,
    slideMicros,
    startMicros,
    dataType: WINDOW_TYPE,
  })
}
