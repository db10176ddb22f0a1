// DISTINCT aggregates in batch queries: each distinct argument tuple counted once, NULL arguments skipped.
import { describe, expect, it } from 'vitest'
import { col, countDistinct, struct } from '../../src/index.js'
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
})
