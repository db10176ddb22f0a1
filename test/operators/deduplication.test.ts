// dropDuplicates with and without an event-time key, dropDuplicatesWithinWatermark, and distinct().
import { describe, expect, it } from 'vitest'
import { AnalysisException, col, MemoryStream } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { startHarness } from '../support/stream-harness.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)

describe('streaming deduplication', () => {
  it('without a watermark keeps every key forever and passes only first occurrences', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, v STRING')
    const h = startHarness(input.toDF().dropDuplicates(['id']))
    input.addData([
      [1, 'a'],
      [1, 'b'],
      [2, 'c'],
    ])
    await h.processAll()
    input.addData([
      [1, 'd'],
      [3, 'e'],
    ])
    await h.processAll()
    expect(h.batches.map((b) => b.rows)).toEqual([
      [
        { id: 1, v: 'a' },
        { id: 2, v: 'c' },
      ],
      [{ id: 3, v: 'e' }],
    ])
    expect(h.query.lastProgress!.stateOperators[0]).toMatchObject({
      operatorName: 'dedupe',
      numRowsTotal: 3,
      numRowsUpdated: 1,
      customMetrics: { numDroppedDuplicateRows: 1 },
    })
    await h.stop()
  })

  it('with the watermarked column in the key, drops late rows and evicts keys behind the watermark', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, ts TIMESTAMP')
    const h = startHarness(input.toDF().withWatermark('ts', '10 seconds').dropDuplicates(['id', 'ts']))
    input.addData([
      [1, at(5)],
      [1, at(5)],
      [2, at(30)],
    ]) // watermark → 20: key (1, 5 s) is evicted
    await h.processAll()
    expect(h.query.lastProgress!.stateOperators[0]).toMatchObject({ numRowsTotal: 1, numRowsRemoved: 1 })
    input.addData([
      [1, at(5)],
      [3, at(25)],
    ]) // (1, 5 s) is late now (5 ≤ 20): dropped, not re-emitted
    await h.processAll()
    expect(h.allRows()).toEqual([
      { id: 1, ts: at(5) },
      { id: 2, ts: at(30) },
      { id: 3, ts: at(25) },
    ])
    expect(h.query.recentProgress.some((p) => p.stateOperators[0]!.numRowsDroppedByWatermark === 1)).toBe(true)
    await h.stop()
  })

  it('within the watermark: a key is remembered until the watermark passes its first event time + delay', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, ts TIMESTAMP')
    const h = startHarness(input.toDF().withWatermark('ts', '10 seconds').dropDuplicatesWithinWatermark(['id']))
    input.addData([
      [1, at(0)],
      [1, at(8)],
    ]) // key 1 expires at 0 + 10 = 10 s
    await h.processAll()
    input.addData([
      [1, at(15)],
      [2, at(15)],
    ]) // watermark 5: key 1 still remembered
    await h.processAll()
    input.addData([[3, at(40)]]) // watermark 30 (after this batch): key 1 expires
    await h.processAll()
    input.addData([[1, at(41)]]) // a new first occurrence
    await h.processAll()
    expect(h.allRows().map((r) => r.id)).toEqual([1, 2, 3, 1])
    expect(h.query.lastProgress!.stateOperators[0]!.operatorName).toBe('dedupeWithinWatermark')
    await h.stop()
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
