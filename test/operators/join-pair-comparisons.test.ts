// Join conditions whose comparisons run over the candidate pairs in place (operators/pair-comparisons.ts) against
// DuckDB: BIGINT values past 2^53 that share a double, NULLs in the compared columns, NaN and -0.0, constants on
// either side of a comparison, a conjunct that is not a comparison beside them, empty sides, and every join type
// that keeps unmatched rows. Rows are compared as multisets of (l.id, r.id).
import { describe, expect, it } from 'vitest'
import type { Row } from '../../src/index.js'
import { duckdbOracle, type Literal, sortedTexts } from '../support/duckdb-oracle.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

const TWO_53 = 2n ** 53n
/** BIGINT values: small ones, and neighbours past 2^53 (and below -2^53) whose doubles are equal. */
const LONGS: readonly Literal[] = [
  -3,
  0,
  4,
  9,
  TWO_53,
  TWO_53 + 1n,
  TWO_53 + 2n,
  2n ** 60n + 1n,
  2n ** 60n + 3n,
  -(2n ** 60n) - 1n,
  -(2n ** 60n) - 2n,
  null,
]
const DOUBLES: readonly Literal[] = [-2, -0, 0, 1.5, Number.NaN, Number.POSITIVE_INFINITY, null]

const L_SCHEMA = 'id INT, k INT, a BIGINT, b BIGINT, x DOUBLE'
const R_SCHEMA = 'id INT, k INT, t BIGINT, y DOUBLE'

/** Rows (id, k, ...columns): k in 0..2 or NULL, or with `uniqueKeys` k = id (a primary key: one row per key). */
function randomRows(random: () => number, columns: readonly (readonly Literal[])[], uniqueKeys = false): Literal[][] {
  const n = random() < 0.15 ? 0 : 1 + Math.floor(random() * 14)
  const pick = (values: readonly Literal[]) => values[Math.floor(random() * values.length)]!
  const key = (id: number) => (uniqueKeys ? id : random() < 0.15 ? null : Math.floor(random() * 3))
  return Array.from({ length: n }, (_, id) => [id, key(id), ...columns.map(pick)])
}

/** Conditions in Spark SQL; DuckDB reads each as it is. */
const CONDITIONS = [
  'l.k = r.k AND r.t BETWEEN l.a AND l.b',
  'l.k = r.k AND l.a < r.t AND l.x >= r.y',
  'l.k = r.k AND r.t > 5 AND 3 <= l.a AND l.x > -1',
  'l.k = r.k AND r.y = 0 AND l.b >= r.t',
  'l.k = r.k AND l.a <= r.t AND l.id + r.id <> 3',
  'l.k = r.k AND l.x <= r.y AND r.y < 1e300',
  'r.t BETWEEN l.a AND l.b',
  'l.a > r.t OR l.x < r.y',
] as const

const JOINS = [
  { spark: 'JOIN', duck: 'JOIN' },
  { spark: 'LEFT JOIN', duck: 'LEFT JOIN' },
  { spark: 'RIGHT JOIN', duck: 'RIGHT JOIN' },
  { spark: 'FULL OUTER JOIN', duck: 'FULL OUTER JOIN' },
  { spark: 'LEFT SEMI JOIN', duck: 'SEMI JOIN' },
  { spark: 'LEFT ANTI JOIN', duck: 'ANTI JOIN' },
] as const

const duck = duckdbOracle()
const values = (rows: readonly Row[]) => rows.map((r) => Object.values(r))

