// The rate-micro-batch source: rowsPerBatch rows per batch whatever the trigger, Spark's timestamps, offsets,
// description and option errors.
import { describe, expect, it } from 'vitest'
import { Options } from '../../../src/connectors/options.js'
import { maxRows, readAll } from '../../../src/connectors/read-limit.js'
import { ratePerMicroBatchProvider } from '../../../src/connectors/sources/rate-micro-batch.js'
import { IllegalArgumentException, type Row } from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import { AssertOnQuery, Execute, StartStream, StopStream } from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const rateMicroBatch = (options: Record<string, string | number>) =>
  newSession().readStream.format('rate-micro-batch').options(options).load()

const iso = (row: Row) => (row.timestamp as Date).toISOString()

describe('rate-micro-batch source', () => {
  it('gives batch k the values [k * rowsPerBatch, (k + 1) * rowsPerBatch), stamped start + k * advance', async () => {
    const df = rateMicroBatch({ rowsPerBatch: 3, startTimestamp: 1_000, advanceMillisPerBatch: 500 })
    expect(df.dtypes).toEqual([
      ['timestamp', 'timestamp'],
      ['value', 'bigint'],
    ])
    await testStream(df)(
      Execute('nine rows arrive', (_query, sink) => sink.waitForRows(9)),
      StopStream,
      AssertOnQuery((query, sink) => {
        expect(sink.batches.slice(0, 3).map((b) => b.rows.map((r) => [iso(r), r.value]))).toEqual([
          [
            ['1970-01-01T00:00:01.000Z', 0],
            ['1970-01-01T00:00:01.000Z', 1],
            ['1970-01-01T00:00:01.000Z', 2],
          ],
          [
            ['1970-01-01T00:00:01.500Z', 3],
            ['1970-01-01T00:00:01.500Z', 4],
            ['1970-01-01T00:00:01.500Z', 5],
          ],
          [
            ['1970-01-01T00:00:02.000Z', 6],
            ['1970-01-01T00:00:02.000Z', 7],
            ['1970-01-01T00:00:02.000Z', 8],
          ],
        ])
        const progress = query.recentProgress[1]!.sources[0]!
        expect(progress.startOffset).toEqual({ offset: 3, timestamp: 1500 })
        expect(progress.endOffset).toEqual({ offset: 6, timestamp: 2000 })
        expect(progress.description).toBe(
          'RatePerMicroBatchStream[rowsPerBatch=3, numPartitions=1, startTimestamp=1000, advanceMsPerBatch=500]',
        )
      }, 'three batches of three rows, stamped 500 ms apart'),
    )
  })

  it('orders a batch partition by partition', async () => {
    await testStream(rateMicroBatch({ rowsPerBatch: 10, numPartitions: 4 }))(
      Execute('ten rows arrive', (_query, sink) => sink.waitForRows(10)),
      StopStream,
      AssertOnQuery((_query, sink) => {
        expect(sink.batches[0]!.rows.map((r) => r.value)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 3, 7])
      }, 'values in partition order'),
    )
  })

  it('takes rowsPerBatch rows under Trigger.Once and Trigger.AvailableNow too, in one batch', async () => {
    for (const trigger of [{ once: true }, { availableNow: true }]) {
      await testStream(rateMicroBatch({ rowsPerBatch: 4 }))(
        StartStream({ trigger }),
        AssertOnQuery(async (query, sink) => {
          expect(await query.awaitTermination()).toBe(true)
          expect(sink.batches.map((b) => b.rows.map((r) => r.value))).toEqual([[0, 1, 2, 3]])
        }, 'one batch of four rows, then the query stops by itself'),
      )
    }
  })

  it('has rowsPerBatch as its default read limit, yet takes rowsPerBatch rows whatever limit it is given', async () => {
    const described = ratePerMicroBatchProvider.describe(
      new Options([['rowsPerBatch', '7']]),
      undefined,
      undefined,
      () => undefined,
    )
    const source = ratePerMicroBatchProvider.create(described, {
      conf: () => undefined,
      metadataPath: undefined,
      now: () => 0,
    })
    expect(source.defaultReadLimit).toEqual(maxRows(7))
    expect(await source.latestOffset(null, maxRows(2))).toEqual({ offset: 7, timestamp: 1000 })
    expect(await source.latestOffset({ offset: 7, timestamp: 1000 }, readAll())).toEqual({
      offset: 14,
      timestamp: 2000,
    })
  })

  it("rejects bad options with Spark's messages", () => {
    expect(() => rateMicroBatch({})).toThrow(
      new IllegalArgumentException("Invalid value '0'. The option 'rowsPerBatch' must be positive"),
    )
    expect(() => rateMicroBatch({ rowsPerBatch: 1, numPartitions: 0 })).toThrow(
      "Invalid value '0'. The option 'numPartitions' must be positive",
    )
    expect(() => rateMicroBatch({ rowsPerBatch: 1, startTimestamp: -1 })).toThrow(
      "Invalid value '-1'. The option 'startTimestamp' must be non-negative",
    )
    expect(() => rateMicroBatch({ rowsPerBatch: 1, advanceMillisPerBatch: -1 })).toThrow(
      "Invalid value '-1'. The option 'advanceMillisPerBatch' must be non-negative",
    )
    expect(() => newSession().readStream.format('rate-micro-batch').schema('a INT').load()).toThrow(
      'RatePerMicroBatchProvider source does not support user-specified schema.',
    )
  })
})
