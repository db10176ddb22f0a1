// Partial aggregation on worker threads (Spark's partial → Exchange → merge): explain() shows it, and aggregates whose
// buffers are numbers — batch-merged (count, sum, min/max) or merged one spare group at a time (stddev, bit_xor) —
// give the same batches at local[2] as at local[1], which has no partial step. Batches with repeating keys are
// hashed; batches whose keys hardly repeat pass rows through one buffer each. Keyed aggregations keeping strings or
// structs plan no partial step; grouped by window alone, min and max of strings or structs keep one.
import { describe, expect, it } from 'vitest'
import {
  approx_count_distinct,
  avg,
  bit_xor,
  bool_and,
  col,
  count,
  type DataFrame,
  lit,
  MemoryStream,
  max,
  median,
  min,
  type Row,
  round,
  stddev,
  struct,
  sum,
  try_sum,
  when,
  window,
} from '../../../src/index.js'
import { seededRandom } from '../../support/random.js'
import { rowText } from '../../support/row-text.js'
import { newSession } from '../../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckLastBatch,
  ProcessAllAvailable,
  StopStream,
} from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)
const PARALLEL = {
  'spark.master': 'local[2]',
  'rivulet.parallel.minBatchRows': '0',
  'rivulet.parallel.shipSourceRows': 'true',
}

const events = (input: MemoryStream) => input.toDF().withWatermark('ts', '5 seconds')

/** Calls whose buffers are numbers: merged in batches (count, sum, avg, min/max) or one spare group at a time. */
const numberBuffers = (input: MemoryStream): DataFrame =>
  events(input)
    .groupBy(window(col('ts'), '10 seconds'), col('key'))
    .agg(
      count('*').alias('n'),
      sum('v').alias('total'),
      count(when(col('v').gt(50), lit(1))).alias('big'),
      round(avg('v'), 6).alias('mean'),
      min('v').alias('least'),
      max('ts').alias('latest'),
      round(stddev('v'), 6).alias('sd'),
      bit_xor('v').alias('xor_v'),
    )
    .select(col('window.start').alias('start'), col('*'))
    .drop('window')

/** Calls whose buffers are strings, structs, sketches or lists: no partial step. */
const valueBuffers = (input: MemoryStream): DataFrame =>
  events(input)
    .groupBy(window(col('ts'), '10 seconds'), col('key'))
    .agg(
      count('*').alias('n'),
      min('name').alias('first_name'),
      max(struct(col('v'), col('name'))).alias('top'),
      approx_count_distinct('v').alias('distinct_v'),
      bool_and(col('v').lt(90)).alias('all_small'),
      median('v').alias('median_v'),
    )
    .select(col('window.start').alias('start'), col('*'))
    .drop('window')

/** Per window alone, the greatest (v, name) and the least name: few groups, each folding many rows. */
const perWindowValues = (input: MemoryStream): DataFrame =>
  events(input)
    .groupBy(window(col('ts'), '10 seconds'))
    .agg(count('*').alias('n'), max(struct(col('v'), col('name'))).alias('top'), min('name').alias('first_name'))
    .select(col('window.start').alias('start'), col('*'))
    .drop('window')

/**
 * Random events in random batches: some batches draw keys from a few (each key's rows folded into one buffer per
 * worker), others give almost every row its own key (the partial step passes rows through); the first, 34,000-row
 * batch switches mid-epoch, once each worker's first 16,384 rows showed that its keys do not repeat.
 */
function randomBatches(seed: number): Row[][] {
  const random = seededRandom(seed)
  const batches: Row[][] = []
  let clock = 0
  const shapes: [rows: number, keys: number][] = [
    [34_000, 1e9],
    [60, 5],
    [300, 1e9],
    [80, 4],
    [40, 3],
    [70, 6],
    [50, 1e9],
    [90, 5],
    [30, 2],
    [60, 4],
    [45, 1e9],
    [200, 7],
  ]
  for (const [size, keys] of shapes) {
    const rows: Row[] = []
    for (let i = 0; i < size; i++) {
      clock += random() * (size > 1000 ? 0.001 : 0.3)
      const jitter = (random() - 0.7) * 4
      rows.push({
        key: `k${Math.floor(random() * keys)}`,
        ts: new Date(T0 + (clock + jitter) * 1000),
        v: random() < 0.1 ? null : Math.floor(random() * 100),
        name: random() < 0.1 ? null : `n${Math.floor(random() * 20)}`,
      })
    }
    batches.push(rows)
  }
  return batches
}

