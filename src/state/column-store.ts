// Rows of typed columns kept at integer slots, column by column in typed arrays: numbers as Float64, booleans as 0/1,
// strings and binary in byte chunks, structs as their fields plus a null flag, arrays and maps as JS values (rare).
// No object per row. The storage behind state tables' keys (KeyTable) and values (value, list and time tables).
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  grown,
  int64ColumnFromParts,
  int64WordsOf,
  keyTextAt,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  structColumn,
  toArrowType,
  Utf8Builder,
  valueAt,
} from '../arrow/index.js'
import { canonicalNumber } from '../common/hash.js'
import type { DataType } from '../types/data-types.js'
import { ByteChunks, OFFSET_BITS, OFFSET_MASK } from './byte-chunks.js'
import { type KeyLayout, keyLayout, type LeafColumns, leafColumns } from './key-columns.js'

/** One leaf's arrays for a batch being read, taken once so per-row work does no lookups. */
export interface PreparedLeaf {
  readonly column: Column
  readonly type: DataType
  readonly numbers: ArrayLike<number> | null
  /** int64 leaves: (low, high) words per row; the low word is stored beside the double. */
  readonly words: Int32Array | null
  readonly bits: Uint8Array | null
  readonly offsets: Int32Array | null
  readonly bytes: Uint8Array | null
  readonly validity: Uint8Array | null
}

/** Storage for one leaf column across slots; the arrays a leaf's kind does not use are empty. */
export interface LeafStore {
  /** number leaves (booleans as 0/1). */
  numbers: Float64Array
  /** int64 leaves: each value's low 32-bit word, which with its double gives the exact value. */
  lows: Int32Array
  /** bytes leaves: [span start, length] per slot into `bytes` (length 0 for nulls). */
  spans: Int32Array
  bytes: ByteChunks
  /** json leaves: the text (for equality) and the value (for output). */
  texts: string[]
  values: unknown[]
  nulls: Uint8Array
}

export class ColumnStore {
  readonly layout: KeyLayout
  readonly leaves: LeafStore[]
  structNulls: Uint8Array[]
  private slots = 64
  /** Bytes of released rows, not yet compacted away. */
  private garbage = 0

  /** @param canonical store numbers as keys compare them (-0 as 0, every NaN the same), as Spark normalizes keys */
  constructor(
    types: readonly DataType[],
    private readonly canonical = true,
  ) {
    this.layout = keyLayout(types)
    this.leaves = this.layout.leaves.map((leaf) => ({
      numbers: new Float64Array(leaf.kind === 'number' ? 64 : 0),
      lows: new Int32Array(leaf.int64 ? 64 : 0),
      spans: new Int32Array(leaf.kind === 'bytes' ? 128 : 0),
      bytes: leaf.kind === 'bytes' ? new ByteChunks() : NO_BYTES,
      texts: [],
      values: [],
      nulls: new Uint8Array(64),
    }))
    this.structNulls = this.layout.structs.map(() => new Uint8Array(64))
  }

  /** A batch's columns split into leaves with their arrays, for `writeRow`. */
  prepare(columns: readonly Column[]): { leaves: LeafColumns; prepared: PreparedLeaf[] } {
    const leaves = leafColumns(this.layout, columns)
    const prepared: PreparedLeaf[] = []
    for (let k = 0; k < this.layout.leaves.length; k++) {
      const leaf = this.layout.leaves[k]!
      const column = leaves.columns[k]!
      const isBoolean = leaf.type.kind === 'boolean'
      prepared.push({
        column,
        type: leaf.type,
        numbers: leaf.kind === 'number' && !isBoolean ? numbersOf(column) : null,
        words: leaf.int64 ? int64WordsOf(column) : null,
        bits: isBoolean ? (column.values as Uint8Array) : null,
        offsets: leaf.kind === 'bytes' ? (column.valueOffsets as Int32Array) : null,
        bytes: leaf.kind === 'bytes' ? (column.values as Uint8Array) : null,
        validity: leaves.validity[k]!,
      })
    }
    return { leaves, prepared }
  }

  /** Makes room for slots below `size`. */
  ensure(size: number): void {
    if (this.slots >= size) return
    this.slots = Math.max(size, this.slots * 2)
    this.structNulls = this.structNulls.map((nulls) => grown(nulls, this.slots))
    for (const store of this.leaves) {
      if (store.numbers.length > 0) store.numbers = grown(store.numbers, this.slots)
      if (store.lows.length > 0) store.lows = grown(store.lows, this.slots)
      if (store.spans.length > 0) store.spans = grown(store.spans, this.slots * 2)
      store.nulls = grown(store.nulls, this.slots)
    }
  }

