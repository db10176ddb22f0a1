// ByteChunks: appends never move bytes already held, values never straddle chunks, a value larger than a chunk gets
// its own; and state tables holding strings past several chunks read back exactly, nulls and empties included.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, rowsOf, stringColumn } from '../../src/arrow/index.js'
import { LongType, StringType, StructField, StructType } from '../../src/index.js'
import { BORROW_MIN_BYTES, ByteChunks, CHUNK_BYTES, OFFSET_BITS, OFFSET_MASK } from '../../src/state/byte-chunks.js'
import { ColumnStore } from '../../src/state/column-store.js'
import { IndexedRows } from '../../src/state/indexed-rows.js'

const text = (i: number, length: number) => `${i}:`.padEnd(length, String.fromCharCode(97 + (i % 26)))

/** The bytes a span start and length address. */
function bytesAt(chunks: ByteChunks, start: number, length: number): Uint8Array {
  const chunk = chunks.chunks[start >>> OFFSET_BITS]!
  const from = start & OFFSET_MASK
  expect(from + length).toBeLessThanOrEqual(chunk.length)
  return chunk.subarray(from, from + length)
}

describe('ByteChunks', () => {
  const encoder = new TextEncoder()
  const decoder = new TextDecoder()

  it('appends values one by one across chunk boundaries without moving earlier bytes', () => {
    const chunks = new ByteChunks()
    const values = Array.from({ length: 3000 }, (_, i) => encoder.encode(text(i, 1 + ((i * 7919) % 5000))))
    const starts: number[] = []
    const held: Uint8Array[][] = []
    values.forEach((v) => {
      starts.push(chunks.append(v, 0, v.length))
      held.push([...chunks.chunks])
    })
    expect(chunks.chunks.length).toBeGreaterThan(3)
    expect(chunks.chunks.every((c) => c.length <= CHUNK_BYTES)).toBe(true)
    // A chunk, once allocated, is the very same array after every later append.
    held.forEach((then) => {
      then.forEach((chunk, k) => {
        expect(chunks.chunks[k]).toBe(chunk)
      })
    })
    values.forEach((v, i) => {
      expect(decoder.decode(bytesAt(chunks, starts[i]!, v.length))).toBe(decoder.decode(v))
    })
    expect(chunks.used).toBe(values.reduce((n, v) => n + v.length, 0))
  })

  it('gives a value larger than a chunk a chunk of its own and keeps filling the current one', () => {
    const chunks = new ByteChunks()
    const small = encoder.encode('before')
    const big = new Uint8Array(CHUNK_BYTES + 10).fill(7)
    const a = chunks.append(small, 0, small.length)
    const b = chunks.append(big, 0, big.length)
    const c = chunks.append(small, 0, small.length)
    expect(b & OFFSET_MASK).toBe(0)
    expect(chunks.chunks[b >>> OFFSET_BITS]!.length).toBe(big.length)
    expect(c >>> OFFSET_BITS).toBe(a >>> OFFSET_BITS)
    expect((c & OFFSET_MASK) - (a & OFFSET_MASK)).toBe(small.length)
    expect(bytesAt(chunks, b, big.length).every((x) => x === 7)).toBe(true)
  })

  it('appends a column’s rows in runs, each value whole in one chunk', () => {
    const chunks = new ByteChunks()
    const strings = Array.from({ length: 20_000 }, (_, i) => text(i, (i * 131) % 700))
    for (let round = 0; round < 2; round++) {
      const column = stringColumn(strings)
      const offsets = column.valueOffsets as Int32Array
      const starts = new Int32Array(strings.length)
      chunks.appendRows(column.values as Uint8Array, offsets, strings.length, starts)
      strings.forEach((s, i) => {
        expect(decoder.decode(bytesAt(chunks, starts[i]!, offsets[i + 1]! - offsets[i]!))).toBe(s)
      })
    }
    expect(chunks.allocated).toBeGreaterThan(2 * CHUNK_BYTES)
  })

  it('compacts to the live values only, at new span starts', () => {
    const chunks = new ByteChunks()
    const strings = Array.from({ length: 5000 }, (_, i) => text(i, 1000))
    const spans = new Int32Array(2 * strings.length)
    strings.forEach((s, i) => {
      const bytes = encoder.encode(s)
      spans[2 * i] = chunks.append(bytes, 0, bytes.length)
      spans[2 * i + 1] = bytes.length
    })
    const live = (i: number) => i % 3 === 0
    const liveBytes = strings.filter((_, i) => live(i)).length * 1000
    const compacted = chunks.compacted([spans], live, strings.length, liveBytes)
    expect(compacted.used).toBe(liveBytes)
    strings.forEach((s, i) => {
      if (live(i)) expect(decoder.decode(bytesAt(compacted, spans[2 * i]!, 1000))).toBe(s)
    })
  })
})

