// InSet's kernel: a hash set over the list, probed with each row's number or UTF-8 bytes, with Spark's equality.
import { describe, expect, it } from 'vitest'
import { bitAt, newBitmap, numericColumn, setBit, validityOf } from '../../src/arrow/index.js'
import { stringColumn } from '../../src/arrow/strings.js'
import { inSetKernel } from '../../src/expr/in-set-kernel.js'
import { integerSet, stringSet } from '../../src/expr/literal-set.js'
import { DOUBLE } from '../../src/types/data-types.js'

/** The kernel's result as true / false / null per row. */
function results(column: ReturnType<typeof stringColumn>) {
  const bits = column.values as Uint8Array
  const valid = validityOf(column)
  return Array.from({ length: column.length }, (_, i) => (valid !== null && !bitAt(valid, i) ? null : bitAt(bits, i)))
}

describe('inSetKernel', () => {
  it('numbers: -0.0 equals 0, NaN matches nothing listed, NULL rows are NULL', () => {
    const set = integerSet(new Float64Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), [])
    const valid = newBitmap(5)
    for (const i of [0, 1, 2, 3]) setBit(valid, i)
    const column = numericColumn(DOUBLE, new Float64Array([-0, Number.NaN, 10, 10.5, 0]), valid)
    expect(results(inSetKernel(set)(column))).toEqual([true, false, true, false, null])
  })

  it('strings compare as UTF-8 bytes: multi-byte text, the empty string, prefixes', () => {
    const set = stringSet(['é', '日本', '', 'abc', 'k4', 'k5', 'k6', 'k7', 'k8', 'k9', 'k10'], [3])
    const column = stringColumn(['日本', 'e', '', 'ab', 'abcd', 'abc', null, 'é'])
    // A NULL in the list: a row that matched nothing is NULL, not false.
    expect(results(inSetKernel(set)(column))).toEqual([true, null, true, null, null, true, null, true])
  })

  it('many distinct strings: every listed value is found, others are not', () => {
    const values = Array.from({ length: 50_000 }, (_, i) => `v${i * 2}`)
    const probe = Array.from({ length: 1000 }, (_, i) => `v${i}`)
    const found = results(inSetKernel(stringSet(values, []))(stringColumn(probe)))
    expect(found).toEqual(probe.map((_, i) => i % 2 === 0))
  })
})
