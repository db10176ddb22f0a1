// The Nexmark generator: determinism per seed, the 1:3:46 mix, ids and event times that only grow, replayable
// ranges, and the reference generator's value domains.
import { describe, expect, it } from 'vitest'
import { concatBatches, type RecordBatch, rowsOf } from '../../../../src/arrow/index.js'
import type { NexmarkTable } from '../../../../src/connectors/sources/nexmark/config.js'
import { NexmarkGenerator } from '../../../../src/connectors/sources/nexmark/generator.js'
import { NEXMARK_SCHEMAS } from '../../../../src/connectors/sources/nexmark/schemas.js'

const rows = (table: NexmarkTable, batch: RecordBatch) => rowsOf(batch, NEXMARK_SCHEMAS[table])

/** Events [start, end) of `table`, generated in chunks of `chunk` events. */
function chunked(g: NexmarkGenerator, table: NexmarkTable, start: number, end: number, chunk: number): RecordBatch {
  const batches: RecordBatch[] = []
  for (let at = start; at < end; at += chunk) batches.push(g.batch(table, at, Math.min(end, at + chunk)))
  return concatBatches(NEXMARK_SCHEMAS[table], batches)
}

describe('Nexmark generator', () => {
  it('gives the same events for the same seed, and different ones for another seed', () => {
    for (const table of ['person', 'auction', 'bid'] as const) {
      const a = rows(table, new NexmarkGenerator({ seed: 7 }).batch(table, 0, 5000))
      const b = rows(table, new NexmarkGenerator({ seed: 7 }).batch(table, 0, 5000))
      const c = rows(table, new NexmarkGenerator({ seed: 8 }).batch(table, 0, 5000))
      expect(a).toEqual(b)
      expect(a).not.toEqual(c)
    }
  })

  it('replays any range exactly, however the events are split into batches', () => {
    const g = new NexmarkGenerator({ seed: 3 })
    for (const table of ['person', 'auction', 'bid'] as const) {
      const whole = rows(table, g.batch(table, 1234, 9876))
      expect(whole.length, table).toBeGreaterThan(0)
      expect(rows(table, chunked(g, table, 1234, 9876, 777))).toEqual(whole)
      expect(rows(table, chunked(new NexmarkGenerator({ seed: 3 }), table, 1234, 9876, 50))).toEqual(whole)
    }
  })

  it('mixes person, auction and bid events 1:3:46', () => {
    const g = new NexmarkGenerator()
    const count = (table: NexmarkTable) => g.batch(table, 0, 100_000).numRows
    expect([count('person'), count('auction'), count('bid')]).toEqual([2000, 6000, 92000])
    // Ranges that cut epochs of 50 events count exactly, too: events 3..102 hold persons 50 and 100,
    // auctions 3, 51-53, 101 and 102, and the rest are bids.
    expect([g.count('person', 3, 103), g.count('auction', 3, 103), g.count('bid', 3, 103)]).toEqual([2, 6, 92])
    expect(g.batch('auction', 3, 103).numRows).toBe(6)
  })

  it('numbers people and auctions from 1000 in event order, and advances event time at firstEventRate', () => {
    const g = new NexmarkGenerator({ firstEventRate: 1000, baseTimeMs: Date.UTC(2024, 0, 1) })
    const people = rows('person', g.batch('person', 0, 10_000))
    expect(people.map((p) => p.id)).toEqual(Array.from({ length: 200 }, (_, i) => 1000 + i))
    const auctions = rows('auction', g.batch('auction', 0, 10_000))
    expect(auctions.map((a) => a.id)).toEqual(Array.from({ length: 600 }, (_, i) => 1000 + i))
    // Event n happens at baseTime + n / rate: person k is event 50k, so 50 ms apart at 1,000 events/s.
    expect((people[1]!.dateTime as Date).getTime() - (people[0]!.dateTime as Date).getTime()).toBe(50)
    expect(people[0]!.dateTime).toEqual(new Date(Date.UTC(2024, 0, 1)))
  })

  it('never lets event time go backwards, within a stream or across batches', () => {
    const g = new NexmarkGenerator()
    for (const table of ['person', 'auction', 'bid'] as const) {
      const times = rows(table, chunked(g, table, 0, 60_000, 9_999)).map((r) => (r.dateTime as Date).getTime())
      expect(times.length, table).toBeGreaterThan(1)
      expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true)
    }
  })

  it('keeps the reference domains: categories, states, prices, reserves, expiry, channels and sizes', () => {
    const g = new NexmarkGenerator({ seed: 11 })
    const auctions = rows('auction', g.batch('auction', 0, 50_000))
    expect(auctions.length).toBeGreaterThan(0)
    for (const a of auctions) {
      expect(a.category).toBeGreaterThanOrEqual(10)
      expect(a.category).toBeLessThan(15)
      expect(a.reserve).toBeGreaterThanOrEqual(a.initialBid as number)
      expect((a.expires as Date).getTime()).toBeGreaterThan((a.dateTime as Date).getTime())
      expect(a.seller).toBeGreaterThanOrEqual(1000)
    }
    const people = rows('person', g.batch('person', 0, 50_000))
    expect(new Set(people.map((p) => p.state))).toEqual(new Set(['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']))
    for (const p of people) {
      expect(p.creditCard).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/)
      expect(p.emailAddress).toMatch(/^[a-z ]*[a-z]@[a-z ]*[a-z]\.com$/)
    }
    const bids = rows('bid', g.batch('bid', 0, 50_000))
    const prices = bids.map((b) => b.price as number)
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(100)
    expect(Math.max(...prices)).toBeLessThanOrEqual(100_000_000)
    const hot = bids.filter((b) => ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b.channel as string))
    expect(hot.length / bids.length).toBeGreaterThan(0.45)
    expect(hot.length / bids.length).toBeLessThan(0.55)
    for (const b of bids) {
      expect(b.url).toMatch(
        /^https:\/\/www\.nexmark\.com\/[a-z_]+\/[a-z_]+\/[a-z_]+\/item\.htm\?query=1(&channel_id=\d+)?$/,
      )
      if (!hot.includes(b)) expect(b.channel).toMatch(/^channel-\d+$/)
    }
    // Average sizes as in Beam: a bid's extra brings it to ~100 bytes (32 bytes of numbers + ~68 letters).
    const extra = bids.reduce((sum, b) => sum + (b.extra as string).length, 0) / bids.length
    expect(extra).toBeGreaterThan(64)
    expect(extra).toBeLessThan(72)
  })

  it('sends about half the bids to the hot auction and three quarters by the hot bidder', () => {
    const bids = rows('bid', new NexmarkGenerator({ seed: 5 }).batch('bid', 0, 100_000))
    const hotAuction = bids.filter((b) => ((b.auction as number) - 1000) % 100 === 0).length / bids.length
    const hotBidder = bids.filter((b) => ((b.bidder as number) - 1000) % 100 === 1).length / bids.length
    expect(hotAuction).toBeGreaterThan(0.48)
    expect(hotAuction).toBeLessThan(0.53)
    expect(hotBidder).toBeGreaterThan(0.73)
    expect(hotBidder).toBeLessThan(0.78)
  })

  it('rejects ranges that are not event numbers', () => {
    const g = new NexmarkGenerator()
    expect(() => g.batch('bid', 10, 5)).toThrow('Invalid Nexmark event range [10, 5)')
    expect(() => g.batch('bid', -1, 5)).toThrow('Invalid Nexmark event range')
  })
})