describe('ByteChunks that borrow', () => {
  const decoder = new TextDecoder()
  /** A string column and its parts. */
  const columnOf = (strings: string[]) => {
    const column = stringColumn(strings)
    return { bytes: column.values as Uint8Array, offsets: column.valueOffsets as Int32Array }
  }
  /** A tight copy of a column's bytes (its buffer holds nothing else). */
  const tight = (bytes: Uint8Array) => bytes.slice()

  it('keep a large column’s buffer as chunks viewing it, the buffer counted whole, values read back exactly', () => {
    const strings = Array.from({ length: 40_000 }, (_, i) => text(i, 100 + (i % 300)))
    const { bytes, offsets } = columnOf(strings)
    const own = tight(bytes)
    const chunks = new ByteChunks(undefined, true)
    const starts = new Int32Array(strings.length)
    chunks.appendRows(own, offsets, strings.length, starts)
    expect(own.length).toBeGreaterThan(2 * CHUNK_BYTES)
    // No copy: every chunk is a view of the column's buffer, no larger than a chunk.
    expect(chunks.chunks.length).toBe(Math.ceil(own.length / CHUNK_BYTES))
    for (const chunk of chunks.chunks) {
      expect(chunk.buffer).toBe(own.buffer)
      expect(chunk.length).toBeLessThanOrEqual(CHUNK_BYTES)
    }
    expect(chunks.allocated).toBe(own.buffer.byteLength)
    expect(chunks.used).toBe(own.length)
    strings.forEach((s, i) => {
      expect(decoder.decode(bytesAt(chunks, starts[i]!, offsets[i + 1]! - offsets[i]!))).toBe(s)
    })
  })

  it('let a borrowed buffer go once none of its values is live, and not before', () => {
    const strings = Array.from({ length: 2000 }, (_, i) => text(i, 200))
    const { bytes, offsets } = columnOf(strings)
    const chunks = new ByteChunks(undefined, true)
    const starts = new Int32Array(strings.length)
    chunks.appendRows(tight(bytes), offsets, strings.length, starts)
    const held = chunks.allocated
    expect(held).toBe(200 * strings.length)
    for (let i = 1; i < strings.length; i++) chunks.release(starts[i]!, 200)
    // One live value holds the whole buffer, and it still reads back.
    expect(chunks.allocated).toBe(held)
    expect(decoder.decode(bytesAt(chunks, starts[0]!, 200))).toBe(strings[0])
    chunks.release(starts[0]!, 200)
    expect(chunks.allocated).toBe(0)
    expect(chunks.used).toBe(0)
    expect(chunks.released).toBe(0)
  })

  it('copy columns that are small, or whose buffer is mostly other bytes', () => {
    const small = columnOf(Array.from({ length: 100 }, (_, i) => text(i, 20)))
    expect(small.offsets[100]!).toBeLessThan(BORROW_MIN_BYTES)
    const chunks = new ByteChunks(undefined, true)
    chunks.appendRows(tight(small.bytes), small.offsets, 100, new Int32Array(100))
    const strings = Array.from({ length: 2000 }, (_, i) => text(i, 200))
    const big = columnOf(strings)
    const padded = new Uint8Array(3 * big.bytes.length)
    padded.set(big.bytes)
    const starts = new Int32Array(strings.length)
    chunks.appendRows(padded.subarray(0, big.bytes.length), big.offsets, strings.length, starts)
    for (const chunk of chunks.chunks) expect(chunk.buffer).not.toBe(padded.buffer)
    strings.forEach((s, i) => {
      expect(decoder.decode(bytesAt(chunks, starts[i]!, 200))).toBe(s)
    })
  })

  it('let an own chunk go once its values are released and it is no longer being filled', () => {
    const chunks = new ByteChunks()
    const value = new Uint8Array(CHUNK_BYTES / 2).fill(1)
    // The first chunk fits one value; the second, a full chunk, two.
    const starts = [0, 1, 2].map(() => chunks.append(value, 0, value.length))
    const [first, second] = [starts[0]! >>> OFFSET_BITS, starts[1]! >>> OFFSET_BITS]
    expect(starts[2]! >>> OFFSET_BITS).toBe(second)
    expect(chunks.allocated).toBe(CHUNK_BYTES / 2 + CHUNK_BYTES)
    chunks.release(starts[0]!, value.length)
    expect(chunks.allocated).toBe(CHUNK_BYTES)
    // The chunk being filled stays while its other value is live.
    chunks.release(starts[1]!, value.length)
    expect(chunks.allocated).toBe(CHUNK_BYTES)
    // The freed index is reused by the next chunk.
    const next = chunks.append(new Uint8Array(CHUNK_BYTES).fill(2), 0, CHUNK_BYTES)
    expect(next >>> OFFSET_BITS).toBe(first)
    expect(bytesAt(chunks, starts[2]!, value.length).every((x) => x === 1)).toBe(true)
    expect(bytesAt(chunks, next, CHUNK_BYTES).every((x) => x === 2)).toBe(true)
    expect(chunks.used - chunks.released).toBe(value.length + CHUNK_BYTES)
  })
})

