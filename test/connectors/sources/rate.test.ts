// The rate source: Spark's value and timestamp formulas, ramp-up, partition order, option errors, description.
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../../src/arrow/index.js'
import { rateBatch, valueAtSecond } from '../../../src/connectors/sources/rate.js'
import { IllegalArgumentException } from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import { AssertOnQuery, CheckNewAnswer, CheckNewBatches, Execute } from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

describe('rate source', () => {
  it("follows Spark's valueAtSecond, including the linear ramp-up", () => {
    // rowsPerSecond = 10, rampUpTime = 4 s: speed grows 2 rows/s each second (Spark's own worked example).
    expect([0, 1, 2, 3, 4, 5, 6].map((s) => valueAtSecond(s, 10, 4))).toEqual([0, 2, 6, 12, 20, 30, 40])
    expect([0, 1, 2, 3].map((s) => valueAtSecond(s, 5, 0))).toEqual([0, 5, 10, 15])
  })

  it('spreads the rows of a second evenly over it, partition by partition', () => {
    const schema = newSession().readStream.format('rate').load().schema
    const batch = rateBatch({ rowsPerSecond: 4, rampUpTimeSeconds: 0, numPartitions: 2 }, 1_000_000, 0, 1)
    expect(rowsOf(batch, schema)).toEqual([
      { timestamp: new Date(1_000_000), value: 0 },
      { timestamp: new Date(1_000_500), value: 2 },
      { timestamp: new Date(1_000_250), value: 1 },
      { timestamp: new Date(1_000_750), value: 3 },
    ])
  })

  it('produces rowsPerSecond rows per elapsed second of the session clock', async () => {
    const spark = newSession()
    let now = 1_700_000_000_000
    spark.clock = () => now
    const df = spark.readStream.format('rate').option('rowsPerSecond', 3).load()
    expect(df.dtypes).toEqual([
      ['timestamp', 'timestamp'],
      ['value', 'bigint'],
    ])
    await testStream(df)(
      CheckNewBatches([]),
      Execute('two seconds pass', () => {
        now += 2000
      }),
      CheckNewAnswer.by((rows) => expect(rows.map((r) => r.value)).toEqual([0, 1, 2, 3, 4, 5])),
      AssertOnQuery((_q, sink) => sink.batches.length === 2, 'one batch for the two seconds'),
      AssertOnQuery(
        (q) =>
          q.lastProgress!.sources[0]!.description ===
          'RateStreamV2[rowsPerSecond=3, rampUpTimeSeconds=0, numPartitions=default',
        'the description is Spark’s',
      ),
    )
  })

  it("rejects bad options with Spark's messages", () => {
    const rate = () => newSession().readStream.format('rate')
    expect(() => rate().option('rowsPerSecond', 0).load()).toThrow(
      new IllegalArgumentException("Invalid value '0'. The option 'rowsPerSecond' must be positive"),
    )
    expect(() => rate().option('rampUpTime', '-1s').load()).toThrow(
      "Invalid value '-1s'. The option 'rampUpTime' must not be negative",
    )
    expect(() => rate().option('numPartitions', 0).load()).toThrow(
      "Invalid value '0'. The option 'numPartitions' must be positive",
    )
  })
})
