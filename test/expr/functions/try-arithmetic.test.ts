// try_add / try_subtract / try_multiply / try_divide / try_mod against nonansi/try_arithmetic.sql.out and the docs.
import { describe, expect, it } from 'vitest'
import { try_add, try_divide, try_mod, try_multiply, try_subtract } from '../../../src/index.js'
import { typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const ints = spark.createDataFrame(
  [
    { a: 2147483647, b: 1 },
    { a: -2147483648, b: -1 },
    { a: 6, b: 0 },
    { a: null, b: 2 },
  ],
  'a INT, b INT',
)
const sql = (text: string) => spark.sql(text).collect()[0]

describe('try arithmetic', () => {
  it('is NULL where INT arithmetic would overflow', () => {
    expect(valuesOf(ints, try_add('a', 'b'))).toEqual([null, null, 6, null])
    expect(valuesOf(ints, try_subtract('a', 'b'))).toEqual([2147483646, -2147483647, 6, null])
    expect(valuesOf(ints, try_multiply('a', 'b'))).toEqual([2147483647, null, 0, null])
    expect(typeOf(ints, try_add('a', 'b'))).toBe('int')
  })

  it('is NULL for a zero divisor', () => {
    expect(valuesOf(ints, try_divide('a', 'b'))).toEqual([2147483647, 2147483648, null, null])
    expect(valuesOf(ints, try_mod('a', 'b'))).toEqual([0, 0, null, null])
    expect(typeOf(ints, try_divide('a', 'b'))).toBe('double')
  })

  it('follows the operators’ types: strings in DOUBLE, decimals, dates (try_arithmetic.sql.out)', () => {
    expect(sql('SELECT try_add(2147483647, "1") a, try_multiply(2147483647, "-2") m')).toEqual({
      a: 2147483648,
      m: -4294967294,
    })
    expect(spark.sql('SELECT try_divide(1, 0.5)').dtypes[0]![1]).toBe('decimal(8,6)')
    expect(sql("SELECT try_add(date'2021-01-01', 1) d, try_add(1, date'2021-01-01') e")).toEqual({
      d: new Date('2021-01-02T00:00:00Z'),
      e: new Date('2021-01-02T00:00:00Z'),
    })
    expect(sql('SELECT try_add(1, (2147483647 + 1)) w')).toEqual({ w: -2147483647 })
  })
})
