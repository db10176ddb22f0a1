// Civil-date arithmetic and time-zone offsets without Date objects in hot paths: epoch days, micros and wall clocks.
import { MILLIS_PER_DAY } from './interval.js'
import { LruCache } from './lru-cache.js'

export interface CivilDate {
  readonly year: number
  readonly month: number
  readonly day: number
}

/** Days since 1970-01-01 → proleptic Gregorian date (Howard Hinnant's `civil_from_days`). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1
  const month = mp < 10 ? mp + 3 : mp - 9
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day }
}

/** Proleptic Gregorian date → days since 1970-01-01 (Hinnant's `days_from_civil`); month and day may overflow. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const mp = (month + 9) % 12
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

let systemZone: { readonly tz: string | undefined; readonly zone: string } | undefined

/**
 * The JVM-style default zone of this process, which Spark uses when `spark.sql.session.timeZone` is unset —
 * resolved once per TZ setting (asking Intl costs about 0.1 ms, and conf reads ask every trigger).
 */
export function systemTimeZone(): string {
  const tz = process.env.TZ
  if (systemZone === undefined || systemZone.tz !== tz) {
    systemZone = { tz, zone: Intl.DateTimeFormat().resolvedOptions().timeZone }
  }
  return systemZone.zone
}

const OFFSET_BUCKET_MS = 15 * 60 * 1000
// Zone ids can come from data (to_utc_timestamp(ts, zoneColumn)): every cache keyed by them is bounded.
const formatters = new LruCache<string, Intl.DateTimeFormat>(1024)
const offsetCache = new LruCache<string, Map<number, number>>(1024)

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone)
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    })
    formatters.set(zone, formatter)
  }
  return formatter
}

/** Whether `zone` names a time zone this runtime knows (an IANA name such as `Europe/Paris`, or `UTC`). */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone)
    return true
  } catch {
    return false
  }
}

function computeOffsetMs(zone: string, utcMs: number): number {
  const parts = formatterFor(zone).formatToParts(new Date(utcMs))
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  const era = parts.find((p) => p.type === 'era')?.value
  const year = era === 'BC' || era === 'B' ? 1 - field('year') : field('year')
  const wall = daysFromCivil(year, field('month'), field('day')) * MILLIS_PER_DAY
  const wallMs = wall + field('hour') * 3_600_000 + field('minute') * 60_000 + field('second') * 1000
  return wallMs - (utcMs - (((utcMs % 1000) + 1000) % 1000))
}

const fixedOffsets = new LruCache<string, number | undefined>(10_000)

/**
 * Offset in ms of a fixed zone id: `Z`, `+h`, `+hh:mm`, `-hhmm`, `+hh:mm:ss`, `UTC+1`, `GMT-05:00`; else undefined
 * (a region id). Parsed once per zone.
 */
export function fixedOffsetMs(zone: string): number | undefined {
  if (!fixedOffsets.has(zone)) {
    fixedOffsets.set(zone, parseFixedOffsetMs(zone))
  }
  return fixedOffsets.get(zone)
}

function parseFixedOffsetMs(zone: string): number | undefined {
  if (/^(Z|UTC|GMT|UT)$/i.test(zone)) return 0
  // Spark's getZoneId first widens `+h:mm` and `+hh:m` to `+hh:mm`, then defers to ZoneId.of.
  const match = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{1,2}))?(?::?(\d{2}))?$/i.exec(zone)
  if (!match) return undefined
  const hours = Number(match[2])
  const minutes = Number(match[3] ?? 0)
  const seconds = Number(match[4] ?? 0)
  if (hours > 18 || minutes > 59 || seconds > 59) return undefined
  const sign = match[1] === '-' ? -1 : 1
  return sign * ((hours * 60 + minutes) * 60 + seconds) * 1000
}

/**
 * The offset of `zone` from UTC at instant `utcMs`, in milliseconds. Offsets are cached per quarter hour, the
 * granularity at which real zones change offset, so formatting a column costs one Map lookup per row.
 */
