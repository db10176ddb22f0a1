// Spark's datetime patterns (`yyyy-MM-dd HH:mm:ss.SSS`, `EEE`, `a`, `XXX`, 'quoted'): formatting and parsing.
import { IllegalArgumentException } from './errors.js'
import { LruCache } from './lru-cache.js'
import { civilFromDays, daysFromCivil, fixedOffsetMs, isValidTimeZone, wallClockToUtcMs, zoneOffsetMs } from './time.js'

type Token =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly width: number }
  /** `[` and `]`: an optional section, parsed when present and always printed. */
  | { readonly kind: 'optional'; readonly open: boolean }

const supportedLetters = new Set('yMdHhmsSaEDuzZXxLQkKG'.split(''))
const monthsShort = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const monthsLong = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
]
const daysShort = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']
const daysLong = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

// Patterns can come from data (a pattern column): the caches keyed by them are bounded.
const cache = new LruCache<string, Token[]>(1024)

/** Splits a pattern into fields and literals; unknown letters are an error, as in Spark. */
export function tokenizePattern(pattern: string): Token[] {
  const cached = cache.get(pattern)
  if (cached) return cached
  const tokens: Token[] = []
  let depth = 0
  for (let i = 0; i < pattern.length; ) {
    const c = pattern[i]!
    if (c === '[' || (c === ']' && depth > 0)) {
      depth += c === '[' ? 1 : -1
      tokens.push({ kind: 'optional', open: c === '[' })
      i++
    } else if (c === "'") {
      // Quoted text runs to the next lone quote; inside it (and on its own) '' is one quote character.
      let text = ''
      let k = i + 1
      if (pattern[k] === "'") {
        text = "'"
        k++
      } else {
        while (k < pattern.length) {
          if (pattern[k] === "'" && pattern[k + 1] === "'") {
            text += "'"
            k += 2
          } else if (pattern[k] === "'") {
            k++
            break
          } else text += pattern[k++]
        }
      }
      tokens.push({ kind: 'literal', text })
      i = k
    } else if (/[a-zA-Z]/.test(c)) {
      if (!supportedLetters.has(c)) {
        throw new IllegalArgumentException(`Illegal pattern character '${c}'`, {
          errorClass: 'INVALID_DATETIME_PATTERN',
        })
      }
      let width = 1
      while (pattern[i + width] === c) width++
      tokens.push({ kind: 'field', letter: c, width })
      i += width
    } else {
      tokens.push({ kind: 'literal', text: c })
      i++
    }
  }
  for (; depth > 0; depth--) tokens.push({ kind: 'optional', open: false })
  cache.set(pattern, tokens)
  return tokens
}

const pad = (value: number, width: number) => String(value).padStart(width, '0')

function offsetText(offsetMs: number, letter: string, width: number): string {
  if (offsetMs === 0 && letter === 'X') return 'Z'
  const sign = offsetMs < 0 ? '-' : '+'
  const minutes = Math.abs(offsetMs) / 60000
  const hh = pad(Math.floor(minutes / 60), 2)
  const mm = pad(minutes % 60, 2)
  if (letter === 'Z') return `${sign}${hh}${mm}`
  return width === 1
    ? `${sign}${hh}${minutes % 60 ? mm : ''}`
    : width === 2
      ? `${sign}${hh}${mm}`
      : `${sign}${hh}:${mm}`
}

const zoneNames = new LruCache<string, Intl.DateTimeFormat>(1024)

/**
 * The zone's name at an instant (pattern letter `z`): `EST`/`EDT`, `UTC`; `zzzz` gives `Eastern Standard Time`.
 * Names come from the runtime's CLDR data, which agrees with Java for UTC and North American zones; elsewhere it may
 * print `GMT+1` where Java prints `CET`.
 */
function zoneName(zone: string, utcMs: number, style: 'short' | 'long'): string {
  if (/^(UTC|GMT|Z)$/i.test(zone)) return style === 'long' ? 'Coordinated Universal Time' : 'UTC'
  const key = `${zone} ${style}`
  let formatter = zoneNames.get(key)
  if (!formatter)
    zoneNames.set(key, (formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: style })))
  return formatter.formatToParts(new Date(utcMs)).find((p) => p.type === 'timeZoneName')?.value ?? zone
}

