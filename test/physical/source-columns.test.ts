// Column pruning into sources: a planned streaming query reads of each source only the columns its operators use,
// and the scan narrows batches of a source that still builds every column.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, type RecordBatch, selectColumns } from '../../src/arrow/index.js'
import { col, MemoryStream, window } from '../../src/index.js'
import { optimize } from '../../src/optimizer/optimize.js'
import { planQuery } from '../../src/physical/planner.js'
import { parseSchemaString as parseSchema } from '../../src/types/ddl.js'
import { StructType } from '../../src/types/struct-type.js'
import { newSession } from '../support/session.js'

/** The names of the columns the planned query reads of each of its sources. */
function readColumns(df: ReturnType<MemoryStream['toDF']>): string[][] {
  return planQuery(optimize(df.plan), { outputMode: 'update' }).readColumns.map((c) => c.map((a) => a.name))
}

const events = () => new MemoryStream(newSession(), 'key STRING, value STRING, ts TIMESTAMP, n INT').toDF()

describe('the columns a query reads of its sources', () => {
  it('are what the projection over the source references', () => {
    const df = events()
      .selectExpr('CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value')
      .groupBy('key')
      .count()
    expect(readColumns(df)).toEqual([['key']])
  })

  it('include what a filter reads below the projection, in the source order', () => {
    expect(readColumns(events().filter(col('n').gt(1)).select('key'))).toEqual([['key', 'n']])
  })

  it('include the event-time column of a watermark and a window', () => {
    const df = events()
      .withWatermark('ts', '1 minute')
      .groupBy(window(col('ts'), '1 minute'))
      .count()
    expect(readColumns(df)).toEqual([['ts']])
  })

  it('are every column when the query reads them all, or none (a count of rows)', () => {
    expect(readColumns(events())).toEqual([['key', 'value', 'ts', 'n']])
    expect(readColumns(events().groupBy().count())).toEqual([['key', 'value', 'ts', 'n']])
  })

  it('are what any of its reads needs when a query reads one source twice', () => {
    const df = events()
    expect(readColumns(df.select('n').union(df.select(col('value').cast('int'))))).toEqual([['value', 'n']])
  })
})

describe('selectColumns', () => {
  const schema = parseSchema('a INT, b STRING, c INT')
  const batch: RecordBatch = batchFromRows(schema, [{ a: 1, b: 'x', c: 3 }])

  it('keeps the named columns, by reference, in the schema order', () => {
    const narrow = selectColumns(batch, StructType([schema.fields[0]!, schema.fields[2]!]))
    expect(narrow.schema.fields.map((f) => f.name)).toEqual(['a', 'c'])
    expect(columnsOf(narrow)[1]).toBe(columnsOf(batch)[2])
  })

  it('returns a batch already of the schema as it is', () => {
    expect(selectColumns(batch, schema)).toBe(batch)
  })

  it('fails with a typed error when the batch lacks a column', () => {
    expect(() => selectColumns(batch, parseSchema('a INT, z INT'))).toThrow(/does not hold the columns \[a, z\]/)
  })
})