describe('ColumnStore reading strings', () => {
  it('reads rows appended together in one copy per run, and not across the end of a full chunk', () => {
    const schema = StructType([StructField('s', StringType())])
    const store = new ColumnStore([StringType()], false)
    const quarter = 'a'.repeat(CHUNK_BYTES / 4)
    // The first batch fills its chunk exactly; the second starts the next chunk at offset 0.
    const first = [quarter, null, quarter, '', quarter, quarter]
    const second = ['b'.repeat(10), 'c']
    store.write(
      Int32Array.from(first, (_, i) => i),
      columnsOf(
        batchFromRows(
          schema,
          first.map((v) => [v]),
        ),
      ),
    )
    store.write(
      Int32Array.from(second, (_, i) => first.length + i),
      columnsOf(
        batchFromRows(
          schema,
          second.map((v) => [v]),
        ),
      ),
    )
    const all = [...first, ...second]
    const read = (slots: number[]) =>
      rowsOf(makeBatch(schema, store.columns(Int32Array.from(slots)), slots.length), schema).map((r) => r.s)
    expect(read(all.map((_, i) => i))).toEqual(all)
    expect(read([7, 6, 5, 0, 3, 1])).toEqual([all[7], all[6], all[5], all[0], all[3], all[1]])
  })
})

describe('IndexedRows over several chunks of strings', () => {
  const keySchema = StructType([StructField('k', LongType())])
  const valueSchema = StructType([StructField('s', StringType()), StructField('n', LongType())])

  it('reads back every row exactly, after removals and compaction too', () => {
    const rows = new IndexedRows([LongType()], [StringType(), LongType()])
    const expected = new Map<number, (string | null)[]>()
    let next = 0
    for (let batch = 0; batch < 4; batch++) {
      const n = 3000
      const values = Array.from({ length: n }, (_, i) => {
        const id = next + i
        return id % 97 === 0 ? null : id % 89 === 0 ? '' : text(id, 200 + (id % 1500))
      })
      const keys = batchFromRows(
        keySchema,
        values.map((_, i) => [(next + i) % 50]),
      )
      const data = batchFromRows(
        valueSchema,
        values.map((s, i) => [s, next + i]),
      )
      rows.beginBatch()
      const added = rows.append(columnsOf(keys), columnsOf(data), n)
      added.forEach((e, i) => {
        expected.set(e, [values[i]!, String(next + i)])
      })
      next += n
    }
    const check = () => {
      const entries = rows.liveEntrySlots()
      const read = rowsOf(makeBatch(valueSchema, rows.read(entries), entries.length), valueSchema)
      expect(read.map((r) => [r.s, String(r.n)])).toEqual([...entries].map((e) => expected.get(e)))
    }
    check()
    // Remove three rows in four: the next batch compacts the bytes they held.
    for (const e of rows.liveEntrySlots()) if (e % 4 !== 0) rows.remove(e)
    rows.beginBatch()
    for (const e of [...expected.keys()]) if (e % 4 !== 0) expected.delete(e)
    check()
  })
})
