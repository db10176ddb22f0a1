// The testStream DSL itself: passing scenarios pass, and every kind of wrong expectation fails with Spark-like context.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { col, count, MemoryStream, SparkRuntimeException, window } from '../../src/index.js'
import { ManualClock } from './manual-clock.js'
import { newSession } from './session.js'
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  CheckNewAnswer,
  CheckNewBatches,
  Execute,
  ExpectFailure,
  StartStream,
  StopStream,
} from './stream-actions.js'
import { tempDir, writeFile } from './temp-files.js'
import { StreamTestFailure, testStream } from './test-stream.js'

const words = () => new MemoryStream(newSession(), 'word STRING')
const counts = (input: MemoryStream) => input.toDF().groupBy('word').count()

/** The message testStream fails with; the test fails if it passes. */
async function failureOf(run: Promise<void>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error, 'testStream should have failed').toBeInstanceOf(StreamTestFailure)
  return (error as Error).message
}

describe('testStream checks', () => {
  it('passes when the answers match: all rows, new rows, the last batch, as multisets', async () => {
    const input = words()
    await testStream(input.toDF())(
      AddData(input, ['a'], ['b']),
      CheckAnswer({ word: 'b' }, { word: 'a' }),
      AddData(input, ['c']),
      CheckNewAnswer({ word: 'c' }),
      CheckAnswer({ word: 'a' }, { word: 'b' }, { word: 'c' }),
      CheckNewAnswer(),
      AddData(input, ['d'], ['d']),
      CheckLastBatch({ word: 'd' }, { word: 'd' }),
      CheckLastBatch.ordered({ word: 'd' }, { word: 'd' }),
    )
  })

  it('fails a wrong answer with both answers side by side, the failing step marked, the sink and the progress', async () => {
    const input = words()
    const message = await failureOf(
      testStream(input.toDF())(AddData(input, ['a'], ['b']), CheckAnswer({ word: 'a' }, { word: 'c' }), StopStream),
    )
    expect(message).toContain(
      [
        '== Results ==',
        ' == Correct Answer - 2 ==   == Rivulet Answer - 2 ==',
        ' {word: "a"}                {word: "a"}',
        '!{word: "c"}                {word: "b"}',
      ].join('\n'),
    )
    expect(message).toContain(
      [
        '== Progress ==',
        '   StartStream() [implicit]',
        '   AddData to MemoryStream[word]: ["a"], ["b"]',
        '=> CheckAnswer: {word: "a"}, {word: "c"}',
        '   StopStream',
      ].join('\n'),
    )
    expect(message).toContain('== Stream ==\nOutput Mode: append\nStream state: active')
    expect(message).toContain('== Sink ==\n0: {word: "a"} {word: "b"}')
    expect(message).toMatch(/== Last Progress ==\n\{\n {2}"id" : "[0-9a-f-]{36}",[\s\S]*"batchId" : 0,/)
  })

  it('counts duplicates, and compares in order only when told to', async () => {
    const input = words()
    const twice = failureOf(testStream(input.toDF())(AddData(input, ['a']), CheckAnswer({ word: 'a' }, { word: 'a' })))
    expect(await twice).toContain('!== Correct Answer - 2 ==   == Rivulet Answer - 1 ==')
    const input2 = words()
    const ordered = await failureOf(
      testStream(input2.toDF())(AddData(input2, ['b'], ['a']), CheckLastBatch.ordered({ word: 'a' }, { word: 'b' })),
    )
    expect(ordered).toContain('Compared in order.\n')
    expect(ordered).toContain('!{word: "a"}                {word: "b"}')
  })

  it('tells values toEqual would tell apart: "null" from null, -0 from 0, types of numbers and strings', async () => {
    // A fresh stream per run: a new query reads a MemoryStream from its first addition, as Spark's does.
    const run = (expected: Record<string, unknown>) => {
      const input = new MemoryStream(newSession(), 's STRING, d DOUBLE')
      return testStream(input.toDF())(AddData(input, ['null', -0]), CheckLastBatch(expected as never), StopStream)
    }
    expect(await failureOf(run({ s: null, d: -0 }))).toContain('!{s: null, d: -0}')
    expect(await failureOf(run({ s: 'null', d: 0 }))).toContain('!{s: "null", d: 0}')
    await run({ d: -0, s: 'null' })
  })

  it('reads only the batches since the last check with CheckNewAnswer, and fails on rows it did not expect', async () => {
    const input = words()
    const message = await failureOf(
      testStream(input.toDF())(
        AddData(input, ['a']),
        CheckNewAnswer({ word: 'a' }),
        AddData(input, ['b']),
        CheckNewAnswer(),
      ),
    )
    expect(message).toContain(
      '!== Correct Answer - 0 ==   == Rivulet Answer - 1 ==\n!                           {word: "b"}',
    )
    expect(message).toContain('=> CheckNewAnswer: \n')
  })

  it('checks each new batch with CheckNewBatches, naming missing and unexpected batches', async () => {
    const input = words()
    await testStream(input.toDF())(
      AddData(input, ['a']),
      AddData(input, ['b']),
      StartStream(),
      CheckNewBatches([{ word: 'a' }, { word: 'b' }]),
    )
    const input2 = words()
    const message = await failureOf(
      testStream(input2.toDF())(
        AddData(input2, ['a']),
        CheckNewBatches([{ word: 'a' }]),
        AddData(input2, ['b']),
        CheckNewBatches([{ word: 'b' }], [{ word: 'c' }]),
      ),
    )
    expect(message).toContain('Expected 2 new batch(es), 1 written')
    expect(message).toContain('-- New batch 2 (not written) --')
  })

  it('holds every batch in update mode and only the last in complete mode, as Spark’s memory sink does', async () => {
    const input = words()
    await testStream(counts(input), 'update')(
      AddData(input, ['a'], ['b']),
      CheckNewAnswer({ word: 'a', count: 1 }, { word: 'b', count: 1 }),
      AddData(input, ['a']),
      CheckNewAnswer({ word: 'a', count: 2 }),
      CheckAnswer({ word: 'a', count: 1 }, { word: 'b', count: 1 }, { word: 'a', count: 2 }),
    )
    const input2 = words()
    await testStream(counts(input2), 'complete')(
      AddData(input2, ['a'], ['b']),
      CheckAnswer({ word: 'a', count: 1 }, { word: 'b', count: 1 }),
      AddData(input2, ['a']),
      CheckAnswer({ word: 'a', count: 2 }, { word: 'b', count: 1 }),
      CheckNewAnswer(),
    )
  })

  it('hands the rows to a function with CheckAnswer.by, reporting what it throws', async () => {
    const input = words()
    const message = await failureOf(
      testStream(input.toDF())(
        AddData(input, ['a']),
        CheckAnswer.by((rows) => expect(rows).toHaveLength(2)),
      ),
    )
    expect(message).toMatch(
      /^Check on the answer failed: AssertionError: expected \[ { word: 'a' } \] to have a length of 2/,
    )
    expect(message).toContain('=> CheckAnswerByFunc')
  })
})

describe('testStream lifecycle', () => {
  it('restarts from the checkpoint: state, batch ids and query id carry over, the sink keeps every batch', async () => {
    const input = words()
    let id = ''
    await testStream(counts(input), 'update')(
      AddData(input, ['a']),
      CheckNewAnswer({ word: 'a', count: 1 }),
      Execute((q) => {
        id = q.id
      }),
      StopStream,
      AddData(input, ['a'], ['b']),
      StartStream(),
      CheckNewAnswer({ word: 'a', count: 2 }, { word: 'b', count: 1 }),
      AssertOnQuery((q) => q.id === id, 'the restarted query keeps its id'),
      AssertOnQuery((_q, sink) => sink.batches.map((b) => b.batchId).join() === '0,1', 'batch ids continue'),
    )
  })

  it('fails a restart while running, a stop when stopped, and a false or throwing assertion', async () => {
    const input = words()
    expect(await failureOf(testStream(input.toDF())(StartStream(), StartStream()))).toMatch(
      /^stream already running\n[\s\S]*\n {3}StartStream\(\)\n=> StartStream\(\)/,
    )
    expect(await failureOf(testStream(input.toDF())(StopStream, StopStream))).toMatch(
      /^can not stop a stream that is not running\n/,
    )
    expect(await failureOf(testStream(input.toDF())(AssertOnQuery(() => false, 'never')))).toMatch(
      /^Assert on query failed: never\n[\s\S]*=> AssertOnQuery\(<condition>, never\)/,
    )
    const thrown = await failureOf(
      testStream(input.toDF())(AssertOnQuery((q) => expect(q.isActive).toBe(false), 'inactive')),
    )
    expect(thrown).toMatch(/^Assert on query failed: inactive: AssertionError: expected true to be false/)
  })

  it('runs a processing-time trigger only when the manual clock reaches it', async () => {
    const input = words()
    const clock = new ManualClock(1_000_000)
    await testStream(input.toDF())(
      StartStream({ trigger: { processingTime: '10 seconds' }, triggerClock: clock }),
      AddData(input, ['a']),
      CheckAnswer(),
      AdvanceManualClock(5_000),
      CheckAnswer(),
      AdvanceManualClock(5_000),
      CheckNewAnswer({ word: 'a' }),
      AssertOnQuery((q) => q.lastProgress!.timestamp === new Date(1_010_000).toISOString(), 'batch at the clock time'),
      AddData(input, ['b']),
      AdvanceManualClock(10_000),
      CheckNewAnswer({ word: 'b' }),
      StopStream,
      AddData(input, ['c']),
      StartStream({ trigger: { processingTime: '10 seconds' }, triggerClock: clock }),
      CheckNewAnswer({ word: 'c' }),
    )
    expect(clock.time).toBe(1_020_000)
  })

  it('fails to advance a clock the query does not run on', async () => {
    const input = words()
    expect(await failureOf(testStream(input.toDF())(AdvanceManualClock(10)))).toMatch(
      /^can not advance the clock of a stream not started on a ManualClock\n/,
    )
  })
})

describe('testStream failures', () => {
  const failFast = () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'good.json'), '{"a":1}\n')
    const df = newSession().readStream.option('mode', 'FAILFAST').json(dir, 'a INT')
    const breakIt = Execute('write a malformed file', () => writeFile(join(dir, 'bad.json'), '{"a":"x"}\n'))
    return { df, breakIt }
  }

  it('expects a failure by the type and message of its cause', async () => {
    const { df, breakIt } = failFast()
    await testStream(df)(
      CheckAnswer({ a: 1 }),
      breakIt,
      ExpectFailure(SparkRuntimeException, 'Malformed records are detected in record parsing'),
      CheckAnswer({ a: 1 }),
      AssertOnQuery((q) => !q.isActive),
    )
  })

  it('fails when the failure has another type or message, or does not come', async () => {
    const { df, breakIt } = failFast()
    expect(await failureOf(testStream(df)(breakIt, ExpectFailure(RangeError)))).toMatch(
      /^incorrect cause in exception returned by query\.exception\(\)\n\tExpected: RangeError\n\tReturned: SparkRuntimeException: /,
    )
    const other = failFast()
    expect(await failureOf(testStream(other.df)(other.breakIt, ExpectFailure(SparkRuntimeException, 'nope')))).toMatch(
      /^the failure's message does not contain "nope"/,
    )
    const input = words()
    const never = testStream(input.toDF(), 'append', { timeoutMs: 200 })(ExpectFailure())
    expect(await failureOf(never)).toMatch(/^Timed out waiting for the query to fail\n[\s\S]*=> ExpectFailure\[Error\]/)
  })

  it('fails a check, and the end of the scenario, when the query died unexpectedly', async () => {
    const { df, breakIt } = failFast()
    expect(await failureOf(testStream(df)(breakIt, CheckAnswer({ a: 1 })))).toMatch(
      /^Query terminated with exception: StreamingQueryException: \[STREAM_FAILED\][\s\S]*Caused by: SparkRuntimeException: \[FAILED_READ_FILE.NO_HINT\] Encountered error while reading file/,
    )
    const late = failFast()
    const dies = Execute('wait for the query to end', (q) => q.awaitTermination().catch(() => true))
    expect(await failureOf(testStream(late.df)(CheckAnswer({ a: 1 }), late.breakIt, dies))).toMatch(
      /^Query terminated with exception: StreamingQueryException: \[STREAM_FAILED\]/,
    )
  })
})

describe('testStream with event time', () => {
  it('checks a windowed count in append mode as the watermark passes', async () => {
    const input = new MemoryStream(newSession(), 'word STRING, ts TIMESTAMP')
    const at = (s: number) => new Date(Date.UTC(2024, 0, 1) + s * 1000)
    const df = input
      .toDF()
      .withWatermark('ts', '10 seconds')
      .groupBy(window(col('ts'), '10 seconds'))
      .agg(count('*').alias('n'))
    await testStream(df)(
      AddData(input, ['a', at(1)], ['b', at(2)]),
      CheckNewAnswer(),
      AddData(input, ['c', at(25)]),
      CheckNewAnswer({ window: { start: at(0), end: at(10) }, n: 2 }),
    )
  })
})
