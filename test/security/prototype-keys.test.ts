// Names from input that collide with Object.prototype members (`constructor`, `toString`, `hasOwnProperty`,
// `valueOf`, `__proto__`) are data everywhere data names meet objects: a missing field reads as NULL, never as an
// inherited member; SQL and DDL names are looked up among their own entries only; nothing reaches a prototype.
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { batchFromRows, rowsOf } from '../../src/arrow/index.js'
import { AnalysisException, col, from_json, lit, MemoryStream, struct, to_json } from '../../src/index.js'
import { parseSchemaString } from '../../src/types/ddl.js'
import { newSession } from '../support/session.js'
import { tempDir, writeFile } from '../support/temp-files.js'

const NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__']
const quoted = NAMES.map((n) => `\`${n}\``)
const schemaText = quoted.map((n) => `${n} STRING`).join(', ')
const allNull = Object.fromEntries(NAMES.map((n) => [n, null]))

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

/** A row's own fields as plain entries (an own `__proto__` field is read through its descriptor). */
const fields = (row: object) =>
  Object.fromEntries(Object.keys(row).map((k) => [k, Object.getOwnPropertyDescriptor(row, k)!.value]))

describe('prototype member names as data', () => {
  it('rows without those fields read them as NULL, in batches built from objects and in streams', async () => {
    const schema = parseSchemaString(schemaText)
    expect(rowsOf(batchFromRows(schema, [{}]), schema).map(fields)).toEqual([allNull])
    const spark = newSession()
    const input = new MemoryStream(spark, schemaText)
    input.addData([{ toString: 'x' }])
    const seen: object[] = []
    const query = input
      .toDF()
      .writeStream.foreachBatch((df) => {
        for (const row of df.collect()) seen.push(fields(row))
      })
      .start()
    await query.processAllAvailable()
    await query.stop()
    expect(seen).toEqual([{ ...allNull, toString: 'x' }])
  })

  it('JSON files: fields with those names are columns; rows without them are NULL there', () => {
    const path = writeFile(join(tempDir(), 'a.json'), '{"constructor":"c","toString":"t"}\n{"valueOf":"v"}\n')
    const spark = newSession()
    expect(spark.read.json(path, schemaText).collect().map(fields)).toEqual([
      { ...allNull, constructor: 'c', toString: 't' },
      { ...allNull, valueOf: 'v' },
    ])
    expect(spark.read.json(path).columns).toEqual(['constructor', 'toString', 'valueOf'])
  })

  it('CSV headers with those names are columns', () => {
    const path = writeFile(join(tempDir(), 'a.csv'), `${NAMES.join(',')}\n1,2,3,4,5\n`)
    const df = newSession().read.option('header', true).csv(path)
    expect(df.columns).toEqual(NAMES)
    // Built from entries: `__proto__` in an object literal would set the prototype, not a field.
    expect(df.collect().map(fields)).toEqual([Object.fromEntries(NAMES.map((n, i) => [n, String(i + 1)]))])
  })

  it('partition directories named after them are partition columns', () => {
    const root = tempDir()
    writeFile(join(root, 'constructor=a', 'toString=b', 'x.json'), '{"n":1}\n')
    const df = newSession().read.json(root)
    expect(df.columns).toEqual(['n', 'constructor', 'toString'])
    expect(df.collect().map(fields)).toEqual([{ n: 1, constructor: 'a', toString: 'b' }])
  })

  it('from_json and to_json treat them as fields, and map keys as keys', () => {
    const spark = newSession()
    const df = spark.createDataFrame([{ j: '{"toString":"t","m":{"constructor":1}}' }, { j: '{}' }], 'j STRING')
    const parsed = df.select(
      from_json(col('j'), '`toString` STRING, `constructor` STRING, m MAP<STRING, INT>').alias('p'),
    )
    const rows = parsed.collect().map((r) => fields(r.p as object))
    expect(rows).toEqual([
      { toString: 't', constructor: null, m: new Map([['constructor', 1]]) },
      { toString: null, constructor: null, m: null },
    ])
    const written = spark
      .createDataFrame([{ v: 'x' }], 'v STRING')
      .select(to_json(struct(col('v').alias('constructor'), lit(1).alias('__proto__'))).alias('j'))
    expect(written.collect()[0]!.j).toBe('{"constructor":"x","__proto__":1}')
  })

  it('SQL functions, types and confs with those names are unknown, with Spark’s errors', () => {
    const spark = newSession()
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(() => spark.sql(`SELECT ${name}(1)`)).toThrow(AnalysisException)
      expect(() => spark.sql(`SELECT ${name}(1)`)).toThrow('[UNRESOLVED_ROUTINE]')
      expect(() => parseSchemaString(`a ${name}`)).toThrow(`Unsupported data type "${name.toUpperCase()}"`)
      expect(() => spark.conf.get(name)).toThrow(`[SQL_CONF_NOT_FOUND] The SQL config "${name}" cannot be found.`)
    }
    expect(() => spark.sql("SELECT EXTRACT(constructor FROM TIMESTAMP '2024-01-01 00:00:00')")).toThrow(
      AnalysisException,
    )
  })
})
