// Batch joins against DuckDB: random tables with duplicate keys, null keys and values, and empty sides, joined every
// way (7 join types × equi, equi + non-key, null-safe, two-key, non-equi and no conditions), through Spark SQL and
// the DataFrame API; each answer must be DuckDB's as a multiset of rows.
import { describe, expect, it } from 'vitest'
import { col, type DataFrame, type Row, type SparkSession } from '../../src/index.js'
import { duckdbOracle } from '../support/duckdb-oracle.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

type Table = (number | string | null)[][]

const SCHEMA = 'k INT, s STRING, v INT'

/** Rows (k INT, s STRING, v INT): keys in 0..3 or null, so keys repeat; sometimes no rows at all. */
function randomTable(random: () => number): Table {
  const n = random() < 0.15 ? 0 : 1 + Math.floor(random() * 12)
  const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)]!
  return Array.from({ length: n }, () => [
    random() < 0.2 ? null : Math.floor(random() * 4),
    random() < 0.2 ? null : pick(['a', 'b']),
    random() < 0.2 ? null : Math.floor(random() * 10),
  ])
}

interface JoinCase {
  readonly name: string
  /** The condition in Spark SQL and in DuckDB's dialect; undefined for no condition (inner and cross only). */
  readonly spark?: string
  readonly duck?: string
}

const CONDITIONS: readonly JoinCase[] = [
  { name: 'equi', spark: 'l.k = r.k', duck: 'l.k = r.k' },
  {
    name: 'equi and a non-key condition',
    spark: 'l.k = r.k AND l.v < r.v',
    duck: 'l.k = r.k AND l.v < r.v',
  },
  {
    name: 'null-safe',
    spark: 'l.k <=> r.k',
    duck: 'l.k IS NOT DISTINCT FROM r.k',
  },
  {
    name: 'two keys',
    spark: 'l.k = r.k AND r.s = l.s',
    duck: 'l.k = r.k AND r.s = l.s',
  },
  { name: 'non-equi', spark: 'l.v < r.v', duck: 'l.v < r.v' },
  { name: 'no condition' },
]

const JOIN_TYPES = [
  { how: 'inner', spark: 'JOIN', duck: 'JOIN' },
  { how: 'cross', spark: 'CROSS JOIN', duck: 'JOIN' },
  { how: 'left', spark: 'LEFT JOIN', duck: 'LEFT JOIN' },
  { how: 'right', spark: 'RIGHT JOIN', duck: 'RIGHT JOIN' },
  { how: 'full', spark: 'FULL OUTER JOIN', duck: 'FULL OUTER JOIN' },
  { how: 'left_semi', spark: 'LEFT SEMI JOIN', duck: 'SEMI JOIN' },
  { how: 'left_anti', spark: 'LEFT ANTI JOIN', duck: 'ANTI JOIN' },
] as const

/** A row as text, every value in one form (DuckDB returns numbers, strings and nulls here). */
const text = (values: readonly unknown[]) => JSON.stringify(values.map((v) => (v === undefined ? null : v)))
const sortedTexts = (rows: readonly (readonly unknown[])[]) => rows.map(text).sort()

const duck = duckdbOracle()

const values = (rows: readonly Row[]) => rows.map((r) => Object.values(r))

