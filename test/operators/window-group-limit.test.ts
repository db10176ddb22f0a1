// WindowGroupLimit (Spark's InsertWindowGroupLimit): a filter keeping a rank-like window function at most k per
// partition puts a group limit below the Window. The plan shows it where Spark plans it, and the rows that pass the
// filter are DuckDB's for row_number, rank and dense_rank, every comparison form, limits 1 to 3, null and repeated
// keys, and input in several batches.
import { describe, expect, it } from 'vitest'
import { duckdbOracle, plainValue } from '../support/duckdb-oracle.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

const SCHEMA = 'id INT, k INT, o INT, v INT'

/** Rows (id INT unique, k INT partition key, o INT order key, v INT): keys repeat and are sometimes null. */
function randomTable(random: () => number): (number | null)[][] {
  const n = 1 + Math.floor(random() * 40)
  const maybe = (p: number, x: number) => (random() < p ? null : x)
  return Array.from({ length: n }, (_, id) => [
    id,
    maybe(0.15, Math.floor(random() * 4)),
    maybe(0.2, Math.floor(random() * 5)),
    Math.floor(random() * 10),
  ])
}

/** Rank-like functions and filters on them (row_number ordered by a unique id as well, so its answer is unique). */
const RANKINGS = [
  'row_number() OVER (PARTITION BY k ORDER BY o DESC NULLS LAST, id)',
  'rank() OVER (PARTITION BY k ORDER BY o ASC NULLS FIRST)',
  'dense_rank() OVER (PARTITION BY k ORDER BY o DESC NULLS FIRST)',
  'rank() OVER (ORDER BY o ASC NULLS LAST)',
]
const FILTERS = ['r <= 1', 'r < 3', 'r = 2', '3 >= r', '2 > r AND v >= 0', 'r <= 2 AND r <= 1']

const ids = (rows: readonly (readonly unknown[])[]) => rows.map((r) => plainValue(r[0]) as number).sort((a, b) => a - b)

