// Spark's interval strings ('10 seconds', 'interval 1 hour 30 minutes') and time strings ('5s', '2min').

export const MICROS_PER_MILLI = 1000
export const MICROS_PER_SECOND = 1_000_000
export const MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND
export const MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE
export const MICROS_PER_DAY = 24 * MICROS_PER_HOUR
export const MILLIS_PER_DAY = 86_400_000

/** A calendar interval as Spark keeps it: months, days and microseconds are separate because they vary in length. */
export interface CalendarInterval {
  readonly months: number
  readonly days: number
  readonly micros: number
}

const unitMicros: Record<string, number> = {
  week: 7 * MICROS_PER_DAY,
  hour: MICROS_PER_HOUR,
  minute: MICROS_PER_MINUTE,
  second: MICROS_PER_SECOND,
  millisecond: MICROS_PER_MILLI,
  microsecond: 1,
}

/**
 * Parses an interval string the way Spark's `IntervalUtils.stringToInterval` does: an optional `interval` prefix,
 * then `<number> <unit>` pairs with singular or plural units. Returns undefined when the text is not an interval.
 */
export function parseInterval(text: string): CalendarInterval | undefined {
  const words = text.trim().toLowerCase().split(/\s+/)
  if (words[0] === 'interval') words.shift()
  if (words.length === 0 || words.length % 2 !== 0) return undefined
  let months = 0
  let days = 0
  let micros = 0
  for (let i = 0; i < words.length; i += 2) {
    const numberText = words[i]!
    if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(numberText)) return undefined
    const value = Number(numberText)
    const unit = words[i + 1]!.replace(/s$/, '')
    const integral = Number.isInteger(value)
    if (unit === 'year' && integral) months += 12 * value
    else if (unit === 'month' && integral) months += value
    else if (unit === 'day' && integral) days += value
    else if (unit in unitMicros) micros += Math.round(value * unitMicros[unit]!)
    else return undefined
  }
  return { months, days, micros }
}

/** An interval's length in microseconds with days as 24 hours; undefined when it has months (which vary). */
export function intervalMicros(interval: CalendarInterval): number | undefined {
  return interval.months === 0 ? interval.days * MICROS_PER_DAY + interval.micros : undefined
}

/** Spark's watermark delay: months count as 31 days (`EventTimeWatermark.getDelayMs`). */
export function intervalDelayMs(interval: CalendarInterval): number {
  return interval.months * 31 * MILLIS_PER_DAY + interval.days * MILLIS_PER_DAY + Math.trunc(interval.micros / 1000)
}

const timeUnits: Record<string, number> = {
  us: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  min: 60,
  h: 3600,
  d: 86400,
}

/** Spark's `JavaUtils.timeStringAsSeconds` ('5s', '2min', '1h'; a bare number means seconds); undefined if malformed. */
export function parseTimeStringSeconds(text: string): number | undefined {
  const match = /^\s*(-?\d+)\s*([a-z]+)?\s*$/.exec(text.toLowerCase())
  if (!match) return undefined
  const scale = match[2] === undefined ? 1 : timeUnits[match[2]]
  return scale === undefined ? undefined : Math.trunc(Number(match[1]) * scale)
}
