// ByteChunks: appends never move bytes already held, values never straddle chunks, a value larger than a chunk gets
// its own; and state tables holding strings past several chunks read back exactly, nulls and empties included.
import { describe, expect, it } from 'vitest'
import { batchFromRows, columnsOf, makeBatch, rowsOf, stringColumn } from '../../src/arrow/index.js'
import { LongType, StringType, StructField, StructType } from '../../src/index.js'
import { ByteChunks, CHUNK_BYTES, OFFSET_BITS, OFFSET_MASK } from '../../src/state/byte-chunks.js'
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
