// SQL at sizes beyond everyday use: long OR/AND chains evaluate (balanced, not as deep trees), multi-megabyte
// literals parse, and a statement too large to analyze is a ParseException — never a RangeError.
import { describe, expect, it } from 'vitest'
import { ParseException } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
spark.createDataFrame([{ a: 1 }, { a: 1999 }, { a: -5 }], 'a INT').createOrReplaceTempView('t')
const values = (sql: string) =>
  spark
    .sql(sql)
    .collect()
    .map((row) => Object.values(row)[0])

describe('SQL size limits', () => {
  it('an OR chain of 5,000 terms and an AND chain of 5,000 terms', () => {
    const ors = Array.from({ length: 5000 }, (_, i) => `a = ${i}`).join(' OR ')
    expect(values(`SELECT a FROM t WHERE ${ors}`)).toEqual([1, 1999])
    const ands = Array.from({ length: 5000 }, (_, i) => `a <> ${i}`).join(' AND ')
    expect(values(`SELECT a FROM t WHERE ${ands}`)).toEqual([-5])
  })

  it('short chains keep Spark’s left-deep column names', () => {
    expect(spark.sql('SELECT a = 1 OR a = 2 OR a = 3 FROM t').columns).toEqual(['(((a = 1) OR (a = 2)) OR (a = 3))'])
  })

  it('a 10 MB string literal, and one with escapes', () => {
    expect(values(`SELECT length('${'x'.repeat(10_000_000)}')`)).toEqual([10_000_000])
    expect(values(`SELECT length('${'ab\\n'.repeat(1_000_000)}')`)).toEqual([3_000_000])
  })

  it('a statement too large to analyze is a ParseException', () => {
    const sum = Array.from({ length: 20_000 }, (_, i) => String(i)).join(' + ')
    expect(() => spark.sql(`SELECT ${sum}`)).toThrow(ParseException)
    expect(() => spark.sql(`SELECT ${sum}`)).toThrow('The statement is too large to analyze')
  })
})
