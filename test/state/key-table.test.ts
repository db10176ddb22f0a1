// KeyTable: keys of every kind map to stable group ids; removed ids are reused; keys come back out intact.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, rowsOf } from '../../src/arrow/index.js'
import { ArrayType, DoubleType, LongType, StringType, StructField, StructType, TimestampType } from '../../src/index.js'
import { KeyTable } from '../../src/state/key-table.js'

const window = StructType([StructField('start', TimestampType()), StructField('end', TimestampType())])
const schema = StructType([StructField('w', window), StructField('word', StringType()), StructField('n', LongType())])

function groupsOf(table: KeyTable, rows: unknown[][]): number[] {
  const batch = batchFromRows(schema, rows)
  const ids = new Int32Array(rows.length)
  table.findOrInsert(columnsOf(batch), rows.length, ids)
  return [...ids]
}

describe('KeyTable', () => {
  const w1 = { start: new Date(0), end: new Date(10_000) }
  const w2 = { start: new Date(10_000), end: new Date(20_000) }

  it('gives equal keys the same group, nulls included, across batches', () => {
    const table = new KeyTable(schema.fields.map((f) => f.dataType))
    expect(
      groupsOf(table, [
        [w1, 'a', 1],
        [w1, 'b', 1],
        [w1, 'a', 1],
        [null, 'a', 1],
        [w1, null, null],
        [null, 'a', 1],
      ]),
    ).toEqual([0, 1, 0, 2, 3, 2])
    expect(
      groupsOf(table, [
        [w2, 'a', 1],
        [w1, 'b', 1],
        [w1, null, null],
      ]),
    ).toEqual([4, 1, 3])
    expect(table.size).toBe(5)
  })

  it('returns keys as columns, structs reassembled', () => {
    const table = new KeyTable(schema.fields.map((f) => f.dataType))
    groupsOf(table, [
      [w1, 'héllo', 7],
      [null, null, null],
    ])
    expect(rowsOf(batchFromRows(schema, []), schema)).toEqual([])
    const keys = table.keyColumns([1, 0])
    const out = rowsOf(
      batchFromRows(schema, [
        [null, null, null],
        [w1, 'héllo', 7],
      ]),
      schema,
    )
    expect(keys.map((c) => c.length)).toEqual([2, 2, 2])
    const back = rowsOf({ numRows: 2, data: { children: keys } } as never, schema)
    expect(back).toEqual(out)
  })

  it('reuses removed ids and keeps finding the remaining keys after many inserts', () => {
    const table = new KeyTable([LongType()])
    const longs = StructType([StructField('n', LongType())])
    const ids = (values: number[]) => {
      const out = new Int32Array(values.length)
      table.findOrInsert(
        columnsOf(
          batchFromRows(
            longs,
            values.map((v) => [v]),
          ),
        ),
        values.length,
        out,
      )
      return [...out]
    }
    const first = ids(Array.from({ length: 1000 }, (_, i) => i))
    expect(first[999]).toBe(999)
    for (let g = 0; g < 500; g++) table.remove(g)
    expect(table.size).toBe(500)
    expect(ids([999, 600])).toEqual([999, 600])
    const reused = ids([5000])
    expect(reused[0]).toBeLessThan(500)
    expect(ids([5000, 999])).toEqual([reused[0], 999])
  })

  it('groups -0 with 0, NaN with NaN, and array keys by value', () => {
    const table = new KeyTable([DoubleType(), ArrayType(StringType())])
    const s = StructType([StructField('d', DoubleType()), StructField('a', ArrayType(StringType()))])
    const out = new Int32Array(4)
    table.findOrInsert(
      columnsOf(
        batchFromRows(s, [
          [0, ['x']],
          [-0, ['x']],
          [Number.NaN, ['y']],
          [Number.NaN, ['y']],
        ]),
      ),
      4,
      out,
    )
    expect([...out]).toEqual([0, 0, 1, 1])
  })

  it('numeric keys without nulls (probed by value, repeats reuse the previous row): NaN, nulls in earlier batches', () => {
    const numbers = StructType([StructField('w', window), StructField('d', DoubleType())])
    const table = new KeyTable(numbers.fields.map((f) => f.dataType))
    const probe = (rows: unknown[][]) => {
      const out = new Int32Array(rows.length)
      table.findOrInsert(columnsOf(batchFromRows(numbers, rows)), rows.length, out)
      return [...out]
    }
    expect(
      probe([
        [null, 1],
        [w1, null],
        [w1, 1],
      ]),
    ).toEqual([0, 1, 2])
    expect(
      probe([
        [w1, 1],
        [w1, 1],
        [w1, Number.NaN],
        [w1, Number.NaN],
        [w2, 1],
        [w1, -0],
        [w1, 0],
        [w1, 1],
      ]),
    ).toEqual([2, 2, 3, 3, 4, 5, 5, 2])
    expect(probe([[w1, Number.NaN]])).toEqual([3])
    const found = new Int32Array(2)
    table.find(
      columnsOf(
        batchFromRows(numbers, [
          [w2, 2],
          [w2, 2],
        ]),
      ),
      2,
      found,
    )
    expect([...found]).toEqual([-1, -1])
  })

  it('string keys repeating the row before reuse its group; NULL, empty and other strings never do', () => {
    const texts = StructType([StructField('n', LongType()), StructField('s', StringType())])
    const table = new KeyTable(texts.fields.map((f) => f.dataType))
    const probe = (rows: unknown[][]) => {
      const out = new Int32Array(rows.length)
      table.findOrInsert(columnsOf(batchFromRows(texts, rows)), rows.length, out)
      return [...out]
    }
    expect(
      probe([
        [1, '2024-01-01'],
        [1, '2024-01-01'],
        [1, '2024-01-02'],
        [1, null],
        [1, ''],
        [1, ''],
        [1, null],
        [1, null],
        [2, ''],
        [1, 'ab'],
        [1, 'ac'],
        [1, '2024-01-01'],
      ]),
    ).toEqual([0, 0, 1, 2, 3, 3, 2, 2, 4, 5, 6, 0])
    expect(
      probe([
        [1, ''],
        [1, null],
        [1, 'é'],
        [1, 'é'],
      ]),
    ).toEqual([3, 2, 7, 7])
  })
})
