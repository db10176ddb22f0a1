// What the hand-written loops share: int64 columns read through Int32 word views (no BigInt, no copy), string
// columns as UTF-8 bytes, an open-addressing table from 53-bit integer keys to dense slots, and column builders.
import { type Column, columnsOf, type RecordBatch, TWO_32 } from '../../src/arrow/index.js'
import { int64WordsOf } from '../support.js'

/** The column named `name` of a batch. */
export function column(batch: RecordBatch, name: string): Column {
  const index = batch.schema.fields.findIndex((f) => f.name === name)
  if (index < 0) throw new Error(`no column ${name}`)
  return columnsOf(batch)[index]!
}

/**
 * An int64 or timestamp column's words: value i = words[2i + 1] * 2^32 + (words[2i] >>> 0). Person and auction
 * ids stay below 2^32 in any run shorter than ~10^11 events, so loops keying on them read the low word alone.
 */
export function int64Words(batch: RecordBatch, name: string): Int32Array {
  return int64WordsOf(column(batch, name))
}

/** A Utf8 column's offsets and bytes. */
export function utf8(batch: RecordBatch, name: string): { offsets: Int32Array; bytes: Uint8Array } {
  const c = column(batch, name)
  return { offsets: c.valueOffsets as Int32Array, bytes: c.values as Uint8Array }
}

/** The largest int64 value of a column (event times are ascending, but this does not assume it). */
export function maxInt64(batch: RecordBatch, name: string): number {
  const words = int64Words(batch, name)
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < batch.numRows; i++) {
    const v = words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)
    if (v > max) max = v
  }
  return max
}

/** A 32-bit hash of an integer key below 2^53, from its two 32-bit halves. */
function hashKey(key: number): number {
  const hi = (key / TWO_32) | 0
  const h = Math.imul((key | 0) ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b)
  return h ^ (h >>> 15)
}

/**
 * Open addressing from non-negative integer keys below 2^53 to dense slots 0, 1, 2, ... in insertion order
 * (linear probing over a power-of-two table; keys stored as doubles, hashed from their two 32-bit halves).
 */
export class IntKeyTable {
  private keys: Float64Array
  private slots: Int32Array
  private mask: number
  size = 0
  /** keyOf[slot] is the slot's key. */
  keyOf: Float64Array<ArrayBuffer>

  constructor(capacity = 1024) {
    let n = 16
    while (n < capacity * 2) n *= 2
    this.keys = new Float64Array(n)
    this.slots = new Int32Array(n).fill(-1)
    this.mask = n - 1
    this.keyOf = new Float64Array(Math.max(16, capacity))
  }

  /** The key's slot, inserting it when new (check `size` before and after to tell). */
  slot(key: number): number {
    let i = hashKey(key) & this.mask
    for (;;) {
      const s = this.slots[i]!
      if (s < 0) break
      if (this.keys[i] === key) return s
      i = (i + 1) & this.mask
    }
    const s = this.size++
    this.keys[i] = key
    this.slots[i] = s
    this.keyOf = ensure(this.keyOf, s)
    this.keyOf[s] = key
    if (this.size * 2 > this.mask) this.grow()
    return s
  }

  private grow(): void {
    const n = this.keys.length * 2
    const keys = new Float64Array(n)
    const slots = new Int32Array(n).fill(-1)
    const mask = n - 1
    for (let i = 0; i < this.keys.length; i++) {
      const s = this.slots[i]!
      if (s < 0) continue
      const key = this.keys[i]!
      let j = hashKey(key) & mask
      while (slots[j]! >= 0) j = (j + 1) & mask
      keys[j] = key
      slots[j] = s
    }
    this.keys = keys
    this.slots = slots
    this.mask = mask
  }
}

/** A Float64Array that grows to hold index `i`. */
export function ensure(values: Float64Array<ArrayBuffer>, i: number): Float64Array<ArrayBuffer> {
  if (i < values.length) return values
  const grown = new Float64Array(Math.max(values.length * 2, i + 1))
  grown.set(values)
  return grown
}

/** An Int32Array that grows to hold index `i`. */
export function ensureInt(values: Int32Array<ArrayBuffer>, i: number, fill = 0): Int32Array<ArrayBuffer> {
  if (i < values.length) return values
  const grown = new Int32Array(Math.max(values.length * 2, i + 1)).fill(fill)
  grown.set(values)
  return grown
}
