// DECIMAL is exact end to end: Decimal128 columns, Spark's result precision and scale, HALF_UP rounding, NULL on
// overflow (non-ANSI), and Spark's text in show() and casts. Expected values are worked out by hand from Spark's
// DecimalPrecision rules (and, where noted, copied from Spark's golden files).
import { describe, expect, it } from 'vitest'
import { ArithmeticException } from '../../src/index.js'
import { simpleString } from '../../src/types/data-types.js'
import { newSession } from '../support/session.js'

const spark = newSession()

/** The result type of `expr` and its values as Spark prints them (CAST to STRING is show()'s text). */
function shown(expr: string, from = ''): { types: string[]; texts: (string | null)[] } {
  return {
    types: spark.sql(`SELECT ${expr} ${from}`).schema.fields.map((f) => simpleString(f.dataType)),
    texts: spark
      .sql(`SELECT CAST(${expr} AS STRING) AS text ${from}`)
      .collect()
      .map((r) => r.text as string | null),
  }
}

describe('DECIMAL arithmetic', () => {
  it('adds money exactly and prints its scale', () => {
    const df = spark.sql('SELECT CAST(0.1 AS DECIMAL(20,2)) + CAST(0.2 AS DECIMAL(20,2)) AS s')
    expect(simpleString(df.schema.fields[0]!.dataType)).toBe('decimal(21,2)')
    expect(shown('CAST(0.1 AS DECIMAL(20,2)) + CAST(0.2 AS DECIMAL(20,2))').texts).toEqual(['0.30'])
    // 15 significant digits or fewer: the JS number that prints as the decimal.
    expect(df.collect()).toEqual([{ s: 0.3 }])
  })

  it('keeps every digit of values wider than a double', () => {
    expect(shown('CAST(12345678901234567.89 AS DECIMAL(20,2))').texts).toEqual(['12345678901234567.89'])
    const df = spark.sql('SELECT CAST(12345678901234567.89 AS DECIMAL(20,2)) + 0.01 AS s')
    expect(simpleString(df.schema.fields[0]!.dataType)).toBe('decimal(21,2)')
    expect(df.collect()).toEqual([{ s: '12345678901234567.90' }])
    // DECIMAL(38,9) * 2 (a literal counts its own digit): 40 digits, bounded to DECIMAL(38,7), rounded HALF_UP
    expect(shown("CAST('-98765432109876543210.123456789' AS DECIMAL(38,9)) * 2")).toEqual({
      types: ['decimal(38,7)'],
      texts: ['-197530864219753086420.2469136'],
    })
  })

  it('follows Spark precision and scale rules for * and /', () => {
    // p1 + p2 + 1, s1 + s2
    expect(shown('CAST(1.25 AS DECIMAL(4,2)) * CAST(3.5 AS DECIMAL(3,1))')).toEqual({
      types: ['decimal(8,3)'],
      texts: ['4.375'],
    })
    // scale max(6, s1 + p2 + 1) = 11, precision p1 - s1 + s2 + scale = 21; rounded HALF_UP
    expect(shown('CAST(2 AS DECIMAL(10,0)) / CAST(3 AS DECIMAL(10,0))')).toEqual({
      types: ['decimal(21,11)'],
      texts: ['0.66666666667'],
    })
    // decimalArithmeticOperations.sql.out: `select 10.3 * 3.0` is 30.90 as decimal(6,2)
    expect(shown('10.3 * 3.0')).toEqual({ types: ['decimal(6,2)'], texts: ['30.90'] })
  })

  it('multiplies a column by a decimal constant exactly, past 2^53 and with rounding', () => {
    // DECIMAL(3,3) * BIGINT (as DECIMAL(20,0)) is DECIMAL(24,3); 9007199254740993 * 908 = 8178536923304821644
    const longs = 'FROM VALUES (1000L), (-7L), (NULL), (9007199254740993L) AS t(x)'
    expect(shown('0.908 * x', longs)).toEqual({
      types: ['decimal(24,3)'],
      texts: ['908.000', '-6.356', null, '8178536923304821.644'],
    })
    expect(shown('x * 0.908', longs).texts).toEqual(['908.000', '-6.356', null, '8178536923304821.644'])
    // DECIMAL(38,10) * DECIMAL(2,1): p 41 > 38, so scale max(38 - 30, 6) = 8; 1.85185183725 rounds HALF_UP
    const decimals = "FROM VALUES ('1.2345678915'), ('-1.2345678915') AS t(x)"
    expect(shown('CAST(x AS DECIMAL(38,10)) * 1.5', decimals)).toEqual({
      types: ['decimal(38,8)'],
      texts: ['1.85185184', '-1.85185184'],
    })
  })

  it('answers NULL on overflow and on division by zero (non-ANSI)', () => {
    const max = 'CAST(99999999999999999999999999999999999999 AS DECIMAL(38,0))'
    expect(shown(`${max} + 1`).texts).toEqual([null])
    expect(shown(`${max} - 1`).texts).toEqual(['99999999999999999999999999999999999998'])
    expect(shown('CAST(1 AS DECIMAL(10,2)) / CAST(0 AS DECIMAL(10,2))').texts).toEqual([null])
    expect(shown("CAST('123.456' AS DECIMAL(4,2))").texts).toEqual([null])
  })

  it('rounds with round (HALF_UP) and bround (HALF_EVEN) into RoundBase types', () => {
    // RoundBase.dataType: DECIMAL(p - s + 1 + min(s, d), min(s, d)); a negative d gives DECIMAL(max(p - s + 1, 1 - d), 0).
    expect(shown("round(CAST('12345678901234567.895' AS DECIMAL(20,3)), 2)")).toEqual({
      types: ['decimal(20,2)'],
      texts: ['12345678901234567.90'],
    })
    expect(shown("bround(CAST('12345678901234567.885' AS DECIMAL(20,3)), 2)").texts).toEqual(['12345678901234567.88'])
    expect(shown('round(CAST(99.95 AS DECIMAL(4,2)), 1)')).toEqual({ types: ['decimal(4,1)'], texts: ['100.0'] })
    expect(shown('round(CAST(55 AS DECIMAL(2,0)), -2)')).toEqual({ types: ['decimal(3,0)'], texts: ['100'] })
    expect(shown('bround(CAST(-0.125 AS DECIMAL(4,3)), 2)').texts).toEqual(['-0.12'])
  })

  it('rounds HALF_UP when a cast drops digits', () => {
    expect(shown("CAST('1.005' AS DECIMAL(5,2))").texts).toEqual(['1.01'])
    expect(shown("CAST('-1.005' AS DECIMAL(5,2))").texts).toEqual(['-1.01'])
    expect(shown('CAST(CAST(2.675 AS DECIMAL(6,3)) AS DECIMAL(5,2))').texts).toEqual(['2.68'])
  })
})