async function run(
  query: (input: MemoryStream) => DataFrame,
  conf: Record<string, string>,
  batches: readonly Row[][],
): Promise<{ out: string[][]; plan: string }> {
  const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...conf })
  const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP, v INT, name STRING')
  let out: string[][] = []
  let plan = ''
  await testStream(query(input), 'update', { timeoutMs: 120_000 })(
    ...batches.flatMap((rows) => [AddData(input, ...rows), ProcessAllAvailable()]),
    AssertOnQuery((query, sink) => {
      out = sink.batches.map((b) => b.rows.map(rowText).sort())
      plan = query.explainString()
    }, 'the batches and the plan are captured'),
    StopStream,
  )
  return { out, plan }
}

describe('partial aggregation on worker threads', () => {
  it('gives the same batches as one thread, for hashed and passed-through epochs and every kind of buffer', async () => {
    const batches = randomBatches(7)
    const [single, parallel] = await Promise.all([
      run(numberBuffers, { 'spark.master': 'local[1]' }, batches),
      run(numberBuffers, PARALLEL, batches),
    ])
    expect(single.out.flat().length, 'the reference run emits rows').toBeGreaterThan(34_000)
    expect(parallel.out).toEqual(single.out)
    expect(single.plan).not.toContain('partial_')
    expect(parallel.plan).toContain('partial_stddev(')
  }, 180_000)

  it('shows in explain() as partial aggregates below the exchange and a merging state store above it', async () => {
    const { plan } = await run(numberBuffers, PARALLEL, [randomBatches(8)[1]!])
    const lines = plan.split('\n')
    const at = (text: string) => lines.findIndex((line) => line.includes(text))
    const save = at('StateStoreSave [window#')
    const exchange = at('Exchange hashpartitioning(window#')
    const partial = at('HashAggregate(keys=[window#')
    expect(lines[save]).toContain('[merge_count(1), merge_sum(v#')
    expect(lines[partial]).toContain('functions=[partial_count(1), partial_sum(v#')
    expect([save < exchange, exchange < partial, partial > 0]).toEqual([true, true, true])
    expect(plan).toContain('RemoteStage 0 on 2 worker threads')
  }, 60_000)

  it('plans no partial step for buffers of strings, structs, sketches or lists, with the same batches', async () => {
    const batches = randomBatches(9).slice(1)
    const [single, parallel] = await Promise.all([
      run(valueBuffers, { 'spark.master': 'local[1]' }, batches),
      run(valueBuffers, PARALLEL, batches),
    ])
    expect(single.out.flat().length, 'the reference run emits rows').toBeGreaterThan(0)
    expect(parallel.out).toEqual(single.out)
    expect(parallel.plan).toContain('RemoteStage 0 on 2 worker threads')
    expect(parallel.plan).not.toContain('partial_')
  }, 120_000)

  it('plans a partial step for struct and string buffers grouped by window alone, with the same batches', async () => {
    const batches = randomBatches(10)
    const [single, parallel] = await Promise.all([
      run(perWindowValues, { 'spark.master': 'local[1]' }, batches),
      run(perWindowValues, PARALLEL, batches),
    ])
    expect(single.out.flat().length, 'the reference run emits rows').toBeGreaterThan(0)
    expect(parallel.out).toEqual(single.out)
    expect(parallel.plan).toContain('partial_max(struct(v#')
    expect(parallel.plan).toContain('partial_min(name#')
  }, 120_000)

  it('plans no partial step for try_sum: a partial BIGINT sum past 2^63 is NULL, not wrapped into range', async () => {
    // 2^62 + 2^62 + 1 + 0 leaves BIGINT's range: try_sum is NULL (Spark: NULL once an addition overflows), sum wraps
    // as Java's long addition does, to -2^63 + 1.
    const rows = [2n ** 62n, 2n ** 62n, 1n, 0n].map((v) => ({ k: 'a', v }))
    for (const conf of [{ 'spark.master': 'local[1]' }, PARALLEL]) {
      const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...conf })
      const input = new MemoryStream(spark, 'k STRING, v BIGINT')
      const totals = input.toDF().groupBy('k').agg(try_sum('v').alias('checked'), sum('v').alias('wrapped'))
      let plan = ''
      await testStream(totals, 'update', { timeoutMs: 60_000 })(
        AddData(input, ...rows),
        CheckLastBatch({ k: 'a', checked: null, wrapped: -(2n ** 63n) + 1n }),
        AssertOnQuery((query) => {
          plan = query.explainString()
        }, 'the plan is captured'),
        StopStream,
      )
      expect(plan).not.toContain('partial_')
    }
  }, 120_000)
})
