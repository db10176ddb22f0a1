// The nexmark source: options and their errors, offsets as event counts, wall-clock pacing that leaves event time
// alone, per-trigger limits, replay of recorded offsets, and the person/auction/bid views for SQL.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type RecordBatch, rowsOf } from '../../../src/arrow/index.js'
import { Options } from '../../../src/connectors/options.js'
import { maxRows, readAll } from '../../../src/connectors/read-limit.js'
import { NexmarkGenerator } from '../../../src/connectors/sources/nexmark/generator.js'
import { AUCTION_SCHEMA, BID_SCHEMA } from '../../../src/connectors/sources/nexmark/schemas.js'
import { type NexmarkSource, nexmarkProvider } from '../../../src/connectors/sources/nexmark.js'
import { AnalysisException, IllegalArgumentException, registerNexmarkViews } from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import { AssertOnQuery, CheckAnswer, Execute, ProcessAllAvailable, StartStream } from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const source = (options: Record<string, string>, now = () => 0, metadataPath?: string) =>
  nexmarkProvider.create(
    nexmarkProvider.describe(new Options(Object.entries(options)), undefined, undefined, () => undefined),
    { conf: () => undefined, metadataPath, now },
  ) as NexmarkSource

describe('nexmark source', () => {
  it('streams the generator’s bids with the Spark schema', async () => {
    const spark = newSession()
    const df = spark.readStream.format('nexmark').option('table', 'bid').option('maxEvents', 500).load()
    expect(df.dtypes).toEqual([
      ['auction', 'bigint'],
      ['bidder', 'bigint'],
      ['price', 'bigint'],
      ['channel', 'string'],
      ['url', 'string'],
      ['dateTime', 'timestamp'],
      ['extra', 'string'],
    ])
    await testStream(df)(
      CheckAnswer.ordered(...rowsOf(new NexmarkGenerator().batch('bid', 0, 500), BID_SCHEMA)),
      AssertOnQuery(
        (q) =>
          q.lastProgress!.sources[0]!.description ===
          'NexmarkV2[table=bid, eventsPerSecond=0, maxEvents=500, maxEventsPerTrigger=0, seed=0]',
        'the source description',
      ),
    )
  })

  it('releases eventsPerSecond events per wall-clock second, while event time follows the generator', async () => {
    const spark = newSession()
    let now = 1_000_000
    spark.clock = () => now
    const df = spark.readStream
      .format('nexmark')
      .options({ table: 'person', eventsPerSecond: 1000, firstEventRate: 10 })
      .load()
    await testStream(df)(
      CheckAnswer(),
      Execute('120 ms pass: 120 events, persons 0, 50 and 100', () => {
        now += 120
      }),
      CheckAnswer.by((rows) => {
        expect(rows.map((r) => r.id)).toEqual([1000, 1001, 1002])
        // At firstEventRate 10, event 100 happens 10 s after event 0, however fast the events were released.
        expect(rows.map((r) => (r.dateTime as Date).toISOString())).toEqual([
          '2024-01-01T00:00:00.000Z',
          '2024-01-01T00:00:05.000Z',
          '2024-01-01T00:00:10.000Z',
        ])
      }),
    )
  })

  it('caps micro-batches at maxEventsPerTrigger (its default read limit) and stops at maxEvents', async () => {
    const s = source({ table: 'bid', maxEvents: '250', maxEventsPerTrigger: '100' })
    expect(s.defaultReadLimit).toEqual(maxRows(100))
    expect(await s.latestOffset(null, s.defaultReadLimit)).toBe(100)
    expect((await s.getBatch(null, 100)).reduce((n, b) => n + b.numRows, 0)).toBe(92)
    expect(await s.latestOffset(100, s.defaultReadLimit)).toBe(200)
    expect(await s.latestOffset(200, s.defaultReadLimit)).toBe(250)
    expect(await s.latestOffset(250, s.defaultReadLimit)).toBe(250)
    expect(s.reportLatestOffset()).toBe(250)
  })

  it('regenerates the same rows for the same offsets (replay after a failure)', async () => {
    const first = source({ table: 'auction', maxEvents: '5000', seed: '9' })
    const again = source({ table: 'auction', maxEvents: '5000', seed: '9' })
    const rows = async (s: NexmarkSource) => (await s.getBatch(1200, 3400)).flatMap((b) => rowsOf(b, s.schema))
    expect(await rows(again)).toEqual(await rows(first))
    expect((await rows(first)).length).toBe(new NexmarkGenerator().count('auction', 1200, 3400))
  })

  it('keeps the pace’s start in the checkpoint, so a restarted query continues it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nexmark-'))
    try {
      const s1 = source({ table: 'bid', eventsPerSecond: '100' }, () => 10_000, dir)
      expect(await s1.latestOffset(null, readAll())).toBe(null)
      expect(JSON.parse(readFileSync(join(dir, 'nexmark.json'), 'utf8'))).toEqual({ startTimeMs: 10_000 })
      const s2 = source({ table: 'bid', eventsPerSecond: '100' }, () => 12_000, dir)
      expect(await s2.latestOffset(null, readAll())).toBe(200)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('resumes from its checkpoint without re-reading events, micro-batches capped by maxEventsPerTrigger', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nexmark-'))
    try {
      const run = async (maxEvents: number) => {
        const df = newSession()
          .readStream.format('nexmark')
          .options({ table: 'person', maxEvents, maxEventsPerTrigger: 300 })
          .load()
        let ids: number[][] = []
        await testStream(df)(
          StartStream({ checkpointLocation: join(dir, 'checkpoint') }),
          ProcessAllAvailable(),
          Execute('collect the ids per batch', (_q, sink) => {
            ids = sink.batches.filter((b) => b.rows.length > 0).map((b) => b.rows.map((r) => r.id as number))
          }),
        )
        return ids
      }
      // Events 0-999 in batches ending at 300, 600, 900, 1000; after the restart, 1000-1999 (persons are 1 in 50).
      const first = await run(1000)
      const second = await run(2000)
      expect(first.map((ids) => ids.length)).toEqual([6, 6, 6, 2])
      expect(second.map((ids) => ids.length)).toEqual([6, 6, 6, 2])
      expect([...first, ...second].flat()).toEqual(Array.from({ length: 40 }, (_, i) => 1000 + i))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects missing and bad options with clear errors', () => {
    const load = (options: Record<string, string | number>) => () =>
      newSession().readStream.format('nexmark').options(options).load()
    expect(load({ maxEvents: 10 })).toThrow(
      new IllegalArgumentException("The nexmark source needs option 'table': one of 'person', 'auction', 'bid'"),
    )
    expect(load({ table: 'bids', maxEvents: 10 })).toThrow(
      "Invalid value 'bids' for option 'table' of the nexmark source, must be one of 'person', 'auction', 'bid'",
    )
    expect(load({ table: 'bid', eventsPerSecond: -5 })).toThrow(
      "Invalid value '-5' for option 'eventsPerSecond' of the nexmark source, must be a non-negative integer",
    )
    expect(load({ table: 'bid', maxEvents: '1e6' })).toThrow("Invalid value '1e6' for option 'maxEvents'")
    expect(load({ table: 'bid', maxEvents: 10, maxEventsPerTrigger: 0 })).toThrow(
      "Invalid value '0' for option 'maxEventsPerTrigger' of the nexmark source, must be a positive integer",
    )
    expect(load({ table: 'bid', maxEvents: 10, baseTime: 'yesterday' })).toThrow(
      "Invalid value 'yesterday' for option 'baseTime'",
    )
    expect(load({ table: 'bid' })).toThrow(
      "An unbounded nexmark stream needs a pace: set 'eventsPerSecond', 'maxEventsPerTrigger' or 'maxEvents'",
    )
    expect(() =>
      newSession().readStream.format('nexmark').schema('a INT').options({ table: 'bid', maxEvents: 1 }).load(),
    ).toThrow(new AnalysisException('The nexmark source does not support a user-specified schema.'))
  })

  it('accepts baseTime as epoch milliseconds or an ISO timestamp', async () => {
    const first = async (baseTime: string) => {
      const [batch] = await source({ table: 'person', maxEvents: '1', baseTime }).getBatch(null, 1)
      return rowsOf(batch!, source({ table: 'person', maxEvents: '1' }).schema)[0]!.dateTime
    }
    expect(await first('2020-02-29 12:00:00')).toEqual(new Date('2020-02-29T12:00:00Z'))
    expect(await first('2020-02-29T12:00:00+01:00')).toEqual(new Date('2020-02-29T11:00:00Z'))
    expect(await first('86400000')).toEqual(new Date('1970-01-02T00:00:00Z'))
  })

  it('registers person, auction and bid views of the same events for SQL', async () => {
    const spark = newSession()
    registerNexmarkViews(spark, { maxEvents: 20_000, firstEventRate: 1000 })
    const sellers = spark.sql(
      `SELECT window.start AS start, count(*) AS auctions, max(seller) AS maxSeller
       FROM auction GROUP BY window(dateTime, '10 seconds')`,
    )
    // 20,000 events at 1,000/s: 20 s of event time; the watermark (max - 4 s) closes the first 10 s window only.
    const firstWindow = rowsOf(
      new NexmarkGenerator({ firstEventRate: 1000 }).batch('auction', 0, 10_000),
      AUCTION_SCHEMA,
    )
    await testStream(sellers)(
      CheckAnswer({
        start: new Date('2024-01-01T00:00:00Z'),
        auctions: 600,
        maxSeller: Math.max(...firstWindow.map((a) => a.seller as number)),
      }),
    )
    expect(
      spark.catalog
        .listTables()
        .map((t) => t.name)
        .sort(),
    ).toEqual(['auction', 'bid', 'person'])
  })

  it('splits a batch into event ranges that threads generate apart, together the batch’s rows', async () => {
    const description = nexmarkProvider.describe(
      new Options(Object.entries({ table: 'bid', maxEvents: '100000' })),
      undefined,
      undefined,
      () => undefined,
    )
    const nexmark = nexmarkProvider.create(description, {
      conf: () => undefined,
      metadataPath: undefined,
      now: () => 0,
    }) as NexmarkSource
    const tasks = await nexmark.getTasks(1_000, 50_000)
    // Twelve equal ranges (so 2, 3, 4 or 6 threads get as many events each), weighed by their bids.
    expect(tasks).toHaveLength(12)
    const generator = new NexmarkGenerator()
    for (const task of tasks) {
      const { from, to } = task as unknown as { from: number; to: number }
      expect(to - from).toBeGreaterThanOrEqual(4083)
      expect(to - from).toBeLessThanOrEqual(4084)
      expect(task.weight).toBe(generator.count('bid', from, to))
    }
    // The ranges generated apart, in order, are the batch; a thread given every other range gets those ranges' rows.
    const read = (share: readonly (typeof tasks)[number][]) =>
      nexmarkProvider.readTasks!(description, share, () => undefined)
    const rows = (batches: readonly RecordBatch[]) => batches.flatMap((b) => rowsOf(b, BID_SCHEMA))
    const perRange = await Promise.all(tasks.map((task) => read([task]).then(rows)))
    expect(perRange.flat()).toEqual(rows(await nexmark.getBatch(1_000, 50_000)))
    expect(rows(await read(tasks.filter((_, i) => i % 2 === 1)))).toEqual(perRange.filter((_, i) => i % 2 === 1).flat())
    // A contiguous share comes back as one batch.
    expect(await read(tasks.slice(0, 6))).toHaveLength(1)
  })
})
