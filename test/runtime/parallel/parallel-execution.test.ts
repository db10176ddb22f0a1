// Stages on worker threads: a windowed aggregation (tumbling, or sliding windows kept as panes) gives the same batches
// at local[2] as at local[1] — from the start, after moving to the workers mid-stream, or after a trial there that
// sends them back to the driver — window counts feeding a join
// give the same rows, and a worker that throws or dies fails the query with a typed
// error naming its partitions, after which a restart from the checkpoint loses and repeats nothing.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  col,
  count,
  type DataFrame,
  IllegalStateException,
  MemoryStream,
  type Row,
  sum,
  window,
} from '../../../src/index.js'
import { seededRandom } from '../../support/random.js'
import { rowText } from '../../support/row-text.js'
import { newSession } from '../../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckNewAnswer,
  ExpectFailure,
  ProcessAllAvailable,
  StartStream,
  StopStream,
} from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

interface Mode {
  readonly name: string
  readonly conf: Record<string, string>
  /** Whether the stages end on the workers (default: at local[2]). */
  readonly onWorkers?: boolean
  /** Whether the query checkpoints (state moves by the checkpoint rather than as rows). */
  readonly checkpoint?: boolean
}

const MODES: readonly Mode[] = [
  { name: 'local[1]', conf: { 'spark.master': 'local[1]' } },
  {
    name: 'local[2] from the start',
    conf: {
      'spark.master': 'local[2]',
      'rivulet.parallel.minBatchRows': '0',
      'rivulet.parallel.shipSourceRows': 'true',
    },
  },
  {
    name: 'local[2] from the third batch',
    conf: {
      'spark.master': 'local[2]',
      'rivulet.parallel.minBatchRows': '40',
      'rivulet.parallel.minRowCostMicros': '0',
      'rivulet.parallel.shipSourceRows': 'true',
    },
  },
]

const windowedCounts = (input: MemoryStream): DataFrame =>
  input
    .toDF()
    .withWatermark('ts', '5 seconds')
    .groupBy(window(col('ts'), '10 seconds'), col('key'))
    .agg(count('*').alias('n'), sum('v').alias('total'))
    .select(col('window.start').alias('start'), col('key'), col('n'), col('total'))

/** Random events in random batches: keys, values, and times that wander forward with some disorder. */
function randomBatches(seed: number): Row[][] {
  const random = seededRandom(seed)
  const batches: Row[][] = []
  let clock = 0
  // Batch sizes grow past the mid-stream mode's threshold at the third batch.
  for (const size of [5, 12, 60, 7, 45, 3, 80, 20]) {
    const rows: Row[] = []
    for (let i = 0; i < size; i++) {
      clock += random() * 0.8
      const jitter = (random() - 0.7) * 6
      rows.push({
        key: `k${Math.floor(random() * 9)}`,
        ts: new Date(T0 + (clock + jitter) * 1000),
        v: Math.floor(random() * 100),
      })
    }
    batches.push(rows)
  }
  return batches
}

/**
 * Sliding windows (a multiple of the slide, so kept as panes): a window's panes are in one partition, whichever worker
 * owns its key.
 */
const slidingCounts = (input: MemoryStream): DataFrame =>
  input
    .toDF()
    .withWatermark('ts', '5 seconds')
    .groupBy(window(col('ts'), '12 seconds', '4 seconds'), col('key'))
    .agg(count('*').alias('n'), sum('v').alias('total'))
    .select(col('window.start').alias('start'), col('key'), col('n'), col('total'))

