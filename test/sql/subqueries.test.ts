// Subqueries in expressions: scalar subqueries as values, IN / NOT IN / EXISTS / NOT EXISTS as semi and anti joins.
// Expected rows follow Spark's rules and were checked against DuckDB (same SQL, same data).
import { describe, expect, it } from 'vitest'
import { AnalysisException, MemoryStream, SparkRuntimeException } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
spark.sql("CREATE OR REPLACE TEMPORARY VIEW t1 AS VALUES (1, 'a'), (2, 'b'), (NULL, 'c'), (4, 'd') t1(x, s)")
spark.sql("CREATE OR REPLACE TEMPORARY VIEW t2 AS VALUES (1, 'a'), (3, 'b'), (4, 'z') t2(y, s)")
spark.sql('CREATE OR REPLACE TEMPORARY VIEW t3 AS VALUES (1), (NULL) t3(z)')
const rows = (sql: string) => spark.sql(sql).collect()
const column = (sql: string) => rows(sql).map((r) => Object.values(r)[0])

describe('scalar subqueries', () => {
  it('an uncorrelated subquery is a value: NULL when it returns no row, named scalarsubquery()', () => {
    const df = spark.sql('SELECT (SELECT max(y) FROM t2), (SELECT max(y) FROM t2 WHERE y > 10) AS b, (SELECT 1) + 1')
    expect(df.columns).toEqual(['scalarsubquery()', 'b', '(scalarsubquery() + 1)'])
    expect(df.collect()).toEqual([{ 'scalarsubquery()': 4, b: null, '(scalarsubquery() + 1)': 2 }])
  })

  it('filters by a value computed once', () => {
    expect(column("SELECT s FROM t1 WHERE x > (SELECT min(y) FROM t2) AND s <> 'd' ORDER BY s")).toEqual(['b'])
  })

  it('more than one row or more than one column is Spark’s error', () => {
    expect(() => rows('SELECT (SELECT y FROM t2)')).toThrow(SparkRuntimeException)
    expect(() => rows('SELECT (SELECT y FROM t2)')).toThrow('[SCALAR_SUBQUERY_TOO_MANY_ROWS]')
    expect(() => rows('SELECT (SELECT y, s FROM t2)')).toThrow(
      '[INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN]',
    )
  })
})

describe('correlated scalar subqueries in the select list', () => {
  spark.sql('CREATE OR REPLACE TEMPORARY VIEW c1 AS VALUES (0, 1), (1, 2), (2, 5) c1(k, v)')
  spark.sql('CREATE OR REPLACE TEMPORARY VIEW c2 AS VALUES (0, 2), (0, 3), (2, NULL) c2(k, v)')
  const sorted = (sql: string) => rows(sql).sort((a, b) => (a.k as number) - (b.k as number))

  it('an aggregate per outer row, NULL where no row correlates, named scalarsubquery(outer columns)', () => {
    const df = spark.sql('SELECT k, (SELECT sum(v) FROM c2 WHERE c2.k = c1.k) FROM c1')
    expect(df.columns).toEqual(['k', 'scalarsubquery(k)'])
    expect(sorted('SELECT k, (SELECT sum(v) FROM c2 WHERE c2.k = c1.k) AS s FROM c1')).toEqual([
      { k: 0, s: 5 },
      { k: 1, s: null },
      { k: 2, s: null },
    ])
  })

  it('count over no correlated rows is 0, not NULL (Spark’s count-bug fix); * does not show the joined columns', () => {
    expect(sorted('SELECT k, (SELECT count(*) FROM c2 WHERE c2.k = c1.k) AS n FROM c1')).toEqual([
      { k: 0, n: 2 },
      { k: 1, n: 0 },
      { k: 2, n: 1 },
    ])
    expect(sorted('SELECT *, (SELECT max(v) FROM c2 WHERE c2.k = c1.k AND v > 2) AS m FROM c1')).toEqual([
      { k: 0, v: 1, m: 3 },
      { k: 1, v: 2, m: null },
      { k: 2, v: 5, m: null },
    ])
  })

  it('a correlation that is not an equality is a clear AnalysisException', () => {
    expect(() => rows('SELECT k, (SELECT sum(v) FROM c2 WHERE c2.k < c1.k) FROM c1')).toThrow(AnalysisException)
  })
})

describe('IN and NOT IN subqueries', () => {
  it('IN keeps rows whose value the subquery returns', () => {
    expect(column('SELECT x FROM t1 WHERE x IN (SELECT y FROM t2) ORDER BY x')).toEqual([1, 4])
  })

  it('NOT IN is null-aware: a NULL in the subquery drops every row; an empty subquery keeps every row', () => {
    expect(column('SELECT x FROM t1 WHERE x NOT IN (SELECT y FROM t2) ORDER BY x')).toEqual([2])
    expect(column('SELECT x FROM t1 WHERE x NOT IN (SELECT z FROM t3)')).toEqual([])
    expect(column('SELECT s FROM t1 WHERE x NOT IN (SELECT z FROM t3 WHERE false) ORDER BY s')).toEqual([
      'a',
      'b',
      'c',
      'd',
    ])
  })

  it('correlated: the subquery’s conjuncts on outer columns join with the IN equality', () => {
    expect(column('SELECT x FROM t1 WHERE x IN (SELECT y FROM t2 WHERE t2.s = t1.s)')).toEqual([1])
    expect(column('SELECT s FROM t1 WHERE x NOT IN (SELECT y FROM t2 WHERE y > x) ORDER BY s')).toEqual([
      'a',
      'b',
      'c',
      'd',
    ])
  })

  it('a subquery of two columns is Spark’s column-count mismatch', () => {
    expect(() => rows('SELECT x FROM t1 WHERE x IN (SELECT y, s FROM t2)')).toThrow(
      'DATATYPE_MISMATCH.INVALID_IN_SUBQUERY_NUMBER_OF_COLUMNS',
    )
  })
})

describe('EXISTS and NOT EXISTS', () => {
  it('correlated by equality, among other conjuncts', () => {
    expect(column('SELECT x FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE t2.s = t1.s) ORDER BY x')).toEqual([1, 2])
    expect(column('SELECT s FROM t1 WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.s = t1.s) ORDER BY s')).toEqual([
      'c',
      'd',
    ])
    expect(column('SELECT x FROM t1 WHERE NOT EXISTS (SELECT 1 FROM t2 WHERE t2.s = t1.s) AND x > 0')).toEqual([4])
  })

  it('uncorrelated: all rows or none', () => {
    expect(column('SELECT s FROM t1 WHERE EXISTS (SELECT 1 FROM t2) ORDER BY s')).toEqual(['a', 'b', 'c', 'd'])
    expect(column('SELECT s FROM t1 WHERE EXISTS (SELECT 1 FROM t2 WHERE y > 100)')).toEqual([])
  })

  it('outside a WHERE clause’s conjuncts it is a clear AnalysisException', () => {
    expect(() => rows('SELECT EXISTS (SELECT 1 FROM t2) FROM t1')).toThrow(AnalysisException)
  })
})

describe('streaming', () => {
  it('a subquery over a stream is refused', () => {
    new MemoryStream(spark, 'k INT').toDF().createOrReplaceTempView('events')
    expect(() => spark.sql('SELECT (SELECT max(k) FROM events)')).toThrow(AnalysisException)
    expect(() => spark.sql('SELECT x FROM t1 WHERE x IN (SELECT k FROM events)')).toThrow(AnalysisException)
  })
})
