// Nexmark generator parameters (Beam's NexmarkConfiguration/GeneratorConfig defaults) and the event-number algebra
// every stream shares: which kind an event is, its event time, and the last person/auction id it may refer to.
import { IllegalArgumentException } from '../../../common/errors.js'

/** The tunable parameters; ids and times derive from these and the event number alone. */
export interface NexmarkConfig {
  /** Seeds every random choice; the same seed always gives the same events. */
  readonly seed: number
  /** Event time of event 0, in ms since the epoch. */
  readonly baseTimeMs: number
  /** Events per second of event time (Beam's `firstEventRate`): event n happens at baseTime + n / rate. */
  readonly firstEventRate: number
  readonly personProportion: number
  readonly auctionProportion: number
  readonly bidProportion: number
  /** People a random seller or bidder is drawn from (the most recent ones). */
  readonly numActivePeople: number
  /** Auctions a random bid is drawn from (the most recent ones). */
  readonly numInFlightAuctions: number
  /** 1 - 1/ratio of bids go to the current hot auction. */
  readonly hotAuctionRatio: number
  /** 1 - 1/ratio of auctions are by the current hot seller. */
  readonly hotSellersRatio: number
  /** 1 - 1/ratio of bids are by the current hot bidder. */
  readonly hotBiddersRatio: number
  /** 1 - 1/ratio of bids come from one of the four hot channels. */
  readonly hotChannelsRatio: number
  readonly avgPersonByteSize: number
  readonly avgAuctionByteSize: number
  readonly avgBidByteSize: number
}

/** 2024-01-01T00:00:00Z: a fixed origin, so runs are reproducible (Beam uses the wall clock at start). */
export const DEFAULT_BASE_TIME_MS = Date.UTC(2024, 0, 1)

export const DEFAULT_CONFIG: NexmarkConfig = {
  seed: 0,
  baseTimeMs: DEFAULT_BASE_TIME_MS,
  firstEventRate: 10_000,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  numActivePeople: 1000,
  numInFlightAuctions: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  hotChannelsRatio: 2,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
}

/** Ids start here so small runs still find matches (Beam's FIRST_PERSON_ID, FIRST_AUCTION_ID, FIRST_CATEGORY_ID). */
export const FIRST_PERSON_ID = 1000
export const FIRST_AUCTION_ID = 1000
export const FIRST_CATEGORY_ID = 10
export const NUM_CATEGORIES = 5
/** Hot sellers/bidders/auctions are the first of each block of this many recent ids. */
export const HOT_ID_BLOCK = 100
/** Ids a random choice may reach beyond the last one generated (events appear slightly out of order). */
export const PERSON_ID_LEAD = 10
export const AUCTION_ID_LEAD = 10

export type NexmarkTable = 'person' | 'auction' | 'bid'
export const NEXMARK_TABLES: readonly NexmarkTable[] = ['person', 'auction', 'bid']

/** A config with the derived quantities the generators need per event. */
export class NexmarkClock {
  readonly totalProportion: number
  /** Microseconds of event time between consecutive events. */
  readonly interEventDelayUs: number

  constructor(readonly config: NexmarkConfig) {
    const { personProportion: p, auctionProportion: a, bidProportion: b, firstEventRate } = config
    for (const [name, value] of Object.entries({ personProportion: p, auctionProportion: a, bidProportion: b })) {
      if (!Number.isInteger(value) || value < 1)
        throw new IllegalArgumentException(`${name} must be a positive integer`)
    }
    if (!(firstEventRate > 0)) throw new IllegalArgumentException('firstEventRate must be positive')
    this.totalProportion = p + a + b
    this.interEventDelayUs = 1_000_000 / firstEventRate
  }

  /** Beam's `timestampForEvent`: baseTime + floor(n * delayUs) / 1000, in ms. */
  timestampMs(eventNumber: number): number {
    return this.config.baseTimeMs + Math.floor(Math.floor(eventNumber * this.interEventDelayUs) / 1000)
  }

  kindOf(eventNumber: number): NexmarkTable {
    const rem = eventNumber % this.totalProportion
    if (rem < this.config.personProportion) return 'person'
    return rem < this.config.personProportion + this.config.auctionProportion ? 'auction' : 'bid'
  }

  /** The range [from, to) of `rem = n % total` that events of `table` occupy. */
  remRange(table: NexmarkTable): readonly [number, number] {
    const { personProportion: p, auctionProportion: a } = this.config
    if (table === 'person') return [0, p]
    if (table === 'auction') return [p, p + a]
    return [p + a, this.totalProportion]
  }

  /** How many of the events [0, end) are of `table`. */
  countBefore(table: NexmarkTable, end: number): number {
    const [from, to] = this.remRange(table)
    const epochs = Math.floor(end / this.totalProportion)
    const rem = end - epochs * this.totalProportion
    return epochs * (to - from) + Math.max(0, Math.min(rem, to) - from)
  }

  /** How many of the events [start, end) are of `table`. */
  count(table: NexmarkTable, start: number, end: number): number {
    return this.countBefore(table, end) - this.countBefore(table, start)
  }

  /** Beam's `lastBase0PersonId`: the newest person id (from 0) that exists when event `id` is generated. */
  lastBase0PersonId(eventId: number): number {
    const epoch = Math.floor(eventId / this.totalProportion)
    let offset = eventId - epoch * this.totalProportion
    if (offset >= this.config.personProportion) offset = this.config.personProportion - 1
    return epoch * this.config.personProportion + offset
  }

  /** Beam's `lastBase0AuctionId`: the newest auction id (from 0) when event `id` is generated. */
  lastBase0AuctionId(eventId: number): number {
    const { personProportion: p, auctionProportion: a } = this.config
    let epoch = Math.floor(eventId / this.totalProportion)
    let offset = eventId - epoch * this.totalProportion
    if (offset < p) {
      epoch--
      offset = a - 1
    } else if (offset >= p + a) {
      offset = a - 1
    } else {
      offset -= p
    }
    return epoch * a + offset
  }
}
