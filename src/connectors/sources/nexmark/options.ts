// The nexmark source's options, parsed once at load() into a typed record with clear errors.
import { IllegalArgumentException } from '../../../common/errors.js'
import type { Options } from '../../options.js'
import { DEFAULT_CONFIG, NEXMARK_TABLES, type NexmarkConfig, type NexmarkTable } from './config.js'

export interface NexmarkOptions {
  readonly table: NexmarkTable
  /** Events (of all three kinds) released per wall-clock second; 0 = all at once. */
  readonly eventsPerSecond: number
  /** Events generated in all; 0 = unbounded. */
  readonly maxEvents: number
  /** At most this many events (of all kinds) per micro-batch; 0 = no limit. */
  readonly maxEventsPerTrigger: number
  readonly config: NexmarkConfig
}

/** Non-negative or positive integer option (values up to 2^53). */
function integer(options: Options, key: string, fallback: number, min: 0 | 1): number {
  const raw = options.get(key)
  if (raw === undefined) return fallback
  const value = /^\s*[+-]?\d+\s*$/.test(raw) ? Number(raw) : Number.NaN
  if (!Number.isSafeInteger(value) || value < min) {
    throw new IllegalArgumentException(
      `Invalid value '${raw}' for option '${key}' of the nexmark source, must be ${min === 0 ? 'a non-negative' : 'a positive'} integer`,
    )
  }
  return value
}

/** `baseTime`: ms since the epoch, or an ISO-8601 timestamp (UTC unless it names an offset). */
function baseTime(options: Options): number {
  const raw = options.get('baseTime')
  if (raw === undefined) return DEFAULT_CONFIG.baseTimeMs
  const text = raw.trim()
  if (/^\d+$/.test(text)) return Number(text)
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) {
    throw new IllegalArgumentException(
      `Invalid value '${raw}' for option 'baseTime' of the nexmark source, must be ms since the epoch or an ISO-8601 timestamp`,
    )
  }
  return ms
}

export function parseNexmarkOptions(options: Options): NexmarkOptions {
  const tableText = options.get('table')
  if (tableText === undefined) {
    throw new IllegalArgumentException(
      `The nexmark source needs option 'table': one of ${NEXMARK_TABLES.map((t) => `'${t}'`).join(', ')}`,
    )
  }
  const table = tableText.trim().toLowerCase() as NexmarkTable
  if (!NEXMARK_TABLES.includes(table)) {
    throw new IllegalArgumentException(
      `Invalid value '${tableText}' for option 'table' of the nexmark source, must be one of ${NEXMARK_TABLES.map((t) => `'${t}'`).join(', ')}`,
    )
  }
  const eventsPerSecond = integer(options, 'eventsPerSecond', 0, 0)
  const maxEvents = integer(options, 'maxEvents', 0, 0)
  const maxEventsPerTrigger = integer(options, 'maxEventsPerTrigger', 0, options.has('maxEventsPerTrigger') ? 1 : 0)
  if (eventsPerSecond === 0 && maxEvents === 0 && maxEventsPerTrigger === 0) {
    throw new IllegalArgumentException(
      "An unbounded nexmark stream needs a pace: set 'eventsPerSecond', 'maxEventsPerTrigger' or 'maxEvents'",
    )
  }
  const d = DEFAULT_CONFIG
  const config: NexmarkConfig = {
    ...d,
    seed: integer(options, 'seed', d.seed, 0) | 0,
    baseTimeMs: baseTime(options),
    firstEventRate: integer(options, 'firstEventRate', d.firstEventRate, 1),
    numActivePeople: integer(options, 'numActivePeople', d.numActivePeople, 1),
    numInFlightAuctions: integer(options, 'numInFlightAuctions', d.numInFlightAuctions, 1),
    hotAuctionRatio: integer(options, 'hotAuctionRatio', d.hotAuctionRatio, 1),
    hotSellersRatio: integer(options, 'hotSellersRatio', d.hotSellersRatio, 1),
    hotBiddersRatio: integer(options, 'hotBiddersRatio', d.hotBiddersRatio, 1),
  }
  return { table, eventsPerSecond, maxEvents, maxEventsPerTrigger, config }
}
