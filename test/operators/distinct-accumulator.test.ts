// DISTINCT aggregates in batch queries: each distinct argument tuple counted once, NULL arguments skipped.
import { describe, expect, it } from 'vitest'
import { col, countDistinct, session_window, struct } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const testData = spark.sql(
  'SELECT * FROM VALUES (1, 1), (1, 2), (2, 1), (1, 1), (null, 2), (1, null), (null, null) AS testData(a, b)',
)
testData.createOrReplaceTempView('testData')

describe('count(DISTINCT ...)', () => {
  it('counts distinct structs, NULL literals and tuples (count.sql.out)', () => {
    const df = spark.sql(
      'SELECT count(DISTINCT 1), count(DISTINCT null), count(DISTINCT a), count(DISTINCT b), ' +
        'count(DISTINCT (a + b)), count(DISTINCT (a, b)) FROM testData',
    )
    expect(df.columns).toEqual([
      'count(DISTINCT 1)',
      'count(DISTINCT NULL)',
      'count(DISTINCT a)',
      'count(DISTINCT b)',
      'count(DISTINCT (a + b))',
      'count(DISTINCT named_struct(a, a, b, b))',
    ])
    // Tuples: (1,1) (1,2) (2,1) (null,2) (1,null) (null,null) — a struct with NULL fields is itself not NULL.
    expect(Object.values(df.collect()[0]!)).toEqual([1, 0, 2, 2, 2, 6])
  })

  it('counts rows whose arguments are all non-null when given several columns', () => {
    expect(testData.agg(countDistinct(col('a'), col('b'))).collect()).toEqual([{ 'count(DISTINCT a, b)': 3 }])
    expect(testData.agg(countDistinct(struct('a', 'b'))).collect()).toEqual([{ 'count(DISTINCT struct(a, b))': 6 }])
  })

  it('tells apart BIGINTs past 2^53 that share a double, and counts -0.0 as 0.0 and every NaN as one value', () => {
    const longs = spark.sql(
      'SELECT count(DISTINCT x) AS n, sum(DISTINCT y) AS s FROM VALUES ' +
        '(9007199254740993L, 1), (9007199254740992L, 1), (9007199254740993L, 2), (null, null) AS t(x, y)',
    )
    expect(longs.collect()).toEqual([{ n: 2, s: 3 }])
    const doubles = spark.sql(
      "SELECT count(DISTINCT d) AS n FROM VALUES (0.0D), (-0.0D), (CAST('NaN' AS DOUBLE)), (CAST('NaN' AS DOUBLE)), " +
        '(1.5D), (null) AS t(d)',
    )
    expect(doubles.collect()).toEqual([{ n: 3 }])
  })

  it('counts each value once per group, and once across groups merged into one (session windows)', () => {
    const events = spark.createDataFrame(
      [0, 2, 20, 21, 9, 4, 5].map((s, i) => ({ t: new Date(s * 1000), x: [1, 1, 2, null, 2, null, 3][i] })),
      't TIMESTAMP, x BIGINT',
    )
    // Gaps of 5 s: 0, 2, 4, 5, 9 make one session [0 s, 14 s) with x in {1, 2, 3}; 20, 21 make [20 s, 26 s) with {2}.
    const sessions = events
      .groupBy(session_window(col('t'), '5 seconds'))
      .agg(countDistinct(col('x')).alias('n'))
      .collect()
      .map((r) => [(r.session_window as { start: Date }).start.getTime() / 1000, r.n])
    expect(sessions.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
      [0, 3],
      [20, 1],
    ])
    const grouped = spark.sql('SELECT a, count(DISTINCT b) AS n FROM testData GROUP BY a ORDER BY a').collect()
    expect(grouped).toEqual([
      { a: null, n: 1 },
      { a: 1, n: 2 },
      { a: 2, n: 1 },
    ])
  })
})