describe('join conditions compared over pairs in place, against DuckDB', () => {
  // Seeds past 16: one side's keys unique (each build group one row), the other's repeated.
  it.each(Array.from({ length: 24 }, (_, i) => i + 1))('random tables, seed %i', async (seed) => {
    const random = seededRandom(seed)
    const spark = newSession()
    const unique = seed > 16 ? (seed % 2 === 0 ? 'l' : 'r') : undefined
    await duck.load(spark, 'l', L_SCHEMA, randomRows(random, [LONGS, LONGS, DOUBLES], unique === 'l'))
    await duck.load(spark, 'r', R_SCHEMA, randomRows(random, [LONGS, DOUBLES], unique === 'r'))
    for (const join of JOINS) {
      const semi = join.spark.includes('SEMI') || join.spark.includes('ANTI')
      const columns = semi ? 'l.id' : 'l.id, r.id AS rid'
      for (const condition of CONDITIONS) {
        const expected = sortedTexts(await duck.rows(`SELECT ${columns} FROM l ${join.duck} r ON ${condition}`))
        const sql = `SELECT ${columns} FROM l ${join.spark} r ON ${condition}`
        expect(sortedTexts(values(spark.sql(sql).collect())), `${sql} (seed ${seed})`).toEqual(expected)
      }
    }
  })

  it('BIGINT values past 2^53 whose doubles are equal compare exactly', async () => {
    const spark = newSession()
    // 2^53 + 1 and 2^53 + 2 are distinct, but both read as the double 2^53 + 2 (ties to even).
    spark
      .createDataFrame(
        [
          [1, 1, TWO_53 + 1n],
          [2, 1, TWO_53 + 2n],
        ],
        'id INT, k INT, a BIGINT',
      )
      .createOrReplaceTempView('l')
    spark
      .createDataFrame(
        [
          [10, 1, TWO_53 + 1n],
          [20, 1, TWO_53 + 2n],
        ],
        'id INT, k INT, t BIGINT',
      )
      .createOrReplaceTempView('r')
    const pairs = (condition: string) =>
      sortedTexts(values(spark.sql(`SELECT l.id, r.id AS rid FROM l JOIN r ON l.k = r.k AND ${condition}`).collect()))
    expect(pairs('l.a < r.t')).toEqual(sortedTexts([[1, 20]]))
    expect(pairs('l.a <= r.t')).toEqual(
      sortedTexts([
        [1, 10],
        [1, 20],
        [2, 20],
      ]),
    )
    expect(pairs('l.a >= r.t')).toEqual(
      sortedTexts([
        [1, 10],
        [2, 10],
        [2, 20],
      ]),
    )
    expect(pairs('l.a > r.t')).toEqual(sortedTexts([[2, 10]]))
    expect(pairs(`r.t = ${TWO_53 + 1n}`)).toEqual(
      sortedTexts([
        [1, 10],
        [2, 10],
      ]),
    )
    expect(pairs(`${TWO_53 + 1n} < l.a`)).toEqual(
      sortedTexts([
        [2, 10],
        [2, 20],
      ]),
    )
  })

  it('a NULL in a compared column matches nothing; outer joins keep such rows with NULLs', () => {
    const spark = newSession()
    spark
      .createDataFrame(
        [
          [1, 1, 0, 10],
          [2, 1, null, 10],
          [3, 1, 0, null],
        ],
        'id INT, k INT, a BIGINT, b BIGINT',
      )
      .createOrReplaceTempView('l')
    spark
      .createDataFrame(
        [
          [10, 1, 5],
          [20, 1, null],
        ],
        'id INT, k INT, t BIGINT',
      )
      .createOrReplaceTempView('r')
    const rows = (join: string) =>
      sortedTexts(
        values(
          spark.sql(`SELECT l.id, r.id AS rid FROM l ${join} r ON l.k = r.k AND r.t BETWEEN l.a AND l.b`).collect(),
        ),
      )
    expect(rows('JOIN')).toEqual(sortedTexts([[1, 10]]))
    expect(rows('LEFT JOIN')).toEqual(
      sortedTexts([
        [1, 10],
        [2, null],
        [3, null],
      ]),
    )
    expect(rows('RIGHT JOIN')).toEqual(
      sortedTexts([
        [1, 10],
        [null, 20],
      ]),
    )
    expect(rows('FULL OUTER JOIN')).toEqual(
      sortedTexts([
        [1, 10],
        [2, null],
        [3, null],
        [null, 20],
      ]),
    )
  })
  it('pairs past one chunk (600 × 600 rows of one key): every chunk keeps its comparisons and unmatched rows', () => {
    const spark = newSession()
    const rows = Array.from({ length: 600 }, (_, i) => [i, 1, i])
    spark.createDataFrame(rows, 'id INT, k INT, a BIGINT').createOrReplaceTempView('l')
    spark.createDataFrame(rows, 'id INT, k INT, t BIGINT').createOrReplaceTempView('r')
    const count = (join: string) =>
      spark.sql(`SELECT count(*) AS n FROM l ${join} r ON l.k = r.k AND l.a < r.t`).collect()[0]!.n
    // l.a < r.t: for each t, the a in 0..t-1, so 0 + 1 + … + 599 = 179700 pairs; a = 599 has no t above it, t = 0 no
    // a below it.
    expect(count('JOIN')).toBe(179700)
    expect(count('LEFT JOIN')).toBe(179701)
    expect(count('RIGHT JOIN')).toBe(179701)
    expect(count('FULL OUTER JOIN')).toBe(179702)
    expect(count('LEFT ANTI JOIN')).toBe(1)
    expect(count('LEFT SEMI JOIN')).toBe(599)
  })
})
