// Spark's lenient string → timestamp/date parsing (`stringToTimestamp`, `stringToDate`) used by CAST and to_timestamp.
import { daysFromCivil, wallClockToUtcMs, zoneOffsetMs } from './time.js'

/** Java's `Character.isWhitespace || isISOControl` for one UTF-16 unit (Spark's `UTF8String.trimAll`). */
const isTrimmable = (code: number) => code <= 0x20 || (code >= 0x7f && code <= 0x9f)

/** `UTF8String.trimAll`: strips whitespace and ISO control characters from both ends. */
export function trimAll(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isTrimmable(text.charCodeAt(start))) start++
  while (end > start && isTrimmable(text.charCodeAt(end - 1))) end--
  return text.slice(start, end)
}

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  return day <= daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1)
}

const isDigit = (code: number) => code >= 48 && code <= 57

/**
 * DateTimeUtils.stringToDate: `[+-]yyyy*`, `[+-]yyyy*-[m]m`, `[+-]yyyy*-[m]m-[d]d`, then optionally a space or `T`
 * followed by anything. The year has 4 to 7 digits, month and day 1 or 2; the short forms must use the whole text.
 * Returns epoch days, or null.
 */
export function parseDateString(text: string): number | null {
  const s = trimAll(text)
  if (s === '') return null
  const segments = [1, 1, 1]
  let sign = 1
  let i = 0
  let value = 0
  let digits = 0
  let j = 0
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1
    j++
  }
  const validDigits = (segment: number, n: number) => (segment === 0 ? n >= 4 && n <= 7 : n > 0 && n <= 2)
  while (j < s.length && i < 3 && s[j] !== ' ' && s[j] !== 'T') {
    const code = s.charCodeAt(j)
    if (i < 2 && s[j] === '-') {
      if (!validDigits(i, digits)) return null
      segments[i++] = value
      value = 0
      digits = 0
    } else if (isDigit(code)) {
      value = value * 10 + (code - 48)
      digits++
    } else return null
    j++
  }
  if (!validDigits(i, digits)) return null
  if (i < 2 && j < s.length) return null
  segments[i] = value
  const [year, month, day] = [sign * segments[0]!, segments[1]!, segments[2]!]
  return validDate(year, month, day) ? daysFromCivil(year, month, day) : null
}

/**
 * DateTimeUtils.parseTimestampString + stringToTimestamp: `[+-]yyyy*[-[m]m[-[d]d]]` optionally followed by a space
 * or `T` and `[h]h[:[m]m[:[s]s[.fraction]]]`, then an optional zone (`Z`, an offset, `UTC+1`, or a region id such
 * as `Europe/Paris`). Fraction digits past the sixth are dropped. Without a zone the wall clock is read in
 * `sessionZone`, a DST gap moving forward and an overlap taking the earlier offset (ZonedDateTime.of). Returns
 * epoch micros or null. Time-only text (today's date in Spark) is not supported and yields null.
 */
export function parseTimestampString(text: string, sessionZone: string): number | null {
  const s = trimAll(text)
  if (s === '') return null
  // Segments: year, month, day, hour, minute, second, micros.
  const segments = [1, 1, 1, 0, 0, 0, 0]
  let i = 0
  let value = 0
  let digits = 0
  let fractionDigits = 0
  let zone: string | undefined
  let sign = 1
  let j = 0
  const validDigits = (segment: number, n: number) =>
    segment === 6 || (segment === 0 ? n >= 4 && n <= 6 : n > 0 && n <= 2)
  if (s[0] === '-' || s[0] === '+') {
    sign = s[0] === '-' ? -1 : 1
    j++
  }
  for (; j < s.length; j++) {
    const c = s[j]!
    const code = s.charCodeAt(j)
    if (isDigit(code)) {
      if (i === 6) fractionDigits++
      if (i !== 6 || digits < 6) value = value * 10 + (code - 48)
      digits++
      continue
    }
    const separator =
      (i < 2 && c === '-') || (i === 2 && (c === ' ' || c === 'T')) || ((i === 3 || i === 4) && c === ':')
    if (separator || (i === 5 && c === '.')) {
      if (!validDigits(i, digits)) return null
      segments[i++] = value
      value = 0
      digits = 0
    } else if (i === 5 || i === 6) {
      if (!validDigits(i, digits)) return null
      segments[i] = value
      zone = s.slice(j).trim()
      value = -1
      break
    } else return null
  }
  if (value >= 0) {
    if (!validDigits(i, digits)) return null
    segments[i] = value
  }
  segments[6] = segments[6]! * 10 ** Math.max(0, 6 - fractionDigits)
  const [year, month, day, hour, minute, second, micros] = segments as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  if (!validDate(sign * year, month, day) || hour > 23 || minute > 59 || second > 59) return null
  const wallMs = daysFromCivil(sign * year, month, day) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000
  let utcMs: number
  try {
    utcMs = wallClockToUtcMs(zone ?? sessionZone, wallMs)
  } catch {
    return null
  }
  return utcMs * 1000 + micros
}

/** Local midnight of epoch day `days` in `zone`, as epoch micros (date → timestamp). */
export function dateToMicros(days: number, zone: string): number {
  return wallClockToUtcMs(zone, days * 86_400_000) * 1000
}

/** The local calendar day of an instant in `zone` (timestamp → date). */
export function microsToDate(micros: number, zone: string): number {
  const utcMs = Math.floor(micros / 1000)
  return Math.floor((utcMs + zoneOffsetMs(zone, utcMs)) / 86_400_000)
}