export function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'GMT' || zone === 'Etc/UTC') return 0
  const fixed = fixedOffsetMs(zone)
  if (fixed !== undefined) return fixed
  let cache = offsetCache.get(zone)
  if (!cache) offsetCache.set(zone, (cache = new Map()))
  const bucket = Math.floor(utcMs / OFFSET_BUCKET_MS)
  let offset = cache.get(bucket)
  if (offset === undefined) {
    if (cache.size > 100_000) cache.clear()
    offset = computeOffsetMs(zone, bucket * OFFSET_BUCKET_MS)
    cache.set(bucket, offset)
  }
  return offset
}

/**
 * A wall-clock time in `zone` (as if it were UTC millis) → the instant, as `ZonedDateTime.of(local, zone)` resolves
 * it: in an overlap (clocks set back) the earlier offset wins, i.e. the earlier instant; in a gap (clocks set
 * forward) the wall clock moves forward by the gap, i.e. it is read with the offset from before the transition.
 * Transitions are assumed at least a day apart, so the offsets a day either side are the two candidates.
 */
export function wallClockToUtcMs(zone: string, wallMs: number): number {
  const fixed = fixedOffsetMs(zone)
  if (fixed !== undefined) return wallMs - fixed
  const before = zoneOffsetMs(zone, wallMs - MILLIS_PER_DAY)
  const after = zoneOffsetMs(zone, wallMs + MILLIS_PER_DAY)
  if (before === after) {
    const offset = zoneOffsetMs(zone, wallMs - before)
    return offset === before ? wallMs - before : wallMs - offset
  }
  const beforeValid = zoneOffsetMs(zone, wallMs - before) === before
  const afterValid = zoneOffsetMs(zone, wallMs - after) === after
  if (beforeValid && afterValid) return wallMs - Math.max(before, after)
  if (afterValid) return wallMs - after
  return wallMs - before
}

/** A TIMESTAMP (µs since the epoch) as its wall clock in `zone`, in µs (a TIMESTAMP_NTZ). */
export function instantToWallClock(micros: number, zone: string): number {
  return micros + zoneOffsetMs(zone, Math.floor(micros / 1000)) * 1000
}

/** A wall clock in µs (a TIMESTAMP_NTZ) read in `zone` as an instant (a TIMESTAMP), as `wallClockToUtcMs`. */
export function wallClockToInstant(micros: number, zone: string): number {
  const ms = Math.floor(micros / 1000)
  return wallClockToUtcMs(zone, ms) * 1000 + (micros - ms * 1000)
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0')
}

/** Epoch days → `yyyy-MM-dd`. */
export function formatDate(days: number): string {
  const { year, month, day } = civilFromDays(days)
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`
}

/** Epoch micros → `yyyy-MM-dd HH:mm:ss[.ffffff]` in `zone`, trailing fraction zeros removed (Spark's display). */
export function formatTimestamp(micros: number, zone: string): string {
  const utcMs = Math.floor(micros / 1000)
  const localMs = utcMs + zoneOffsetMs(zone, utcMs)
  const days = Math.floor(localMs / MILLIS_PER_DAY)
  const msOfDay = localMs - days * MILLIS_PER_DAY
  const fraction = micros - Math.floor(micros / 1_000_000) * 1_000_000
  const seconds = Math.floor(msOfDay / 1000)
  const time = `${pad(Math.floor(seconds / 3600), 2)}:${pad(Math.floor(seconds / 60) % 60, 2)}:${pad(seconds % 60, 2)}`
  const fractionText = fraction === 0 ? '' : `.${pad(fraction, 6).replace(/0+$/, '')}`
  return `${formatDate(days)} ${time}${fractionText}`
}

/** Epoch millis → ISO-8601 UTC with milliseconds, as Spark prints progress timestamps. */
export function isoUtc(ms: number): string {
  return new Date(ms).toISOString()
}
