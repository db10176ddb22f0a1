// GROUPING SETS / ROLLUP / CUBE, grouping() and grouping_id() against DuckDB on random tables (SQL and the DataFrame
// API), Spark's plan shape (Expand under an Aggregate keyed by spark_grouping_id), its errors, and a streaming rollup.
import { describe, expect, it } from 'vitest'
import { col, count, grouping, grouping_id, MemoryStream, type SparkSession, sum } from '../../src/index.js'
import { duckdbOracle, sortedTexts } from '../support/duckdb-oracle.js'
import { analyzedPlan } from '../support/plan-text.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

type Table = (number | string | null)[][]

const SCHEMA = 'a STRING, b INT, v INT'

/**
 * Rows (a STRING, b INT, v INT): few distinct keys, some null, so rolled-up and null keys meet. Never empty: over no
 * rows DuckDB returns the grand total of a `()` set and Spark returns nothing (tested on its own below).
 */
function randomTable(random: () => number): Table {
  const n = 1 + Math.floor(random() * 25)
  const maybe = <T>(p: number, x: T) => (random() < p ? null : x)
  return Array.from({ length: n }, () => [
    maybe(0.15, ['x', 'y', 'z'][Math.floor(random() * 3)]!),
    maybe(0.15, Math.floor(random() * 3)),
    maybe(0.2, Math.floor(random() * 10) - 3),
  ])
}

/** Queries written the same in Spark SQL and DuckDB; every grouping column is selected, so rows are comparable. */
const QUERIES = [
  'SELECT a, b, sum(v), count(*) FROM t GROUP BY ROLLUP(a, b)',
  'SELECT a, b, sum(v), grouping(a), grouping(b), grouping_id(a, b) FROM t GROUP BY CUBE(a, b)',
  'SELECT a, b, max(v) FROM t GROUP BY GROUPING SETS ((a), (b), ())',
  'SELECT a, b, count(v) FROM t GROUP BY a, ROLLUP(b)',
  'SELECT a, b, min(v), grouping_id(a, b) FROM t GROUP BY CUBE(a, b) HAVING grouping(a) = 1 OR count(*) > 1',
  'SELECT b + 1, sum(v) FROM t GROUP BY ROLLUP(b + 1)',
  'SELECT a, b, sum(v) FROM t GROUP BY GROUPING SETS ((a, b), (a, b), (a))',
]

const rowsOf = (spark: SparkSession, sql: string) =>
  spark
    .sql(sql)
    .collect()
    .map((r) => Object.values(r))

const duck = duckdbOracle()

describe('grouping analytics against DuckDB', () => {
  it.each(Array.from({ length: 10 }, (_, i) => i + 1))('random table, seed %i: SQL equals DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    for (const sql of QUERIES) {
      expect(sortedTexts(rowsOf(spark, sql)), `${sql} (seed ${seed})`).toEqual(sortedTexts(await duck.rows(sql)))
    }
  })

  it.each([1, 2, 3, 4])('random table, seed %i: df.rollup and df.cube equal DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    const df = spark.table('t')
    const rollup = df.rollup('a', 'b').agg(sum('v'), grouping_id())
    expect(sortedTexts(rollup.collect().map((r) => Object.values(r)))).toEqual(
      sortedTexts(await duck.rows('SELECT a, b, sum(v), grouping_id(a, b) FROM t GROUP BY ROLLUP(a, b)')),
    )
    const cube = df.cube(col('b'), 'a').agg(count('*'), grouping('a'), grouping(col('b')))
    expect(sortedTexts(cube.collect().map((r) => Object.values(r)))).toEqual(
      sortedTexts(await duck.rows('SELECT b, a, count(*), grouping(a), grouping(b) FROM t GROUP BY CUBE(b, a)')),
    )
  })
})

