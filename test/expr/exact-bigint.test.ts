// BIGINT past 2^53: arithmetic, sum, casts and literals keep every digit (wrapping at 64 bits as Spark's non-ANSI
// long arithmetic does), and collect() hands such values out as bigints rather than rounded numbers.
import { describe, expect, it } from 'vitest'
import { newSession } from '../support/session.js'

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

  it('casts to and from strings and decimals without rounding', () => {
    expect(one("SELECT CAST('9007199254740993' AS BIGINT) AS v")).toBe(9007199254740993n)
    expect(one('SELECT CAST(9007199254740993L AS STRING) AS v')).toBe('9007199254740993')
    expect(one('SELECT CAST(CAST(9007199254740993L AS DECIMAL(20,0)) AS STRING) AS v')).toBe('9007199254740993')
  })
})
