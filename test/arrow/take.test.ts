// take(): rows gathered by index for every column type, -1 giving a NULL; sliceColumn(): a row range copied to offset 0.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, rowsOf, sliceColumn, take, takeAcross } from '../../src/arrow/index.js'
import { parseSchemaString } from '../../src/types/ddl.js'

const schema = parseSchemaString(
  'b BOOLEAN, i INT, l BIGINT, f DOUBLE, t TIMESTAMP, d DECIMAL(10,2), s STRING, xs ARRAY<STRING>, st STRUCT<a: INT>',
)
/** Row r: every column set from r, one column NULL in turn (so each range holds some NULLs and some values). */
const rowAt = (r: number) => {
  const row = [
    r % 3 === 0,
    r,
    2 ** 40 + r,
    r / 4,
    new Date(Date.UTC(2024, 0, 1) + r * 1000),
    r / 100,
    `s${r}`,
    [`x${r}`],
    { a: r },
  ]
  row[r % row.length] = null as never
  return row
}

describe('sliceColumn', () => {
  it('copies rows [start, start + length) of every type, nulls included, starting off a byte boundary', () => {
    const batch = batchFromRows(
      schema,
      Array.from({ length: 40 }, (_, r) => rowAt(r)),
    )
    for (const [start, length] of [
      [0, 40],
      [3, 20],
      [13, 1],
      [39, 1],
      [10, 0],
    ] as const) {
      const sliced = makeBatch(
        schema,
        columnsOf(batch).map((c) => sliceColumn(c, start, length)),
        length,
      )
      expect(rowsOf(sliced, schema)).toEqual(rowsOf(batch, schema).slice(start, start + length))
    }
  })
})

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

describe('takeAcross', () => {
  it('gathers rows of several batches as if they were concatenated, for every type, nulls included', () => {
    const parts = [
      batchFromRows(
        schema,
        Array.from({ length: 11 }, (_, r) => rowAt(r)),
      ),
      batchFromRows(schema, []),
      batchFromRows(
        schema,
        Array.from({ length: 7 }, (_, r) => rowAt(100 + r)),
      ),
    ]
    const picks: [number, number][] = [
      [2, 6],
      [0, 0],
      [2, 0],
      [0, 10],
      [0, 3],
      [2, 3],
      [0, 3],
    ]
    const taken = schema.fields.map((_, k) =>
      takeAcross(
        parts.map((b) => columnsOf(b)[k]!),
        Int32Array.from(picks, ([p]) => p),
        Int32Array.from(picks, ([, r]) => r),
      ),
    )
    const sources = parts.map((b) => rowsOf(b, schema))
    expect(rowsOf(makeBatch(schema, taken, picks.length), schema)).toEqual(picks.map(([p, r]) => sources[p]![r]))
  })

  it('takes from a single batch as take does', () => {
    const batch = batchFromRows(
      schema,
      Array.from({ length: 9 }, (_, r) => rowAt(r)),
    )
    const rows = Int32Array.of(8, 1, 1, 4)
    const taken = columnsOf(batch).map((c) => takeAcross([c], new Int32Array(rows.length), rows))
    expect(rowsOf(makeBatch(schema, taken, rows.length), schema)).toEqual(
      Array.from(rows, (r) => rowsOf(batch, schema)[r]),
    )
  })
})

describe('take of strings', () => {
  it('copies runs of consecutive rows, breaks at NULLs, repeats and gaps', () => {
    const schema = parseSchemaString('s STRING')
    const values = ['a', 'bc', null, 'def', '', 'ghij', 'k']
    const [column] = columnsOf(
      batchFromRows(
        schema,
        values.map((v) => [v]),
      ),
    )
    const indices = [0, 1, 2, 3, 4, -1, 5, 6, 6, 3, 4, 5, 1]
    const taken = take(column!, indices)
    expect(rowsOf(makeBatch(schema, [taken], indices.length), schema).map((r) => r.s)).toEqual(
      indices.map((i) => (i < 0 ? null : values[i])),
    )
    const across = takeAcross([column!, column!], Int32Array.of(0, 0, 1, 1, 0, 1), Int32Array.of(3, 4, 5, 6, 5, 0))
    expect(rowsOf(makeBatch(schema, [across], 6), schema).map((r) => r.s)).toEqual([
      'def',
      '',
      'ghij',
      'k',
      'ghij',
      'a',
    ])
  })
})
