// Window assignment (sliding, startTime, epoch alignment), session windows, and chained windows via window_time.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  col,
  count,
  current_timestamp,
  MemoryStream,
  session_window,
  sum,
  when,
  window,
  window_time,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { sortRows } from '../support/sort-rows.js'
import { AddData, CheckAnswer } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)
const win = (start: number, end: number) => ({ start: at(start), end: at(end) })

describe('window()', () => {
  const spark = newSession()
  const events = (seconds: number[]) =>
    spark.createDataFrame(
      seconds.map((s) => [at(s)]),
      'ts TIMESTAMP',
    )

  it('assigns a row to every sliding window containing it (10 s windows every 5 s)', () => {
    // 7 s lies in [0,10) and [5,15); 12 s in [5,15) and [10,20).
    const counts = events([7, 12])
      .groupBy(window(col('ts'), '10 seconds', '5 seconds'))
      .count()
    expect(sortRows(counts.collect())).toEqual(
      sortRows([
        { window: win(0, 10), count: 1 },
        { window: win(5, 15), count: 2 },
        { window: win(10, 20), count: 1 },
      ]),
    )
  })

  it('keeps only containing windows when the slide does not divide the size', () => {
    // size 10 s, slide 3 s: 12 s → lastStart 12, candidates 12, 9, 6, 3 (ceil(10/3) = 4); [3, 13) holds 12, so all 4.
    // 10 s → lastStart 9: 9, 6, 3, 0 → [0, 10) excludes 10, so 3 windows.
    const counts = events([12, 10])
      .groupBy(window(col('ts'), '10 seconds', '3 seconds'))
      .count()
    expect(sortRows(counts.collect())).toEqual(
      sortRows([
        { window: win(3, 13), count: 2 },
        { window: win(6, 16), count: 2 },
        { window: win(9, 19), count: 2 },
        { window: win(12, 22), count: 1 },
      ]),
    )
  })

  it('offsets windows by startTime and aligns them to the epoch', () => {
    const offset = events([12, 14])
      .groupBy(window(col('ts'), '10 seconds', '10 seconds', '3 seconds'))
      .count()
    expect(sortRows(offset.collect())).toEqual(
      sortRows([
        { window: win(3, 13), count: 1 },
        { window: win(13, 23), count: 1 },
      ]),
    )
    const hourly = events([7 * 60])
      .groupBy(window('ts', '1 hour'))
      .count()
    expect(hourly.collect()).toEqual([{ window: win(0, 3600), count: 1 }])
  })

  it("checks durations with Spark's messages", () => {
    const df = events([1])
    expect(() => df.groupBy(window('ts', '10 seconds', '20 seconds')).count()).toThrow(
      'The slide duration (20000000) must be less than or equal to the windowDuration (10000000).',
    )
    expect(() => df.groupBy(window('ts', '10 seconds', '5 seconds', '5 seconds')).count()).toThrow(
      'The absolute value of start time (5000000) must be less than the slideDuration (5000000).',
    )
    expect(() => df.groupBy(window('ts', 'ten seconds')).count()).toThrow(
      'The provided interval (ten seconds) did not correspond to a valid interval string.',
    )
    expect(() => df.groupBy(window('ts', '1 month')).count()).toThrow(
      'Intervals greater than a month is not supported (1 month).',
    )
  })

  it('puts every row of a batch in the window of the batch time for window(current_timestamp(), ...)', async () => {
    const input = new MemoryStream(newSession(), 'word STRING')
    const counts = input.toDF().groupBy(window(current_timestamp(), '10 seconds'), col('word')).count()
    const before = Date.now()
    await testStream(counts, 'update')(
      AddData(input, { word: 'a' }, { word: 'b' }, { word: 'a' }),
      CheckAnswer.by((answer) => {
        const after = Date.now()
        const rows = sortRows(answer) as { window: { start: Date; end: Date }; word: string; count: number }[]
        expect(rows.map((r) => [r.word, r.count])).toEqual([
          ['a', 2],
          ['b', 1],
        ])
        const { start, end } = rows[0]!.window
        expect(rows[1]!.window).toEqual(rows[0]!.window)
        expect(end.getTime() - start.getTime()).toBe(10_000)
        expect(start.getTime() % 10_000).toBe(0)
        expect(start.getTime()).toBeLessThanOrEqual(after)
        expect(end.getTime()).toBeGreaterThan(before - 1)
      }),
    )
  })
})

