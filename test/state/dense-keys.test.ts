// Dense key indexes: a batch whose int64 key values span few values (a quarter of its rows or fewer) reads each row's
// group from an array by the value's offset. The range is exact over the int64 range, and the groups are those any
// other batch gets: equal keys one group, distinct keys (past 2^53, across word and sign boundaries) apart, groups
// numbered in the order of their first rows.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, constantInt64Column, makeBatch, rowsOf } from '../../src/arrow/index.js'
import { LongType, StructField, StructType, TimestampType } from '../../src/index.js'
import { denseRange, ROWS_PER_SLOT } from '../../src/state/dense-keys.js'
import { KeyTable } from '../../src/state/key-table.js'
import { KeyedState } from '../../src/state/keyed-state.js'

/** Int64 words of values (bigints or whole numbers), as an int64 column holds them. */
const wordsOf = (values: (bigint | number)[]) =>
  new Int32Array(BigInt64Array.from(values, (v) => BigInt.asIntN(64, BigInt(v))).buffer)

/** The values, then the same values again until the batch has ROWS_PER_SLOT rows per distinct value: a dense batch. */
const repeated = <T>(values: T[]): T[] => Array.from({ length: ROWS_PER_SLOT }, () => values).flat()

const big = 2n ** 53n
const max = 2n ** 63n - 1n
const min = -(2n ** 63n)

describe('dense key ranges', () => {
  it('span the smallest to the largest value, compared as int64s', () => {
    expect(denseRange(wordsOf([7, 3, 5, 3]), 4, 5)).toEqual({ minLow: 3, span: 5 })
    expect(denseRange(wordsOf([7, 3, 5, 3]), 4, 4)).toBeUndefined()
    expect(denseRange(wordsOf([9]), 1, 1)).toEqual({ minLow: 9, span: 1 })
    // Across zero (high words -1 and 0), across 2^32, and past 2^53 (values sharing a double).
    expect(denseRange(wordsOf([2, -2, 0]), 3, 8)).toEqual({ minLow: -2, span: 5 })
    expect(denseRange(wordsOf([2 ** 32, 2 ** 32 - 1, 2 ** 32 + 1]), 3, 8)).toEqual({ minLow: -1, span: 3 })
    expect(denseRange(wordsOf([big + 1n, big, big + 2n]), 3, 8)).toEqual({ minLow: 0, span: 3 })
    // Low words far apart read as unsigned: 2^31 - 1 and 2^31 are neighbours, 0 and 2^32 - 1 are not.
    expect(denseRange(wordsOf([2 ** 31, 2 ** 31 - 1]), 2, 2)).toEqual({ minLow: 2 ** 31 - 1, span: 2 })
    expect(denseRange(wordsOf([0, 2 ** 32 - 1]), 2, 1000)).toBeUndefined()
    // The int64 extremes, and values 2^32 or more apart.
    expect(denseRange(wordsOf([max, max - 1n]), 2, 2)).toEqual({ minLow: -2, span: 2 })
    expect(denseRange(wordsOf([min + 1n, min]), 2, 2)).toEqual({ minLow: 0, span: 2 })
    expect(denseRange(wordsOf([min, max]), 2, 1000)).toBeUndefined()
    expect(denseRange(wordsOf([-1, 2 ** 32]), 2, 1000)).toBeUndefined()
    expect(denseRange(wordsOf([1, 2 ** 33]), 2, 1000)).toBeUndefined()
  })
})

