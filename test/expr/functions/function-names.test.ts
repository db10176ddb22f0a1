// Column names Spark gives calls: aliases it keeps (substr, position, regexp_like), parser forms it names after the
// expression (SUBSTR ... FROM, POSITION ... IN), cast functions that do not show, and timestamp_seconds' exactness.
// Expected values: Spark's golden files string-functions.sql.out, regexp-functions.sql.out, date.sql.out and
// timestamp.sql.out.
import { describe, expect, it } from 'vitest'
import { goldenRows, goldenSchema, goldenSession } from '../../support/golden-sql.js'

const spark = goldenSession()

describe('generated names', () => {
  it('keep the alias a function was called by, where Spark does', () => {
    expect(goldenSchema(spark, "SELECT substr('Spark SQL', 5, 1), substr('Spark SQL' from 5)")).toBe(
      'struct<substr(Spark SQL, 5, 1):string,substring(Spark SQL, 5, 2147483647):string>',
    )
    expect(goldenSchema(spark, "SELECT position('bar' in 'foobarbar'), position(null, 'foobarbar')")).toBe(
      'struct<locate(bar, foobarbar, 1):int,position(NULL, foobarbar, 1):int>',
    )
    expect(goldenSchema(spark, "SELECT regexp_like('1a 2b 14m', '\\\\d+b'), regexp('1a', 'a')")).toBe(
      'struct<REGEXP_LIKE(1a 2b 14m, \\d+b):boolean,REGEXP(1a, a):boolean>',
    )
  })

  it('print a decimal literal as java.math.BigDecimal.toString does (literals.sql.out)', () => {
    expect(goldenSchema(spark, 'SELECT 123.0E-28BD, 0.000001BD, 1.5E-7BD, 123.08BD')).toBe(
      'struct<1.230E-26:decimal(29,29),0.000001:decimal(6,6),1.5E-7:decimal(8,8),123.08:decimal(5,2)>',
    )
  })

  it('leave out the cast of a cast function', () => {
    expect(goldenSchema(spark, "SELECT unix_date(DATE('1970-01-01')), timestamp_seconds(FLOAT(1.23))")).toBe(
      'struct<unix_date(1970-01-01):int,timestamp_seconds(1.23):timestamp>',
    )
  })
})

describe('timestamp_seconds and timestamp_millis', () => {
  it('raise an ArithmeticException for an integer out of range or a decimal below microseconds', () => {
    for (const sql of [
      'SELECT timestamp_seconds(1230219000123123)',
      'SELECT timestamp_millis(92233720368547758)',
      'SELECT timestamp_seconds(0.1234567)',
    ]) {
      expect(() => goldenRows(spark, sql)).toThrow(expect.objectContaining({ name: 'ArithmeticException' }))
    }
  })

  it('truncate a floating-point number and give NULL for NaN', () => {
    expect(goldenRows(spark, "SELECT timestamp_seconds(0.1234567d), timestamp_seconds(double('NaN'))")).toEqual([
      '1969-12-31 16:00:00.123456\tNULL',
    ])
  })
})
