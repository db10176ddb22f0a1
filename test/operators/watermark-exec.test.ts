// WatermarkExec's event-time statistics: each row's time in milliseconds truncated toward zero (Spark's
// getLong(0) / 1000), folded into the max, min, sum and count of the batches it processes until they are taken.
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
    expect(exec.takeEventTimeStats()).toEqual({ max: 3_000, min: -2, sum: -1 + 1 - 2 + 0 + 3_000 + 0, count: 6 })
    // Taken: the next trigger starts empty.
    process(exec, [2n ** 40n])
    expect(exec.takeEventTimeStats()).toEqual({ max: 1_099_511_627, min: 1_099_511_627, sum: 1_099_511_627, count: 1 })
    expect(exec.takeEventTimeStats()).toEqual({
      max: Number.NEGATIVE_INFINITY,
      min: Number.POSITIVE_INFINITY,
      sum: 0,
      count: 0,
    })
  })
})
