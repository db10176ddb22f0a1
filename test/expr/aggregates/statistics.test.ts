// Statistical, boolean and bitwise aggregates against the examples of Spark's function docs. (Spark's golden files
// run on two partitions, so some of their doubles differ from one partition's in the last bit; the docs examples
// used here agree exactly.)
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  bit_and,
  bit_or,
  bit_xor,
  bool_and,
  bool_or,
  col,
  corr,
  count_if,
  covar_pop,
  covar_samp,
  every,
  kurtosis,
  product,
  regr_avgx,
  regr_avgy,
  regr_count,
  regr_intercept,
  regr_r2,
  regr_slope,
  regr_sxx,
  regr_sxy,
  regr_syy,
  skewness,
  some,
} from '../../../src/index.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = (text: string) => spark.sql(text).collect()[0]
const rowsOf = (values: string, schema: string) => spark.sql(`SELECT * FROM VALUES ${values} AS tab(${schema})`)

describe('moments and co-moments', () => {
  it('corr, covar_pop and covar_samp (docs)', () => {
    const df = rowsOf('(3, 2), (3, 3), (6, 4)', 'c1, c2')
    expect(df.agg(corr('c1', 'c2')).collect()[0]).toEqual({ 'corr(c1, c2)': 0.8660254037844387 })
    const line = rowsOf('(1, 1), (2, 2), (3, 3)', 'c1, c2')
    expect(line.agg(covar_pop('c1', 'c2'), covar_samp('c1', 'c2')).collect()[0]).toEqual({
      'covar_pop(c1, c2)': 0.6666666666666666,
      'covar_samp(c1, c2)': 1,
    })
  })

  it('are NULL where Spark 3+ divides by zero (one row for the sample statistics, none for any)', () => {
    expect(one('SELECT corr(a, b) c, covar_samp(a, b) s, covar_pop(a, b) p FROM VALUES (1, 2) AS t(a, b)')).toEqual({
      c: null,
      s: null,
      p: 0,
    })
    expect(one('SELECT skewness(a) s, kurtosis(a) k FROM VALUES (1), (1) AS t(a)')).toEqual({ s: null, k: null })
  })

  it('skewness and kurtosis (docs)', () => {
    const df = rowsOf('(-10), (-20), (100), (1000)', 'col')
    expect(df.agg(skewness('col')).collect()[0]).toEqual({ 'skewness(col)': 1.1135657469022011 })
    // Spark's docs print 0.19432323191699075: their run merged partial moments, which rounds differently.
    const [k] = Object.values(rowsOf('(1), (10), (100), (10), (1)', 'col').agg(kurtosis('col')).collect()[0]!)
    expect(k).toBeCloseTo(0.19432323191699075, 13)
  })

  it('rejects a non-numeric argument', () => {
    expect(() => spark.sql("SELECT corr('a', array(1))").collect()).toThrow(AnalysisException)
  })
})

describe('regr_* over (y, x) pairs, skipping pairs with a NULL (docs)', () => {
  const pairs = rowsOf('(1, 2), (2, 2), (2, 3), (2, 4)', 'y, x')
  const withNull = rowsOf('(1, 2), (2, null), (2, 3), (2, 4)', 'y, x')

  it('count and averages', () => {
    expect(pairs.agg(regr_count('y', 'x'), regr_avgx('y', 'x'), regr_avgy('y', 'x')).collect()[0]).toEqual({
      'regr_count(y, x)': 4,
      'regr_avgx(y, x)': 2.75,
      'regr_avgy(y, x)': 1.75,
    })
    expect(withNull.agg(regr_count('y', 'x')).collect()[0]).toEqual({ 'regr_count(y, x)': 3 })
  })

  it('sums of squares and products, r2, slope and intercept', () => {
    const [sxx, sxy, syy] = Object.values(
      pairs.agg(regr_sxx('y', 'x'), regr_sxy('y', 'x'), regr_syy('y', 'x')).collect()[0]!,
    ) as number[]
    expect([sxx, syy]).toEqual([2.75, 0.75])
    expect(sxy).toBeCloseTo(0.75, 14)
    expect(pairs.agg(regr_r2('y', 'x')).collect()[0]).toEqual({ 'regr_r2(y, x)': 0.2727272727272727 })
    const line = rowsOf('(1, 1), (2, 2), (3, 3)', 'y, x')
    expect(line.agg(regr_slope('y', 'x'), regr_intercept('y', 'x')).collect()[0]).toEqual({
      'regr_slope(y, x)': 1,
      'regr_intercept(y, x)': 0,
    })
    expect(one('SELECT regr_slope(y, x) s FROM VALUES (1, 1), (2, 1) AS t(y, x)')).toEqual({ s: null })
  })
})

describe('boolean and bitwise aggregates (docs)', () => {
  it('bool_and/every and bool_or/some ignore NULLs and are NULL over none', () => {
    const df = rowsOf('(true), (false), (null)', 'col')
    expect(df.agg(bool_and('col'), every('col'), bool_or('col'), some('col')).collect()[0]).toEqual({
      'bool_and(col)': false,
      'every(col)': false,
      'bool_or(col)': true,
      'some(col)': true,
    })
    expect(one('SELECT bool_and(col) a FROM VALUES (NULL), (true), (true) AS tab(col)')).toEqual({ a: true })
    expect(() => spark.sql('SELECT every(1)').collect()).toThrow(/DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE/)
  })

  it('count_if counts true conditions', () => {
    expect(one('SELECT count_if(col % 2 = 0) n FROM VALUES (NULL), (0), (1), (2), (3) AS tab(col)')).toEqual({ n: 2 })
    expect(
      rowsOf('(1), (7), (9)', 'col')
        .agg(count_if(col('col').gt(5)))
        .collect()[0],
    ).toEqual({
      'count_if((col > 5))': 2,
    })
  })

  it('bit_and, bit_or and bit_xor keep the input type; product is a DOUBLE', () => {
    const df = rowsOf('(3), (5)', 'col')
    expect(df.agg(bit_and('col'), bit_or('col'), bit_xor('col'), product('col')).collect()[0]).toEqual({
      'bit_and(col)': 1,
      'bit_or(col)': 7,
      'bit_xor(col)': 6,
      'product(col)': 15,
    })
    expect(spark.sql('SELECT bit_xor(CAST(c AS TINYINT)) FROM VALUES (1), (3) AS t(c)').dtypes[0]![1]).toBe('tinyint')
    expect(one('SELECT bit_or(c) r FROM VALUES (-1L), (0L) AS t(c)')).toEqual({ r: -1 })
  })
})
