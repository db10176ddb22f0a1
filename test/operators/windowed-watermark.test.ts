// Windowed counts with a watermark in all three output modes, on explicit event times. Expected rows follow
// Spark's rules by hand: the watermark after a batch is max(event time) - 10 s and applies from the next batch;
// a no-data batch runs when it moves; late rows are judged against the previous batch's watermark.
import { describe, expect, it } from 'vitest'
import { col, MemoryStream, type Row, window } from '../../src/index.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckLastBatch,
  CheckNewAnswer,
  ProcessAllAvailable,
  type StreamAction,
} from '../support/stream-actions.js'
import { type OutputMode, testStream } from '../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)
const win = (start: number, end: number) => ({ start: at(start), end: at(end) })

// Step 1: a@12 a@13 b@14 → watermark 4 s.   Step 2: a@25 c@16 → 15 s.   Step 3: d@31 → 21 s (window [10,20) closes).
// Step 4: e@5 and a@19 are late (their windows end at 10 and 20 ≤ 21); f@26 is on time.
const steps: [string, number][][] = [
  [
    ['a', 12],
    ['a', 13],
    ['b', 14],
  ],
  [
    ['a', 25],
    ['c', 16],
  ],
  [['d', 31]],
  [
    ['e', 5],
    ['a', 19],
    ['f', 26],
  ],
]

/**
 * The windowed count in `outputMode`, each step's rows added and processed in turn; after step i, `checks[i]` (when
 * given) checks what the step emitted, then `last` runs.
 */
async function windowedCounts(outputMode: OutputMode, checks: (StreamAction | undefined)[], ...last: StreamAction[]) {
  const input = new MemoryStream(newSession(), 'word STRING, ts TIMESTAMP')
  const counts = input
    .toDF()
    .withWatermark('ts', '10 seconds')
    .groupBy(window(col('ts'), '10 seconds'), col('word'))
    .count()
  await testStream(counts, outputMode)(
    ...steps.flatMap((step, i) => [
      AddData(input, ...step.map(([word, s]) => [word, at(s)])),
      checks[i] ?? ProcessAllAvailable(),
    ]),
    ...last,
  )
}

/** The rows each step emitted: the new rows, or in complete mode the whole table. */
const emitted = (outputMode: OutputMode, rows: Row[]) =>
  outputMode === 'complete' ? CheckLastBatch(...rows) : CheckNewAnswer(...rows)

describe('windowed count with a watermark', () => {
  it('append: a window is emitted once, after the watermark passes its end; late rows are dropped and counted', async () => {
    const expected: Row[][] = [
      [],
      [],
      [
        { window: win(10, 20), word: 'a', count: 2 },
        { window: win(10, 20), word: 'b', count: 1 },
        { window: win(10, 20), word: 'c', count: 1 },
      ],
      [],
    ]
    await windowedCounts(
      'append',
      expected.map((rows) => emitted('append', rows)),
      AssertOnQuery((q) => {
        const progress = q.lastProgress!
        expect(progress.numInputRows).toBe(3)
        expect(progress.eventTime.watermark).toBe(at(21).toISOString())
        expect(progress.eventTime.max).toBe(at(26).toISOString())
        expect(progress.stateOperators[0]).toMatchObject({
          operatorName: 'stateStoreSave',
          numRowsDroppedByWatermark: 2,
          numRowsTotal: 3,
        })
      }, 'the last batch dropped the two late rows'),
      AssertOnQuery((q) => {
        // The no-data batch that closed [10, 20) removed its three rows and left [20,30) a and [30,40) d.
        const closing = q.recentProgress.find((p) => p.stateOperators[0]!.numRowsRemoved > 0)!
        expect(closing.numInputRows).toBe(0)
        expect(closing.stateOperators[0]).toMatchObject({ numRowsRemoved: 3, numRowsTotal: 2 })
      }, 'a no-data batch closed [10, 20)'),
    )
  })

  it('update: updated windows each batch, state evicted silently behind the watermark', async () => {
    const expected: Row[][] = [
      [
        { window: win(10, 20), word: 'a', count: 2 },
        { window: win(10, 20), word: 'b', count: 1 },
      ],
      [
        { window: win(20, 30), word: 'a', count: 1 },
        { window: win(10, 20), word: 'c', count: 1 },
      ],
      [{ window: win(30, 40), word: 'd', count: 1 }],
      [{ window: win(20, 30), word: 'f', count: 1 }],
    ]
    await windowedCounts(
      'update',
      expected.map((rows) => emitted('update', rows)),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({
          numRowsDroppedByWatermark: 2,
          numRowsTotal: 3,
          numRowsUpdated: 1,
        })
      }, 'the late rows were dropped and the evicted windows are gone'),
    )
  })

  it('complete: every window every batch; nothing is dropped or evicted', async () => {
    const last = emitted('complete', [
      { window: win(0, 10), word: 'e', count: 1 },
      { window: win(10, 20), word: 'a', count: 3 },
      { window: win(10, 20), word: 'b', count: 1 },
      { window: win(10, 20), word: 'c', count: 1 },
      { window: win(20, 30), word: 'a', count: 1 },
      { window: win(20, 30), word: 'f', count: 1 },
      { window: win(30, 40), word: 'd', count: 1 },
    ])
    await windowedCounts(
      'complete',
      [undefined, undefined, undefined, last],
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({ numRowsTotal: 7, numRowsDroppedByWatermark: 0 })
      }, 'complete mode keeps every window'),
    )
  })
})

describe('event-time statistics', () => {
  it('turn microseconds into milliseconds toward zero, as Spark’s getLong(0) / 1000 does before 1970', async () => {
    const input = new MemoryStream(newSession(), 'text STRING')
    const counts = input
      .toDF()
      .select(col('text').cast('timestamp').alias('ts'))
      .withWatermark('ts', '0 seconds')
      .groupBy(window(col('ts'), '10 seconds'))
      .count()
    // -1,500 µs and -2,500 µs: Long division gives -1 and -2 ms (flooring would give -2 and -3).
    await testStream(counts, 'update')(
      AddData(input, ['1969-12-31 23:59:59.9985'], ['1969-12-31 23:59:59.9975']),
      ProcessAllAvailable(),
      AssertOnQuery((q) => {
        const times = q.recentProgress.find((p) => p.numInputRows === 2)!.eventTime
        expect([times.max, times.min]).toEqual(['1969-12-31T23:59:59.999Z', '1969-12-31T23:59:59.998Z'])
      }, 'max and min of the pre-1970 times'),
    )
  })

  it('report the mean truncated toward zero, as Spark’s stats.avg.toLong', async () => {
    const input = new MemoryStream(newSession(), 'ts TIMESTAMP')
    const counts = input
      .toDF()
      .withWatermark('ts', '0 seconds')
      .groupBy(window(col('ts'), '10 seconds'))
      .count()
    // 1 ms and 2 ms after T0: the mean is 1.5 ms, reported as 1 ms.
    await testStream(counts, 'update')(
      AddData(input, [new Date(T0 + 1)], [new Date(T0 + 2)]),
      ProcessAllAvailable(),
      AssertOnQuery((q) => {
        const times = q.recentProgress.find((p) => p.numInputRows === 2)!.eventTime
        expect(times.avg).toBe(new Date(T0 + 1).toISOString())
      }, 'avg of 1 ms and 2 ms'),
    )
  })
})
