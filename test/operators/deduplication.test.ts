// dropDuplicates with and without an event-time key, dropDuplicatesWithinWatermark, and distinct().
import { describe, expect, it } from 'vitest'
import { AnalysisException, col, MemoryStream } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, AssertOnQuery, CheckAnswer, CheckNewAnswer, ProcessAllAvailable } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)

describe('streaming deduplication', () => {
  it('without a watermark keeps every key forever and passes only first occurrences', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, v STRING')
    await testStream(input.toDF().dropDuplicates(['id']))(
      AddData(input, [1, 'a'], [1, 'b'], [2, 'c']),
      CheckNewAnswer.ordered({ id: 1, v: 'a' }, { id: 2, v: 'c' }),
      AddData(input, [1, 'd'], [3, 'e']),
      CheckNewAnswer({ id: 3, v: 'e' }),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({
          operatorName: 'dedupe',
          numRowsTotal: 3,
          numRowsUpdated: 1,
          customMetrics: { numDroppedDuplicateRows: 1 },
        })
      }, 'keys kept, the duplicate counted'),
    )
  })

  it('with the watermarked column in the key, drops late rows and evicts keys behind the watermark', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, ts TIMESTAMP')
    await testStream(input.toDF().withWatermark('ts', '10 seconds').dropDuplicates(['id', 'ts']))(
      AddData(input, [1, at(5)], [1, at(5)], [2, at(30)]), // watermark → 20: key (1, 5 s) is evicted
      ProcessAllAvailable(),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({ numRowsTotal: 1, numRowsRemoved: 1 })
      }, 'the key behind the watermark is evicted'),
      AddData(input, [1, at(5)], [3, at(25)]), // (1, 5 s) is late now (5 ≤ 20): dropped, not re-emitted
      CheckAnswer.ordered({ id: 1, ts: at(5) }, { id: 2, ts: at(30) }, { id: 3, ts: at(25) }),
      AssertOnQuery(
        (q) => q.recentProgress.some((p) => p.stateOperators[0]!.numRowsDroppedByWatermark === 1),
        'the late row is dropped by the watermark',
      ),
    )
  })

  it('within the watermark: a key is remembered until the watermark passes its first event time + delay', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, ts TIMESTAMP')
    await testStream(input.toDF().withWatermark('ts', '10 seconds').dropDuplicatesWithinWatermark(['id']))(
      AddData(input, [1, at(0)], [1, at(8)]), // key 1 expires at 0 + 10 = 10 s
      ProcessAllAvailable(),
      AddData(input, [1, at(15)], [2, at(15)]), // watermark 5: key 1 still remembered
      ProcessAllAvailable(),
      AddData(input, [3, at(40)]), // watermark 30 (after this batch): key 1 expires
      ProcessAllAvailable(),
      AddData(input, [1, at(41)]), // a new first occurrence
      CheckAnswer.by((rows) => expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 1])),
      AssertOnQuery((q) => q.lastProgress!.stateOperators[0]!.operatorName === 'dedupeWithinWatermark'),
    )
  })

  it('distinct() deduplicates whole rows; within-watermark needs a watermark', () => {
    const spark = newSession()
    const df = spark.createDataFrame(
      [
        [1, 'a'],
        [1, 'a'],
        [2, 'a'],
      ],
      'n INT, s STRING',
    )
    expect(df.distinct().collect()).toEqual([
      { n: 1, s: 'a' },
      { n: 2, s: 'a' },
    ])
    expect(() => df.dropDuplicatesWithinWatermark()).toThrow(
      'dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets',
    )
    const stream = new MemoryStream(spark, 'n INT').toDF()
    expect(() => stream.dropDuplicatesWithinWatermark().writeStream.format('noop').start()).toThrow(AnalysisException)
    expect(() => stream.dropDuplicatesWithinWatermark().writeStream.format('noop').start()).toThrow(
      'dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark',
    )
    expect(() => stream.dropDuplicates(['m'])).toThrow('Cannot resolve column name "m" among (n)')
    expect(stream.select(col('n')).isStreaming).toBe(true)
  })
})
