// Chained stateful operators in append mode with Spark's per-operator watermarks: an operator after a stream-stream
// join gets the join's output watermark (the least of its state watermarks and its input), not the global one, so
// outer rows the join emits late in event time are not dropped downstream; aggregations feeding a join emit their
// windows as the watermark passes and the join matches them. Expected rows worked out from Spark's rules (comments).
// Each runs on one thread and with its stateful operators on two worker threads (which get the same watermarks).
import { describe, it } from 'vitest'
import { col, expr, MemoryStream, window } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, CheckNewAnswer, MultiAddData } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const at = (seconds: number) => new Date(seconds * 1000)

const THREADS: readonly { name: string; conf: Record<string, string> }[] = [
  { name: 'one thread', conf: {} },
  {
    name: 'two worker threads',
    conf: {
      'spark.master': 'local[2]',
      'spark.sql.shuffle.partitions': '4',
      'rivulet.parallel.minBatchRows': '0',
      'rivulet.parallel.shipSourceRows': 'true',
    },
  },
]

describe.each(THREADS)('multiple stateful operators ($name)', ({ conf }) => {
  it('left outer join → window count: a null row older than the global watermark still counts', async () => {
    const spark = newSession(conf)
    const left = new MemoryStream(spark, 'lk INT, lts TIMESTAMP')
    const right = new MemoryStream(spark, 'rk INT, rts TIMESTAMP')
    const joined = left
      .toDF()
      .withWatermark('lts', '0 seconds')
      .join(
        right.toDF().withWatermark('rts', '0 seconds'),
        expr('lk = rk AND lts BETWEEN rts - interval 40 seconds AND rts + interval 30 seconds'),
        'left_outer',
      )
    // The left state keeps lts ≥ W - 40 s, the right state rts ≥ W - 30 s (each bound 1 ms lower: inclusive), so the
    // join's output watermark — the count's input watermark — is W - 40 s - 1 ms for global watermark W.
    const counts = joined
      .groupBy(window(col('lts'), '10 seconds'))
      .count()
      .select(col('window.start').cast('long').alias('start'), col('count'))
    await testStream(counts)(
      // Batch 0 (watermark 0): all three rows buffered. Then left 300 s, right 100 s: global watermark 100 s; a
      // no-data batch: left state watermark 59.999 s keeps (1, 100 s).
      MultiAddData(
        [
          left,
          [
            [1, at(100)],
            [3, at(300)],
          ],
        ],
        [right, [[2, at(100)]]],
      ),
      CheckNewAnswer(),
      // Global watermark 150 s: the left state watermark 109.999 s evicts (1, 100 s) unmatched — its null row,
      // event time 100 s, is older than the previous global watermark (100 s), but the count judges lateness by its
      // own previous input watermark, 59.999 s, and counts it. The count's watermark, 109.999 s, keeps the window
      // [100 s, 110 s) open.
      AddData(right, [2, at(150)]),
      CheckNewAnswer(),
      // Global watermark 200 s: the count's watermark 159.999 s closes [100 s, 110 s).
      AddData(right, [2, at(200)]),
      CheckNewAnswer({ start: 100, count: 1 }),
    )
  })

  it('window counts on both sides → join on the window: each window joined once both sides closed it', async () => {
    const spark = newSession(conf)
    const left = new MemoryStream(spark, 'k INT, ts TIMESTAMP')
    const right = new MemoryStream(spark, 'k INT, ts TIMESTAMP')
    const windowCounts = (input: MemoryStream, name: string) =>
      input
        .toDF()
        .withWatermark('ts', '0 seconds')
        .groupBy(col('k'), window(col('ts'), '10 seconds'))
        .agg(expr('count(*)').alias(name))
    const joined = windowCounts(left, 'leftCount')
      .join(windowCounts(right, 'rightCount'), ['k', 'window'])
      .select(col('k'), col('window.start').cast('long').alias('start'), col('leftCount'), col('rightCount'))
    await testStream(joined)(
      MultiAddData(
        [
          left,
          [
            [1, at(1)],
            [1, at(2)],
          ],
        ],
        [
          right,
          [
            [1, at(5)],
            [2, at(6)],
          ],
        ],
      ),
      CheckNewAnswer(), // watermark min(2, 6) = 2 s: no window closed
      // Watermark min(20, 25) = 20 s: both counts close [0 s, 10 s) in the no-data batch; the join matches k = 1
      // (k = 2 has no left window).
      MultiAddData([left, [[1, at(20)]]], [right, [[1, at(25)]]]),
      CheckNewAnswer({ k: 1, start: 0, leftCount: 2, rightCount: 1 }),
    )
  })
})