  /** Stores row `row` of prepared columns at `slot` (which `ensure` made room for). */
  writeRow(slot: number, leaves: LeafColumns, prepared: readonly PreparedLeaf[], row: number): void {
    for (let s = 0; s < this.layout.structs.length; s++) {
      const validity = leaves.structValidity[s]!
      this.structNulls[s]![slot] = validity !== null && !bitAt(validity, row) ? 1 : 0
    }
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = this.leaves[k]!
      const isNull = leaf.validity !== null && !bitAt(leaf.validity, row)
      store.nulls[slot] = isNull ? 1 : 0
      if (isNull) {
        if (leaf.offsets !== null) store.spans[2 * slot + 1] = 0
        continue
      }
      if (leaf.words !== null) store.lows[slot] = leaf.words[2 * row]!
      if (leaf.numbers !== null)
        store.numbers[slot] = this.canonical ? canonicalNumber(leaf.numbers[row]!) : leaf.numbers[row]!
      else if (leaf.bits !== null) store.numbers[slot] = bitAt(leaf.bits, row) ? 1 : 0
      else if (leaf.offsets !== null) {
        const start = leaf.offsets[row]!
        const end = leaf.offsets[row + 1]!
        store.spans[2 * slot] = store.bytes.append(leaf.bytes!, start, end)
        store.spans[2 * slot + 1] = end - start
      } else {
        const value = valueAt(leaf.column, leaf.type, row)
        store.values[slot] = value
        store.texts[slot] = keyTextAt(leaf.column, leaf.type, row)
      }
    }
  }

  /** Stores row i of `columns` at slots[i], for i < slots.length — leaf by leaf, as `writeRow` would row by row. */
  write(slots: ArrayLike<number>, columns: readonly Column[]): void {
    const n = slots.length
    if (n === 0) return
    let highest = 0
    for (let i = 0; i < n; i++) if (slots[i]! > highest) highest = slots[i]!
    this.ensure(highest + 1)
    const { leaves, prepared } = this.prepare(columns)
    for (let s = 0; s < this.layout.structs.length; s++) {
      const validity = leaves.structValidity[s]!
      const nulls = this.structNulls[s]!
      for (let i = 0; i < n; i++) nulls[slots[i]!] = validity !== null && !bitAt(validity, i) ? 1 : 0
    }
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = this.leaves[k]!
      const validity = leaf.validity
      if (leaf.offsets !== null) {
        const offsets = leaf.offsets
        const bytes = leaf.bytes!
        const { spans, nulls } = store
        const starts = new Int32Array(n)
        store.bytes.appendRows(bytes, offsets, n, starts)
        for (let i = 0; i < n; i++) {
          const slot = slots[i]!
          const isNull = validity !== null && !bitAt(validity, i)
          nulls[slot] = isNull ? 1 : 0
          spans[2 * slot] = starts[i]!
          spans[2 * slot + 1] = isNull ? 0 : offsets[i + 1]! - offsets[i]!
        }
      } else if (leaf.numbers !== null && validity === null && !this.canonical) {
        const numbers = leaf.numbers
        for (let i = 0; i < n; i++) {
          store.numbers[slots[i]!] = numbers[i]!
          store.nulls[slots[i]!] = 0
        }
      } else {
        for (let i = 0; i < n; i++) this.writeLeaf(k, slots[i]!, leaf, i)
      }
      const words = leaf.words
      if (words !== null) for (let i = 0; i < n; i++) store.lows[slots[i]!] = words[2 * i]!
    }
  }

  /** Stores leaf k of row `row` at `slot` (as writeRow does for each leaf). */
  private writeLeaf(k: number, slot: number, leaf: PreparedLeaf, row: number): void {
    const store = this.leaves[k]!
    const isNull = leaf.validity !== null && !bitAt(leaf.validity, row)
    store.nulls[slot] = isNull ? 1 : 0
    if (isNull) return
    if (leaf.numbers !== null)
      store.numbers[slot] = this.canonical ? canonicalNumber(leaf.numbers[row]!) : leaf.numbers[row]!
    else if (leaf.bits !== null) store.numbers[slot] = bitAt(leaf.bits, row) ? 1 : 0
    else {
      const value = valueAt(leaf.column, leaf.type, row)
      store.values[slot] = value
      store.texts[slot] = JSON.stringify(value)
    }
  }

  /**
   * The row at a slot is gone or about to be overwritten: its bytes become garbage (reclaimed by
   * `compactIfWasteful`) and what it holds outside the typed arrays (array and map values) is dropped.
   */
  release(slot: number): void {
    const leaves = this.layout.leaves
    for (let k = 0; k < leaves.length; k++) {
      const kind = leaves[k]!.kind
      if (kind === 'number') continue
      const store = this.leaves[k]!
      if (kind === 'json') {
        store.texts[slot] = ''
        store.values[slot] = undefined
      } else this.garbage += store.spans[2 * slot + 1]!
    }
  }

  /** Compacts the byte chunks once released bytes are most of them. */
  compactIfWasteful(isLive: (slot: number) => boolean, highWater: number): void {
    let used = 0
    for (const store of this.leaves) used += store.bytes.used
    if (this.garbage * 2 > used && used > 4096) this.compact(isLive, highWater)
  }

  /** The rows at `slots` as columns of the stored types, structs reassembled. */
  columns(slots: ArrayLike<number>): Column[] {
    let leafIndex = 0
    let structIndex = 0
    const build = (type: DataType): Column => {
      if (type.kind === 'struct') {
        const s = structIndex++
        const children = type.fields.map((f) => build(f.dataType))
        const validity = validityFrom(this.structNulls[s]!, slots)
        return structColumn(toArrowType(type) as Struct, children, slots.length, validity)
      }
      return this.leafColumn(leafIndex++, type, slots)
    }
    return this.layout.types.map(build)
  }

  /** Drops the bytes of slots no longer live once they are most of a leaf's bytes (slots below `highWater`). */
  compact(isLive: (slot: number) => boolean, highWater: number): void {
    this.garbage = 0
    for (let k = 0; k < this.leaves.length; k++) {
      const store = this.leaves[k]!
      if (this.layout.leaves[k]!.kind !== 'bytes') continue
      let liveBytes = 0
      for (let g = 0; g < highWater; g++) if (isLive(g)) liveBytes += store.spans[2 * g + 1]!
      if (liveBytes * 2 > store.bytes.used) continue
      store.bytes = store.bytes.compacted(store.spans, isLive, highWater, liveBytes)
    }
  }

  /** Bytes held (an estimate of the state's memory use). */
  memoryBytes(): number {
    let bytes = 0
    for (const nulls of this.structNulls) bytes += nulls.byteLength
    for (const leaf of this.leaves)
      bytes +=
        leaf.numbers.byteLength +
        leaf.lows.byteLength +
        leaf.spans.byteLength +
        leaf.bytes.allocated +
        leaf.nulls.byteLength
    return bytes
  }

  private leafColumn(k: number, type: DataType, slots: ArrayLike<number>): Column {
    const store = this.leaves[k]!
    const leaf = this.layout.leaves[k]!
    const validity = validityFrom(store.nulls, slots)
    const n = slots.length
    if (leaf.kind === 'bytes') {
      const { spans, nulls } = store
      const chunks = store.bytes.chunks
      let total = 0
      for (let i = 0; i < n; i++) total += spans[2 * slots[i]! + 1]!
      const builder = new Utf8Builder(n, total, type.kind === 'binary')
      for (let i = 0; i < n; i++) {
        const g = slots[i]!
        const length = spans[2 * g + 1]!
        if (nulls[g] === 1) builder.appendNull()
        else if (length === 0) builder.appendBytes(EMPTY_BYTES, 0, 0)
        else {
          const start = spans[2 * g]!
          const from = start & OFFSET_MASK
          builder.appendBytes(chunks[start >>> OFFSET_BITS]!, from, from + length)
        }
      }
      return builder.finish()
    }
    if (leaf.kind === 'json')
      return columnFromValues(
        type,
        Array.from({ length: n }, (_, i) => (store.nulls[slots[i]!] === 1 ? null : store.values[slots[i]!])),
      )
    if (type.kind === 'boolean') {
      const bits = newBitmap(n)
      for (let i = 0; i < n; i++) if (store.numbers[slots[i]!] === 1) setBit(bits, i)
      return boolColumn(bits, n, validity)
    }
    if (leaf.int64) {
      const doubles = new Float64Array(n)
      const lows = new Int32Array(n)
      for (let i = 0; i < n; i++) {
        doubles[i] = store.numbers[slots[i]!]!
        lows[i] = store.lows[slots[i]!]!
      }
      return int64ColumnFromParts(type, doubles, lows, validity)
    }
    const out = new (arrayTypeFor(type))(n)
    for (let i = 0; i < n; i++) out[i] = store.numbers[slots[i]!]!
    return numericColumn(type, out, validity)
  }
}

const EMPTY_BYTES = new Uint8Array(0)
/** The byte store of leaves that hold no bytes (never appended to). */
const NO_BYTES = new ByteChunks()

/** A validity bitmap for `slots` from per-slot null flags, or null when none is null. */
function validityFrom(nulls: Uint8Array, slots: ArrayLike<number>): Uint8Array | null {
  let any = false
  const bits = newBitmap(slots.length)
  for (let i = 0; i < slots.length; i++) {
    if (nulls[slots[i]!] === 1) any = true
    else setBit(bits, i)
  }
  return any ? bits : null
}
