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
})
