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

describe('IN lists of literals (a set, not a node per value)', () => {
  const list = (count: number, item: (i: number) => string) =>
    Array.from({ length: count }, (_, i) => item(i)).join(', ')
  // -5, 1 and 1999 are 3i - 5 for some i; 2 is not.
  const million = list(1_000_000, (i) => String(3 * i - 5))
  const ints = spark.createDataFrame([{ a: 1 }, { a: 2 }, { a: null }, { a: 1999 }, { a: -5 }], 'a INT')
  ints.createOrReplaceTempView('ints')

  // The issue's figure: a million-element list was a fatal out-of-memory error. The timeout only bounds a loaded machine.
  it('a list of a million integers is one InSet: a hash lookup per row, no node per value', {
    timeout: 120_000,
  }, () => {
    const df = spark.sql(`SELECT a IN (${million}) AS hit FROM ints`)
    expect(df.collect().map((r) => r.hit)).toEqual([true, false, null, true, true])
    const project = df.plan
    if (project.kind !== 'Project') throw new Error('not a projection')
    const condition = project.projectList[0]!
    const set = condition.kind === 'Alias' && condition.child.kind === 'InSet' ? condition.child.set : undefined
    expect(set?.values).toBeInstanceOf(Float64Array)
    expect(set?.values.length).toBe(1_000_000)
  })

  it('a NULL in the list makes a row that matched nothing NULL; a NULL value is NULL', () => {
    const rows = spark.sql(`SELECT a, a IN (NULL, ${list(20, (i) => String(3 * i - 5))}) AS hit FROM ints`).collect()
    expect(rows).toEqual([
      { a: 1, hit: true },
      { a: 2, hit: null },
      { a: null, hit: null },
      { a: 1999, hit: null },
      { a: -5, hit: true },
    ])
  })

  it('names the column as the expression path does', () => {
    expect(spark.sql(`SELECT a IN (${list(11, String)}, NULL) FROM ints`).columns).toEqual([
      '(a IN (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NULL))',
    ])
  })

  it('coerces as Spark does: strings compare as text, integers past INT and other numeric types by value', () => {
    spark
      .createDataFrame(
        [
          { s: '7', l: 3000000000, d: 3.5, m: '3.00', f: 1 },
          { s: '07', l: 7, d: 7, m: '3.50', f: 1.5 },
        ],
        's STRING, l BIGINT, d DOUBLE, m DECIMAL(5,2), f FLOAT',
      )
      .createOrReplaceTempView('mixed')
    const column = (sql: string) =>
      spark
        .sql(sql)
        .collect()
        .map((r) => Object.values(r)[0])
    const ints = list(12, (i) => String(i))
    // STRING vs INT widens to STRING: '07' is not '7'.
    expect(column(`SELECT s IN (${ints}) FROM mixed`)).toEqual([true, false])
    expect(column(`SELECT s IN (${list(12, (i) => `'${i}'`)}) FROM mixed`)).toEqual([true, false])
    expect(column(`SELECT l IN (${ints}, 3000000000) FROM mixed`)).toEqual([true, true])
    expect(column(`SELECT d IN (${ints}) FROM mixed`)).toEqual([false, true])
    expect(column(`SELECT m IN (${ints}) FROM mixed`)).toEqual([true, false])
    // FLOAT takes the general path: the listed integers become floats.
    expect(column(`SELECT f IN (${ints}) FROM mixed`)).toEqual([true, false])
    expect(() => spark.sql(`SELECT a FROM ints WHERE array(a) IN (${ints})`)).toThrow(
      /DATA_DIFF_TYPES|should all be the same type/,
    )
  })
})