/** Each batch's output rows as sorted text, for one mode. */
async function run(
  mode: Mode,
  outputMode: 'append' | 'update' | 'complete',
  batches: readonly Row[][],
  query = windowedCounts,
): Promise<string[][]> {
  const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...mode.conf })
  const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT')
  let output: string[][] = []
  const checkpoint = mode.checkpoint ? mkdtempSync(join(tmpdir(), 'rivulet-parallel-cp-')) : undefined
  if (checkpoint) dirs.push(checkpoint)
  const extraOptions: Record<string, string> = checkpoint ? { checkpointLocation: checkpoint } : {}
  await testStream(query(input), outputMode, { timeoutMs: 60_000, extraOptions })(
    ...batches.flatMap((rows) => [AddData(input, ...rows), ProcessAllAvailable()]),
    AssertOnQuery((query, sink) => {
      output = sink.batches.map((b) => b.rows.map(rowText).sort())
      expect(query.explainString().includes('RemoteStage')).toBe(
        mode.onWorkers ?? mode.conf['spark.master'] === 'local[2]',
      )
    }, 'the batches are captured, and explain() says where the stages ran'),
    StopStream,
  )
  return output
}

/** explain() once every batch ran, for one mode. */
async function explainAfter(mode: Mode, batches: readonly Row[][]): Promise<string> {
  const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...mode.conf })
  const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT')
  let plan = ''
  await testStream(windowedCounts(input), 'update', { timeoutMs: 60_000 })(
    ...batches.flatMap((rows) => [AddData(input, ...rows), ProcessAllAvailable()]),
    AssertOnQuery((query) => {
      plan = query.explainString()
    }, 'the plan is captured'),
    StopStream,
  )
  return plan
}

