// The JSON format read through spark.read: JSON Lines, multiLine, nested types, tokens Spark accepts, inference,
// and keys like __proto__ that must never reach a prototype.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { newSession } from '../../support/session.js'
import { tempDir, writeFile } from '../../support/temp-files.js'

function jsonFile(content: string): string {
  return writeFile(join(tempDir(), 'data.json'), content)
}

describe('json format', () => {
  it('reads JSON Lines against a schema: nested structs, arrays, maps, nulls, unicode', () => {
    const path = jsonFile(
      [
        '{"id":1,"name":"Zoë \\u65e5","tags":["a",null],"pt":{"x":1.5,"y":2},"m":{"k":1}}',
        '',
        '{"id":2,"name":null,"extra":true}',
      ].join('\n'),
    )
    const rows = newSession()
      .read.json(path, 'id BIGINT, name STRING, tags ARRAY<STRING>, pt STRUCT<x: DOUBLE, y: INT>, m MAP<STRING, INT>')
      .collect()
    expect(rows).toEqual([
      { id: 1, name: 'Zoë 日', tags: ['a', null], pt: { x: 1.5, y: 2 }, m: new Map([['k', 1]]) },
      { id: 2, name: null, tags: null, pt: null, m: null },
    ])
  })

  it('keeps every digit of BIGINTs past 2^53 and of decimals wider than a double, at top level and nested', () => {
    const path = jsonFile(
      '{"k": 9007199254740993, "d": 12345678901234567.891, "s": {"k": -9223372036854775807, "d": "-0.5"}}\n',
    )
    const df = newSession().read.json(path, 'k BIGINT, d DECIMAL(20,3), s STRUCT<k: BIGINT, d: DECIMAL(20,3)>')
    expect(df.selectExpr('k', 'CAST(d AS STRING) AS d', 's.k AS sk', 'CAST(s.d AS STRING) AS sd').collect()).toEqual([
      { k: 9007199254740993n, d: '12345678901234567.891', sk: -9223372036854775807n, sd: '-0.500' },
    ])
  })

  it('reads one document per file with multiLine, and a top-level array as one row per element', () => {
    const path = jsonFile('[\n  {"a": 1},\n  {"a": 2}\n]\n')
    const rows = newSession().read.option('multiLine', true).json(path, 'a INT').collect()
    expect(rows).toEqual([{ a: 1 }, { a: 2 }])
  })

  it('accepts what Spark does: single quotes, NaN and Infinity, raw JSON text in string columns', () => {
    const path = jsonFile(`{'s':'single','d':NaN,'e':"-Infinity",'raw':{"k": [1, 2.50]},'n':10}\n`)
    const rows = newSession().read.json(path, 's STRING, d DOUBLE, e DOUBLE, raw STRING, n STRING').collect()
    expect(rows).toEqual([{ s: 'single', d: Number.NaN, e: Number.NEGATIVE_INFINITY, raw: '{"k":[1,2.5]}', n: '10' }])
  })

  it('reads timestamps from strings (lenient, or by timestampFormat) and from epoch seconds', () => {
    const path = jsonFile('{"t":"2024-01-02T03:04:05.123Z","u":1700000000,"d":"2024-02-29"}\n')
    const rows = newSession().read.json(path, 't TIMESTAMP, u TIMESTAMP, d DATE').collect()
    expect(rows).toEqual([
      {
        t: new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 123)),
        u: new Date(1_700_000_000_000),
        d: new Date(Date.UTC(2024, 1, 29)),
      },
    ])
  })

  it("infers Spark's types: long, double, sorted struct fields, arrays, null-only fields as string", () => {
    const path = jsonFile(['{"b":1,"a":"x","n":null,"arr":[1,2.5]}', '{"b":2.5,"c":{"z":1,"y":true}}'].join('\n'))
    const df = newSession().read.json(path)
    expect(df.schema.simpleString()).toBe(
      'struct<a:string,arr:array<double>,b:double,c:struct<y:boolean,z:bigint>,n:string>',
    )
    expect(df.collect()).toEqual([
      { a: 'x', arr: [1, 2.5], b: 1, c: null, n: null },
      { a: null, arr: null, b: 2.5, c: { y: true, z: 1 }, n: null },
    ])
  })

  it('never lets __proto__, constructor or prototype keys pollute prototypes', () => {
    const path = jsonFile(
      [
        '{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"m":{"__proto__":{"polluted":"yes"}}}',
        '{"a":{"__proto__":{"polluted":"yes"}}}',
      ].join('\n'),
    )
    const spark = newSession()
    const typed = spark.read
      .json(
        path,
        '`__proto__` STRUCT<polluted: STRING>, `constructor` STRUCT<prototype: STRUCT<polluted: STRING>>, m MAP<STRING, STRUCT<polluted: STRING>>',
      )
      .collect()
    const inferred = spark.read.json(path)
    inferred.collect()
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined()
    expect(inferred.columns).toEqual(['__proto__', 'a', 'constructor', 'm'])
    expect(typed[0]!.m).toEqual(new Map([['__proto__', { polluted: 'yes' }]]))
  })
})