describe('grouping analytics as Spark plans and names them', () => {
  const spark = newSession()
  spark
    .createDataFrame(
      [
        ['dotNET', 2012, 10000],
        ['Java', 2012, 20000],
        ['dotNET', 2013, 48000],
      ],
      'course STRING, year INT, earnings INT',
    )
    .createOrReplaceTempView('sales')

  it('plans an Expand of one projection per grouping set under an Aggregate keyed by spark_grouping_id', () => {
    const plan = analyzedPlan(spark.sql('SELECT course, year, sum(earnings) FROM sales GROUP BY ROLLUP(course, year)'))
    const lines = plan.split('\n').map((l) => l.replace(/#xL?/g, ''))
    expect(lines).toContain(
      'Aggregate [course, year, spark_grouping_id], [course, year, sum(earnings) AS sum(earnings)]',
    )
    expect(lines).toContain(
      '+- Expand [[course, year, earnings, course, year, 0], [course, year, earnings, course, null, 1], [course, year, earnings, null, null, 3]], [course, year, earnings, course, year, spark_grouping_id]',
    )
    expect(lines).toContain('   +- Project [course, year, earnings, course AS course, year AS year]')
  })

  it('names grouping columns, grouping() and grouping_id() as Spark does, with their types', () => {
    const df = spark.sql(
      'SELECT course, year, grouping(course), grouping_id(course, year), grouping__id FROM sales GROUP BY CUBE(course, year)',
    )
    expect(df.schema.simpleString()).toBe(
      'struct<course:string,year:int,grouping(course):tinyint,grouping_id(course, year):bigint,grouping__id:bigint>',
    )
  })

  it('returns no rows over no rows, even for the grand total (Spark aggregates by keys and grouping id)', () => {
    const empty = spark.sql('SELECT course, sum(earnings) FROM sales WHERE year < 0 GROUP BY ROLLUP(course)')
    expect(empty.collect()).toEqual([])
  })

  it('gives Spark’s errors for grouping functions outside grouping analytics and for mismatched columns', () => {
    const unsupported =
      '[UNSUPPORTED_GROUPING_EXPRESSION] grouping()/grouping_id() can only be used with GroupingSets/Cube/Rollup.'
    expect(() => spark.sql('SELECT course, grouping(course) FROM sales GROUP BY course')).toThrow(unsupported)
    expect(() => spark.sql('SELECT course FROM sales GROUP BY course HAVING grouping(course) = 0')).toThrow(unsupported)
    expect(() => spark.sql('SELECT course FROM sales GROUP BY course ORDER BY grouping(course)')).toThrow(unsupported)
    expect(() => spark.sql('SELECT grouping_id(year, course) FROM sales GROUP BY CUBE(course, year)')).toThrow(
      '[GROUPING_ID_COLUMN_MISMATCH] Columns of grouping_id (year,course) does not match grouping columns (course,year).',
    )
    expect(() => spark.sql('SELECT grouping(earnings) FROM sales GROUP BY ROLLUP(course)')).toThrow(
      "[GROUPING_COLUMN_MISMATCH] Column of grouping (earnings) can't be found in grouping columns course.",
    )
  })
})

describe('grouping analytics over a stream', () => {
  it('keeps a rollup’s subtotals and grand total up to date in complete mode', async () => {
    const spark = newSession({ 'spark.sql.shuffle.partitions': '2' })
    const input = new MemoryStream(spark, 'k STRING, v INT')
    const query = input
      .toDF()
      .rollup('k')
      .agg(sum('v').alias('s'))
      .writeStream.outputMode('complete')
      .format('memory')
      .queryName('rolled')
      .start()
    input.addData([
      ['a', 1],
      ['b', 2],
      ['a', 3],
    ])
    await query.processAllAvailable()
    input.addData([['b', 10]])
    await query.processAllAvailable()
    const rows = spark.table('rolled').collect()
    await query.stop()
    expect(rows.map((r) => `${r.k}=${r.s}`).sort()).toEqual(['a=4', 'b=12', 'null=16'])
  })
})
