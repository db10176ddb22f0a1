// Aggregates with FILTER clauses against DuckDB: random tables with NULL keys, values and conditions, aggregated with
// filtered plain and DISTINCT calls (the aggregate reads only the rows whose condition holds), through Spark SQL and
// the DataFrame API's `count(when(c, x))`; each answer must be DuckDB's as a multiset of rows.
import { describe, expect, it } from 'vitest'
import { col, count, countDistinct, type Row, sum, when } from '../../src/index.js'
import { duckdbOracle } from '../support/duckdb-oracle.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

const SCHEMA = 'k INT, x BIGINT, y INT, s STRING'

/** Rows (k, x, y, s): few keys, repeating values, NULLs everywhere; sometimes no rows at all. */
function randomTable(random: () => number): (number | string | null)[][] {
  const n = random() < 0.1 ? 0 : 1 + Math.floor(random() * 40)
  const maybe = <T>(v: T) => (random() < 0.2 ? null : v)
  return Array.from({ length: n }, () => [
    maybe(Math.floor(random() * 3)),
    maybe(Math.floor(random() * 6) - 2),
    maybe(Math.floor(random() * 10)),
    maybe(['a', 'b', 'é', ''][Math.floor(random() * 4)]!),
  ])
}

/** Each call in Spark SQL, or [Spark SQL, DuckDB's dialect] where they differ. */
const CALLS: readonly (string | readonly [string, string])[] = [
  'count(*) FILTER (WHERE y < 5)',
  'count(x) FILTER (WHERE y >= 5)',
  'count(DISTINCT x) FILTER (WHERE y < 5)',
  'count(DISTINCT x) FILTER (WHERE y >= 5)',
  // DuckDB counts distinct tuples as a struct (never NULL): the NULL-skipping of Spark's count written out.
  [
    'count(DISTINCT x, s) FILTER (WHERE y < 5)',
    'count(DISTINCT (x, s)) FILTER (WHERE y < 5 AND x IS NOT NULL AND s IS NOT NULL)',
  ],
  'count(DISTINCT s) FILTER (WHERE x > 0)',
  // DuckDB's count takes one argument: Spark's count(x, s) skips a row when either is NULL.
  ['count(x, s) FILTER (WHERE y < 5)', 'count(*) FILTER (WHERE y < 5 AND x IS NOT NULL AND s IS NOT NULL)'],
  "sum(x) FILTER (WHERE s = 'a')",
  'sum(DISTINCT x) FILTER (WHERE y < 5)',
  'min(s) FILTER (WHERE x > 0)',
  'max(y) FILTER (WHERE y > 100)',
  'avg(y) FILTER (WHERE x IS NULL)',
  'count(*) FILTER (WHERE false)',
  'count(*) FILTER (WHERE true)',
  'count(DISTINCT x)',
  'count(*)',
]

const text = (values: readonly unknown[]) =>
  JSON.stringify(values.map((v) => (v === undefined ? null : typeof v === 'bigint' ? Number(v) : v)))
const sortedTexts = (rows: readonly (readonly unknown[])[]) => rows.map(text).sort()
const values = (rows: readonly Row[]) => rows.map((r) => Object.values(r))

const duck = duckdbOracle()

describe('aggregates with FILTER clauses against DuckDB', () => {
  const seeds = Array.from({ length: 16 }, (_, i) => i + 1)

  it.each(seeds)('random table, seed %i: grouped and global filtered aggregates equal DuckDB', async (seed) => {
    const random = seededRandom(seed)
    const spark = newSession()
    await duck.load(spark, 't', SCHEMA, randomTable(random))
    const list = CALLS.map((c, i) => `${typeof c === 'string' ? c : c[0]} AS a${i}`).join(', ')
    // DuckDB's avg and sum of a BIGINT are DOUBLE / HUGEINT: cast to what Spark answers before comparing.
    const duckList = CALLS.map((call) => (typeof call === 'string' ? call : call[1]))
      .map((c, i) =>
        c.startsWith('avg')
          ? `CAST(${c} AS DOUBLE) AS a${i}`
          : c.startsWith('sum')
            ? `CAST(${c} AS BIGINT) AS a${i}`
            : `${c} AS a${i}`,
      )
      .join(', ')
    for (const [sparkSql, duckSql] of [
      [`SELECT k, ${list} FROM t GROUP BY k`, `SELECT k, ${duckList} FROM t GROUP BY k`],
      [`SELECT ${list} FROM t`, `SELECT ${duckList} FROM t`],
    ] as const) {
      const expected = sortedTexts(await duck.rows(duckSql))
      expect(sortedTexts(values(spark.sql(sparkSql).collect())), `${sparkSql} (seed ${seed})`).toEqual(expected)
    }
  })

  it.each(seeds)(
    'random table, seed %i: count(when(c, x)) and countDistinct(when(c, x)) equal FILTER',
    async (seed) => {
      const random = seededRandom(seed)
      const spark = newSession()
      const t = await duck.load(spark, 't', SCHEMA, randomTable(random))
      const y = col('y')
      const frame = t.groupBy(col('k')).agg(
        count(when(y.lt(5), 1)),
        countDistinct(when(y.lt(5), col('x'))),
        countDistinct(when(y.lt(5), col('x')), col('s')),
        // Not a count: sum over CASE keeps its NULLs (no row selection), the same answer either way.
        sum(when(y.lt(5), col('x'))),
      )
      const expected = sortedTexts(
        await duck.rows(
          'SELECT k, count(*) FILTER (WHERE y < 5), count(DISTINCT x) FILTER (WHERE y < 5), ' +
            'count(DISTINCT (x, s)) FILTER (WHERE y < 5 AND x IS NOT NULL AND s IS NOT NULL), ' +
            'CAST(sum(x) FILTER (WHERE y < 5) AS BIGINT) FROM t GROUP BY k',
        ),
      )
      expect(sortedTexts(values(frame.collect())), `seed ${seed}`).toEqual(expected)
    },
  )
})