const normalized = (text: string) => text.replace(/#\d+/g, '#x')

const duck = duckdbOracle()

describe('WindowGroupLimit', () => {
  it('goes below the Window when a filter keeps a rank-like function at most k (golden plan)', () => {
    const spark = newSession()
    spark.createDataFrame([[1, 1, 1, 1]], SCHEMA).createOrReplaceTempView('t')
    const plan = spark
      .sql('EXPLAIN SELECT * FROM (SELECT *, rank() OVER (PARTITION BY k ORDER BY o DESC) AS r FROM t) WHERE r <= 2')
      .collect()[0]!.plan as string
    expect(normalized(plan)).toBe(
      [
        '== Physical Plan ==',
        'Filter (r#x <= 2)',
        '+- Window [RANK() OVER (PARTITION BY k#x ORDER BY o#x DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS r#x], [k#x], [o#x DESC NULLS LAST]',
        '   +- WindowGroupLimit [k#x], [o#x DESC NULLS LAST], rank(), 2, Final',
        '      +- LocalTableScan [id, k, o, v]',
        '',
      ].join('\n'),
    )
  })

  it('is not planned for limits on other functions, on no ordering, or past the threshold', () => {
    const spark = newSession()
    spark.createDataFrame([[1, 1, 1, 1]], SCHEMA).createOrReplaceTempView('t')
    for (const query of [
      'SELECT * FROM (SELECT *, sum(v) OVER (PARTITION BY k ORDER BY o) AS r FROM t) WHERE r <= 2',
      'SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY k ORDER BY o) AS r FROM t) WHERE r > 2',
      'SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY k ORDER BY o) AS r FROM t) WHERE r <= 1001',
      'SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY k ORDER BY o) AS r FROM t) WHERE r <= 0',
    ]) {
      expect(spark.sql(`EXPLAIN ${query}`).collect()[0]!.plan, query).not.toContain('WindowGroupLimit')
    }
  })

  it('is not planned beside a window function that reads later rows, whose values stay DuckDB’s', async () => {
    const spark = newSession()
    const rows = [
      [1, 1, 1, 10],
      [2, 1, 2, 20],
      [3, 1, 2, 30],
      [4, 2, 1, 5],
      [5, 2, 2, 6],
    ]
    await duck.load(spark, 'w', SCHEMA, rows)
    const rn = 'row_number() OVER (PARTITION BY k ORDER BY o, id) AS rn'
    // Spark's isExpandingWindow fails for each of these, so Spark plans no limit and they see the whole partition.
    for (const other of [
      'lead(v) OVER (PARTITION BY k ORDER BY o, id)',
      'sum(v) OVER (PARTITION BY k ORDER BY o, id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)',
      'ntile(2) OVER (PARTITION BY k ORDER BY o, id)',
      'cume_dist() OVER (PARTITION BY k ORDER BY o, id)',
    ]) {
      const sql = `SELECT id, x FROM (SELECT id, ${rn}, ${other} AS x FROM w) WHERE rn = 1 ORDER BY id`
      expect(spark.sql(`EXPLAIN ${sql}`).collect()[0]!.plan, sql).not.toContain('WindowGroupLimit')
      const actual = spark
        .sql(sql)
        .collect()
        .map((r) => [r.id, plainValue(r.x)])
      const expected = (await duck.rows(sql)).map((r) => r.map(plainValue))
      expect(actual, sql).toEqual(expected)
    }
    // A running ROWS frame reads no later row: the limit is planned beside it.
    const running = `SELECT id FROM (SELECT id, ${rn}, sum(v) OVER (PARTITION BY k ORDER BY o, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s FROM w) WHERE rn = 1`
    expect(spark.sql(`EXPLAIN ${running}`).collect()[0]!.plan).toContain('WindowGroupLimit')
  })

  it.each(Array.from({ length: 8 }, (_, i) => i + 1))(
    'random table, seed %i: every ranking and filter keeps DuckDB rows',
    async (seed) => {
      const spark = newSession()
      const random = seededRandom(seed)
      await duck.load(spark, 't1', SCHEMA, randomTable(random))
      await duck.load(spark, 't2', SCHEMA, randomTable(random))
      // Two inputs in separate batches: the group limit gathers its survivors across them.
      const input = '(SELECT * FROM t1 UNION ALL SELECT id + 100 AS id, k, o, v FROM t2)'
      for (const ranking of RANKINGS) {
        for (const filter of FILTERS) {
          const sql = `SELECT id FROM (SELECT id, v, ${ranking} AS r FROM ${input}) WHERE ${filter}`
          const actual = ids(
            spark
              .sql(sql)
              .collect()
              .map((r) => Object.values(r)),
          )
          expect(actual, `${sql} (seed ${seed})`).toEqual(ids(await duck.rows(sql)))
        }
      }
    },
  )

  it.each(Array.from({ length: 6 }, (_, i) => i + 1))(
    'over an inner join (which then gathers only the pairs it keeps), seed %i: DuckDB rows and ranks',
    async (seed) => {
      const spark = newSession()
      const random = seededRandom(seed)
      const table = (rows: number) =>
        Array.from({ length: rows }, (_, id) => [
          id,
          random() < 0.1 ? null : Math.floor(random() * 6),
          Math.floor(random() * 5),
          Math.floor(random() * 10),
          `s${id}-${'x'.repeat(Math.floor(random() * 40))}`,
        ])
      const schema = 'id INT, k INT, o INT, t INT, s STRING'
      await duck.load(spark, 'a', schema, table(1 + Math.floor(random() * 30)))
      await duck.load(spark, 'b', schema, table(1 + Math.floor(random() * 60)))
      const rankings = [
        'row_number() OVER (PARTITION BY a.id ORDER BY b.o DESC, b.id)',
        'rank() OVER (PARTITION BY a.k ORDER BY b.o ASC NULLS FIRST)',
        'dense_rank() OVER (PARTITION BY b.o ORDER BY a.t DESC)',
        'row_number() OVER (ORDER BY b.t, a.id, b.id)',
      ]
      // Both orders of the tables, so that either side is the one hashed.
      for (const from of ['a JOIN b ON a.k = b.k AND b.t BETWEEN a.o AND a.t', 'b JOIN a ON b.k = a.k AND a.o < b.t']) {
        for (const ranking of rankings) {
          for (const filter of ['r <= 1', 'r < 3', 'r = 2']) {
            const sql = `SELECT * FROM (SELECT a.id AS aid, a.s AS a_s, b.id AS bid, b.s AS b_s, ${ranking} AS r FROM ${from}) WHERE ${filter}`
            expect(spark.sql(`EXPLAIN ${sql}`).collect()[0]!.plan, sql).toContain('WindowGroupLimit')
            const rows = (list: readonly (readonly unknown[])[]) =>
              list.map((r) => JSON.stringify(r.map(plainValue))).sort()
            const actual = rows(
              spark
                .sql(sql)
                .collect()
                .map((r) => Object.values(r)),
            )
            expect(actual, `${sql} (seed ${seed})`).toEqual(rows(await duck.rows(sql)))
          }
        }
      }
    },
  )
})
