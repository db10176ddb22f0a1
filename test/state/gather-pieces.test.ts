// gatherPieces: a column gathered from rows of Arrow columns and rows held in a ColumnStore, one piece after the
// other, equals those rows' values in that order, for every type (nulls, int64 past 2^53, borrowed and copied bytes).
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, rowsOf } from '../../src/arrow/index.js'
import {
  BinaryType,
  BooleanType,
  DateType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from '../../src/index.js'
import { ColumnStore } from '../../src/state/column-store.js'
import { type ColumnPiece, gatherPieces } from '../../src/state/gather-pieces.js'
import { PAGE_SLOTS } from '../../src/state/slot-pages.js'

const inner = StructType([StructField('b', BooleanType()), StructField('s', StringType())])
const schema = StructType([
  StructField('n', LongType()),
  StructField('t', StringType()),
  StructField('ts', TimestampType()),
  StructField('i', IntegerType()),
  StructField('d', DoubleType()),
  StructField('f', FloatType()),
  StructField('day', DateType()),
  StructField('bin', BinaryType()),
  StructField('ok', BooleanType()),
  StructField('x', inner),
])
const types = schema.fields.map((f) => f.dataType)

/** Row i of a table: nulls here and there, longs past 2^53 (exact only through their low words), long strings. */
const rowAt = (i: number, nulls: boolean): unknown[] => [
  nulls && i % 11 === 0 ? null : i % 2 === 0 ? BigInt(2 ** 53) + BigInt(i) : -i,
  nulls && i % 13 === 0 ? null : `v${i}-`.repeat(1 + (i % 40)),
  nulls && i % 7 === 0 ? null : new Date(Date.UTC(2024, 0, 1) + i * 1000),
  nulls && i % 5 === 0 ? null : i * 3 - 7,
  nulls && i % 3 === 0 ? null : i / 7,
  i % 4 === 0 ? null : 0.5 * i,
  nulls && i % 9 === 0 ? null : new Date(Date.UTC(2020, 0, 1 + (i % 300))),
  nulls && i % 6 === 0 ? null : Uint8Array.of(i & 255, (i >> 8) & 255, 7),
  nulls && i % 8 === 0 ? null : i % 3 === 0,
  nulls && i % 17 === 0 ? null : { b: i % 3 === 0, s: i % 19 === 0 ? null : `s${i % 1000}` },
]

/** A store holding `rows` at slots 0.. (written in batches of `chunk` rows; large string columns are borrowed). */
function storeOf(rows: unknown[][], chunk: number): ColumnStore {
  const store = new ColumnStore(types, false, true)
  for (let from = 0; from < rows.length; from += chunk) {
    const to = Math.min(rows.length, from + chunk)
    const slots = Int32Array.from({ length: to - from }, (_, k) => from + k)
    store.write(slots, columnsOf(batchFromRows(schema, rows.slice(from, to))))
  }
  return store
}

/** The gathered columns' rows, as rowsOf reads them. */
function gathered(pieces: (c: number) => ColumnPiece[], length: number) {
  const columns = types.map((t, c) => gatherPieces(t, pieces(c)))
  return rowsOf(makeBatch(schema, columns, length), schema)
}

const expectedRows = (rows: unknown[][]) => rowsOf(batchFromRows(schema, rows), schema)

describe('gatherPieces', () => {
  const stateRows = Array.from({ length: PAGE_SLOTS + 500 }, (_, i) => rowAt(i, true))
  const store = storeOf(stateRows, 20_000)
  const batchRows = Array.from({ length: 3000 }, (_, i) => rowAt(100_000 + i, true))
  const batch = columnsOf(batchFromRows(schema, batchRows))

  it('takes batch rows, then state rows (scattered, repeated, across pages), then batch rows again', () => {
    const rowsA = Int32Array.from([5, 4, 2999, 0, 0, 1, 2, 3, 100])
    const slots = Int32Array.from([PAGE_SLOTS + 3, 0, 7, 8, 9, 10, PAGE_SLOTS - 1, 7, PAGE_SLOTS + 499, 1234])
    const rowsB = Int32Array.from([17, 18])
    const pieces = (c: number): ColumnPiece[] => [
      { kind: 'rows', column: batch[c]!, rows: rowsA },
      { kind: 'slots', store, column: c, slots },
      { kind: 'rows', column: batch[c]!, rows: rowsB },
    ]
    const expected = [
      ...[...rowsA].map((r) => batchRows[r]!),
      ...[...slots].map((g) => stateRows[g]!),
      ...[...rowsB].map((r) => batchRows[r]!),
    ]
    expect(gathered(pieces, expected.length)).toEqual(expectedRows(expected))
  })

  it('repeats a row or a state row as many times as it comes in a row (one probing row’s pairs), nulls included', () => {
    // Batch row 22 and state slot 26 hold a null string; batch row 39 a string of 320 bytes, slot 39 one of 160.
    const rows = Int32Array.from([...Array(37).fill(39), 1, 1, 22, 22, 22, 40, ...Array(5).fill(39), 2, 3])
    const slots = Int32Array.from([...Array(23).fill(39), 26, 26, 8, ...Array(2).fill(PAGE_SLOTS + 1), 9, 10])
    const pieces = (c: number): ColumnPiece[] => [
      { kind: 'rows', column: batch[c]!, rows },
      { kind: 'slots', store, column: c, slots },
    ]
    const expected = [...[...rows].map((r) => batchRows[r]!), ...[...slots].map((g) => stateRows[g]!)]
    expect(gathered(pieces, expected.length)).toEqual(expectedRows(expected))
  })

  it('reads every state row in order from one piece, and from pieces of two stores', () => {
    const all = Int32Array.from({ length: stateRows.length }, (_, i) => i)
    expect(gathered((c) => [{ kind: 'slots', store, column: c, slots: all }], all.length)).toEqual(
      expectedRows(stateRows),
    )
    const otherRows = Array.from({ length: 50 }, (_, i) => rowAt(7 * i, false))
    const other = storeOf(otherRows, 16)
    const slots = Int32Array.from([49, 0, 25])
    const fromBoth = gathered(
      (c) => [
        { kind: 'slots', store: other, column: c, slots },
        { kind: 'slots', store, column: c, slots },
      ],
      6,
    )
    expect(fromBoth).toEqual(
      expectedRows([...[...slots].map((g) => otherRows[g]!), ...[...slots].map((g) => stateRows[g]!)]),
    )
  })

  it('gives a column without nulls no validity, and empty pieces nothing', () => {
    const longs = StructType([StructField('n', LongType())])
    const clean = new ColumnStore([LongType()], false, true)
    clean.write(Int32Array.of(0, 1, 2), columnsOf(batchFromRows(longs, [[5], [BigInt(2 ** 53) + 3n], [-7]])))
    const noNulls = columnsOf(batchFromRows(longs, [[11], [12]]))[0]!
    const column = gatherPieces(LongType(), [
      { kind: 'slots', store: clean, column: 0, slots: Int32Array.of(1, 2) },
      { kind: 'rows', column: noNulls, rows: Int32Array.of(1, 0) },
    ])
    expect(column.nullCount).toBe(0)
    expect(rowsOf(makeBatch(longs, [column], 4), longs)).toEqual(
      rowsOf(batchFromRows(longs, [[BigInt(2 ** 53) + 3n], [-7], [12], [11]]), longs),
    )
    const empty = new Int32Array(0)
    expect(gatherPieces(StringType(), [{ kind: 'slots', store, column: 1, slots: empty }]).length).toBe(0)
  })
})
