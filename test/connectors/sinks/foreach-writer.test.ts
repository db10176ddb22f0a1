// writeStream.foreach with Spark's ForeachWriter contract, and foreachBatch's async form: awaited, and its failures
// surface as Spark 4's user-function errors with the user's error as cause.
import { describe, expect, it } from 'vitest'
import {
  MemoryStream,
  type QueryTerminatedEvent,
  type Row,
  SparkException,
  StreamingQueryException,
} from '../../../src/index.js'
import { newSession } from '../../support/session.js'

const tick = () => new Promise((resolve) => setTimeout(resolve, 1))

describe('foreach', () => {
  it('opens each epoch, processes its rows in order when open returns true, and always closes', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING')
    const calls: string[] = []
    const query = input
      .toDF()
      .writeStream.foreach({
        async open(partitionId: number, epochId: number) {
          await tick()
          calls.push(`open ${partitionId} ${epochId}`)
          return epochId !== 1 // epoch 1 was "already written": skipped
        },
        async process(row: Row) {
          await tick()
          calls.push(`process ${row.word}`)
        },
        close(error: Error | null) {
          calls.push(`close ${error}`)
        },
      })
      .start()
    input.addData([['a'], ['b']])
    await query.processAllAvailable()
    input.addData([['c']])
    await query.processAllAvailable()
    input.addData([['d']])
    await query.processAllAvailable()
    await query.stop()
    expect(calls).toEqual([
      'open 0 0',
      'process a',
      'process b',
      'close null',
      'open 0 1',
      'close null',
      'open 0 2',
      'process d',
      'close null',
    ])
    expect(query.lastProgress!.sink.description).toBe('ForeachWriterTable')
  })

  it('takes a function of the row', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const seen: unknown[] = []
    const query = input
      .toDF()
      .writeStream.foreach((row) => {
        seen.push(row.n)
      })
      .start()
    input.addData([[1], [2]])
    await query.processAllAvailable()
    await query.stop()
    expect(seen).toEqual([1, 2])
  })

  it('closes with the error process threw, then fails the query with FOREACH_USER_FUNCTION_ERROR', async () => {
    const spark = newSession()
    const terminated: QueryTerminatedEvent[] = []
    spark.streams.addListener({ onQueryTerminated: (e) => terminated.push(e) })
    const input = new MemoryStream(spark, 'n INT')
    const bad = new Error('bad row 2')
    let closedWith: Error | null | undefined
    const query = input
      .toDF()
      .writeStream.foreach({
        process(row: Row) {
          if (row.n === 2) throw bad
        },
        close(error: Error | null) {
          closedWith = error
        },
      })
      .start()
    input.addData([[1], [2], [3]])
    const failure = (await query.awaitTermination().catch((e: unknown) => e)) as StreamingQueryException
    expect(failure).toBeInstanceOf(StreamingQueryException)
    expect(closedWith).toBe(bad)
    const cause = failure.cause as SparkException
    expect(cause).toBeInstanceOf(SparkException)
    expect(cause.message).toBe(
      '[FOREACH_USER_FUNCTION_ERROR] An error occurred in the user provided function in foreach sink. Reason: bad row 2',
    )
    expect(cause.cause).toBe(bad)
    await tick()
    // The listener saw the failure, and the program is still up to run another query.
    expect(terminated.map((e) => e.errorClassOnException)).toEqual(['FOREACH_USER_FUNCTION_ERROR'])
    expect(terminated[0]!.exception).toContain('Reason: bad row 2')
  })

  it('refuses an object without a process method', () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    expect(() => input.toDF().writeStream.foreach({} as never)).toThrow(
      "[ATTRIBUTE_NOT_CALLABLE] Provided object does not have a 'process' method",
    )
  })
})

describe('foreachBatch', () => {
  it('awaits an async function before the batch commits and the next batch starts', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const log: string[] = []
    const query = input
      .toDF()
      .writeStream.foreachBatch(async (df, batchId) => {
        log.push(`start ${batchId}`)
        await new Promise((resolve) => setTimeout(resolve, 20))
        log.push(`end ${batchId} ${df.count()}`)
      })
      .start()
    input.addData([[1]])
    input.addData([[2], [3]])
    await query.processAllAvailable()
    input.addData([[4]])
    await query.processAllAvailable()
    expect(query.lastProgress!.batchId).toBe(log.filter((l) => l.startsWith('end')).length - 1)
    await query.stop()
    // Each batch ran to its end before the next began.
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]!.startsWith(`end ${log[i]!.slice(6)}`)).toBe(true)
  })

  it('fails the query with FOREACH_BATCH_USER_FUNCTION_ERROR when the promise rejects', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const rejected = new Error('sink down')
    const query = input
      .toDF()
      .writeStream.foreachBatch(async () => {
        await tick()
        throw rejected
      })
      .start()
    input.addData([[1]])
    const failure = (await query.awaitTermination().catch((e: unknown) => e)) as StreamingQueryException
    const cause = failure.cause as SparkException
    expect(cause.errorClass).toBe('FOREACH_BATCH_USER_FUNCTION_ERROR')
    expect(cause.message).toContain('Reason: sink down')
    expect(cause.cause).toBe(rejected)
  })
})
