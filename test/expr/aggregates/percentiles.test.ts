// percentile, median, percentile_approx and approx_percentile against Spark's function docs and percentiles.sql.out.
import { describe, expect, it } from 'vitest'
import { approx_percentile, median, percentile, percentile_approx } from '../../../src/index.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const values = (rows: string) => spark.sql(`SELECT * FROM VALUES ${rows} AS tab(col)`)
const aggr = spark.sql(
  'SELECT * FROM VALUES (0, 0), (0, 10), (0, 20), (0, 30), (0, 40), (1, 10), (1, 20), (2, 10), (2, 20), (2, 25), ' +
    '(2, 30), (3, 60), (4, null) AS aggr(k, v)',
)

describe('percentiles', () => {
  it('percentile interpolates between neighbours (docs)', () => {
    expect(values('(0), (10)').agg(percentile('col', 0.3)).collect()[0]).toEqual({ 'percentile(col, 0.3, 1)': 3 })
    expect(
      values('(0), (10)')
        .agg(percentile('col', [0.25, 0.75]))
        .collect()[0],
    ).toEqual({
      'percentile(col, array(0.25, 0.75), 1)': [2.5, 7.5],
    })
  })

  it('median per group, NULL for a group of NULLs (percentiles.sql.out)', () => {
    const rows = aggr.groupBy('k').agg(median('v')).orderBy('k').collect()
    expect(rows.map((r) => r['median(v)'])).toEqual([20, 15, 22.5, 60, null])
  })

  it('percentile_approx returns a value of the group, of its type (docs)', () => {
    const df = values('(0), (1), (2), (10)')
    expect(df.agg(percentile_approx('col', [0.5, 0.4, 0.1], 100)).collect()[0]).toEqual({
      'percentile_approx(col, array(0.5, 0.4, 0.1), 100)': [1, 1, 0],
    })
    expect(df.agg(approx_percentile('col', 0.5, 100)).dtypes[0]![1]).toBe('int')
    expect(() => spark.sql('SELECT percentile(col, 1.5) FROM VALUES (0) AS tab(col)')).toThrow(/between 0.0 and 1.0/)
  })

  it('percentile_cont / percentile_disc WITHIN GROUP, ascending and descending, per group (percentiles.sql.out)', () => {
    aggr.createOrReplaceTempView('aggr')
    const rows = spark
      .sql(
        'SELECT k, percentile_cont(0.25) WITHIN GROUP (ORDER BY v) AS c, percentile_cont(0.25) WITHIN GROUP ' +
          '(ORDER BY v DESC) AS cd, percentile_disc(0.25) WITHIN GROUP (ORDER BY v) AS d, percentile_disc(0.25) ' +
          'WITHIN GROUP (ORDER BY v DESC) AS dd FROM aggr GROUP BY k ORDER BY k',
      )
      .collect()
    expect(rows).toEqual([
      { k: 0, c: 10, cd: 30, d: 10, dd: 30 },
      { k: 1, c: 12.5, cd: 17.5, d: 10, dd: 20 },
      { k: 2, c: 17.5, cd: 26.25, d: 10, dd: 30 },
      { k: 3, c: 60, cd: 60, d: 60, dd: 60 },
      { k: 4, c: null, cd: null, d: null, dd: null },
    ])
  })

  it('names the call as Spark does, FILTER included (percentiles.sql.out)', () => {
    aggr.createOrReplaceTempView('aggr')
    const df = spark.sql(
      'SELECT percentile_cont(0.25) WITHIN GROUP (ORDER BY v DESC) FILTER (WHERE k > 0), count(*) FILTER (WHERE k > 0) FROM aggr',
    )
    expect(df.collect()).toEqual([
      {
        'percentile_cont(0.25) WITHIN GROUP (ORDER BY v DESC) FILTER (WHERE (k > 0))': 27.5,
        'count(1) FILTER (WHERE (k > 0))': 8,
      },
    ])
  })

  it("rejects WITHIN GROUP where Spark does, with Spark's error classes (percentiles.sql.out)", () => {
    aggr.createOrReplaceTempView('aggr')
    const errorOf = (sql: string) => {
      try {
        spark.sql(sql).collect()
      } catch (error) {
        return (error as { errorClass?: string }).errorClass
      }
      return undefined
    }
    expect(errorOf('SELECT round(v, 0) WITHIN GROUP (ORDER BY v) FROM aggr')).toBe(
      'INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX',
    )
    expect(errorOf('SELECT percentile_cont(DISTINCT 0.5) WITHIN GROUP (ORDER BY v) FROM aggr')).toBe(
      'INVALID_WITHIN_GROUP_EXPRESSION.DISTINCT_UNSUPPORTED',
    )
    expect(errorOf('SELECT percentile_cont() WITHIN GROUP (ORDER BY v) FROM aggr')).toBe(
      'WRONG_NUM_ARGS.WITHOUT_SUGGESTION',
    )
    expect(errorOf('SELECT percentile_cont(0.5) FROM aggr')).toBe(
      'INVALID_WITHIN_GROUP_EXPRESSION.WITHIN_GROUP_MISSING',
    )
    expect(errorOf('SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY k, v) FROM aggr')).toBe(
      'INVALID_WITHIN_GROUP_EXPRESSION.WRONG_NUM_ORDERINGS',
    )
  })
})
