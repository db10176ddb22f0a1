// PIVOT against DuckDB on random tables (SQL's PIVOT clause and groupBy().pivot()), Spark's column names for one and
// several aggregates, the distinct values pivot() lists without values, and Spark's errors.
import { describe, expect, it } from 'vitest'
import { avg, col, count, type DataFrame, MemoryStream, sum } from '../../src/index.js'
import { duckdbOracle, sortedTexts } from '../support/duckdb-oracle.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

type Table = (number | string | null)[][]

const SCHEMA = 'g INT, p STRING, v INT'

/** Rows (g INT, p STRING, v INT): pivot values sometimes missing from a group, and some null. */
function randomTable(random: () => number): Table {
  const n = 1 + Math.floor(random() * 25)
  const maybe = <T>(p: number, x: T) => (random() < p ? null : x)
  return Array.from({ length: n }, () => [
    Math.floor(random() * 4),
    maybe(0.1, ['x', 'y', 'z'][Math.floor(random() * 3)]!),
    maybe(0.2, Math.floor(random() * 10) - 3),
  ])
}

/** Pivots written the same in Spark SQL and DuckDB (every column the pivot does not use is a grouping column). */
const QUERIES = [
  "SELECT * FROM t PIVOT (sum(v) FOR p IN ('x', 'y', 'z'))",
  "SELECT * FROM t PIVOT (sum(v) AS s, count(v) AS c FOR p IN ('x', 'z'))",
  "SELECT * FROM (SELECT p, v FROM t) PIVOT (max(v) FOR p IN ('y', 'x'))",
  'SELECT * FROM (SELECT g, p, v FROM t) PIVOT (count(*) FOR g IN (0, 1, 2, 3))',
]

/** A DataFrame's rows as arrays in column order (a row object lists integer-like keys such as `2012` first). */
const valuesOf = (df: DataFrame) => df.collect().map((r) => df.columns.map((c) => r[c]))

const duck = duckdbOracle()

describe('PIVOT against DuckDB', () => {
  it.each(Array.from({ length: 8 }, (_, i) => i + 1))('random table, seed %i: SQL equals DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    for (const sql of QUERIES) {
      const actual = valuesOf(spark.sql(sql))
      expect(sortedTexts(actual), `${sql} (seed ${seed})`).toEqual(sortedTexts(await duck.rows(sql)))
    }
  })

  it.each([1, 2, 3])('random table, seed %i: groupBy().pivot() equals DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    const df = spark.table('t')
    const given = df.groupBy('g').pivot('p', ['x', 'y']).agg(sum('v'), avg('v'))
    expect(sortedTexts(valuesOf(given))).toEqual(
      sortedTexts(await duck.rows("SELECT * FROM t PIVOT (sum(v), avg(v) FOR p IN ('x', 'y') GROUP BY g)")),
    )
    // Without values: the distinct values (nulls first, as Spark sorts them), a null value aggregating null keys.
    const distinct = await duck.rows('SELECT DISTINCT p FROM t ORDER BY p NULLS FIRST')
    const listed = distinct.map((r) => r[0] as string | null)
    const quoted = (p: string | null) => (p === null ? 'NULL' : `'${p}'`)
    const counts = listed.map((p) => `count(*) FILTER (WHERE p IS NOT DISTINCT FROM ${quoted(p)})`).join(', ')
    const all = df.groupBy(col('g')).pivot('p').count()
    expect(all.columns).toEqual(['g', ...listed.map((p) => p ?? 'null')])
    expect(sortedTexts(valuesOf(all))).toEqual(sortedTexts(await duck.rows(`SELECT g, ${counts} FROM t GROUP BY g`)))
  })
})

describe('PIVOT as Spark names and checks it', () => {
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

  it('names one aggregate’s columns by value, several by value_aggregate, aliases winning', () => {
    expect(spark.sql("SELECT * FROM sales PIVOT (sum(earnings) FOR course IN ('dotNET', 'Java'))").columns).toEqual([
      'year',
      'dotNET',
      'Java',
    ])
    expect(
      spark.sql("SELECT * FROM sales PIVOT (sum(earnings), avg(earnings) AS a FOR course IN ('Java' AS j))").columns,
    ).toEqual(['year', 'j_sum(earnings)', 'j_a'])
    const df = spark.table('sales').groupBy('course').pivot('year', [2012, 2013]).agg(count('*').alias('n'))
    expect(df.schema.simpleString()).toBe('struct<course:string,2012:bigint,2013:bigint>')
  })

  it('gives Spark’s errors for non-aggregates, non-literal values, map columns and streams without values', () => {
    expect(() => spark.sql('SELECT * FROM sales PIVOT (abs(earnings) FOR year IN (2012))')).toThrow(
      "Aggregate expression required for pivot, but 'earnings' did not appear in any aggregate function.",
    )
    expect(() => spark.sql('SELECT * FROM sales PIVOT (sum(earnings) FOR year IN (course, 2013))')).toThrow(
      '[NON_LITERAL_PIVOT_VALUES] Literal expressions required for pivot values, found "course".',
    )
    expect(() =>
      spark.sql("SELECT * FROM (SELECT map('k', year) AS m, earnings FROM sales) PIVOT (sum(earnings) FOR m IN (1))"),
    ).toThrow('[INCOMPARABLE_PIVOT_COLUMN] Invalid pivot column `m`. Pivot columns must be comparable.')
    const stream = new MemoryStream(spark, 'k STRING, v INT').toDF()
    expect(() => stream.groupBy('k').pivot('v')).toThrow('pivot is not supported on a streaming DataFrames/Datasets')
  })
})
