// The text and parquet formats: line splitting, wholetext and lineSep; parquet types, nesting and nulls.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, numbersOf, numericColumn, rowsOf } from '../../../src/arrow/index.js'
import { parquetFormat } from '../../../src/connectors/formats/parquet.js'
import { Options } from '../../../src/connectors/options.js'
import { TIMESTAMP } from '../../../src/types/data-types.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { newSession } from '../../support/session.js'
import { tempDir, writeFile } from '../../support/temp-files.js'

describe('text format', () => {
  it('reads one value per line (\\n, \\r\\n or \\r), keeping empty lines but not a final newline', () => {
    const path = writeFile(join(tempDir(), 'a.txt'), 'one\r\ntwo\n\nthree\rfour\n')
    const df = newSession().read.text(path)
    expect(df.dtypes).toEqual([['value', 'string']])
    expect(df.collect().map((r) => r.value)).toEqual(['one', 'two', '', 'three', 'four'])
  })

  it('reads a whole file as one row with wholetext, and splits on lineSep', () => {
    const path = writeFile(join(tempDir(), 'a.txt'), 'a|b||c\nd')
    const spark = newSession()
    expect(spark.read.text(path, { wholetext: true }).collect()).toEqual([{ value: 'a|b||c\nd' }])
    expect(
      spark.read
        .text(path, { lineSep: '|' })
        .collect()
        .map((r) => r.value),
    ).toEqual(['a', 'b', '', 'c\nd'])
  })

  it("rejects a schema of more than one column with Spark's message", () => {
    const path = writeFile(join(tempDir(), 'a.txt'), 'x')
    expect(() => newSession().read.schema('a STRING, b STRING').format('text').load(path)).toThrow(
      'Text data source supports only a single column, and you have 2 columns.',
    )
  })
})

describe('parquet format', () => {
  const schema = parseSchemaString(
    'b BOOLEAN, i INT, l BIGINT, f FLOAT, d DOUBLE, dec DECIMAL(12,3), s STRING, bin BINARY, dt DATE, ts TIMESTAMP, ' +
      'arr ARRAY<INT>, st STRUCT<x: INT, y: STRING>, m MAP<STRING, BIGINT>, nested ARRAY<STRUCT<k: STRING, v: ARRAY<DOUBLE>>>',
  )
  const rows = [
    {
      b: true,
      i: -7,
      l: 2 ** 45 + 1,
      f: 1.5,
      d: -0.1,
      dec: 123456.789,
      s: 'Zoë 日本',
      bin: new Uint8Array([0, 255]),
      dt: new Date(Date.UTC(1969, 11, 31)),
      ts: new Date(Date.UTC(2024, 5, 1, 12, 0, 0, 1)),
      arr: [1, null, 3],
      st: { x: 1, y: 'q' },
      m: new Map([['k', 5]]),
      nested: [{ k: 'a', v: [1.5, null] }, null],
    },
    {
      b: null,
      i: null,
      l: null,
      f: null,
      d: null,
      dec: null,
      s: null,
      bin: null,
      dt: null,
      ts: null,
      arr: null,
      st: null,
      m: null,
      nested: null,
    },
    {
      b: false,
      i: 0,
      l: 0,
      f: 0,
      d: 1e300,
      dec: 0,
      s: '',
      bin: new Uint8Array(),
      dt: new Date(0),
      ts: new Date(0),
      arr: [],
      st: { x: null, y: null },
      m: new Map(),
      nested: [],
    },
  ]

  it('writes and reads back every type, nested values and nulls, with the schema in the footer', () => {
    const ctx = { conf: (key: string) => (key === 'spark.sql.session.timeZone' ? 'UTC' : undefined) }
    const bytes = parquetFormat.writer(new Options(), schema, ctx).write(batchFromRows(schema, rows))
    expect(parquetFormat.inferSchema([{ path: 'p', bytes }], new Options(), ctx)?.simpleString()).toBe(
      schema.simpleString(),
    )
    const back = parquetFormat.reader(new Options(), schema, ctx)({ path: 'p', bytes })
    expect(rowsOf(back, schema)).toEqual(rows)
  })

  it('keeps timestamps to the microsecond', () => {
    const tsSchema = parseSchemaString('ts TIMESTAMP')
    const ctx = { conf: (key: string) => (key === 'spark.sql.session.timeZone' ? 'UTC' : undefined) }
    const micros = 1_717_243_200_123_456
    const batch = makeBatch(tsSchema, [numericColumn(TIMESTAMP, Float64Array.of(micros, -1), null)])
    const bytes = parquetFormat.writer(new Options(), tsSchema, ctx).write(batch)
    const back = parquetFormat.reader(new Options(), tsSchema, ctx)({ path: 'p', bytes })
    expect(Array.from(numbersOf(columnsOf(back)[0]!))).toEqual([micros, -1])
  })

  it('reads requested columns by name, case-insensitively, with missing ones as null', () => {
    const dir = tempDir()
    const small = parseSchemaString('Id INT, name STRING')
    const ctx = { conf: (key: string) => (key === 'spark.sql.session.timeZone' ? 'UTC' : undefined) }
    writeFile(
      join(dir, 'a.parquet'),
      parquetFormat.writer(new Options(), small, ctx).write(batchFromRows(small, [[1, 'x']])),
    )
    const rows = newSession().read.schema('name STRING, id BIGINT, other DOUBLE').parquet(dir).collect()
    expect(rows).toEqual([{ name: 'x', id: 1, other: null }])
  })
})
