// The CSV format read through spark.read: quoting, escapes, multiLine, nulls, options, unicode and inference.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newSession } from '../../support/session.js'
import { tempDir, writeFile } from '../../support/temp-files.js'

function csvFile(content: string): string {
  return writeFile(join(tempDir(), 'data.csv'), content)
}

describe('csv format', () => {
  it('reads a header and a schema, with quoted delimiters, escaped quotes and unicode', () => {
    const path = csvFile('id,name,note\n1,"Smith, J","he said \\"hi\\""\n2,Zoë,日本語\n')
    const df = newSession().read.option('header', true).csv(path, 'id INT, name STRING, note STRING')
    expect(df.collect()).toEqual([
      { id: 1, name: 'Smith, J', note: 'he said "hi"' },
      { id: 2, name: 'Zoë', note: '日本語' },
    ])
  })

  it('keeps every digit of BIGINTs past 2^53 and of decimals wider than a double, and infers such an integer as BIGINT', () => {
    const path = csvFile('k,d\n9007199254740993,"12,345,678,901,234,567.8915"\n')
    const df = newSession().read.option('header', true).csv(path, 'k BIGINT, d DECIMAL(20,3)')
    // HALF_UP to the scale, as Decimal.set(BigDecimal) does.
    expect(df.selectExpr('k', 'CAST(d AS STRING) AS d').collect()).toEqual([
      { k: 9007199254740993n, d: '12345678901234567.892' },
    ])
    const inferred = newSession()
      .read.options({ header: true, inferSchema: true })
      .csv(csvFile('k\n9007199254740993\n'))
    expect(inferred.collect()).toEqual([{ k: 9007199254740993n }])
  })

  it('names columns _c0, _c1 ... and reads every column as a string without a schema', () => {
    const df = newSession().read.csv(csvFile('a,1\nb,2\n'))
    expect(df.dtypes).toEqual([
      ['_c0', 'string'],
      ['_c1', 'string'],
    ])
    expect(df.collect()).toEqual([
      { _c0: 'a', _c1: '1' },
      { _c0: 'b', _c1: '2' },
    ])
  })

  it('reads doubled quotes when the escape character is the quote', () => {
    const path = csvFile('"a ""quoted"" word",x\n')
    const rows = newSession().read.option('escape', '"').csv(path, 'v STRING, w STRING').collect()
    expect(rows).toEqual([{ v: 'a "quoted" word', w: 'x' }])
  })

  it('keeps line breaks inside quotes only with multiLine', () => {
    const path = csvFile('1,"first\nsecond"\n2,plain\n')
    const spark = newSession()
    expect(spark.read.option('multiLine', true).csv(path, 'id INT, v STRING').collect()).toEqual([
      { id: 1, v: 'first\nsecond' },
      { id: 2, v: 'plain' },
    ])
    // Line by line, the open quote runs to the end of its line and the next line is a record of its own.
    expect(spark.read.csv(path, 'a STRING, b STRING').collect()).toEqual([
      { a: '1', b: 'first' },
      { a: 'second"', b: null },
      { a: '2', b: 'plain' },
    ])
  })

  it('reads empty fields as null, and quoted empty strings too unless nullValue is changed', () => {
    const path = csvFile('1,,""\nNA,x,NA\n')
    const spark = newSession()
    expect(spark.read.csv(path, 'a STRING, b STRING, c STRING').collect()).toEqual([
      { a: '1', b: null, c: null },
      { a: 'NA', b: 'x', c: 'NA' },
    ])
    expect(spark.read.option('nullValue', 'NA').csv(path, 'a STRING, b STRING, c STRING').collect()).toEqual([
      { a: '1', b: null, c: '' },
      { a: null, b: 'x', c: null },
    ])
  })

  it('honours sep, comment, whitespace trimming, NaN/Inf texts and datetime patterns', () => {
    const path = csvFile('# a comment\n  x ;NaN;Inf;01/02/2024;2024-01-02 03:04:05\n')
    const rows = newSession()
      .read.options({
        sep: ';',
        comment: '#',
        ignoreLeadingWhiteSpace: true,
        ignoreTrailingWhiteSpace: true,
        dateFormat: 'MM/dd/yyyy',
      })
      .csv(path, 's STRING, n DOUBLE, i DOUBLE, d DATE, t TIMESTAMP')
      .collect()
    expect(rows).toEqual([
      {
        s: 'x',
        n: Number.NaN,
        i: Number.POSITIVE_INFINITY,
        d: new Date(Date.UTC(2024, 0, 2)),
        t: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      },
    ])
  })

  it('takes a tab written as \\t for the separator', () => {
    const rows = newSession().read.option('sep', '\\t').csv(csvFile('a\tb\n'), 'x STRING, y STRING').collect()
    expect(rows).toEqual([{ x: 'a', y: 'b' }])
  })

  it("infers int, long, decimal, double, date, timestamp and boolean like Spark's CSVInferSchema", () => {
    const path = csvFile(
      [
        'i,l,dec,d,dt,ts,b,s,n',
        '1,3000000000,12345678901234567890,1.5,2024-01-01,2024-01-01 10:00:00,true,x,',
        '2,4,1,2,2024-01-02,2024-01-02T11:00:00Z,FALSE,1,',
      ].join('\n'),
    )
    const df = newSession().read.options({ header: true, inferSchema: true }).csv(path)
    expect(df.dtypes).toEqual([
      ['i', 'int'],
      ['l', 'bigint'],
      ['dec', 'decimal(20,0)'],
      ['d', 'double'],
      ['dt', 'date'],
      ['ts', 'timestamp'],
      ['b', 'boolean'],
      ['s', 'string'],
      ['n', 'string'],
    ])
    expect(df.collect()[1]).toEqual({
      i: 2,
      l: 4,
      dec: 1,
      d: 2,
      dt: new Date(Date.UTC(2024, 0, 2)),
      ts: new Date(Date.UTC(2024, 0, 2, 11)),
      b: false,
      s: '1',
      n: null,
    })
  })

  it('makes header names safe: empty names become _c<i>, duplicates get their index', () => {
    const df = newSession().read.option('header', true).csv(csvFile('a,,A,b\n1,2,3,4\n'))
    expect(df.columns).toEqual(['a0', '_c1', 'A2', 'b'])
  })

  it("rejects complex types with Spark's UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE", () => {
    expect(() => newSession().read.csv(csvFile('1\n'), 'a ARRAY<INT>')).toThrow(
      '[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The CSV datasource doesn\'t support the column `a` of the type "ARRAY<INT>".',
    )
  })
})