describe('session_window()', () => {
  const spark = newSession()
  const clicks = spark.createDataFrame(
    [
      ['u1', at(0)],
      ['u1', at(3)],
      ['u1', at(8)],
      ['u1', at(20)],
      ['u2', at(4)],
    ],
    'user STRING, ts TIMESTAMP',
  )

  it('merges rows of a key whose [ts, ts + gap) ranges overlap or touch', () => {
    // u1: [0,5) + [3,8) → [0,8); 8 touches 8 → [0,13); 20 → [20,25).  u2: [4,9).
    const sessions = clicks.groupBy(session_window(col('ts'), '5 seconds'), col('user')).agg(count('*').alias('n'))
    expect(sortRows(sessions.collect())).toEqual(
      sortRows([
        { session_window: win(0, 13), user: 'u1', n: 3 },
        { session_window: win(20, 25), user: 'u1', n: 1 },
        { session_window: win(4, 9), user: 'u2', n: 1 },
      ]),
    )
  })

  it('takes a gap per row from an expression', () => {
    // u1 gaps 2 s: [0,2) [3,5) [8,10) [20,22) stay apart; u2 gap 10 s: [4,14).
    const gap = when(col('user').eq('u1'), '2 seconds').otherwise('10 seconds')
    const sessions = clicks.groupBy(session_window(col('ts'), gap), 'user').count()
    expect(sortRows(sessions.collect())).toEqual(
      sortRows([
        { session_window: win(0, 2), user: 'u1', count: 1 },
        { session_window: win(3, 5), user: 'u1', count: 1 },
        { session_window: win(8, 10), user: 'u1', count: 1 },
        { session_window: win(20, 22), user: 'u1', count: 1 },
        { session_window: win(4, 14), user: 'u2', count: 1 },
      ]),
    )
  })

  it('emits a session in append mode once the watermark passes its end, merging across batches', async () => {
    const input = new MemoryStream(spark, 'user STRING, ts TIMESTAMP')
    const sessions = input
      .toDF()
      .withWatermark('ts', '5 seconds')
      .groupBy(session_window('ts', '5 seconds'), 'user')
      .count()
    await testStream(sessions)(
      AddData(input, ['u1', at(0)], ['u2', at(1)]), // watermark → 1 - 5 < 0: nothing closes
      CheckAnswer(),
      AddData(input, ['u1', at(4)]), // [0,5) + [4,9) → [0,9); watermark → 0 (4 - 5 < 0, max stays 0)
      CheckAnswer(),
      AddData(input, ['u3', at(20)]), // watermark 15: [0,9) u1 and [1,6) u2 close
      CheckAnswer(
        { session_window: win(0, 9), user: 'u1', count: 2 },
        { session_window: win(1, 6), user: 'u2', count: 1 },
      ),
    )
  })

  it('is refused in update mode', () => {
    const input = new MemoryStream(spark, 'user STRING, ts TIMESTAMP')
    const sessions = input
      .toDF()
      .withWatermark('ts', '5 seconds')
      .groupBy(session_window('ts', '5 seconds'), 'user')
      .count()
    expect(() => sessions.writeStream.outputMode('update').format('noop').start()).toThrow(AnalysisException)
    expect(() => sessions.writeStream.outputMode('update').format('noop').start()).toThrow(
      'Update output mode not supported for session window on streaming DataFrames/DataSets',
    )
  })
})

describe('chained window aggregation through window_time', () => {
  it('feeds 10 s window counts into 20 s windows in append mode', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP')
    const perTen = input.toDF().withWatermark('ts', '5 seconds').groupBy(window('ts', '10 seconds'), 'word').count()
    const perTwenty = perTen
      .select(window_time(col('window')).alias('wt'), col('word'), col('count'))
      .groupBy(window(col('wt'), '20 seconds'))
      .agg(sum('count').alias('events'))
    await testStream(perTwenty)(
      // Watermark 10 closes [0,10) (a:1), which lands in [0,20); [0,20) itself stays open.
      AddData(input, ['a', at(1)], ['b', at(12)], ['a', at(15)]),
      CheckAnswer(),
      // Watermark 21 closes [10,20) (a:1, b:1) and then [0,20): 3 events in all.
      AddData(input, ['c', at(26)]),
      CheckAnswer({ window: win(0, 20), events: 3 }),
    )
  })
})
