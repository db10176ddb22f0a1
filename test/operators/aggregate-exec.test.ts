// AggregateExec in batch queries: a global aggregate always answers one row, grouped ones one row per group.
import { describe, expect, it } from 'vitest'
import { avg, col, collect_list, count, lit, max, sum } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const numbers = spark.sql('SELECT * FROM VALUES (1, 10), (2, 20), (3, NULL) AS t(k, v)')

describe('global aggregates over empty input (batch)', () => {
  it('answer one row: count 0, the others NULL or empty (group-by.sql.out)', () => {
    expect(spark.sql('SELECT count(1) FROM VALUES (1) AS t(a) WHERE false').collect()).toEqual([{ 'count(1)': 0 }])
    expect(
      numbers.filter(col('k').gt(5)).agg(count('*'), sum('v'), avg('v'), max('k'), collect_list('v')).collect(),
    ).toEqual([{ 'count(1)': 0, 'sum(v)': null, 'avg(v)': null, 'max(k)': null, 'collect_list(v)': [] }])
  })

  it('feed that row to the plan above them', () => {
    expect(spark.sql('SELECT 1 AS one FROM (SELECT count(1) FROM VALUES (1) AS t(a) WHERE false) s').collect()).toEqual(
      [{ one: 1 }],
    )
    expect(numbers.filter(lit(false)).agg(count('k').alias('n')).filter(col('n').eqNullSafe(0)).count()).toBe(1)
  })

  it('while a grouped aggregate over empty input answers no rows', () => {
    expect(spark.sql('SELECT k, count(1) FROM VALUES (1) AS t(k) WHERE false GROUP BY k').collect()).toEqual([])
  })
})
