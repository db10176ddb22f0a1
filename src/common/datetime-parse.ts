// Spark's lenient string → timestamp/date parsing (`stringToTimestamp`, `stringToDate`) used by CAST and to_timestamp.
import { daysFromCivil, wallClockToUtcMs, zoneOffsetMs } from './time.js'

const dateRe = /^([+-]?\d{4,6})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/
const timeRe = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?$/
const offsetRe = /^(?:Z|UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i

function validDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false
  const next = daysFromCivil(year, month + 1, 1) - daysFromCivil(year, month, 1)
  return day <= next
}

/** `yyyy[-m[m][-d[d]]]` (optionally followed by a time part) → epoch days, or null. */
export function parseDateString(text: string): number | null {
  const trimmed = text.trim()
  const datePart = trimmed.split(/[ T]/, 1)[0]!
  const match = dateRe.exec(datePart)
  if (!match) return null
  const year = Number(match[1])
  const month = match[2] ? Number(match[2]) : 1
  const day = match[3] ? Number(match[3]) : 1
  return validDate(year, month, day) ? daysFromCivil(year, month, day) : null
}

/** Offset in ms of a zone suffix: `Z`, `+08:00`, `-0530`, `UTC+1`; undefined when it is a region id instead. */
function fixedOffsetMs(zone: string): number | undefined {
  if (/^(Z|UTC|GMT|UT)$/i.test(zone)) return 0
  const match = offsetRe.exec(zone)
  if (!match) return undefined
  const sign = match[1] === '-' ? -1 : 1
  return sign * (Number(match[2]) * 60 + Number(match[3] ?? 0)) * 60_000
}

/**
 * Spark's timestamp strings: `yyyy[-m[m][-d[d]]][(T| )h[h]:m[m][:s[s][.fraction]]][zone]`, the zone being `Z`, an
 * offset or a region id; without one the wall clock is read in `sessionZone`. Returns epoch micros or null.
 */
export function parseTimestampString(text: string, sessionZone: string): number | null {
  const trimmed = text.trim()
  const match = /^([+-]?\d{4,6}(?:-\d{1,2}(?:-\d{1,2})?)?)(?:[ T](.*))?$/.exec(trimmed)
  if (!match) return null
  const days = parseDateString(match[1]!)
  if (days === null) return null
  let rest = (match[2] ?? '').trim()
  let micros = 0
  let zone = sessionZone
  if (rest !== '') {
    const timeMatch = /^(\d{1,2}:\d{1,2}(?::\d{1,2}(?:\.\d{1,9})?)?)\s*(.*)$/.exec(rest)
    if (timeMatch) {
      const time = timeRe.exec(timeMatch[1]!)!
      const [h, m, s] = [Number(time[1]), Number(time[2]), Number(time[3] ?? 0)]
      if (h > 23 || m > 59 || s > 59) return null
      const fraction = Number((time[4] ?? '').padEnd(6, '0').slice(0, 6))
      micros = ((h * 60 + m) * 60 + s) * 1_000_000 + fraction
      rest = timeMatch[2]!
    }
    if (rest !== '') zone = rest
  }
  const wallMs = days * 86_400_000 + Math.floor(micros / 1000)
  const fixed = fixedOffsetMs(zone)
  let utcMs: number
  if (fixed !== undefined) utcMs = wallMs - fixed
  else {
    try {
      utcMs = wallClockToUtcMs(zone, wallMs)
    } catch {
      return null
    }
  }
  return utcMs * 1000 + (micros % 1000)
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