describe('batch joins against DuckDB', () => {
  const seeds = Array.from({ length: 24 }, (_, i) => i + 1)

  it.each(seeds)('random tables, seed %i: every join type and condition equals DuckDB', async (seed) => {
    const random = seededRandom(seed)
    const spark: SparkSession = newSession()
    const l = await duck.load(spark, 'l', SCHEMA, randomTable(random))
    const r = await duck.load(spark, 'r', SCHEMA, randomTable(random))
    for (const type of JOIN_TYPES) {
      for (const c of CONDITIONS) {
        if (c.spark === undefined && type.how !== 'inner' && type.how !== 'cross') continue
        const semi = type.how === 'left_semi' || type.how === 'left_anti'
        const columns = semi ? 'l.k, l.s, l.v' : 'l.k, l.s, l.v, r.k AS rk, r.s AS rs, r.v AS rv'
        const duckCondition = c.duck ? ` ON ${c.duck}` : type.how === 'cross' || type.how === 'inner' ? ' ON TRUE' : ''
        const expected = sortedTexts(await duck.rows(`SELECT ${columns} FROM l ${type.duck} r${duckCondition}`))
        const sql = `SELECT ${columns} FROM l ${type.spark} r${c.spark ? ` ON ${c.spark}` : ''}`
        const label = `${type.how} join, ${c.name} (seed ${seed})`
        expect(sortedTexts(values(spark.sql(sql).collect())), `SQL: ${label}`).toEqual(expected)
        // The DataFrame API, the right side's columns renamed so rows keep every column.
        const right = r.select(col('k').alias('rk'), col('s').alias('rs'), col('v').alias('rv'))
        const joined = l.join(right, renameRight(c.name, l, right), type.how)
        expect(sortedTexts(values(joined.collect())), `DataFrame: ${label}`).toEqual(expected)
      }
    }
  })

  it.each([
    ['consecutive', [1000, 1001, 1002, 1003, 1004, 1005], [999, 1000, 1003, 1005, 1006, 1003]],
    ['negative, with gaps and repeats', [-5, -3, -3, 0, 2, null], [-5, -4, -3, 0, null, 2, 7]],
    // Probe values whose low 32 bits equal a build value's.
    [
      'past 32 bits',
      [2 ** 31 - 2, 2 ** 31 - 1],
      [2 ** 31 - 1, 2 ** 31, 2 ** 32 + 2 ** 31 - 1, 2 ** 32 + 2 ** 31 - 2, -(2 ** 31)],
    ],
    ['past 32 bits on the build side', [1, 2, 2 ** 40 + 1], [1, 2, 2 ** 40 + 1, 3]],
    ['sparse', [1, 1_000_000, 5_000_000_000], [1, 1_000_000, 5_000_000_000, 2]],
  ] as const)('BIGINT keys, %s: the pairs of every join type equal DuckDB', async (_name, left, right) => {
    const spark = newSession()
    const rows = (keys: readonly (number | null)[]) => keys.map((k, i) => [k, i])
    const numbers = (list: readonly (readonly unknown[])[]) =>
      list.map((r) => r.map((v) => (typeof v === 'bigint' ? Number(v) : v)))
    await duck.load(spark, 'bl', 'k BIGINT, i INT', rows(left))
    await duck.load(spark, 'br', 'k BIGINT, i INT', rows(right))
    for (const type of JOIN_TYPES.filter((t) => t.how !== 'cross')) {
      const semi = type.how === 'left_semi' || type.how === 'left_anti'
      const columns = semi ? 'l.k, l.i' : 'l.k, l.i, r.k AS rk, r.i AS ri'
      // Either table on either side, so that either is the one indexed.
      for (const [a, b] of [
        ['bl', 'br'],
        ['br', 'bl'],
      ]) {
        const join = `FROM ${a} l ${type.spark} ${b} r ON l.k = r.k`
        const expected = sortedTexts(
          numbers(await duck.rows(`SELECT ${columns} FROM ${a} l ${type.duck} ${b} r ON l.k = r.k`)),
        )
        const actual = sortedTexts(numbers(values(spark.sql(`SELECT ${columns} ${join}`).collect())))
        expect(actual, `${type.how}: ${join}`).toEqual(expected)
      }
    }
  })

  it('a null key under = matches nothing, under <=> matches a null key', async () => {
    const spark = newSession()
    const l = spark.createDataFrame(
      [
        [null, 'x', 1],
        [1, 'y', 2],
      ],
      'k INT, s STRING, v INT',
    )
    const r = spark
      .createDataFrame(
        [
          [null, 'z', 3],
          [1, 'w', 4],
        ],
        'k INT, s STRING, v INT',
      )
      .alias('r')
    const pairs = (condition: ReturnType<DataFrame['col']>) =>
      sortedTexts(values(l.join(r, condition).select(l.col('s'), r.col('s').alias('rs')).collect()))
    expect(pairs(l.col('k').eq(r.col('k')))).toEqual(sortedTexts([['y', 'w']]))
    expect(pairs(l.col('k').eqNullSafe(r.col('k')))).toEqual(
      sortedTexts([
        ['x', 'z'],
        ['y', 'w'],
      ]),
    )
  })
})

/** The case's condition over `l` and the renamed right side (`rk`, `rs`, `rv`). */
function renameRight(name: string, l: DataFrame, right: DataFrame) {
  const k = right.col('rk')
  const s = right.col('rs')
  const v = right.col('rv')
  switch (name) {
    case 'equi':
      return l.col('k').eq(k)
    case 'equi and a non-key condition':
      return l.col('k').eq(k).and(l.col('v').lt(v))
    case 'null-safe':
      return l.col('k').eqNullSafe(k)
    case 'two keys':
      return l
        .col('k')
        .eq(k)
        .and(s.eq(l.col('s')))
    case 'non-equi':
      return l.col('v').lt(v)
    default:
      return undefined
  }
}
