// WatermarkExec's event-time statistics: each row's time in milliseconds truncated toward zero (Spark's
// getLong(0) / 1000), folded into the max, min, count and Spark's running mean (EventTimeStats.add per row, each
// batch a partition merged by EventTimeStats.merge) of the batches it processes until they are taken.
import { describe, expect, it } from 'vitest'
import { batchFromRows } from '../../src/arrow/index.js'
import { attribute } from '../../src/expr/expression.js'
import { LongType, StructField, StructType } from '../../src/index.js'
import type { OperatorContext } from '../../src/operators/operator.js'
import { WatermarkExec } from '../../src/operators/watermark-exec.js'

describe('WatermarkExec event-time statistics', () => {
  // Event times as int64 microseconds, read from their words (no conversion of the column).
  const time = attribute('time', LongType())
  const schema = StructType([StructField('time', LongType())])
  const process = (exec: WatermarkExec, micros: (number | bigint)[]) =>
    exec.process(
      batchFromRows(
        schema,
        micros.map((us) => [us]),
      ),
      {} as OperatorContext,
      { emit: () => {} },
    )

  it('truncate toward zero before 1970, and fold the batches of a trigger together', () => {
    const exec = new WatermarkExec(time, [time])
    // -2,500 µs is -2 ms and -1,500 µs is -1 ms (flooring would give -3 and -2); 1,999 µs is 1 ms.
    process(exec, [-1_500, 1_999, -2_500])
    process(exec, [999, 3_000_001, -999])
    expect(exec.takeEventTimeStats()).toEqual(
      expected([
        [-1_500n, 1_999n, -2_500n],
        [999n, 3_000_001n, -999n],
      ]),
    )
    // Taken: the next trigger starts empty.
    process(exec, [2n ** 40n])
    expect(exec.takeEventTimeStats()).toEqual({
      max: 1_099_511_627,
      min: 1_099_511_627,
      avg: 1_099_511_627,
      count: 1,
    })
    const empty = exec.takeEventTimeStats()
    expect(empty).toMatchObject({ max: Number.NEGATIVE_INFINITY, min: Number.POSITIVE_INFINITY, count: 0 })
  })

  /**
   * Spark's EventTimeStats of microsecond times, one partition per batch: each time truncated toward zero to
   * milliseconds (getLong(0) / 1000), `add` per row (avg += (t - avg) / count, in doubles as the JVM's), partitions
   * combined by `merge` (avg += (that.avg - avg) * that.count / count).
   */
  const expected = (partitions: bigint[][]) => {
    let max = Number.NEGATIVE_INFINITY
    let min = Number.POSITIVE_INFINITY
    let avg = 0
    let count = 0
    for (const micros of partitions) {
      let partAvg = 0
      let partCount = 0
      for (const us of micros) {
        const ms = us / 1000n
        max = Math.max(max, Number(ms))
        min = Math.min(min, Number(ms))
        partCount++
        partAvg += (Number(ms) - partAvg) / partCount
      }
      if (partCount === 0) continue
      if (count === 0) avg = partAvg
      count += partCount
      if (count !== partCount) avg += ((partAvg - avg) * partCount) / count
    }
    return { max, min, avg, count }
  }

  it('take present-day times, whose milliseconds sum past 2^53', () => {
    // 10,000 times over 79 s of 2024-01-01 (1.704e15 µs): their milliseconds sum to 1.7e16, past 2^53 (9.0e15), so a
    // sum of doubles would be inexact; the running mean never sums.
    const micros = Array.from({ length: 10_000 }, (_, i) => 1_704_067_200_123_456n + BigInt(i) * 7_919n)
    const exec = new WatermarkExec(time, [time])
    process(exec, micros)
    const stats = exec.takeEventTimeStats()
    expect(stats).toEqual(expected([micros]))
  })

  it("report Spark's running mean, which drifts from the exact mean over a large batch", () => {
    // 92,000 times over 10 s (as a Nexmark micro-batch's bids): the running mean's rounding carries it 2 ms past the
    // exact mean (1,704,067,205,001 against 1,704,067,204,999), and Spark prints the running mean.
    const micros = Array.from(
      { length: 92_000 },
      (_, i) => 1_704_067_200_000_000n + BigInt(Math.floor((i * 10_000_000) / 92_000)),
    )
    const exec = new WatermarkExec(time, [time])
    process(exec, micros)
    const stats = exec.takeEventTimeStats()
    expect(stats).toEqual(expected([micros]))
    expect(Math.trunc(stats.avg)).toBe(1_704_067_205_001)
    const exactMean = Number(micros.reduce((sum, us) => sum + us / 1000n, 0n) / BigInt(micros.length))
    expect(Math.trunc(stats.avg)).not.toBe(exactMean)
  })

  it('take times far apart, across the high word, and before 1970 exactly too', () => {
    const cases: bigint[][] = [
      // An hour apart (past the 2^31 µs a batch's times are read relative to), the first row the later one.
      [1_704_070_800_000_999n, 1_704_067_200_000_001n, 1_704_067_200_000_000n],
      // Around a change of the high word (2^32 µs multiples), within a millisecond of it.
      [2n ** 42n - 1n, 2n ** 42n, 2n ** 42n + 999n, 2n ** 42n - 1_001n],
      // Just after the epoch (the base would be before it), and before it.
      [5n, 999n, 1_000n, 1_000_000n],
      [-1_000_001n, -999n, 2_500n],
    ]
    for (const micros of cases) {
      const exec = new WatermarkExec(time, [time])
      process(exec, micros)
      expect(exec.takeEventTimeStats()).toEqual(expected([micros]))
    }
  })
})
