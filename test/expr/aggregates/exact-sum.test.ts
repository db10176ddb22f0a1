// Exact sums across group merges (session windows and window slices merge partial sums): carries past 2^52 in
// opposite directions cancel exactly.
import { describe, expect, it } from 'vitest'
import { numbersOf, numericColumn } from '../../../src/arrow/index.js'
import { ExactSumAccumulator } from '../../../src/expr/aggregates/exact-sum.js'
import { LONG } from '../../../src/types/data-types.js'

describe('ExactSumAccumulator.merge', () => {
  it('cancels high parts that carried in opposite directions: 3·2^51 merged with −3·2^51 is 0', () => {
    const sum = new ExactSumAccumulator(LONG, LONG, false)
    sum.grow(2)
    sum.reset(0)
    sum.reset(1)
    const half = 2 ** 51
    const values = numericColumn(LONG, Float64Array.of(half, half, half, -half, -half, -half), null)
    sum.update([values], Int32Array.of(0, 0, 0, 1, 1, 1), 6)
    sum.merge(0, 1)
    expect(Array.from(numbersOf(sum.evaluate([0])))).toEqual([0])
  })

  it('keeps a carry that the merged group does not cancel: 3·2^51 merged with 2^51 is 2^53', () => {
    const sum = new ExactSumAccumulator(LONG, LONG, false)
    sum.grow(2)
    sum.reset(0)
    sum.reset(1)
    const half = 2 ** 51
    sum.update([numericColumn(LONG, Float64Array.of(half, half, half, half), null)], Int32Array.of(0, 0, 0, 1), 4)
    sum.merge(0, 1)
    expect(Array.from(numbersOf(sum.evaluate([0])))).toEqual([2 ** 53])
  })
})
