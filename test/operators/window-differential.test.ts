// Window functions against DuckDB: random tables with null and repeated partition and order keys, every ranking,
// offset and aggregate function over default, ROWS and RANGE frames, through Spark SQL and the DataFrame API; each
// answer must be DuckDB's (orderings spell NULLS FIRST/LAST, whose defaults differ between the two).
import { describe, expect, it } from 'vitest'
import { avg, col, count, dense_rank, lag, lead, max, row_number, sum, Window } from '../../src/index.js'
import { duckdbOracle, plainValue, sortedTexts } from '../support/duckdb-oracle.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

type Table = (number | null)[][]

const SCHEMA = 'id INT, k INT, o INT, v INT'

/** Rows (id INT unique, k INT partition key, o INT order key, v INT): keys repeat and are sometimes null. */
function randomTable(random: () => number): Table {
  const n = random() < 0.1 ? 0 : 1 + Math.floor(random() * 20)
  const maybe = (p: number, x: number) => (random() < p ? null : x)
  return Array.from({ length: n }, (_, id) => [
    id,
    maybe(0.15, Math.floor(random() * 3)),
    maybe(0.2, Math.floor(random() * 6)),
    maybe(0.25, Math.floor(random() * 10) - 3),
  ])
}

/** Window expressions written the same in both dialects. */
const EXPRESSIONS = [
  'row_number() OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST, id)',
  'rank() OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST)',
  'dense_rank() OVER (PARTITION BY k ORDER BY o DESC NULLS LAST)',
  'percent_rank() OVER (PARTITION BY k ORDER BY o ASC NULLS LAST)',
  'cume_dist() OVER (PARTITION BY k ORDER BY o DESC NULLS FIRST)',
  'ntile(3) OVER (PARTITION BY k ORDER BY id)',
  'lag(v, 2, -1) OVER (PARTITION BY k ORDER BY id)',
  'lead(v) OVER (ORDER BY id)',
  'sum(v) OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST)',
  'count(v) OVER (PARTITION BY k)',
  'count(1) OVER ()',
  'sum(v) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING)',
  'avg(v) OVER (ORDER BY id ROWS BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING)',
  'min(v) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 2 PRECEDING)',
  'max(v) OVER (ORDER BY o ASC NULLS FIRST RANGE BETWEEN 2 PRECEDING AND 1 FOLLOWING)',
  'sum(v) OVER (PARTITION BY k ORDER BY o DESC NULLS LAST RANGE BETWEEN 1 PRECEDING AND CURRENT ROW)',
  'count(v) OVER (ORDER BY o ASC NULLS LAST RANGE BETWEEN CURRENT ROW AND 2 FOLLOWING)',
  'sum(v) OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST RANGE BETWEEN UNBOUNDED PRECEDING AND 1 FOLLOWING)',
  'first_value(v) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING)',
  'last_value(v) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN 1 PRECEDING AND 2 FOLLOWING)',
  'nth_value(v, 2) OVER (PARTITION BY k ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)',
]

/** One form for both engines' values: bigints as numbers, doubles to 9 significant digits. */
const normalize = (v: unknown): unknown => {
  const plain = plainValue(v)
  return typeof plain === 'number' && !Number.isInteger(plain) ? Number(plain.toPrecision(9)) : plain
}
const byId = (rows: readonly (readonly unknown[])[]) =>
  rows.map((r) => r.map(normalize)).sort((a, b) => (a[0] as number) - (b[0] as number))

const duck = duckdbOracle()

