// ColumnStore and KeyTable past one page of slots (65,536): rows of every leaf kind read back exactly, keys found again.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, rowsOf } from '../../src/arrow/index.js'
import { BooleanType, DoubleType, IntegerType, LongType, StringType, StructField, StructType } from '../../src/index.js'
import { ColumnStore } from '../../src/state/column-store.js'
import { KeyTable } from '../../src/state/key-table.js'
import { PAGE_SLOTS } from '../../src/state/slot-pages.js'

const inner = StructType([StructField('b', BooleanType()), StructField('s', StringType())])
const schema = StructType([StructField('n', LongType()), StructField('t', StringType()), StructField('x', inner)])
const types = schema.fields.map((f) => f.dataType)

/** Row i: a long past 2^53 for some rows (exact through the low words), a string, a struct; nulls here and there. */
const rowAt = (i: number): unknown[] => [
  i % 11 === 0 ? null : i % 2 === 0 ? BigInt(2 ** 53) + BigInt(i) : i,
  i % 13 === 0 ? null : `v${i}`.repeat(1 + (i % 4)),
  i % 17 === 0 ? null : { b: i % 3 === 0, s: i % 19 === 0 ? null : `s${i % 1000}` },
]

describe('ColumnStore across pages', () => {
  const count = PAGE_SLOTS + 1234
  const rows = Array.from({ length: count }, (_, i) => rowAt(i))

  it('reads back every row written, in slot order and scattered', () => {
    const store = new ColumnStore(types, false)
    for (let from = 0; from < count; from += 50_000) {
      const to = Math.min(count, from + 50_000)
      const slots = Int32Array.from({ length: to - from }, (_, k) => from + k)
      store.write(slots, columnsOf(batchFromRows(schema, rows.slice(from, to))))
    }
    const picked = Int32Array.from([count - 1, 0, PAGE_SLOTS, PAGE_SLOTS - 1, PAGE_SLOTS + 1, 77, PAGE_SLOTS + 5])
    const expected = rowsOf(
      batchFromRows(
        schema,
        [...picked].map((i) => rows[i]!),
      ),
      schema,
    )
    expect(rowsOf(makeBatch(schema, store.columns(picked), picked.length), schema)).toEqual(expected)
    const all = Int32Array.from({ length: count }, (_, i) => i)
    expect(rowsOf(makeBatch(schema, store.columns(all), count), schema)).toEqual(
      rowsOf(batchFromRows(schema, rows), schema),
    )
  })

  it('holds no null flags for pages that have none, and keeps each store’s to itself', () => {
    const plain = StructType([StructField('n', LongType()), StructField('t', StringType())])
    const write = (store: ColumnStore, values: (bigint | number | null)[]) =>
      store.write(
        Int32Array.from(values, (_, i) => i),
        columnsOf(
          batchFromRows(
            plain,
            values.map((n) => [n, 'x']),
          ),
        ),
      )
    const n = 3 * PAGE_SLOTS
    const quiet = new ColumnStore([LongType(), StringType()], false)
    write(
      quiet,
      Array.from({ length: n }, (_, i) => i),
    )
    const noisy = new ColumnStore([LongType(), StringType()], false)
    // One null and one long past 2^53, both on the last page.
    write(
      noisy,
      Array.from({ length: n }, (_, i) => (i === n - 2 ? null : i === n - 1 ? BigInt(2 ** 53) + 1n : i)),
    )
    // The noisy store holds one page more of the long's null flags than the quiet one (a long past 2^53 costs nothing
    // more: every long is held as its two 32-bit words).
    expect(noisy.memoryBytes() - quiet.memoryBytes()).toBe(PAGE_SLOTS)
    const last = Int32Array.from([n - 3, n - 2, n - 1])
    const expected = (rows: unknown[][]) => rowsOf(batchFromRows(plain, rows), plain)
    expect(rowsOf(makeBatch(plain, noisy.columns(last), 3), plain)).toEqual(
      expected([
        [n - 3, 'x'],
        [null, 'x'],
        [BigInt(2 ** 53) + 1n, 'x'],
      ]),
    )
    expect(rowsOf(makeBatch(plain, quiet.columns(last), 3), plain)).toEqual(
      expected([
        [n - 3, 'x'],
        [n - 2, 'x'],
        [n - 1, 'x'],
      ]),
    )
  })

  it('KeyTable gives each of more keys than a page its own group, and finds them all again', () => {
    const table = new KeyTable(types)
    const batch = batchFromRows(schema, rows)
    const ids = new Int32Array(count)
    table.findOrInsert(columnsOf(batch), count, ids)
    const distinct = new Set(rows.map((r) => JSON.stringify(r, (_, v) => (typeof v === 'bigint' ? `${v}n` : v))))
    expect(table.size).toBe(distinct.size)
    const again = new Int32Array(count)
    table.find(columnsOf(batch), count, again)
    expect([...again]).toEqual([...ids])
    const back = rowsOf(makeBatch(schema, table.keyColumns(ids), count), schema)
    expect(back).toEqual(rowsOf(batch, schema))
  })

  it('keeps a value store’s booleans (a join’s matched flag) in a byte per slot, set in place and read back', () => {
    const flags = StructType([StructField('matched', BooleanType())])
    const n = 2 * PAGE_SLOTS
    const store = new ColumnStore([BooleanType()], false)
    const slots = Int32Array.from({ length: n }, (_, i) => i)
    store.write(
      slots,
      columnsOf(
        batchFromRows(
          flags,
          Array.from({ length: n }, (_, i) => [i % 3 === 0]),
        ),
      ),
    )
    // A byte per slot (not a Float64), beside the first page of null flags (the next is a shared page of zeros).
    expect(store.memoryBytes()).toBe(n + PAGE_SLOTS)
    for (let i = 1; i < n; i += 3) store.setNumber(0, i, 1)
    expect(store.numberAt(0, 4)).toBe(1)
    expect(store.numberAt(0, 5)).toBe(0)
    const back = rowsOf(makeBatch(flags, store.columns(Int32Array.of(0, 1, 2, n - 1)), 4), flags)
    expect(back).toEqual([{ matched: true }, { matched: true }, { matched: false }, { matched: (n - 1) % 3 !== 2 }])
  })

  it('reads back rows written to slots in runs and out of order, nulls included, over slots that held other rows', () => {
    const wide = StructType([
      ...schema.fields,
      StructField('d', DoubleType()),
      StructField('i', IntegerType()),
      StructField('f', BooleanType()),
    ])
    /** Row i; with `nulls` false, no column of it is null. */
    const wideRow = (i: number, nulls = true): unknown[] => {
      if (!nulls) return [i, `t${i}`, { b: i % 3 === 0, s: `s${i}` }, i / 4, i - 1000, i % 2 === 0]
      return [...rowAt(i), i % 7 === 0 ? null : i / 4, i % 5 === 0 ? null : i - 1000, i % 9 === 0 ? null : i % 2 === 0]
    }
    const n = PAGE_SLOTS + 500
    // Slots in long ascending runs (one crossing the page boundary), short runs, and single slots out of order.
    const order: number[] = []
    for (let g = 0; g < n - 300; g++) order.push(g)
    for (let g = n - 1; g >= n - 300; g -= 3) order.push(g, g - 2, g - 1)
    const slots = Int32Array.from(order)
    const store = new ColumnStore(
      wide.fields.map((f) => f.dataType),
      false,
    )
    const all = Int32Array.from({ length: n }, (_, g) => g)
    // The same slots backwards: no run longer than a slot.
    const backwards = Int32Array.from(all).reverse()
    /** Writes row first + k at order[k] for every k, and expects every slot to read back its row. */
    const writeAndRead = (first: number, nulls: boolean, order = slots) => {
      const rows = Array.from(order, (_, k) => wideRow(first + k, nulls))
      store.write(order, columnsOf(batchFromRows(wide, rows)))
      const bySlot: unknown[][] = []
      order.forEach((g, k) => {
        bySlot[g] = rows[k]!
      })
      expect(rowsOf(makeBatch(wide, store.columns(all), n), wide)).toEqual(rowsOf(batchFromRows(wide, bySlot), wide))
    }
    // Every slot written five times: nulls here and there, then none (where there were nulls), then nulls again; in
    // runs, then backwards.
    writeAndRead(0, true)
    writeAndRead(10_000, false)
    writeAndRead(20_000, true)
    writeAndRead(30_000, false, backwards)
    writeAndRead(40_000, true, backwards)
  })
})