/** Formats epoch micros in `zone` with a Spark datetime pattern. */
export function formatWithPattern(micros: number, pattern: string, zone: string): string {
  const utcMs = Math.floor(micros / 1000)
  const offset = zoneOffsetMs(zone, utcMs)
  const localMs = utcMs + offset
  const days = Math.floor(localMs / 86_400_000)
  const msOfDay = localMs - days * 86_400_000
  const { year, month, day } = civilFromDays(days)
  const hour = Math.floor(msOfDay / 3_600_000)
  const minute = Math.floor(msOfDay / 60_000) % 60
  const second = Math.floor(msOfDay / 1000) % 60
  const fraction = pad(((micros % 1_000_000) + 1_000_000) % 1_000_000, 6)
  const weekday = (((days + 3) % 7) + 7) % 7 // 0 = Monday
  let out = ''
  for (const token of tokenizePattern(pattern)) {
    if (token.kind === 'literal') {
      out += token.text
      continue
    }
    if (token.kind === 'optional') continue
    const { letter, width } = token
    switch (letter) {
      case 'y':
      case 'u':
        out += width === 2 ? pad(year % 100, 2) : pad(year, width)
        break
      case 'M':
      case 'L':
        out += width >= 4 ? monthsLong[month - 1] : width === 3 ? monthsShort[month - 1] : pad(month, width)
        break
      case 'd':
        out += pad(day, width)
        break
      case 'D':
        out += pad(days - daysFromCivil(year, 1, 1) + 1, width)
        break
      case 'H':
        out += pad(hour, width)
        break
      case 'k':
        out += pad(hour === 0 ? 24 : hour, width)
        break
      case 'h':
        out += pad(hour % 12 === 0 ? 12 : hour % 12, width)
        break
      case 'K':
        out += pad(hour % 12, width)
        break
      case 'm':
        out += pad(minute, width)
        break
      case 's':
        out += pad(second, width)
        break
      case 'S':
        out += fraction.padEnd(width, '0').slice(0, width)
        break
      case 'a':
        out += hour < 12 ? 'AM' : 'PM'
        break
      case 'E':
        out += width >= 4 ? daysLong[weekday] : daysShort[weekday]
        break
      case 'Q':
        out += pad(Math.floor((month - 1) / 3) + 1, width)
        break
      case 'G':
        out += year > 0 ? 'AD' : 'BC'
        break
      case 'z':
        out += zoneName(zone, utcMs, width >= 4 ? 'long' : 'short')
        break
      default:
        out += offsetText(offset, letter, width)
    }
  }
  return out
}

interface Parsed {
  year: number
  month: number
  day: number
  hour: number
  minute: number
  second: number
  micros: number
  pm: boolean | undefined
  offsetMs: number | undefined
}

const fieldRegex: Record<string, (width: number) => string> = {
  // `y` takes 1 to 9 digits, `yyy` 3 or more, `yyyy` 4 or more (Java's appendValue(YEAR_OF_ERA, width, 19)).
  y: (w) => (w === 2 ? '(\\d{2})' : `([+-]?\\d{${Math.min(w, 9)},9})`),
  u: (w) => (w === 2 ? '(\\d{2})' : `([+-]?\\d{${Math.min(w, 9)},9})`),
  M: (w) =>
    w >= 4 ? `(${monthsLong.join('|')})` : w === 3 ? `(${monthsShort.join('|')})` : `(\\d{${w === 1 ? '1,2' : '2'}})`,
  a: () => '(AM|PM|am|pm)',
  E: (w) => (w >= 4 ? `(${daysLong.join('|')})` : `(${daysShort.join('|')})`),
  S: (w) => `(\\d{1,${w}})`,
  X: () => '(Z|[+-]\\d{2}(?::?\\d{2})?)',
  x: () => '([+-]\\d{2}(?::?\\d{2})?)',
  Z: () => '([+-]\\d{4}|Z)',
  z: () => '([A-Za-z_/+-][A-Za-z0-9_/+:-]*)',
}

/** Java's ZoneId.SHORT_IDS, which zone-name parsing resolves three-letter names with (`CST` is America/Chicago). */
const SHORT_ZONE_IDS: Readonly<Record<string, string>> = {
  EST: '-05:00',
  MST: '-07:00',
  HST: '-10:00',
  ACT: 'Australia/Darwin',
  AET: 'Australia/Sydney',
  AGT: 'America/Argentina/Buenos_Aires',
  ART: 'Africa/Cairo',
  AST: 'America/Anchorage',
  BET: 'America/Sao_Paulo',
  BST: 'Asia/Dhaka',
  CAT: 'Africa/Harare',
  CNT: 'America/St_Johns',
  CST: 'America/Chicago',
  CTT: 'Asia/Shanghai',
  EAT: 'Africa/Addis_Ababa',
  ECT: 'Europe/Paris',
  IET: 'America/Indiana/Indianapolis',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  MIT: 'Pacific/Apia',
  NET: 'Asia/Yerevan',
  NST: 'Pacific/Auckland',
  PLT: 'Asia/Karachi',
  PNT: 'America/Phoenix',
  PRT: 'America/Puerto_Rico',
  PST: 'America/Los_Angeles',
  SST: 'Pacific/Guadalcanal',
  VST: 'Asia/Ho_Chi_Minh',
}