describe('KeyTable over dense batches', () => {
  const longs = StructType([StructField('n', LongType())])
  const column = (values: (bigint | number | null)[]) =>
    columnsOf(
      batchFromRows(
        longs,
        values.map((v) => [v]),
      ),
    )[0]!

  it('groups one BIGINT key exactly: edges of the range, negatives, past 2^53, the int64 extremes', () => {
    const table = new KeyTable([LongType()])
    const probe = (values: (bigint | number | null)[], insert = true) => {
      const out = new Int32Array(values.length)
      if (insert) table.findOrInsert([column(values)], values.length, out)
      else table.find([column(values)], values.length, out)
      return [...out]
    }
    expect(probe(repeated([-2, 2, 0, -1, 2]))).toEqual(repeated([0, 1, 2, 3, 1]))
    // A later batch finds the groups and adds the new values in the order of their first rows.
    expect(probe(repeated([1, 2, -1, 3, 1]))).toEqual(repeated([4, 1, 3, 5, 4]))
    expect(probe(repeated([big + 1n, big, big + 2n, big]))).toEqual(repeated([6, 7, 8, 7]))
    expect(probe(repeated([max, max - 1n, max]))).toEqual(repeated([9, 10, 9]))
    expect(probe(repeated([min, min + 1n]))).toEqual(repeated([11, 12]))
    expect(probe(repeated([2 ** 32, 2 ** 32 - 1]))).toEqual(repeated([13, 14]))
    expect(probe(repeated([2 ** 31, 2 ** 31 - 1]))).toEqual(repeated([15, 16]))
    // find: values the table lacks are -1 in every row that holds them; nothing is inserted.
    expect(probe(repeated([3, 4, 5, 3]), false)).toEqual(repeated([5, -1, -1, 5]))
    expect(table.size).toBe(17)
    // A NULL key takes the general path and is a group of its own; the dense batches after it still find theirs.
    expect(probe([null, 0, null])).toEqual([17, 2, 17])
    expect(probe(repeated([3, 4, 5]))).toEqual(repeated([5, 18, 19]))
    const back = table.keyColumns(Int32Array.from([0, 6, 7, 9, 11, 13, 17]))
    expect(rowsOf(makeBatch(longs, back, 7), longs).map((r) => r.n)).toEqual([
      -2,
      big + 1n,
      big,
      max,
      min,
      2 ** 32,
      null,
    ])
  })

  it('checks the other varying leaves: one indexed value with two second keys is two groups', () => {
    const pairs = StructType([StructField('id', LongType()), StructField('category', LongType())])
    const table = new KeyTable([LongType(), LongType()])
    const probe = (rows: [number, number][]) => {
      const out = new Int32Array(rows.length)
      table.findOrInsert(columnsOf(batchFromRows(pairs, rows)), rows.length, out)
      return [...out]
    }
    expect(
      probe(
        repeated([
          [10, 1],
          [11, 2],
          [10, 1],
          [10, 3],
          [12, 2],
        ]),
      ),
    ).toEqual(repeated([0, 1, 0, 2, 3]))
    expect(
      probe(
        repeated([
          [12, 2],
          [10, 3],
          [12, 1],
          [10, 1],
        ]),
      ),
    ).toEqual(repeated([3, 2, 4, 0]))
    // One id with a second category once, after its first: the other rows still read their groups from the index.
    expect(
      probe([
        ...repeated<[number, number]>([
          [10, 1],
          [11, 2],
          [12, 2],
        ]),
        [10, 5],
        [10, 5],
      ]),
    ).toEqual([...repeated([0, 1, 3]), 5, 5])
    // find: an id with one pair in the table and another not.
    const lookup = repeated<[number, number]>([
      [10, 2],
      [10, 1],
      [11, 2],
      [12, 3],
    ])
    const found = new Int32Array(lookup.length)
    table.find(columnsOf(batchFromRows(pairs, lookup)), lookup.length, found)
    expect([...found]).toEqual(repeated([-1, 0, 1, -1]))
  })

  it('groups keys that hardly repeat though their first leaf does (each id with many second keys) all the same', () => {
    const pairs = StructType([StructField('id', LongType()), StructField('n', LongType())])
    const table = new KeyTable([LongType(), LongType()])
    // 40 rows, ids 0..3 (a dense range), every (id, n) pair distinct but rows 36..39, which repeat rows 0..3.
    const rows = Array.from({ length: 40 }, (_, i): [number, number] => [i % 4, i < 36 ? i : i - 36])
    const out = new Int32Array(rows.length)
    table.findOrInsert(columnsOf(batchFromRows(pairs, rows)), rows.length, out)
    expect([...out]).toEqual([...Array.from({ length: 36 }, (_, i) => i), 0, 1, 2, 3])
    const lookup = rows.map(([id, n]): [number, number] => [id, n + 1])
    table.find(columnsOf(batchFromRows(pairs, lookup)), lookup.length, out)
    // (id, n + 1) is a key for n + 1 = n' with n' ≡ id (mod 4) only when n + 1 ≡ id: never (n ≡ id already).
    expect([...out]).toEqual(lookup.map(() => -1))
  })

  it('folds in constant leaves (a processing-time window): the same id in two windows is two groups', () => {
    const table = new KeyTable([LongType(), TimestampType()])
    const probe = (ids: number[], time: number) => {
      const out = new Int32Array(ids.length)
      table.findOrInsert([column(ids), constantInt64Column(TimestampType(), time, ids.length)], ids.length, out)
      return [...out]
    }
    expect(probe(repeated([5, 7, 5, 6]), 1_000_000)).toEqual(repeated([0, 1, 0, 2]))
    expect(probe(repeated([6, 5, 7]), 2_000_000)).toEqual(repeated([3, 4, 5]))
    expect(probe(repeated([7, 6, 5]), 1_000_000)).toEqual(repeated([1, 2, 0]))
  })

  it('groups a batch right whether or not its values lie near its first row (the window the last batch suggests)', () => {
    const table = new KeyTable([LongType()])
    const probe = (values: (bigint | number)[]) => {
      const out = new Int32Array(values.length)
      table.findOrInsert([column(values)], values.length, out)
      return [...out]
    }
    // 40 rows of 10 values: a window of 10 values centred on the first row's value (100) holds 95..104.
    expect(probe(repeated([100, 101, 102, 103, 104, 105, 106, 107, 108, 109]))).toEqual(
      repeated([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
    )
    // Values near the first row's: all within its window (95..104, then -10..-1).
    expect(probe(repeated([100, 96, 104, 102, 97, 95, 103, 99, 98, 101]))).toEqual(
      repeated([0, 10, 4, 2, 11, 12, 3, 13, 14, 1]),
    )
    expect(probe(repeated([-5, -1, -3, -2, -4, -6, -7, -8, -9, -10]))).toEqual(
      repeated([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]),
    )
    // The first row at the bottom of the range: 110 and past lie outside its window, and the batch is settled again
    // (its groups found, not made twice), new groups still numbered by their first rows.
    expect(probe(repeated([105, 106, 110, 107, 112, 105, 111, 109, 108, 113]))).toEqual(
      repeated([5, 6, 25, 7, 26, 5, 27, 9, 8, 28]),
    )
    expect(table.size).toBe(29)
    // Across a change of the high word (2^32), and values equal in their low words but 2^32 apart.
    const high = 2 ** 32
    expect(probe(repeated([high, high - 1, high + 1, high - 2, 0, 1, -1, 2, high + 2, 3]))).toEqual(
      repeated([29, 30, 31, 32, 33, 34, 16, 35, 36, 37]),
    )
    expect(probe(repeated([high + 1, 1, high - 1, -1, high, 0, high + 2, 2, high - 2, 3]))).toEqual(
      repeated([31, 34, 30, 16, 29, 33, 36, 35, 32, 37]),
    )
    expect(table.size).toBe(38)
  })

  it('numbers new keys by their first rows while the index grows, and reuses removed ids', () => {
    const table = new KeyTable([LongType()])
    // 5,000 distinct values over 20,000 rows: the table's index grows several times within the batch.
    const values = repeated(Array.from({ length: 5_000 }, (_, i) => (i * 7919) % 5_000))
    const out = new Int32Array(values.length)
    table.findOrInsert([column(values)], values.length, out)
    expect(table.size).toBe(5_000)
    for (let i = 0; i < values.length; i++) expect(out[i]).toBe(i % 5_000)
    // Group 0 (value 0) removed: the first new key of the next batch, 0 again, takes its id.
    table.remove(0)
    const again = repeated([0, -1, -2])
    const ids = new Int32Array(again.length)
    table.findOrInsert([column(again)], again.length, ids)
    expect([...ids]).toEqual(repeated([0, 5_000, 5_001]))
  })
})

describe('KeyedState over dense batches', () => {
  it('lists each group a batch updated once, in the order of its first row, and checkpoints those groups', () => {
    const key = StructType([StructField('id', LongType()), StructField('category', LongType())])
    const value = StructType([StructField('rows', LongType())])
    const counts: number[] = []
    const state = new KeyedState(
      { name: 'default', kind: 'value', key, value },
      {
        init: (group) => {
          counts[group] = 0
        },
        save: (groups) => [
          columnsOf(
            batchFromRows(
              value,
              Array.from(groups, (g) => [counts[g]!]),
            ),
          )[0]!,
        ],
        load: () => {},
      },
    )
    const assign = (rows: [number, number][]) => {
      state.beginBatch()
      const ids = new Int32Array(rows.length)
      state.assign(columnsOf(batchFromRows(key, rows)), rows.length, ids)
      for (const g of ids) counts[g]!++
      return [...state.updated]
    }
    // (11, 2) then (10, 1) then (10, 3): id 10 holds two groups, its second first seen after its first.
    const first = [
      ...repeated<[number, number]>([
        [11, 2],
        [10, 1],
        [11, 2],
      ]),
      [10, 3],
      [10, 3],
    ] as [number, number][]
    expect(assign(first)).toEqual([0, 1, 2])
    const second = repeated<[number, number]>([
      [10, 3],
      [12, 2],
      [10, 3],
    ])
    expect(assign(second)).toEqual([2, 3])
    const upserts = state.changes().upserts!
    expect(rowsOf(upserts, StructType([...key.fields, ...value.fields]))).toEqual([
      { id: 10, category: 3, rows: 10 },
      { id: 12, category: 2, rows: 4 },
    ])
  })
})
