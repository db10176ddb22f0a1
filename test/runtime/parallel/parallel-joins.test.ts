// Stream-stream joins on worker threads: each join type, with watermarks and a time range (so state is evicted and
// outer rows are emitted as the watermark passes), gives the same batches at local[2] — from the first batch, or
// moved there mid-stream with its buffered rows — as at local[1], over random inputs split into random batches; so does
// a window count after the join in the same worker stage (its own watermark: multiple-stateful-operators.test.ts).
import { describe, expect, it } from 'vitest'
import { col, count, type DataFrame, expr, MemoryStream, type Row, window } from '../../../src/index.js'
import { seededRandom } from '../../support/random.js'
import { rowText } from '../../support/row-text.js'
import { newSession } from '../../support/session.js'
import { AssertOnQuery, MultiAddData, ProcessAllAvailable, StopStream } from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)

interface Mode {
  readonly name: string
  readonly conf: Record<string, string>
  readonly onWorkers: boolean
}

const MODES: readonly Mode[] = [
  { name: 'local[1]', conf: { 'spark.master': 'local[1]' }, onWorkers: false },
  {
    name: 'local[2] from the start',
    conf: {
      'spark.master': 'local[2]',
      'rivulet.parallel.minBatchRows': '0',
      'rivulet.parallel.shipSourceRows': 'true',
    },
    onWorkers: true,
  },
  {
    name: 'local[2] from the fourth batch',
    conf: {
      'spark.master': 'local[2]',
      'rivulet.parallel.minBatchRows': '50',
      'rivulet.parallel.minRowCostMicros': '0',
      'rivulet.parallel.shipSourceRows': 'true',
    },
    onWorkers: true,
  },
]

/** One side's random rows per batch: keys from a small domain, times wandering forward with some disorder. */
function randomSide(random: () => number, sizes: readonly number[]): Row[][] {
  let clock = 0
  return sizes.map((size) =>
    Array.from({ length: size }, () => {
      clock += random() * 0.6
      return {
        k: Math.floor(random() * 6),
        ts: new Date(T0 + (clock + (random() - 0.7) * 5) * 1000),
        v: Math.floor(random() * 100),
      }
    }),
  )
}

/** Both sides' batches; batch sizes pass the mid-stream mode's threshold (50 rows on both sides) at the fourth. */
function randomInput(seed: number): { left: Row[][]; right: Row[][] } {
  const random = seededRandom(seed)
  const sizes = [4, 9, 20, 30, 6, 25, 40, 2, 18]
  return {
    left: randomSide(random, sizes),
    right: randomSide(
      random,
      sizes.map((n) => n + 3),
    ),
  }
}

type JoinType = 'inner' | 'left_outer' | 'right_outer' | 'full_outer' | 'left_semi'

/** Left ⋈ right on the key, within 2 s of each other; both sides watermarked 3 s behind. */
function joined(spark: ReturnType<typeof newSession>, how: JoinType): [MemoryStream, MemoryStream, DataFrame] {
  const left = new MemoryStream(spark, 'k INT, ts TIMESTAMP, v INT')
  const right = new MemoryStream(spark, 'k INT, ts TIMESTAMP, v INT')
  const l = left
    .toDF()
    .select(col('k').alias('lk'), col('ts').alias('lts'), col('v').alias('lv'))
    .withWatermark('lts', '3 seconds')
  const r = right
    .toDF()
    .select(col('k').alias('rk'), col('ts').alias('rts'), col('v').alias('rv'))
    .withWatermark('rts', '3 seconds')
  const condition = expr(
    'lk = rk AND lts BETWEEN rts - interval 2 seconds AND rts + interval 2 seconds AND lv + rv > 30',
  )
  return [left, right, l.join(r, condition, how)]
}

/** Each batch's rows as sorted text, and whether explain() says the stages ran on workers. */
async function run(
  mode: Mode,
  input: { left: Row[][]; right: Row[][] },
  query: (spark: ReturnType<typeof newSession>) => [MemoryStream, MemoryStream, DataFrame],
): Promise<{ batches: string[][]; onWorkers: boolean }> {
  const spark = newSession({ 'spark.sql.shuffle.partitions': '4', ...mode.conf })
  const [left, right, df] = query(spark)
  let batches: string[][] = []
  let onWorkers = false
  await testStream(df, 'append', { timeoutMs: 60_000 })(
    ...input.left.flatMap((rows, i) => [MultiAddData([left, rows], [right, input.right[i]!]), ProcessAllAvailable()]),
    AssertOnQuery((q, sink) => {
      batches = sink.batches.map((b) => b.rows.map(rowText).sort())
      onWorkers = q.explainString().includes('worker threads')
    }, 'the batches are captured, and where the join ran'),
    StopStream,
  )
  return { batches, onWorkers }
}

describe('stream-stream joins on worker threads', () => {
  for (const how of ['inner', 'left_outer', 'right_outer', 'full_outer', 'left_semi'] as const) {
    it(`${how === 'inner' ? 'an' : 'a'} ${how} join gives the same batches on two workers as on one thread`, async () => {
      for (const seed of [1, 2]) {
        const input = randomInput(seed)
        const [single, ...parallel] = await Promise.all(MODES.map((mode) => run(mode, input, (s) => joined(s, how))))
        const rows = single!.batches.flat()
        expect(rows.length, 'the reference run joins some rows').toBeGreaterThan(10)
        if (how !== 'inner' && how !== 'left_semi')
          expect(
            rows.some((r) => r.includes('null')),
            'and emits outer rows',
          ).toBe(true)
        for (const [i, result] of parallel.entries()) {
          expect(result, `${MODES[i + 1]!.name}, seed ${seed}`).toEqual({
            batches: single!.batches,
            onWorkers: MODES[i + 1]!.onWorkers,
          })
        }
      }
    }, 120_000)
  }

  it('a window count after a left outer join, in the same worker stage, gives the same batches', async () => {
    const counted = (spark: ReturnType<typeof newSession>): [MemoryStream, MemoryStream, DataFrame] => {
      const [left, right, df] = joined(spark, 'left_outer')
      const counts = df
        .groupBy(window(col('lts'), '5 seconds'))
        .agg(count('*').alias('n'), count('rk').alias('matched'))
        .select(col('window.start').alias('start'), col('n'), col('matched'))
      return [left, right, counts]
    }
    for (const seed of [3, 4]) {
      const input = randomInput(seed)
      const [single, ...parallel] = await Promise.all(MODES.map((mode) => run(mode, input, counted)))
      expect(single!.batches.flat().length, 'the reference run closes some windows').toBeGreaterThan(3)
      for (const [i, result] of parallel.entries()) {
        expect(result, `${MODES[i + 1]!.name}, seed ${seed}`).toEqual({
          batches: single!.batches,
          onWorkers: MODES[i + 1]!.onWorkers,
        })
      }
    }
  }, 120_000)
})