const parserCache = new LruCache<string, { regex: RegExp; fields: Token[] }>(1024)

/** Parses text with a Spark datetime pattern into epoch micros (zone-less text read in `zone`); null if no match. */
export function parseWithPattern(text: string, pattern: string, zone: string): number | null {
  let parser = parserCache.get(pattern)
  if (!parser) {
    const tokens = tokenizePattern(pattern)
    const fields = tokens.filter((t) => t.kind === 'field')
    const source = tokens
      .map((t) =>
        t.kind === 'literal'
          ? t.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
          : t.kind === 'optional'
            ? t.open
              ? '(?:'
              : ')?'
            : (fieldRegex[t.letter]?.(t.width) ?? `(\\d{${t.width === 1 ? '1,2' : t.width}})`),
      )
      .join('')
    parser = { regex: new RegExp(`^${source}$`), fields }
    parserCache.set(pattern, parser)
  }
  const match = parser.regex.exec(text)
  if (!match) return null
  const p: Parsed = {
    year: 1970,
    month: 1,
    day: 1,
    hour: 0,
    minute: 0,
    second: 0,
    micros: 0,
    pm: undefined,
    offsetMs: undefined,
  }
  // A field given twice must agree with itself (java.time's resolver reports a conflict otherwise).
  const seen = new Map<string, string>()
  let conflict = false
  parser.fields.forEach((token, k) => {
    if (token.kind !== 'field') return
    const value = match[k + 1]
    if (value === undefined) return // a field of an optional section that is absent
    const key = `${token.letter}${token.width}`
    if (seen.has(key) && seen.get(key) !== value) conflict = true
    seen.set(key, value)
    switch (token.letter) {
      case 'y':
      case 'u':
        p.year = token.width === 2 ? 2000 + Number(value) : Number(value)
        break
      case 'M':
      case 'L':
        p.month = token.width >= 3 ? (token.width >= 4 ? monthsLong : monthsShort).indexOf(value) + 1 : Number(value)
        break
      case 'd':
        p.day = Number(value)
        break
      case 'H':
      case 'k':
      case 'h':
      case 'K':
        p.hour = Number(value) % (token.letter === 'k' ? 24 : token.letter === 'H' ? 24 : 12)
        break
      case 'm':
        p.minute = Number(value)
        break
      case 's':
        p.second = Number(value)
        break
      case 'S':
        p.micros = Number(value.padEnd(6, '0').slice(0, 6))
        break
      case 'a':
        p.pm = value.toUpperCase() === 'PM'
        break
      case 'X':
      case 'x':
      case 'Z': {
        if (value === 'Z') p.offsetMs = 0
        else {
          const digits = value.replace(':', '')
          const sign = digits[0] === '-' ? -1 : 1
          p.offsetMs = sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5) || 0)) * 60_000
        }
        break
      }
      case 'z':
        zone = Object.hasOwn(SHORT_ZONE_IDS, value) ? SHORT_ZONE_IDS[value]! : value
        // An unknown zone name is unparseable text, as java.time's DateTimeFormatter finds it.
        if (fixedOffsetMs(zone) === undefined && !isValidTimeZone(zone)) conflict = true
        break
    }
  })
  if (conflict) return null
  if (p.pm) p.hour += 12
  if (p.month < 1 || p.month > 12 || p.day < 1 || p.day > 31 || p.hour > 23 || p.minute > 59 || p.second > 59)
    return null
  const days = daysFromCivil(p.year, p.month, p.day)
  if (civilFromDays(days).day !== p.day) return null
  const wallMs = days * 86_400_000 + ((p.hour * 60 + p.minute) * 60 + p.second) * 1000
  const utcMs = p.offsetMs !== undefined ? wallMs - p.offsetMs : wallClockToUtcMs(zone, wallMs)
  return utcMs * 1000 + p.micros
}
