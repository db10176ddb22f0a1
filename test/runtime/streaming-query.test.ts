// Streaming query lifecycle: batches, sinks, progress, listeners, triggers, stop and failure.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  col,
  IllegalArgumentException,
  MemoryStream,
  type QueryProgressEvent,
  type QueryStartedEvent,
  type QueryTerminatedEvent,
  StreamingQueryException,
  upper,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  CheckNewAnswer,
  StartStream,
  StopStream,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

describe('streaming queries', () => {
  it('runs stateless transformations batch by batch, with increasing batch ids', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'name STRING, n INT')
    const df = input
      .toDF()
      .filter(col('n').gt(1))
      .select(upper(col('name')).alias('name'), col('n').multiply(10).alias('n10'))
    expect(df.isStreaming).toBe(true)
    await testStream(df)(
      AddData(input, ['a', 1], ['b', 2]),
      CheckNewAnswer({ name: 'B', n10: 20 }),
      AddData(input, ['c', 3]),
      CheckNewAnswer({ name: 'C', n10: 30 }),
      AssertOnQuery((_q, sink) => sink.batches.map((b) => b.batchId).join() === '0,1', 'batch ids 0 and 1'),
      StopStream,
      AssertOnQuery((q) => {
        expect(q.isActive).toBe(false)
        expect(q.status).toEqual({ message: 'Stopped', isDataAvailable: false, isTriggerActive: false })
      }, 'stopped'),
    )
  })

  it('writes to a memory sink readable as a table by the query name', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'value STRING')
    const query = input.toDF().writeStream.format('memory').queryName('words').start()
    input.addData([['x'], ['y']])
    await query.processAllAvailable()
    input.addData([['z']])
    await query.processAllAvailable()
    expect(spark.table('words').collect()).toEqual([{ value: 'x' }, { value: 'y' }, { value: 'z' }])
    await query.stop()
  })

  it('reports progress with Spark field names and JSON layout', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'value STRING')
    const query = input.toDF().writeStream.format('noop').queryName('progress_test').start()
    input.addData([['a'], ['b']])
    await query.processAllAvailable()
    const progress = query.lastProgress!
    expect(progress.batchId).toBe(0)
    expect(progress.name).toBe('progress_test')
    expect(progress.numInputRows).toBe(2)
    expect(progress.sources[0]).toMatchObject({
      description: 'MemoryStream[value]',
      startOffset: null,
      endOffset: 0,
      numInputRows: 2,
    })
    expect(progress.sink.description).toMatch(
      /^org\.apache\.spark\.sql\.execution\.datasources\.noop\.NoopTable\$@[0-9a-f]+$/,
    )
    expect(Object.keys(progress.durationMs)).toEqual([
      'addBatch',
      'commitOffsets',
      'getBatch',
      'latestOffset',
      'triggerExecution',
      'walCommit',
    ])
    const json = JSON.parse(progress.json)
    expect(Object.keys(json)).toEqual([
      'id',
      'runId',
      'name',
      'timestamp',
      'batchId',
      'batchDuration',
      'numInputRows',
      'inputRowsPerSecond',
      'processedRowsPerSecond',
      'durationMs',
      'stateOperators',
      'sources',
      'sink',
    ])
    expect(progress.prettyJson).toContain('"stateOperators" : [ ],\n')
    expect(progress.prettyJson).toMatch(/^\{\n {2}"id" : "[0-9a-f-]{36}",\n/)
    expect(progress.prettyJson).toContain('"inputRowsPerSecond" : 0.0,')
    expect(query.recentProgress.map((p) => p.batchId)).toEqual([0])
    await query.stop()
  })

  it('delivers listener events in order, the started event before start() returns', async () => {
    const spark = newSession()
    const events: string[] = []
    spark.streams.addListener({
      onQueryStarted: (e: QueryStartedEvent) => events.push(`started ${e.name}`),
      onQueryProgress: (e: QueryProgressEvent) => events.push(`progress ${e.progress.batchId}`),
      onQueryTerminated: (e: QueryTerminatedEvent) => events.push(`terminated ${e.exception}`),
    })
    const input = new MemoryStream(spark, 'value STRING')
    const query = input.toDF().writeStream.format('noop').queryName('listened').start()
    expect(events).toEqual(['started listened'])
    input.addData([['a']])
    await query.processAllAvailable()
    await query.stop()
    await new Promise((resolve) => setImmediate(resolve))
    expect(events).toEqual(['started listened', 'progress 0', 'terminated null'])
  })

  it('terminates with a StreamingQueryException that keeps the cause when a batch fails', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'value STRING')
    const boom = new Error('boom')
    const query = input
      .toDF()
      .writeStream.foreachBatch(() => {
        throw boom
      })
      .start()
    input.addData([['a']])
    const failure = await query.awaitTermination().catch((e: unknown) => e)
    // As in Spark 4, an error of the foreachBatch function is wrapped in FOREACH_BATCH_USER_FUNCTION_ERROR.
    const userError =
      '[FOREACH_BATCH_USER_FUNCTION_ERROR] An error occurred in the user provided function in foreach batch sink. Reason: boom'
    expect(failure).toBeInstanceOf(StreamingQueryException)
    expect((failure as Error).message).toBe(
      `[STREAM_FAILED] Query [id = ${query.id}, runId = ${query.runId}] terminated with exception: ${userError}`,
    )
    expect(((failure as Error).cause as Error).cause).toBe(boom)
    expect(query.exception()).toBe(failure)
    expect(query.isActive).toBe(false)
    expect(query.status.message).toBe(`Terminated with exception: ${userError}`)
    await expect(spark.streams.awaitAnyTermination()).rejects.toBe(failure)
  })

  it('gives foreachBatch each batch with its id; its progress, like Spark V1 sinks, reports -1 output rows', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING')
    const seen: [number, unknown[]][] = []
    const query = input
      .toDF()
      .writeStream.foreachBatch((df, batchId) => {
        seen.push([batchId, df.collect().map((r) => r.word)])
      })
      .start()
    input.addData([['a'], ['b']])
    await query.processAllAvailable()
    input.addData([['c']])
    await query.processAllAvailable()
    expect(seen).toEqual([
      [0, ['a', 'b']],
      [1, ['c']],
    ])
    expect(query.lastProgress!.sink).toEqual({ description: 'ForeachBatchSink', numOutputRows: -1 })
    await query.stop()
  })

  it('runs one batch and stops with trigger once; drains and stops with availableNow', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const terminates = AssertOnQuery(async (q) => (await q.awaitTermination()) === true, 'terminates by itself')
    await testStream(input.toDF())(
      AddData(input, [1], [2]),
      StartStream({ trigger: { once: true } }),
      terminates,
      CheckAnswer.ordered({ n: 1 }, { n: 2 }),
      AssertOnQuery((_q, sink) => sink.batches.map((b) => b.batchId).join() === '0', 'one batch, id 0'),
    )
    await testStream(input.toDF())(
      StartStream({ trigger: { availableNow: true } }),
      terminates,
      CheckAnswer.ordered({ n: 1 }, { n: 2 }),
    )
  })

  it('runs batches on a processing-time trigger', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    await testStream(input.toDF())(
      StartStream({ trigger: { processingTime: '20 milliseconds' } }),
      AddData(input, [1]),
      CheckAnswer({ n: 1 }),
    )
  })

  it('tracks active queries and waits with a timeout', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const query = input.toDF().writeStream.format('noop').queryName('tracked').start()
    expect(spark.streams.active).toEqual([query])
    expect(spark.streams.get(query.id)).toBe(query)
    expect(await query.awaitTermination(20)).toBe(false)
    expect(await spark.streams.awaitAnyTermination(20)).toBe(false)
    await query.stop()
    expect(spark.streams.active).toEqual([])
    expect(await spark.streams.awaitAnyTermination()).toBe(true)
    spark.streams.resetTerminated()
    expect(await spark.streams.awaitAnyTermination(10)).toBe(false)
    expect(query.toString()).toBe(
      `Streaming Query tracked [id = ${query.id}, runId = ${query.runId}] [state = TERMINATED]`,
    )
  })

  it("rejects Spark's invalid uses with Spark's messages", () => {
    const spark = newSession()
    const stream = new MemoryStream(spark, 'n INT').toDF()
    expect(() => stream.collect()).toThrow(
      /^Queries with streaming sources must be executed with writeStream\.start\(\);\n/,
    )
    expect(() => stream.show()).toThrow(AnalysisException)
    expect(() => spark.createDataFrame([[1]], 'n INT').writeStream).toThrow(
      '[WRITE_STREAM_NOT_ALLOWED] `writeStream` can be called only on streaming Dataset/DataFrame.',
    )
    expect(() => stream.writeStream.outputMode('complete').format('console').start()).toThrow(
      'Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets',
    )
    expect(() => stream.writeStream.outputMode('sideways')).toThrow(
      "Unknown output mode sideways. Accepted output modes are 'append', 'complete', 'update'",
    )
    expect(() => stream.writeStream.format('memory').start()).toThrow('queryName must be specified for memory sink')
    expect(() => stream.writeStream.format('kafka2').start()).toThrow(
      /^\[DATA_SOURCE_NOT_FOUND\] Failed to find the data source: kafka2\./,
    )
    expect(() => stream.writeStream.trigger({ once: true, availableNow: true })).toThrow(IllegalArgumentException)
    expect(() => stream.writeStream.trigger({ processingTime: 'soon' })).toThrow(
      'The provided interval (soon) did not correspond to a valid interval string.',
    )
  })

  it('refuses a second active query with the same name', async () => {
    const spark = newSession()
    const stream = new MemoryStream(spark, 'n INT').toDF()
    const first = stream.writeStream.format('noop').queryName('dup').start()
    expect(() => stream.writeStream.format('noop').queryName('dup').start()).toThrow(
      'Cannot start query with name dup as a query with that name is already active in this SparkSession',
    )
    await first.stop()
  })

  it('explains the physical plan once the query has run', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const query = input.toDF().filter(col('n').gt(0)).writeStream.format('noop').start()
    input.addData([[1]])
    await query.processAllAvailable()
    const explained = await import('../support/capture.js').then(({ captureStdout }) =>
      captureStdout(() => query.explain()),
    )
    expect(explained).toMatch(/^== Physical Plan ==\nFilter \(n#\d+ > 0\)\n\+- StreamingScan memory\n$/)
    await query.stop()
  })
})
