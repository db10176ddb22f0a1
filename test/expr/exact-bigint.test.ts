// BIGINT past 2^53: arithmetic, sum, casts and literals keep every digit (wrapping at 64 bits as Spark's non-ANSI
// long arithmetic does), collect() hands such values out as bigints rather than rounded numbers, and two such values
// that share a double stay two keys in grouping, sorting, DISTINCT, joins and checkpointed state.
import { describe, expect, it } from 'vitest'
import { avg, MemoryStream, max, min, sum } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, CheckAnswer, StartStream, StopStream } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const spark = newSession()
const one = (sql: string) => Object.values(spark.sql(sql).collect()[0]!)[0]

describe('BIGINT beyond 2^53', () => {
  it('is exact in literals and arithmetic, and reaches collect() as a bigint', () => {
    expect(one('SELECT 9007199254740993L AS v')).toBe(9007199254740993n)
    expect(one('SELECT 9007199254740993L + 2L AS v')).toBe(9007199254740995n)
    expect(one('SELECT 3037000499L * 3037000499L AS v')).toBe(9223372030926249001n)
    expect(one('SELECT 9007199254740993L - 9007199254740992L AS v')).toBe(1)
    // Safe values stay plain numbers.
    expect(one('SELECT 2L * 3L AS v')).toBe(6)
  })

  it('wraps on overflow like Java longs (non-ANSI)', () => {
    expect(one('SELECT 9223372036854775807L + 1L AS v')).toBe(-9223372036854775808n)
  })

  it('sums exactly, per group', () => {
    const df = spark.sql(
      'SELECT k, sum(v) AS s FROM VALUES (1, 9007199254740993L), (1, 2L), (2, 1L), (2, 1L) AS t(k, v) ' +
        'GROUP BY k ORDER BY k',
    )
    expect(df.collect()).toEqual([
      { k: 1, s: 9007199254740995n },
      { k: 2, s: 2 },
    ])
  })

  it('sums values below 2^52 whose total passes it (the carry into the high part) exactly', () => {
    // 5 × (2^51 + 1) = 11258999068426245, past 2^53; group 2 stays small and needs no carry.
    const x = '2251799813685249L'
    const df = spark.sql(
      `SELECT k, sum(v) AS s, max(v) AS hi FROM VALUES (1, ${x}), (1, ${x}), (1, ${x}), (1, ${x}), (1, ${x}), ` +
        '(2, 7L) AS t(k, v) GROUP BY k ORDER BY k',
    )
    expect(df.collect()).toEqual([
      { k: 1, s: 11258999068426245n, hi: 2251799813685249 },
      { k: 2, s: 7, hi: 7 },
    ])
  })

  it('sums (wrapping), averages (in doubles, row order) and finds extremes of one BIGINT column together', () => {
    const df = spark
      .createDataFrame(
        [
          [1, 9223372036854775807n],
          [1, 1n],
          [1, 9007199254740993n],
          [1, -5n],
        ],
        'k INT, v BIGINT',
      )
      .groupBy('k')
      .agg(sum('v'), avg('v'), min('v'), max('v'))
    // 2^63 − 1 + 1 + (2^53 + 1) − 5 wraps to −2^63 + 2^53 − 4; Spark's avg adds each value as a double.
    expect(df.collect()).toEqual([
      {
        k: 1,
        'sum(v)': -9214364837600034820n,
        'avg(v)': 2.308094809027379e18,
        'min(v)': -5,
        'max(v)': 9223372036854775807n,
      },
    ])
  })

  it('casts to and from strings and decimals without rounding', () => {
    expect(one("SELECT CAST('9007199254740993' AS BIGINT) AS v")).toBe(9007199254740993n)
    expect(one('SELECT CAST(9007199254740993L AS STRING) AS v')).toBe('9007199254740993')
    expect(one('SELECT CAST(CAST(9007199254740993L AS DECIMAL(20,0)) AS STRING) AS v')).toBe('9007199254740993')
  })
})

describe('BIGINT keys beyond 2^53', () => {
  // 2^53 and 2^53 + 1 share one double, as do -2^63 and -2^63 + 1: each pair is two values, never one.
  const VALUES =
    'VALUES (9007199254740993L), (9007199254740992L), (9007199254740993L), (-9223372036854775807L), (-9223372036854775808L) AS t(k)'

  it('stay apart as GROUP BY keys and sort in their exact order', () => {
    expect(spark.sql(`SELECT k, count(*) AS n FROM ${VALUES} GROUP BY k ORDER BY k`).collect()).toEqual([
      { k: -9223372036854775808n, n: 1 },
      { k: -9223372036854775807n, n: 1 },
      { k: 9007199254740992n, n: 1 },
      { k: 9007199254740993n, n: 2 },
    ])
    expect(
      spark
        .sql(`SELECT k FROM ${VALUES} ORDER BY k DESC`)
        .collect()
        .map((r) => r.k),
    ).toEqual([9007199254740993n, 9007199254740993n, 9007199254740992n, -9223372036854775807n, -9223372036854775808n])
  })

  it('stay apart in DISTINCT, dropDuplicates and as join keys', () => {
    expect(spark.sql(`SELECT count(DISTINCT k) AS n FROM ${VALUES}`).collect()).toEqual([{ n: 4 }])
    const df = spark.sql(`SELECT * FROM ${VALUES}`)
    expect(df.dropDuplicates().count()).toBe(4)
    const joined = spark.sql(
      `SELECT t.k, b.v FROM ${VALUES} JOIN VALUES (9007199254740993L, 'x') AS b(k, v) ON t.k = b.k`,
    )
    expect(joined.collect()).toEqual([
      { k: 9007199254740993n, v: 'x' },
      { k: 9007199254740993n, v: 'x' },
    ])
  })
})

