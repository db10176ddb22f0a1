// take(): rows gathered by index for every column type, -1 giving a NULL.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, rowsOf, take } from '../../src/arrow/index.js'
import { parseSchemaString } from '../../src/types/ddl.js'

describe('take', () => {
  it('gathers rows of every type in any order, repeats allowed, -1 as NULL', () => {
    const schema = parseSchemaString(
      'b BOOLEAN, i INT, l BIGINT, d DECIMAL(10,2), s STRING, long STRING, xs ARRAY<STRING>, m MAP<STRING,INT>, st STRUCT<a: INT, t: STRING>',
    )
    const long = 'x'.repeat(40)
    const batch = batchFromRows(schema, [
      [true, 1, 2 ** 40, 1.25, 'a', long, ['p', 'q'], new Map([['k', 1]]), { a: 1, t: 'u' }],
      [false, null, -3, null, 'bé', null, [], new Map(), null],
      [null, 3, 0, -9.5, '', `${long}!`, null, null, { a: null, t: 'v' }],
    ])
    const picked = columnsOf(batch).map((c) => take(c, [2, -1, 0, 0]))
    const rows = rowsOf(makeBatch(schema, picked, 4), schema)
    const source = rowsOf(batch, schema)
    const nulls = Object.fromEntries(schema.fields.map((f) => [f.name, null]))
    expect(rows).toEqual([source[2], nulls, source[0], source[0]])
  })
})