describe('sum and avg over DECIMAL', () => {
  const values =
    "VALUES (CAST('0.10' AS DECIMAL(10,2))), (CAST('0.20' AS DECIMAL(10,2))), (CAST('0.05' AS DECIMAL(10,2)))"

  it('sum as DECIMAL(p + 10, s), avg as DECIMAL(p + 4, s + 4)', () => {
    const df = spark.sql(`SELECT sum(d) AS s, avg(d) AS a FROM ${values} AS t(d)`)
    expect(df.schema.fields.map((f) => simpleString(f.dataType))).toEqual(['decimal(20,2)', 'decimal(14,6)'])
    // 0.35 / 3 = 0.11666…, HALF_UP at scale 6
    expect(shown('avg(d)', `FROM ${values} AS t(d)`).texts).toEqual(['0.116667'])
    expect(shown('sum(d)', `FROM ${values} AS t(d)`).texts).toEqual(['0.35'])
  })

  it('sums values wider than a double without losing a cent, per group', () => {
    const wide = spark.sql(
      "SELECT k, CAST(sum(d) AS STRING) AS s FROM VALUES (1, CAST('12345678901234567.89' AS DECIMAL(19,2))), " +
        "(1, CAST('12345678901234567.89' AS DECIMAL(19,2))), (2, CAST('0.01' AS DECIMAL(19,2))) AS t(k, d) " +
        'GROUP BY k ORDER BY k',
    )
    expect(wide.collect()).toEqual([
      { k: 1, s: '24691357802469135.78' },
      { k: 2, s: '0.01' },
    ])
  })

  it('groups by wide decimals without merging neighbours', () => {
    const df = spark.sql(
      "SELECT count(*) AS n FROM VALUES (CAST('12345678901234567.88' AS DECIMAL(19,2))), " +
        "(CAST('12345678901234567.89' AS DECIMAL(19,2))) AS t(d) GROUP BY d",
    )
    expect(df.collect()).toEqual([{ n: 1 }, { n: 1 }])
  })

  it('takes min and max of wide decimals exactly', () => {
    const values =
      "VALUES (CAST('12345678901234567891' AS DECIMAL(20,0))), (CAST('12345678901234567890' AS DECIMAL(20,0)))"
    expect(shown('max(d)', `FROM ${values} AS t(d)`).texts).toEqual(['12345678901234567891'])
    expect(shown('min(d)', `FROM ${values} AS t(d)`).texts).toEqual(['12345678901234567890'])
  })

  it('sorts wide decimals that share a double in their exact order', () => {
    const cast = (v: string) => `(CAST('${v}' AS DECIMAL(20,0)))`
    const values = ['12345678901234567891', '-12345678901234567890', '12345678901234567890', '-12345678901234567891']
    const sorted = spark
      .sql(`SELECT CAST(d AS STRING) AS d FROM VALUES ${values.map(cast).join(', ')} AS t(d) ORDER BY t.d`)
      .collect()
      .map((r) => r.d)
    expect(sorted).toEqual([
      '-12345678901234567891',
      '-12345678901234567890',
      '12345678901234567890',
      '12345678901234567891',
    ])
  })
})

describe('DECIMAL types a query names', () => {
  it('hold at most 38 digits: Spark’s DecimalType constructor raises DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION', () => {
    const cast = () => spark.sql('SELECT CAST(20 AS DECIMAL(39, 1))').collect()
    expect(cast).toThrow(ArithmeticException)
    expect(cast).toThrow('[DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION] Decimal precision 39 exceeds max precision 38.')
    expect(spark.sql('SELECT CAST(20 AS DECIMAL(38, 1)) AS d').collect()).toEqual([{ d: 20 }])
  })
})
