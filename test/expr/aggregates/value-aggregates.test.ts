// mode, listagg / string_agg (and their DISTINCT forms), try_sum and try_avg, in SQL and through the functions API.
// Expected values are the examples of Spark's function documentation (ExpressionDescription) for each.
import { describe, expect, it } from 'vitest'
import {
  col,
  histogram_numeric,
  listagg,
  listagg_distinct,
  mode,
  string_agg,
  string_agg_distinct,
  try_avg,
  try_sum,
} from '../../../src/index.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const values = (rows: string) => spark.sql(`SELECT * FROM VALUES ${rows} AS tab(col)`)
const one = (sql: string) => spark.sql(sql).collect()[0]

describe('mode', () => {
  it('is the most frequent value (docs)', () => {
    expect(one('SELECT mode(col) FROM VALUES (0), (10), (10) AS tab(col)')).toEqual({ 'mode(col)': 10 })
    expect(values('(0), (10), (10)').agg(mode('col')).collect()).toEqual([{ 'mode(col)': 10 }])
  })

  it('breaks a tie by the lowest value when deterministic (docs)', () => {
    expect(one('SELECT mode(col, true) FROM VALUES (-10), (0), (10) AS tab(col)')).toEqual({ 'mode(col, true)': -10 })
    expect(values('(-10), (0), (10)').agg(mode('col', true)).collect()).toEqual([{ 'mode(col, true)': -10 }])
  })

  it('skips NULLs, and is NULL for a group without values', () => {
    const rows = spark
      .sql(
        "SELECT k, mode(v) AS m FROM VALUES (1, 'x'), (1, 'y'), (1, 'y'), (1, NULL), (2, NULL) AS t(k, v) GROUP BY k",
      )
      .orderBy('k')
      .collect()
    expect(rows).toEqual([
      { k: 1, m: 'y' },
      { k: 2, m: null },
    ])
  })
})

describe('listagg / string_agg', () => {
  it('concatenates the non-null values, with no delimiter by default (docs)', () => {
    expect(one("SELECT listagg(col) FROM VALUES ('a'), ('b'), ('c') AS tab(col)")).toEqual({
      'listagg(col, NULL)': 'abc',
    })
    expect(one("SELECT listagg(col) FROM VALUES ('a'), (NULL), ('b') AS tab(col)")).toEqual({
      'listagg(col, NULL)': 'ab',
    })
    expect(one("SELECT listagg(col) FROM VALUES ('a'), ('a') AS tab(col)")).toEqual({ 'listagg(col, NULL)': 'aa' })
    expect(one("SELECT listagg(col, ', ') FROM VALUES ('a'), ('b'), ('c') AS tab(col)")).toEqual({
      'listagg(col, , )': 'a, b, c',
    })
  })

  it('is NULL when every value is NULL, and keeps each value once with DISTINCT (docs)', () => {
    expect(one('SELECT listagg(col) FROM VALUES (NULL), (NULL) AS tab(col)')).toEqual({ 'listagg(col, NULL)': null })
    expect(one("SELECT listagg(DISTINCT col) FROM VALUES ('a'), ('a'), ('b') AS tab(col)")).toEqual({
      'listagg(DISTINCT col, NULL)': 'ab',
    })
  })

  it('string_agg is listagg under its own name; the API has both and their DISTINCT forms', () => {
    const df = values("('a'), ('a'), ('b')")
    expect(df.agg(listagg('col', '-'), string_agg(col('col'))).collect()).toEqual([
      { 'listagg(col, -)': 'a-a-b', 'string_agg(col, NULL)': 'aab' },
    ])
    expect(df.agg(listagg_distinct('col'), string_agg_distinct('col', '|')).collect()).toEqual([
      { 'listagg(DISTINCT col, NULL)': 'ab', 'string_agg(DISTINCT col, |)': 'a|b' },
    ])
  })

  it('joins BINARY values into BINARY', () => {
    const row = one("SELECT listagg(col, X'2C') AS b FROM VALUES (X'41'), (X'42') AS tab(col)")
    expect(Buffer.from(row!.b as Uint8Array).toString()).toBe('A,B')
  })

  it('needs a foldable delimiter', () => {
    expect(() => one("SELECT listagg(col, col) FROM VALUES ('a') AS tab(col)")).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' }),
    )
  })
})

describe('try_sum / try_avg', () => {
  it('sum and average like sum and avg (docs)', () => {
    expect(one('SELECT try_sum(col) FROM VALUES (5), (10), (15) AS tab(col)')).toEqual({ 'try_sum(col)': 30 })
    expect(one('SELECT try_sum(col) FROM VALUES (NULL), (10), (15) AS tab(col)')).toEqual({ 'try_sum(col)': 25 })
    expect(one('SELECT try_avg(col) FROM VALUES (1), (2), (3) AS tab(col)')).toEqual({ 'try_avg(col)': 2 })
    expect(one('SELECT try_avg(col) FROM VALUES (1), (2), (NULL) AS tab(col)')).toEqual({ 'try_avg(col)': 1.5 })
    expect(values('(1), (2), (NULL)').agg(try_sum('col'), try_avg('col')).collect()).toEqual([
      { 'try_sum(col)': 3, 'try_avg(col)': 1.5 },
    ])
  })

  it('try_sum is NULL where a BIGINT sum overflows (docs)', () => {
    expect(one('SELECT try_sum(col) FROM VALUES (9223372036854775807L), (1L) AS tab(col)')).toEqual({
      'try_sum(col)': null,
    })
  })
})

describe('histogram_numeric', () => {
  it('keeps one bin per distinct value while they fit (docs)', () => {
    expect(one('SELECT histogram_numeric(col, 5) AS h FROM VALUES (0), (1), (2), (10) AS tab(col)')).toEqual({
      h: [
        { x: 0, y: 1 },
        { x: 1, y: 1 },
        { x: 2, y: 1 },
        { x: 10, y: 1 },
      ],
    })
  })

  it('merges the closest pair into its weighted centre (Ben-Haim and Tom-Tov, worked by hand)', () => {
    // 0, 1, 3, 10 in 3 bins: 0 and 1 are closest (1 apart), merging into x = 0.5 of height 2.
    expect(values('(0D), (1D), (3D), (10D)').agg(histogram_numeric('col', 3)).collect()).toEqual([
      {
        'histogram_numeric(col, 3)': [
          { x: 0.5, y: 2 },
          { x: 3, y: 1 },
          { x: 10, y: 1 },
        ],
      },
    ])
    // An INT input gives INT centres (truncated): 10 and 11 merge into 10.5, shown as 10.
    expect(one('SELECT histogram_numeric(col, 3) AS h FROM VALUES (0), (10), (11), (30) AS tab(col)')).toEqual({
      h: [
        { x: 0, y: 1 },
        { x: 10, y: 2 },
        { x: 30, y: 1 },
      ],
    })
  })

  it('needs at least two bins', () => {
    expect(() => one('SELECT histogram_numeric(col, 1) FROM VALUES (1) AS tab(col)')).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' }),
    )
  })
})
