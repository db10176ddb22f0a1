// Rows of typed columns kept at integer slots, column by column in typed arrays: numbers as Float64, booleans as 0/1,
// strings and binary in a byte arena, structs as their fields plus a null flag, arrays and maps as JS values (rare).
// No object per row. The storage behind state tables' keys (KeyTable) and values (value, list and time tables).
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  copyBytes,
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

/** Storage for one leaf column across slots. */
export interface LeafStore {
  numbers: Float64Array
  /** int64 leaves: each value's low 32-bit word, which with its double gives the exact value (empty otherwise). */
  lows: Int32Array
  /** bytes leaves: [start, length] per slot into `arena`. */
  spans: Int32Array
  arena: Uint8Array
  arenaUsed: number
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
  /** Arena bytes of released rows, not yet compacted away. */
  private garbage = 0

  /** @param canonical store numbers as keys compare them (-0 as 0, every NaN the same), as Spark normalizes keys */
  constructor(
    types: readonly DataType[],
    private readonly canonical = true,
  ) {
    this.layout = keyLayout(types)
    this.leaves = this.layout.leaves.map((leaf) => ({
      numbers: new Float64Array(64),
      lows: new Int32Array(leaf.int64 ? 64 : 0),
      spans: new Int32Array(128),
      arena: new Uint8Array(1024),
      arenaUsed: 0,
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
      store.numbers = grown(store.numbers, this.slots)
      if (store.lows.length > 0) store.lows = grown(store.lows, this.slots)
      store.spans = grown(store.spans, this.slots * 2)
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
      if (isNull) continue
      if (leaf.words !== null) store.lows[slot] = leaf.words[2 * row]!
      if (leaf.numbers !== null)
        store.numbers[slot] = this.canonical ? canonicalNumber(leaf.numbers[row]!) : leaf.numbers[row]!
      else if (leaf.bits !== null) store.numbers[slot] = bitAt(leaf.bits, row) ? 1 : 0
      else if (leaf.offsets !== null) {
        const start = leaf.offsets[row]!
        const length = leaf.offsets[row + 1]! - start
        store.arena = grown(store.arena, store.arenaUsed + length)
        store.arena.set(leaf.bytes!.subarray(start, start + length), store.arenaUsed)
        store.spans[2 * slot] = store.arenaUsed
        store.spans[2 * slot + 1] = length
        store.arenaUsed += length
      } else {
        const value = valueAt(leaf.column, leaf.type, row)
        store.values[slot] = value
        store.texts[slot] = keyTextAt(leaf.column, leaf.type, row)
      }
    }
  }

  /**
   * Stores row i of `columns` at slots[i], for i < slots.length — leaf by leaf (each arena grown once for all the
   * rows' bytes), as `writeRow` would row by row.
   */
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
        let total = 0
        for (let i = 0; i < n; i++) if (validity === null || bitAt(validity, i)) total += offsets[i + 1]! - offsets[i]!
        store.arena = grown(store.arena, store.arenaUsed + total)
        const arena = store.arena
        for (let i = 0; i < n; i++) {
          const slot = slots[i]!
          if (validity !== null && !bitAt(validity, i)) {
            store.nulls[slot] = 1
            continue
          }
          store.nulls[slot] = 0
          const start = offsets[i]!
          const length = offsets[i + 1]! - start
          copyBytes(bytes, start, start + length, arena, store.arenaUsed)
          store.spans[2 * slot] = store.arenaUsed
          store.spans[2 * slot + 1] = length
          store.arenaUsed += length
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
    this.layout.leaves.forEach((leaf, k) => {
      const store = this.leaves[k]!
      if (leaf.kind === 'json') {
        store.texts[slot] = ''
        store.values[slot] = undefined
      } else if (leaf.kind === 'bytes' && store.nulls[slot] !== 1) this.garbage += store.spans[2 * slot + 1]!
    })
  }

  /** Compacts the arenas once released bytes are most of them. */
  compactIfWasteful(isLive: (slot: number) => boolean, highWater: number): void {
    let used = 0
    for (const store of this.leaves) used += store.arenaUsed
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

  /** Drops the bytes of slots no longer live once they are most of an arena (slots below `highWater`). */
  compact(isLive: (slot: number) => boolean, highWater: number): void {
    this.garbage = 0
    this.layout.leaves.forEach((leaf, k) => {
      const store = this.leaves[k]!
      if (leaf.kind !== 'bytes') return
      let liveBytes = 0
      for (let g = 0; g < highWater; g++) if (isLive(g)) liveBytes += store.spans[2 * g + 1]!
      if (liveBytes * 2 > store.arenaUsed) return
      const arena = new Uint8Array(Math.max(1024, liveBytes * 2))
      let used = 0
      for (let g = 0; g < highWater; g++) {
        if (!isLive(g)) continue
        const start = store.spans[2 * g]!
        const length = store.spans[2 * g + 1]!
        arena.set(store.arena.subarray(start, start + length), used)
        store.spans[2 * g] = used
        used += length
      }
      store.arena = arena
      store.arenaUsed = used
    })
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
        leaf.arena.byteLength +
        leaf.nulls.byteLength
    return bytes
  }

  private leafColumn(k: number, type: DataType, slots: ArrayLike<number>): Column {
    const store = this.leaves[k]!
    const leaf = this.layout.leaves[k]!
    const validity = validityFrom(store.nulls, slots)
    const n = slots.length
    if (leaf.kind === 'bytes') {
      const builder = new Utf8Builder(n, n * 8, type.kind === 'binary')
      for (let i = 0; i < n; i++) {
        const g = slots[i]!
        if (store.nulls[g] === 1) builder.appendNull()
        else builder.appendBytes(store.arena, store.spans[2 * g]!, store.spans[2 * g]! + store.spans[2 * g + 1]!)
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
