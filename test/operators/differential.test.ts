// Differential tests: random events fed in random micro-batch splits must produce, in complete mode, the same
// final table as the same aggregation run once over all the data as a static DataFrame.
import { describe, expect, it } from 'vitest'
import {
  approx_count_distinct,
  avg,
  type Column,
  col,
  collect_list,
  count,
  type DataFrame,
  MemoryStream,
  max,
  min,
  session_window,
  sort_array,
  sum,
  window,
} from '../../src/index.js'
import type { CapturedBatch } from '../support/captured-sink.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'
import { sortRows } from '../support/sort-rows.js'
import {
  AddData,
  AssertOnQuery,
  CheckLastBatch,
  Execute,
  ProcessAllAvailable,
  type StreamAction,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const SCHEMA = 'key STRING, ts TIMESTAMP, v INT'

function events(seed: number, n: number): unknown[][] {
  const next = seededRandom(seed)
  const T0 = Date.UTC(2024, 0, 1)
  return Array.from({ length: n }, () => [
    `k${Math.floor(next() * 12)}`,
    new Date(T0 + Math.floor(next() * 180_000)),
    next() < 0.1 ? null : Math.floor(next() * 1000) - 200,
  ])
}

/** Adds `rows` in seeded random splits of 1–250 rows, processing after a split with probability `processChance`. */
function inSplits(input: MemoryStream, rows: unknown[][], seed: number, processChance: number): StreamAction[] {
  const next = seededRandom(seed + 1)
  const actions: StreamAction[] = []
  for (let at = 0; at < rows.length; ) {
    const size = 1 + Math.floor(next() * 250)
    actions.push(AddData(input, ...rows.slice(at, at + size)))
    at += size
    if (processChance >= 1 || next() < processChance) actions.push(ProcessAllAvailable())
  }
  return actions
}

/** Streams `rows` in random splits through `query` in complete mode; the final table must be the static answer. */
function streamedInSplits(seed: number, rows: unknown[][], query: (df: DataFrame) => DataFrame) {
  const spark = newSession()
  const input = new MemoryStream(spark, SCHEMA)
  const staticAnswer = query(spark.createDataFrame(rows, SCHEMA)).collect()
  return (...more: StreamAction[]) =>
    testStream(query(input.toDF()), 'complete')(
      ...inSplits(input, rows, seed, 0.7),
      CheckLastBatch(...staticAnswer),
      ...more,
    )
}

const aggregates = (): Column[] => [
  count('*'),
  sum('v'),
  min('v'),
  max('v'),
  avg('v'),
  approx_count_distinct('v'),
  collect_list('v'),
]

describe('streaming aggregation = static aggregation', () => {
  for (const seed of [1, 2, 3]) {
    it(`sliding windows by key, seed ${seed}`, async () => {
      const rows = events(seed, 2500)
      const run = streamedInSplits(seed, rows, (df) =>
        df.groupBy(window(col('ts'), '20 seconds', '5 seconds'), col('key')).agg(...aggregates()),
      )
      await run(AssertOnQuery((_q, sink) => sink.batches.length > 3, 'more than three batches'))
    })

    it(`session windows by key, seed ${seed}`, async () => {
      const rows = events(seed + 10, 1500)
      const run = streamedInSplits(seed, rows, (df) =>
        df.groupBy(session_window(col('ts'), '4 seconds'), col('key')).agg(count('*'), sum('v'), max('v'), min('ts')),
      )
      await run()
    })
  }
})

/** Every micro-batch's output (rows sorted) of a watermarked sliding-window aggregation, with or without panes. */
async function slidingBatches(seed: number, rows: unknown[][], mode: 'update' | 'append' | 'complete', panes: boolean) {
  const spark = newSession({ 'rivulet.sql.slidingWindowPanes': String(panes) })
  const input = new MemoryStream(spark, SCHEMA)
  const query = input
    .toDF()
    .withWatermark('ts', '10 seconds')
    .groupBy(window(col('ts'), '20 seconds', '5 seconds'), col('key'))
    .agg(
      count('*'),
      sum('v'),
      min('v'),
      max('v'),
      avg('v'),
      approx_count_distinct('v'),
      sort_array(collect_list('v')).alias('vs'),
    )
  let batches: CapturedBatch[] = []
  let rowsUpdated = 0
  await testStream(query, mode)(
    ...inSplits(input, rows, seed, 1),
    Execute('collect the batches and the state updates', (q, sink) => {
      batches = sink.batches.map((b) => ({ batchId: b.batchId, rows: sortRows(b.rows) }))
      rowsUpdated = q.recentProgress.reduce((sum, p) => sum + (p.stateOperators[0]?.numRowsUpdated ?? 0), 0)
    }),
  )
  return { batches, rowsUpdated }
}

describe('sliding windows over panes = sliding windows', () => {
  for (const mode of ['update', 'append', 'complete'] as const) {
    it(`emits the same rows in the same micro-batches in ${mode} mode, late events included`, async () => {
      // Events mostly in time order, with stragglers up to a minute late (many dropped by the watermark).
      const next = seededRandom(7)
      const T0 = Date.UTC(2024, 0, 1)
      const rows = Array.from({ length: 3000 }, (_, i) => [
        `k${Math.floor(next() * 8)}`,
        new Date(T0 + i * 60 - (next() < 0.2 ? Math.floor(next() * 60_000) : 0)),
        next() < 0.1 ? null : Math.floor(next() * 1000) - 200,
      ])
      const withPanes = await slidingBatches(7, rows, mode, true)
      const withoutPanes = await slidingBatches(7, rows, mode, false)
      expect(withPanes.batches.filter((b) => b.rows.length > 0).length).toBeGreaterThan(5)
      expect(withPanes.batches).toEqual(withoutPanes.batches)
      // A row updates one pane, or four windows.
      expect(withPanes.rowsUpdated * 2).toBeLessThan(withoutPanes.rowsUpdated)
    })
  }
})