describe('BIGINT values beyond 2^53 that share a double', () => {
  const BIG = 9007199254740993n
  const rows = 'FROM VALUES (9007199254740993L), (9007199254740992L) AS t(k)'

  it('compare, filter and match IN lists exactly', () => {
    expect(
      spark
        .sql('SELECT 9007199254740993L > 9007199254740992L AS g, 9007199254740993L = 9007199254740992L AS e')
        .collect(),
    ).toEqual([{ g: true, e: false }])
    expect(spark.sql(`SELECT k ${rows} WHERE k = 9007199254740993L`).collect()).toEqual([{ k: BIG }])
    expect(spark.sql(`SELECT k ${rows} WHERE k IN (9007199254740993L, 1L)`).collect()).toEqual([{ k: BIG }])
  })

  it('compare column with column and with constants exactly, across the 32-bit word boundaries', () => {
    // Values on both sides of 0, 2^31, 2^32, 2^53 and the int64 ends: the low word decides only when the high words
    // agree, and is read unsigned. The expected answers are JavaScript's exact bigint comparisons.
    const values = [
      -9223372036854775808n,
      -9223372036854775807n,
      -4294967297n,
      -4294967296n,
      -2147483649n,
      -1n,
      0n,
      2147483647n,
      2147483648n,
      4294967295n,
      4294967296n,
      9007199254740992n,
      9007199254740993n,
      9223372036854775807n,
    ]
    const pairs = values.flatMap((a) => values.map((b) => `(${a}L, ${b}L)`)).join(', ')
    const rows = spark
      .sql(`SELECT a = b AS eq, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge FROM VALUES ${pairs} AS t(a, b)`)
      .collect()
    const expected = values.flatMap((a) =>
      values.map((b) => ({ eq: a === b, lt: a < b, le: a <= b, gt: a > b, ge: a >= b })),
    )
    expect(rows).toEqual(expected)
    for (const c of [-4294967296n, -1n, 4294967295n, 9007199254740993n]) {
      const against = spark
        .sql(`SELECT a < ${c}L AS lt, ${c}L <= a AS ge FROM VALUES ${values.map((v) => `(${v}L)`).join(', ')} AS t(a)`)
        .collect()
      expect(against).toEqual(values.map((a) => ({ lt: a < c, ge: c <= a })))
    }
  })

  it('keep every digit through min, max, greatest, CASE and collect_list', () => {
    expect(spark.sql(`SELECT max(k) AS hi, min(k) AS lo ${rows}`).collect()).toEqual([{ hi: BIG, lo: BIG - 1n }])
    expect(one('SELECT greatest(9007199254740993L, 9007199254740992L) AS v')).toBe(BIG)
    expect(spark.sql(`SELECT CASE WHEN k > 0 THEN k ELSE 0L END AS v ${rows}`).collect()).toEqual([
      { v: BIG },
      { v: BIG - 1n },
    ])
    expect(spark.sql(`SELECT collect_list(k) AS l ${rows}`).collect()).toEqual([{ l: [BIG, BIG - 1n] }])
  })
})

describe('BIGINT state keys beyond 2^53', () => {
  it('keep every digit in a streaming count, across a restart from the checkpoint', async () => {
    const input = new MemoryStream(newSession(), 'k BIGINT')
    const counts = input.toDF().groupBy('k').count()
    await testStream(counts, 'complete')(
      AddData(input, [9007199254740993n], [9007199254740992n]),
      CheckAnswer({ k: 9007199254740993n, count: 1 }, { k: 9007199254740992n, count: 1 }),
      StopStream,
      StartStream(),
      AddData(input, [9007199254740993n], [-9223372036854775808n]),
      CheckAnswer(
        { k: 9007199254740993n, count: 2 },
        { k: 9007199254740992n, count: 1 },
        { k: -9223372036854775808n, count: 1 },
      ),
    )
  })

  // Expected values from Spark's golden files math.sql.out, bitwise.sql.out and try_arithmetic.sql.out.
  it('rounds to tens exactly, wrapping when the rounded value leaves the range (math.sql.out)', () => {
    expect(one('SELECT round(9223372036854775807L, -1) AS v')).toBe(-9223372036854775806n)
    expect(one('SELECT bround(9223372036854775807L, -1) AS v')).toBe(-9223372036854775806n)
    expect(one('SELECT round(-9223372036854775808L, -1) AS v')).toBe(9223372036854775806n)
    expect(one('SELECT bround(-9223372036854775808L, -1) AS v')).toBe(9223372036854775806n)
    // HALF_UP against HALF_EVEN on a half (Spark's documentation: round(25, -1) = 30, bround(25, -1) = 20).
    expect(one('SELECT round(25L, -1) AS v')).toBe(30)
    expect(one('SELECT bround(25L, -1) AS v')).toBe(20)
    expect(one('SELECT round(-25L, -1) AS v')).toBe(-30)
  })

  it('counts the bits of a literal beyond 2^53 (bitwise.sql.out)', () => {
    expect(one('SELECT bit_count(9223372036854775807L) AS v')).toBe(63)
  })

  it('gives NULL where try_add / try_subtract overflow at ±2^63 (try_arithmetic.sql.out)', () => {
    expect(one('SELECT try_add(9223372036854775807L, 1) AS v')).toBe(null)
    expect(one('SELECT try_subtract(-9223372036854775808L, 1) AS v')).toBe(null)
    expect(one('SELECT try_multiply(-9223372036854775808L, -1) AS v')).toBe(null)
    expect(one('SELECT try_add(9223372036854775806L, 1) AS v')).toBe(9223372036854775807n)
  })
})