describe('window functions against DuckDB', () => {
  const seeds = Array.from({ length: 12 }, (_, i) => i + 1)

  it.each(seeds)('random table, seed %i: every function and frame equals DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    for (const e of EXPRESSIONS) {
      const sql = `SELECT id, ${e} AS w FROM t`
      const actual = byId(
        spark
          .sql(sql)
          .collect()
          .map((r) => Object.values(r)),
      )
      expect(actual, `${e} (seed ${seed})`).toEqual(byId(await duck.rows(sql)))
    }
  })

  it.each(seeds.slice(0, 6))('random table, seed %i: windows over an aggregation equal DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    const texts = (rows: readonly (readonly unknown[])[]) => sortedTexts(rows, normalize)
    for (const sql of [
      'SELECT k, sum(v) AS s, rank() OVER (ORDER BY sum(v) DESC NULLS LAST) AS r FROM t GROUP BY k',
      'SELECT k, count(*) AS c, sum(count(*)) OVER (ORDER BY k ASC NULLS FIRST) AS running FROM t GROUP BY k',
      'SELECT k, max(o) - lag(max(o)) OVER (ORDER BY k ASC NULLS LAST) AS step FROM t GROUP BY k HAVING count(v) > 0',
    ]) {
      const actual = texts(
        spark
          .sql(sql)
          .collect()
          .map((r) => Object.values(r)),
      )
      expect(actual, `${sql} (seed ${seed})`).toEqual(texts(await duck.rows(sql)))
    }
  })

  it.each(seeds.slice(0, 4))(
    'random tables, seed %i: input in several batches (UNION ALL) carries every column in sorted order',
    async (seed) => {
      const spark = newSession()
      const random = seededRandom(seed)
      for (const t of ['t1', 't2', 't3']) await duck.load(spark, t, SCHEMA, randomTable(random))
      const union = [1, 2, 3].map((p) => `SELECT id + ${p * 100} AS id, k, o, v, 's' || v AS s FROM t${p}`)
      const sql = `SELECT id, s, v, row_number() OVER (PARTITION BY k ORDER BY o DESC NULLS LAST, id) AS rn,
          sum(v) OVER (PARTITION BY s ORDER BY id) AS total
        FROM (${union.join(' UNION ALL ')})`
      const actual = byId(
        spark
          .sql(sql)
          .collect()
          .map((r) => Object.values(r)),
      )
      expect(actual).toEqual(byId(await duck.rows(sql)))
    },
  )

  it('refuses window functions in WHERE and inside aggregate functions', () => {
    const spark = newSession()
    spark.createDataFrame([[1, 2]], 'id INT, v INT').createOrReplaceTempView('w')
    expect(() => spark.sql('SELECT id FROM w WHERE row_number() OVER (ORDER BY id) = 1')).toThrow(
      'It is not allowed to use window functions inside WHERE clause.',
    )
    expect(() => spark.sql('SELECT sum(row_number() OVER (ORDER BY id)) FROM w')).toThrow(
      'It is not allowed to use a window function inside an aggregate function. Please use the inner window function in a sub-query.',
    )
    expect(() => spark.sql('SELECT row_number() FROM w')).toThrow(
      '[WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE] Window function "row_number()" requires an OVER clause.',
    )
    expect(() =>
      spark.sql('SELECT sum(v) OVER (PARTITION BY id RANGE BETWEEN 1 PRECEDING AND CURRENT ROW) FROM w'),
    ).toThrow('A range window frame cannot be used in an unordered window specification.')
  })

  it.each(seeds.slice(0, 6))('random table, seed %i: the DataFrame API equals DuckDB', async (seed) => {
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(seededRandom(seed)))
    const byK = Window.partitionBy('k').orderBy(col('o').asc_nulls_first(), 'id')
    const df = spark.table('t').select(
      'id',
      row_number().over(byK).alias('rn'),
      dense_rank()
        .over(Window.partitionBy('k').orderBy(col('o').desc_nulls_last()))
        .alias('dr'),
      lag('v', 1, 0).over(byK).alias('prev'),
      lead(col('v'), 2).over(Window.orderBy('id')).alias('next2'),
      sum('v').over(byK.rowsBetween(-1, Window.currentRow)).alias('pair'),
      count('v').over(Window.partitionBy('k')).alias('n'),
      avg('v').over(Window.orderBy('id').rowsBetween(Window.unboundedPreceding, Window.unboundedFollowing)).alias('a'),
      max('v')
        .over(Window.orderBy(col('o').asc_nulls_first()).rangeBetween(-1, 1))
        .alias('m'),
    )
    const expected = await duck.rows(`SELECT id,
        row_number() OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST, id),
        dense_rank() OVER (PARTITION BY k ORDER BY o DESC NULLS LAST),
        lag(v, 1, 0) OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST, id),
        lead(v, 2) OVER (ORDER BY id),
        sum(v) OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST, id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW),
        count(v) OVER (PARTITION BY k),
        avg(v) OVER (),
        max(v) OVER (ORDER BY o ASC NULLS FIRST RANGE BETWEEN 1 PRECEDING AND 1 FOLLOWING)
      FROM t`)
    expect(byId(df.collect().map((r) => Object.values(r)))).toEqual(byId(expected))
  })
})