describe('stages on worker threads', () => {
  for (const outputMode of ['update', 'append'] as const) {
    it(`a windowed aggregation gives the same batches on two workers as on one thread (${outputMode} mode)`, async () => {
      for (const seed of [1, 2]) {
        const batches = randomBatches(seed)
        const [single, ...parallel] = await Promise.all(MODES.map((mode) => run(mode, outputMode, batches)))
        expect(single!.flat().length, 'the reference run emits rows').toBeGreaterThan(0)
        for (const [i, result] of parallel.entries()) {
          expect(result, `${MODES[i + 1]!.name}, seed ${seed}`).toEqual(single)
        }
      }
    }, 120_000)
  }

  for (const outputMode of ['update', 'append', 'complete'] as const) {
    it(`a sliding-window aggregation kept as panes gives the same batches on two workers as on one thread (${outputMode} mode)`, async () => {
      for (const seed of [5, 6]) {
        const batches = randomBatches(seed)
        const [single, ...parallel] = await Promise.all(
          MODES.map((mode) => run(mode, outputMode, batches, slidingCounts)),
        )
        expect(single!.flat().length, 'the reference run emits rows').toBeGreaterThan(0)
        for (const [i, result] of parallel.entries()) {
          expect(result, `${MODES[i + 1]!.name}, seed ${seed}`).toEqual(single)
        }
      }
    }, 120_000)
  }

  it('window counts on both sides of a join give the same rows on two workers as on one thread', async () => {
    // The counts run in worker stages, the join on the driver; the join's output is compared as a multiset (how the
    // two sources' additions fall into micro-batches may differ between runs, the joined windows may not).
    const joinedRows = async (mode: Mode, seed: number): Promise<string[]> => {
      const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...mode.conf })
      const left = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT')
      const right = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT')
      const counts = (input: MemoryStream, name: string) =>
        input
          .toDF()
          .withWatermark('ts', '5 seconds')
          .groupBy(col('key'), window(col('ts'), '10 seconds'))
          .agg(count('*').alias(name))
      const joined = counts(left, 'leftCount').join(counts(right, 'rightCount'), ['key', 'window'])
      const [lefts, rights] = [randomBatches(seed), randomBatches(seed + 100)]
      let rows: string[] = []
      await testStream(joined, 'append', { timeoutMs: 60_000 })(
        ...lefts.flatMap((batch, i) => [AddData(left, ...batch), AddData(right, ...rights[i]!), ProcessAllAvailable()]),
        AssertOnQuery((query, sink) => {
          rows = sink.batches.flatMap((b) => b.rows.map(rowText)).sort()
          expect(query.explainString().includes('worker threads')).toBe(
            mode.onWorkers ?? mode.conf['spark.master'] === 'local[2]',
          )
        }, 'the joined windows are captured, and explain() says where the counts ran'),
        StopStream,
      )
      return rows
    }
    for (const seed of [3, 4]) {
      const single = await joinedRows(MODES[0]!, seed)
      expect(single.length, 'the reference run joins some windows').toBeGreaterThan(0)
      expect(await joinedRows(MODES[1]!, seed), `seed ${seed}`).toEqual(single)
    }
  }, 120_000)

  it('reads and parses a file source on the workers, with the same result and input counts as one thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rivulet-parallel-files-'))
    dirs.push(dir)
    const random = seededRandom(5)
    mkdirSync(join(dir, 'in'))
    for (let f = 0; f < 6; f++) {
      const lines = Array.from({ length: 40 + f * 7 }, (_, i) =>
        JSON.stringify({
          key: `k${Math.floor(random() * 7)}`,
          ts: new Date(T0 + (f * 60 + i) * 1000).toISOString(),
          v: i,
        }),
      )
      const path = join(dir, 'in', `part-${f}.json`)
      writeFileSync(path, `${lines.join('\n')}\n`)
      utimesSync(path, new Date(T0 + f * 1000), new Date(T0 + f * 1000))
    }
    const run = async (mode: Mode) => {
      const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...mode.conf })
      const events = spark.readStream
        .schema('key STRING, ts TIMESTAMP, v INT')
        .option('maxFilesPerTrigger', 2)
        .json(join(dir, 'in'))
      const counts = events.groupBy(col('key')).agg(count('*').alias('n'), sum('v').alias('total'))
      let batches: string[][] = []
      let inputRows: number[] = []
      let onWorkers = false
      await testStream(counts, 'update', { timeoutMs: 60_000 })(
        ProcessAllAvailable(),
        AssertOnQuery((query, sink) => {
          batches = sink.batches.map((b) => b.rows.map(rowText).sort())
          inputRows = query.recentProgress.map((p) => p.numInputRows).filter((n) => n > 0)
          onWorkers = query.explainString().includes('worker threads')
        }, 'the batches and their input rows are captured'),
        StopStream,
      )
      return { batches, inputRows, onWorkers }
    }
    const single = await run(MODES[0]!)
    expect(single).toMatchObject({ inputRows: [40 + 47, 54 + 61, 68 + 75], onWorkers: false })
    // Workers read files themselves: the stage moves without shipSourceRows.
    const workersRead = { name: 'local[2]', conf: { 'spark.master': 'local[2]', 'rivulet.parallel.minBatchRows': '0' } }
    expect(await run(workersRead)).toEqual({ ...single, onWorkers: true })
  }, 60_000)

  it('generates nexmark events on the workers, each its share of a batch, with the same batches as one thread', async () => {
    const run = async (conf: Record<string, string>) => {
      const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...conf })
      const bids = spark.readStream
        .format('nexmark')
        .options({ table: 'bid', maxEvents: 30_000, maxEventsPerTrigger: 10_000, firstEventRate: 1000 })
        .load()
        .withWatermark('dateTime', '4 seconds')
      const counts = bids
        .groupBy(window(col('dateTime'), '10 seconds'), col('auction'))
        .agg(count('*').alias('n'), sum('price').alias('total'))
        .select(col('window.start').alias('start'), col('auction'), col('n'), col('total'))
      let batches: string[][] = []
      let inputRows: number[] = []
      let onWorkers = false
      await testStream(counts, 'append', { timeoutMs: 60_000 })(
        ProcessAllAvailable(),
        AssertOnQuery((query, sink) => {
          batches = sink.batches.map((b) => b.rows.map(rowText).sort())
          inputRows = query.recentProgress.map((p) => p.numInputRows)
          onWorkers = query.explainString().includes('worker threads')
        }, 'the batches and their input rows are captured'),
        StopStream,
      )
      return { batches, inputRows, onWorkers }
    }
    const single = await run({ 'spark.master': 'local[1]' })
    // 10,000 events a batch at 1,000 events/s, 10 s of event time each: the watermark (max - 4 s) closes the first
    // window in the third batch and the second in the no-data batch after it; the third stays open.
    expect(single.batches.filter((b) => b.length > 0)).toHaveLength(2)
    expect(single.inputRows).toHaveLength(4)
    expect(single.inputRows.filter((n) => n > 0)).toHaveLength(3)
    expect(single.onWorkers).toBe(false)
    expect(await run({ 'spark.master': 'local[2]', 'rivulet.parallel.minBatchRows': '0' })).toEqual({
      ...single,
      onWorkers: true,
    })
  }, 60_000)

  it('keeps stages whose rows cost the driver too little on the driver, says so in explain(), same batches', async () => {
    const batches = randomBatches(21)
    const kept: Mode = {
      name: 'local[2], rows too cheap to move',
      conf: {
        'spark.master': 'local[2]',
        'rivulet.parallel.minBatchRows': '1',
        // No batch costs a second of CPU per row: the stages never pay for the workers.
        'rivulet.parallel.minRowCostMicros': '1000000',
        'rivulet.parallel.shipSourceRows': 'true',
      },
      onWorkers: false,
    }
    const [single, driver] = await Promise.all([run(MODES[0]!, 'update', batches), run(kept, 'update', batches)])
    expect(driver).toEqual(single)
    const plan = await explainAfter(kept, batches)
    expect(plan).toMatch(
      /\(stages above an Exchange run on the driver thread: the last large batch, batch \d+: 20 input rows/,
    )
    expect(plan).toContain('cost too little per row to pay for the workers')
    expect(plan).not.toContain('RemoteStage')
  }, 60_000)

  it('moves stages to the workers after the third large batch that costs enough per row, and says why', async () => {
    const moves: Mode = {
      name: 'local[2], rows worth moving',
      conf: {
        'spark.master': 'local[2]',
        'rivulet.parallel.minBatchRows': '40',
        'rivulet.parallel.minRowCostMicros': '0.001',
        'rivulet.parallel.shipSourceRows': 'true',
      },
    }
    const batches = randomBatches(22)
    // Batches of 60, 45 and 80 rows are the first three of at least 40: the first runs cold code, the next two are timed
    // and the stages move after the third.
    const [single, moved] = await Promise.all([run(MODES[0]!, 'update', batches), run(moves, 'update', batches)])
    expect(moved).toEqual(single)
    const plan = await explainAfter(moves, batches)
    expect(plan).toContain('RemoteStage 0 on 2 worker threads')
    expect(plan).toMatch(/\(stages above an Exchange run on 2 worker threads: moved after batch \d+: 80 input rows/)
  }, 60_000)

  /** Stages on trial from the third batch of at least 5 rows, judged after the two batches after their first there. */
  const onTrial = (minSpeedup: string, extra: Partial<Mode> = {}): Mode => ({
    name: `local[2] on trial, minSpeedup ${minSpeedup}${extra.checkpoint ? ', checkpointed' : ''}`,
    conf: {
      'spark.master': 'local[2]',
      'rivulet.parallel.minBatchRows': '5',
      'rivulet.parallel.minRowCostMicros': '0.001',
      'rivulet.parallel.minSpeedup': minSpeedup,
      'rivulet.parallel.shipSourceRows': 'true',
    },
    ...extra,
  })

  it('moves stages back to the driver when on trial the workers were not minSpeedup times faster, same batches', async () => {
    // Batches of 5, 12, 60, 7, 45, 3, 80 rows: the first runs cold code, the next two are timed and the stages move, 7
    // runs cold code on the workers, 45 and 80 (3 is too small) are timed there; no worker is a billion times faster,
    // so the stages come back with the rows the workers held (without a checkpoint) or restore them from it.
    const batches = randomBatches(23)
    for (const outputMode of ['update', 'append'] as const) {
      const back = [onTrial('1e9', { onWorkers: false }), onTrial('1e9', { onWorkers: false, checkpoint: true })]
      const [single, ...returned] = await Promise.all([MODES[0]!, ...back].map((m) => run(m, outputMode, batches)))
      expect(single!.flat().length, 'the reference run emits rows').toBeGreaterThan(0)
      for (const [i, result] of returned.entries()) expect(result, `${back[i]!.name}, ${outputMode}`).toEqual(single)
    }
    const plan = await explainAfter(onTrial('1e9'), batches)
    expect(plan).toMatch(
      /\(stages above an Exchange run on the driver thread: moved to 2 worker threads after batch \d+: 60 input rows, [\d.]+ µs of CPU per row, and back after batch \d+: [\d.]+ µs of wall time per row there \(batch \d+\) against [\d.]+ on the driver \(batch \d+\), a speed-up of [\d.]+×, less than minSpeedup; /,
    )
    expect(plan).not.toContain('RemoteStage')
  }, 120_000)

  it('keeps stages on the workers when on trial they were minSpeedup times faster, and says by how much', async () => {
    const batches = randomBatches(24)
    const stays = onTrial('1e-9')
    const [single, stayed] = await Promise.all([run(MODES[0]!, 'update', batches), run(stays, 'update', batches)])
    expect(stayed).toEqual(single)
    const plan = await explainAfter(stays, batches)
    expect(plan).toContain('RemoteStage 0 on 2 worker threads')
    expect(plan).toMatch(
      /\(stages above an Exchange run on 2 worker threads: moved after batch \d+: 60 input rows, [\d.]+ µs of CPU per row and stayed: [\d.]+ µs of wall time per row there \(batch \d+\) against [\d.]+ on the driver \(batch \d+\), a speed-up of [\d.]+×; rivulet.parallel.minBatchRows = 5, /,
    )
  }, 60_000)

  it('keeps stages on the driver by default when the driver would have to ship them its sources’ rows', async () => {
    const spark = newSession({ 'spark.master': 'local[2]', 'rivulet.parallel.minBatchRows': '0' })
    const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT')
    await testStream(windowedCounts(input), 'update')(
      AddData(input, { key: 'a', ts: new Date(T0), v: 1 }),
      CheckNewAnswer({ start: new Date(T0), key: 'a', n: 1, total: 1 }),
      AssertOnQuery((query) => expect(query.explainString()).not.toContain('worker threads')),
    )
  })

  for (const fault of ['throw', 'exit'] as const) {
    it(`a worker that ${fault === 'throw' ? 'throws' : 'dies'} fails the query, which recovers from its checkpoint`, async () => {
      const spark = newSession({ 'spark.sql.shuffle.partitions': '4' })
      const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT')
      const dir = mkdtempSync(join(tmpdir(), 'rivulet-worker-fault-'))
      dirs.push(dir)
      const event = (key: string, seconds: number, v: number) => ({ key, ts: new Date(T0 + seconds * 1000), v })
      const parallel = {
        'spark.master': 'local[2]',
        'rivulet.parallel.minBatchRows': '0',
        'rivulet.parallel.shipSourceRows': 'true',
      }
      const counts = input.toDF().groupBy(col('key')).agg(count('*').alias('n'), sum('v').alias('total'))
      await testStream(counts, 'update', { timeoutMs: 60_000 })(
        StartStream({
          checkpointLocation: dir,
          additionalConfs: { ...parallel, 'rivulet.faultInjection.worker': `${fault}:1:1` },
        }),
        AddData(input, event('a', 1, 1), event('b', 2, 2), event('c', 3, 3), event('d', 4, 4)),
        CheckNewAnswer(
          { key: 'a', n: 1, total: 1 },
          { key: 'b', n: 1, total: 2 },
          { key: 'c', n: 1, total: 3 },
          { key: 'd', n: 1, total: 4 },
        ),
        AddData(input, event('a', 5, 10), event('b', 6, 20), event('c', 7, 30), event('d', 8, 40)),
        ExpectFailure(IllegalStateException, 'Worker thread 1 (partitions 1, 3) failed: '),
        StartStream({ checkpointLocation: dir, additionalConfs: { ...parallel, 'rivulet.faultInjection.worker': '' } }),
        CheckNewAnswer(
          { key: 'a', n: 2, total: 11 },
          { key: 'b', n: 2, total: 22 },
          { key: 'c', n: 2, total: 33 },
          { key: 'd', n: 2, total: 44 },
        ),
        AddData(input, event('a', 9, 100)),
        CheckNewAnswer({ key: 'a', n: 3, total: 111 }),
        StopStream,
      )
    }, 60_000)
  }
})
