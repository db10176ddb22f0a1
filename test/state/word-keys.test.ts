// Word keys (int64 leaves without nulls): the one-pass hashes equal hashRows' whichever leaves are constant, constancy
// is exact over the int64 range, and a KeyTable groups them alike whether a batch takes the word path or not.
import { describe, expect, it } from 'vitest'
import {
  batchFromRows,
  columnsOf,
  constantInt64Column,
  constantInt64Prefix,
  isConstantInt64Column,
  numbersOf,
  partitionIds,
  sparkHash,
} from '../../src/arrow/index.js'
import { LongType, StructField, StructType, TimestampType } from '../../src/index.js'
import { hashRows, keyLayout, leafColumns } from '../../src/state/key-columns.js'
import { KeyTable } from '../../src/state/key-table.js'
import { hashWordRows, isConstantWords } from '../../src/state/word-keys.js'
import { TIMESTAMP } from '../../src/types/data-types.js'

const window = StructType([StructField('start', TimestampType()), StructField('end', TimestampType())])

/** Int64 words of values (bigints or whole numbers), as an int64 column holds them. */
const wordsOf = (values: (bigint | number)[]) =>
  new Int32Array(BigInt64Array.from(values, (v) => BigInt.asIntN(64, BigInt(v))).buffer)

describe('word keys', () => {
  it('hash as hashRows does, with constant leaves first, last, between varying ones, or alone', () => {
    const ids = [5, 5, 7, -1, -1, 2n ** 40n, 5]
    const other = [1, 1, 1, 3, 3, 3, 1]
    const constant = (v: bigint | number) => ids.map(() => v)
    const shapes = [
      [ids],
      [ids, constant(10), constant(20)],
      [constant(10), ids],
      [constant(10), ids, constant(-(2n ** 63n)), other, constant(0)],
      [ids, other],
      [constant(3), constant(4)],
    ]
    for (const leaves of shapes) {
      const types = leaves.map(() => LongType())
      const schema = StructType(types.map((t, k) => StructField(`k${k}`, t)))
      const rows = ids.map((_, i) => leaves.map((leaf) => leaf[i]))
      const columns = columnsOf(batchFromRows(schema, rows))
      const layout = keyLayout(types)
      const expected = new Int32Array(rows.length)
      const expectedRepeats = new Uint8Array(rows.length)
      hashRows(layout, leafColumns(layout, columns), rows.length, expected, expectedRepeats)
      const words = leaves.map((leaf) => wordsOf(leaf))
      const flags = Uint8Array.from(words, (w) => (isConstantWords(w, rows.length) ? 1 : 0))
      const hashes = new Int32Array(rows.length)
      const repeats = new Uint8Array(rows.length)
      hashWordRows(words, flags, rows.length, hashes, repeats)
      expect([...hashes]).toEqual([...expected])
      expect([...repeats]).toEqual([...expectedRepeats])
    }
  })

  it('are constant only when every row holds the same int64 (0 and -2^63 share a double, ±0, and differ)', () => {
    expect(isConstantWords(wordsOf([7, 7, 7]), 3)).toBe(true)
    expect(isConstantWords(wordsOf([7, 7, 8]), 3)).toBe(false)
    expect(isConstantWords(wordsOf([7, 7, 8]), 2)).toBe(true)
    expect(isConstantWords(wordsOf([0, -(2n ** 63n)]), 2)).toBe(false)
    expect(isConstantWords(wordsOf([-(2n ** 63n), 0]), 2)).toBe(false)
    expect(isConstantWords(wordsOf([-(2n ** 63n), -(2n ** 63n)]), 2)).toBe(true)
    // Int64s whose bits read as a NaN double are compared like any other.
    const nan = 0x7ff8000000000001n
    expect(isConstantWords(wordsOf([nan, nan]), 2)).toBe(true)
    expect(isConstantWords(wordsOf([nan, nan + 1n]), 2)).toBe(false)
    expect(isConstantWords(wordsOf([2n ** 53n, 2n ** 53n + 1n]), 2)).toBe(false)
  })

  it('group (id, processing-time window) keys across batches, with and without nulls', () => {
    const schema = StructType([StructField('id', LongType()), StructField('w', window)])
    const table = new KeyTable(schema.fields.map((f) => f.dataType))
    const w1 = { start: new Date(0), end: new Date(10_000) }
    const w2 = { start: new Date(10_000), end: new Date(20_000) }
    const probe = (rows: unknown[][], insert = true) => {
      const out = new Int32Array(rows.length)
      const columns = columnsOf(batchFromRows(schema, rows))
      if (insert) table.findOrInsert(columns, rows.length, out)
      else table.find(columns, rows.length, out)
      return [...out]
    }
    expect(
      probe([
        [1, w1],
        [1, w1],
        [2, w1],
        [1, w1],
      ]),
    ).toEqual([0, 0, 1, 0])
    expect(
      probe([
        [2, w2],
        [1, w2],
        [2, w1],
      ]),
    ).toEqual([2, 3, 1])
    expect(
      probe(
        [
          [1, w2],
          [3, w2],
        ],
        false,
      ),
    ).toEqual([3, -1])
    // A batch with a null key takes the general path; the groups are the same ones.
    expect(
      probe([
        [null, w1],
        [2, w2],
        [1, null],
      ]),
    ).toEqual([4, 2, 5])
    // Once the table holds a null, word batches still find every group.
    expect(
      probe([
        [1, w1],
        [2, w2],
        [3, w1],
      ]),
    ).toEqual([0, 2, 6])
  })

  it('know the columns made constant without reading them; a column of equal values read from rows is checked', () => {
    const made = constantInt64Column(TIMESTAMP, 5_000_000, 8)
    expect(isConstantInt64Column(made)).toBe(true)
    expect(isConstantInt64Column(constantInt64Prefix(TIMESTAMP, made, 3)!)).toBe(true)
    const read = columnsOf(batchFromRows(StructType([StructField('t', LongType())]), [[5], [5]]))[0]!
    numbersOf(read)
    expect(isConstantInt64Column(read)).toBe(false)
    expect(isConstantInt64Column(constantInt64Prefix(LongType(), read, 1)!)).toBe(false)
  })

  it('find rows of constant key columns (the window of a processing-time batch) as any other', () => {
    const table = new KeyTable([LongType(), TimestampType()])
    const ids = (values: number[]) =>
      columnsOf(
        batchFromRows(
          StructType([StructField('id', LongType())]),
          values.map((v) => [v]),
        ),
      )[0]!
    const out = new Int32Array(4)
    table.findOrInsert([ids([4, 4, 9, 4]), constantInt64Column(TIMESTAMP, 1_000_000, 4)], 4, out)
    expect([...out]).toEqual([0, 0, 1, 0])
    table.findOrInsert([ids([9, 4, 4, 5]), constantInt64Column(TIMESTAMP, 2_000_000, 4)], 4, out)
    expect([...out]).toEqual([2, 3, 3, 4])
    table.find([ids([9, 4, 4, 5]), constantInt64Column(TIMESTAMP, 1_000_000, 4)], 4, out)
    expect([...out]).toEqual([1, 0, 0, -1])
  })
  it('settle batches varying in one leaf in one pass: repeats, new keys mid-batch, and constants that hash alike', () => {
    // 2^32 and c2 have the same int64 hash word (low ^ high·0x9e3779b1), so (2^32, id) and (c2, id) hash alike for
    // every id: only comparing the constant leaf tells their groups apart.
    const c1 = 2 ** 32
    const c2 = 2 * 2 ** 32 + ((0x9e3779b1 ^ Math.imul(2, 0x9e3779b1)) >>> 0)
    const schema = StructType([StructField('c', LongType()), StructField('id', LongType())])
    const columns = (c: number, ids: number[]) => [
      constantInt64Column(LongType(), c, ids.length),
      columnsOf(
        batchFromRows(
          schema,
          ids.map((id) => [c, id]),
        ),
      )[1]!,
    ]
    const layout = keyLayout([LongType(), LongType()])
    const hashes = new Int32Array(2)
    const pair = [
      ...columnsOf(
        batchFromRows(schema, [
          [c1, 5],
          [c2, 5],
        ]),
      ),
    ]
    hashRows(layout, leafColumns(layout, pair), 2, hashes, new Uint8Array(2))
    expect(hashes[0]).toBe(hashes[1])
    const table = new KeyTable([LongType(), LongType()])
    const probe = (c: number, ids: number[], insert = true) => {
      const out = new Int32Array(ids.length)
      if (insert) table.findOrInsert(columns(c, ids), ids.length, out)
      else table.find(columns(c, ids), ids.length, out)
      return [...out]
    }
    expect(probe(c1, [5, 5, 6, 6, 5, 7, 7])).toEqual([0, 0, 1, 1, 0, 2, 2])
    expect(probe(c2, [5, 6, 6, 5, 8])).toEqual([3, 4, 4, 3, 5])
    expect(probe(c1, [8, 8, 7, 5, 9, 9, 6], false)).toEqual([-1, -1, 2, 0, -1, -1, 1])
    expect(probe(c2, [7, 8, 5, 5], false)).toEqual([-1, 5, 3, 3])
    expect(probe(c1, [9, 9, 8, 5, 6])).toEqual([6, 6, 7, 0, 1])
  })
  it("place new groups in Spark's partition of their leading keys, whichever way a batch is probed", () => {
    const schema = StructType([StructField('id', LongType()), StructField('w', window)])
    const types = schema.fields.map((f) => f.dataType)
    const w1 = { start: new Date(0), end: new Date(10_000) }
    const w2 = { start: new Date(10_000), end: new Date(20_000) }
    const batches = [
      // One varying leaf (the window constant), two varying leaves, and a null (the general path).
      [
        [1, w1],
        [1, w1],
        [2, w1],
        [3, w1],
        [2, w1],
      ],
      [
        [4, w1],
        [5, w2],
        [1, w2],
      ],
      [
        [null, w1],
        [6, w2],
        [2, w2],
      ],
      // Ids spanning a quarter of the rows or fewer: the dense index (dense-keys.ts).
      [7, 8, 7, 9, 2, 8, 9, 7, 8, 9, 7, 8].map((id) => [id, w2]),
    ]
    for (const fields of [1, 2]) {
      const table = new KeyTable(types)
      table.enablePartitions(7, fields)
      const keys: unknown[][] = []
      for (const rows of batches) {
        const ids = new Int32Array(rows.length)
        table.findOrInsert(columnsOf(batchFromRows(schema, rows)), rows.length, ids, (_, row) => keys.push(rows[row]!))
      }
      // Spark's HashPartitioning: pmod(hash(leading keys), n), sparkHash being Spark's hash().
      const expected = partitionIds(
        sparkHash(columnsOf(batchFromRows(schema, keys)).slice(0, fields), types.slice(0, fields), keys.length),
        7,
      )
      expect(keys.map((_, group) => table.partitionOf(group))).toEqual([...expected])
      // hash(1L) is -1712319331 in Spark, and pmod(-1712319331, 7) = 5.
      if (fields === 1) expect(table.partitionOf(0)).toBe(5)
    }
  })
})
