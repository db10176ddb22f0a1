// Conversions between JavaScript rows and Arrow record batches, and columns built without rows (all NULL).
import { describe, expect, it } from 'vitest'
import { batchFromRows, nullColumn, numbersOf, rowsOf } from '../../src/arrow/index.js'
import { DecimalType } from '../../src/types/data-types.js'
import { parseSchemaString } from '../../src/types/ddl.js'
import { newSession } from '../support/session.js'

describe('rows with a field named __proto__', () => {
  it('keep it as an own field in both directions, never touching a prototype', () => {
    const schema = parseSchemaString('`__proto__` STRING, s STRUCT<`__proto__`: INT>')
    const input = JSON.parse('[{"__proto__": "x", "s": {"__proto__": 1}}, {}]') as Record<string, unknown>[]
    const [first, second] = rowsOf(batchFromRows(schema, input), schema)
    expect(Object.getPrototypeOf(first)).toBe(Object.prototype)
    expect(Object.keys(first!)).toEqual(['__proto__', 's'])
    expect(Object.getOwnPropertyDescriptor(first, '__proto__')!.value).toBe('x')
    expect(Object.getOwnPropertyDescriptor(first!.s, '__proto__')!.value).toBe(1)
    expect(Object.getOwnPropertyDescriptor(second, '__proto__')!.value).toBeNull()
  })
})

describe('a column of NULL decimals', () => {
  it('holds four 32-bit words per row, so kernels that read every row see nulls, not a short buffer', () => {
    const column = nullColumn(DecimalType(16, 6), 3)
    expect(column.values).toHaveLength(12)
    expect(Array.from(numbersOf(column))).toEqual([0, 0, 0])
  })

  it('reaches decimal functions as NULL (make_timestamp’s DECIMAL(16,6) seconds, abs)', () => {
    const spark = newSession()
    const row = spark
      .sql(
        'SELECT make_timestamp(1, 1, 1, 1, 1, CAST(NULL AS DECIMAL(16,6))) AS t, abs(CAST(NULL AS DECIMAL(16,6))) AS a',
      )
      .collect()[0]
    expect(row).toEqual({ t: null, a: null })
  })
})
