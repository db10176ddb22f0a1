// Rows of typed columns kept at integer slots, column by column in paged typed arrays (slot-pages.ts): numbers as
// Float64, int64s (BIGINT, timestamps) as their two 32-bit words, booleans as 0/1 (a byte each in value stores), strings and binary in byte chunks, structs as their fields plus a null flag, arrays and
// maps as JS values (rare). No object per row, and growing copies no full page. The storage behind state tables' keys
// (KeyTable) and values (value, list and time tables).
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  int64WordsOf,
  keyTextAt,
  type NumberArray,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  structColumn,
  TWO_32,
  toArrowType,
  valueAt,
  writeInt64Words,
} from '../arrow/index.js'
import { canonicalNumber } from '../common/hash.js'
import type { DataType } from '../types/data-types.js'
import { ByteChunks } from './byte-chunks.js'
import { type KeyLayout, keyLayout, type LeafColumns, leafColumns } from './key-columns.js'
import {
  grownSlotCount,
  growPages,
  newPages,
  ownPage,
  PAGE_BITS,
  pagesBytes,
  SLOT_MASK,
  ZERO_FLAGS,
} from './slot-pages.js'
import { bytesColumn, copySlotWords } from './slot-reads.js'
import { clearFlags, copyCells, slotRuns } from './slot-runs.js'

/** The average run of consecutive slots (slot-runs.ts) below which `write` writes row by row. */
const MIN_AVERAGE_RUN = 4

/** One leaf's arrays for a batch being read, taken once so per-row work does no lookups. */
export interface PreparedLeaf {
  readonly column: Column
  readonly type: DataType
  /** Number leaves other than int64 and boolean ones: the values. */
  readonly numbers: NumberArray | null
  /** int64 leaves: (low, high) words per row, stored, hashed and compared as they are. */
  readonly words: Int32Array | null
  readonly bits: Uint8Array | null
  readonly offsets: Int32Array | null
  readonly bytes: Uint8Array | null
  readonly validity: Uint8Array | null
}

/**
 * Storage for one leaf column across slots, each array as pages (slot g: cell g & SLOT_MASK of page g >>> PAGE_BITS);
 * the page lists a leaf's kind does not use are empty.
 */
export interface LeafStore {
  /** number leaves other than int64 ones (booleans as 0/1 in a canonical store, which key checks read so). */
  readonly numbers: Float64Array[]
  /** boolean leaves of other stores (values: a join's `matched` flag per row): 0/1, a byte per slot. */
  readonly booleans: Uint8Array[]
  /** int64 leaves: the value's (low, high) 32-bit words per slot, exact over the whole int64 range. */
  readonly words: Int32Array[]
  /** bytes leaves: [span start, length] per slot into `bytes` (length 0 for nulls). */
  readonly spans: Int32Array[]
  bytes: ByteChunks
  /** json leaves: the text (for equality) and the value (for output). */
  texts: string[]
  values: unknown[]
  readonly nulls: Uint8Array[]
}

export class ColumnStore {
  readonly layout: KeyLayout
  readonly leaves: LeafStore[]
  /** Per struct: its null flag per slot, as pages. */
  readonly structNulls: Uint8Array[][]
  /** Whether a null (leaf or struct) was ever stored: until then equality needs no null flags. */
  hasNulls = false
  private slots = 64
  /** Per column: the index of its first leaf and of its first struct (itself, if it is one). */
  private readonly firstLeaf: number[] = []
  private readonly firstStruct: number[] = []
  /** Scratch of `write`, reused by every batch: the span start of each row of a bytes leaf being written. */
  private spanStarts = new Int32Array(0)
  /** Scratch of `write`: where each run of rows bound for consecutive slots ends (slot-runs.ts). */
  private runEnds = new Int32Array(0)

  /**
   * @param canonical store numbers as keys compare them (-0 as 0, every NaN the same), as Spark normalizes keys
   * @param borrow keep large string and binary columns written with `write` in their buffers (ByteChunks) instead of
   *   copying their bytes
   */
  constructor(
    types: readonly DataType[],
    private readonly canonical = true,
    borrow = false,
  ) {
    this.layout = keyLayout(types)
    const counts = (t: DataType): [number, number] =>
      t.kind === 'struct'
        ? t.fields.reduce<[number, number]>(
            (n, f) => {
              const [leaves, structs] = counts(f.dataType)
              return [n[0] + leaves, n[1] + structs]
            },
            [0, 1],
          )
        : [1, 0]
    let leaves = 0
    let structs = 0
    for (const t of types) {
      this.firstLeaf.push(leaves)
      this.firstStruct.push(structs)
      const [l, s] = counts(t)
      leaves += l
      structs += s
    }
    const slots = this.slots
    const inBytes = (leaf: { type: DataType }) => leaf.type.kind === 'boolean' && !canonical
    this.leaves = this.layout.leaves.map((leaf) => ({
      numbers: leaf.kind === 'number' && !leaf.int64 && !inBytes(leaf) ? newPages(Float64Array, slots) : [],
      booleans: inBytes(leaf) ? newPages(Uint8Array, slots) : [],
      words: leaf.int64 ? newPages(Int32Array, slots, 2) : [],
      spans: leaf.kind === 'bytes' ? newPages(Int32Array, slots, 2) : [],
      bytes: leaf.kind === 'bytes' ? new ByteChunks(undefined, borrow) : NO_BYTES,
      texts: [],
      values: [],
      nulls: newPages(Uint8Array, slots, 1, ZERO_FLAGS),
    }))
    this.structNulls = this.layout.structs.map(() => newPages(Uint8Array, slots, 1, ZERO_FLAGS))
  }

  /** A batch's columns split into leaves with their arrays, for `writeRow`; int64 leaves are read as words only. */
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
        numbers: leaf.kind !== 'number' || isBoolean || leaf.int64 ? null : numbersOf(column),
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
    this.slots = grownSlotCount(this.slots, size)
    for (const nulls of this.structNulls) growPages(nulls, this.slots, 1, ZERO_FLAGS)
    for (const store of this.leaves) {
      if (store.numbers.length > 0) growPages(store.numbers, this.slots)
      if (store.booleans.length > 0) growPages(store.booleans, this.slots)
      if (store.words.length > 0) growPages(store.words, this.slots, 2)
      if (store.spans.length > 0) growPages(store.spans, this.slots, 2)
      growPages(store.nulls, this.slots, 1, ZERO_FLAGS)
    }
  }

  /** Stores row `row` of prepared columns at `slot` (which `ensure` made room for). */
  writeRow(slot: number, leaves: LeafColumns, prepared: readonly PreparedLeaf[], row: number): void {
    for (let s = 0; s < this.layout.structs.length; s++) {
      const validity = leaves.structValidity[s]!
      const isNull = validity !== null && !bitAt(validity, row)
      setFlag(this.structNulls[s]!, slot, isNull)
      if (isNull) this.hasNulls = true
    }
    for (let k = 0; k < prepared.length; k++) this.writeLeaf(k, slot, prepared[k]!, row)
  }

  /**
   * Stores row i of `columns` at slots[i], for i < slots.length — leaf by leaf, as `writeRow` would row by row. Rows
   * bound for consecutive slots of a page (slot-runs.ts: a batch appended to fresh slots is a run per page) have
   * their cells copied a run at once.
   */
  write(slots: ArrayLike<number>, columns: readonly Column[]): void {
    const n = slots.length
    if (n === 0) return
    let highest = 0
    for (let i = 0; i < n; i++) if (slots[i]! > highest) highest = slots[i]!
    this.ensure(highest + 1)
    const { leaves, prepared } = this.prepare(columns)
    if (this.runEnds.length < n) this.runEnds = new Int32Array(Math.max(n, this.runEnds.length * 2))
    const ends = this.runEnds
    const runs = slotRuns(slots, n, ends)
    // Runs of a few slots copy no faster than cell by cell, and cost a second pass for their null flags.
    if (runs * MIN_AVERAGE_RUN > n) {
      this.writeScattered(slots, leaves, prepared)
      return
    }
    for (let s = 0; s < this.layout.structs.length; s++)
      this.writeFlags(this.structNulls[s]!, slots, ends, runs, leaves.structValidity[s]!)
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = this.leaves[k]!
      const validity = leaf.validity
      if (leaf.offsets !== null) {
        if (this.spanStarts.length < n) this.spanStarts = new Int32Array(Math.max(n, this.spanStarts.length * 2))
        store.bytes.appendRows(leaf.bytes!, leaf.offsets, n, this.spanStarts)
        this.writeSpans(store, leaf, slots, ends, runs)
      } else if (leaf.words !== null) {
        const words = leaf.words
        for (let r = 0, i = 0; r < runs; i = ends[r++]!) {
          const g = slots[i]!
          copyCells(words, 2 * i, 2 * (ends[r]! - i), store.words[g >>> PAGE_BITS]!, 2 * (g & SLOT_MASK))
        }
        // A null's words are stored as 0, so a column read back holds no stale value under it.
        if (this.writeFlags(store.nulls, slots, ends, runs, validity)) {
          for (let i = 0; i < n; i++) {
            if (bitAt(validity!, i)) continue
            const g = slots[i]!
            const page = store.words[g >>> PAGE_BITS]!
            page[2 * (g & SLOT_MASK)] = 0
            page[2 * (g & SLOT_MASK) + 1] = 0
          }
        }
      } else if (leaf.numbers !== null && !this.canonical) {
        // Whatever a null row holds under it is copied too (read as null: its flag is set).
        const numbers = leaf.numbers
        for (let r = 0, i = 0; r < runs; i = ends[r++]!) {
          const g = slots[i]!
          copyCells(numbers, i, ends[r]! - i, store.numbers[g >>> PAGE_BITS]!, g & SLOT_MASK)
        }
        this.writeFlags(store.nulls, slots, ends, runs, validity)
      } else if (leaf.bits !== null && validity === null) {
        writeBits(store, leaf.bits, slots)
        this.writeFlags(store.nulls, slots, ends, runs, null)
      } else for (let i = 0; i < n; i++) this.writeLeaf(k, slots[i]!, leaf, i)
    }
  }

  /** `write` for rows bound for scattered slots (recycled ones): each leaf row by row. */
  private writeScattered(slots: ArrayLike<number>, leaves: LeafColumns, prepared: readonly PreparedLeaf[]): void {
    const n = slots.length
    for (let s = 0; s < this.layout.structs.length; s++) {
      const validity = leaves.structValidity[s]!
      const nulls = this.structNulls[s]!
      if (validity !== null) {
        for (let i = 0; i < n; i++) {
          const isNull = !bitAt(validity, i)
          setFlag(nulls, slots[i]!, isNull)
          if (isNull) this.hasNulls = true
        }
      } else for (let i = 0; i < n; i++) setFlag(nulls, slots[i]!, false)
    }
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = this.leaves[k]!
      const validity = leaf.validity
      if (leaf.offsets !== null) {
        const offsets = leaf.offsets
        const bytes = leaf.bytes!
        const { spans, nulls } = store
        if (this.spanStarts.length < n) this.spanStarts = new Int32Array(Math.max(n, this.spanStarts.length * 2))
        const starts = this.spanStarts
        store.bytes.appendRows(bytes, offsets, n, starts)
        for (let i = 0; i < n; i++) {
          const g = slots[i]!
          const page = g >>> PAGE_BITS
          const at = g & SLOT_MASK
          const isNull = validity !== null && !bitAt(validity, i)
          const length = offsets[i + 1]! - offsets[i]!
          setFlag(nulls, g, isNull)
          if (isNull) this.hasNulls = true
          spans[page]![2 * at] = starts[i]!
          spans[page]![2 * at + 1] = isNull ? 0 : length
          // A null's bytes (if it has any) are not held for it.
          if (isNull && length > 0) store.bytes.release(starts[i]!, length)
        }
      } else if (leaf.words !== null) {
        const words = leaf.words
        const stored = store.words
        for (let i = 0; i < n; i++) {
          const g = slots[i]!
          const page = stored[g >>> PAGE_BITS]!
          const at = 2 * (g & SLOT_MASK)
          const isNull = validity !== null && !bitAt(validity, i)
          setFlag(store.nulls, g, isNull)
          if (isNull) this.hasNulls = true
          // A null's words are stored as 0, so a column read back holds no stale value under it.
          page[at] = isNull ? 0 : words[2 * i]!
          page[at + 1] = isNull ? 0 : words[2 * i + 1]!
        }
      } else if (leaf.numbers !== null && validity === null && !this.canonical) {
        const numbers = leaf.numbers
        for (let i = 0; i < n; i++) {
          const g = slots[i]!
          store.numbers[g >>> PAGE_BITS]![g & SLOT_MASK] = numbers[i]!
          store.nulls[g >>> PAGE_BITS]![g & SLOT_MASK] = 0
        }
      } else if (leaf.bits !== null && validity === null) {
        writeBits(store, leaf.bits, slots)
        for (let i = 0; i < n; i++) store.nulls[slots[i]! >>> PAGE_BITS]![slots[i]! & SLOT_MASK] = 0
      } else for (let i = 0; i < n; i++) this.writeLeaf(k, slots[i]!, leaf, i)
    }
  }

  /**
   * Sets the null flags of `slots` from `validity` (none null when it is null: each run's flags cleared at once);
   * returns whether any row is null.
   */
  private writeFlags(
    flags: Uint8Array[],
    slots: ArrayLike<number>,
    ends: Int32Array,
    runs: number,
    validity: Uint8Array | null,
  ): boolean {
    if (validity === null) {
      for (let r = 0, i = 0; r < runs; i = ends[r++]!) clearFlags(flags, slots[i]!, ends[r]! - i)
      return false
    }
    let any = false
    for (let i = 0; i < ends[runs - 1]!; i++) {
      const isNull = !bitAt(validity, i)
      setFlag(flags, slots[i]!, isNull)
      if (isNull) any = true
    }
    if (any) this.hasNulls = true
    return any
  }

  /** The spans of a bytes leaf's rows, whose bytes `appendRows` put at `spanStarts` (a null holds none). */
  private writeSpans(
    store: LeafStore,
    leaf: PreparedLeaf,
    slots: ArrayLike<number>,
    ends: Int32Array,
    runs: number,
  ): void {
    const offsets = leaf.offsets!
    const starts = this.spanStarts
    for (let r = 0, i = 0; r < runs; i = ends[r++]!) {
      const g = slots[i]!
      const spans = store.spans[g >>> PAGE_BITS]!
      const end = ends[r]!
      for (let row = i, at = 2 * (g & SLOT_MASK); row < end; row++, at += 2) {
        spans[at] = starts[row]!
        spans[at + 1] = offsets[row + 1]! - offsets[row]!
      }
    }
    if (!this.writeFlags(store.nulls, slots, ends, runs, leaf.validity)) return
    for (let i = 0; i < ends[runs - 1]!; i++) {
      if (bitAt(leaf.validity!, i)) continue
      const g = slots[i]!
      const spans = store.spans[g >>> PAGE_BITS]!
      const at = 2 * (g & SLOT_MASK)
      // A null's bytes (if it has any) are not held for it.
      store.bytes.release(starts[i]!, spans[at + 1]!)
      spans[at + 1] = 0
    }
  }

  /** Stores leaf k of row `row` at `slot`: its null flag, and its number, int64 words, bytes or JSON value. */
  private writeLeaf(k: number, slot: number, leaf: PreparedLeaf, row: number): void {
    const store = this.leaves[k]!
    const page = slot >>> PAGE_BITS
    const at = slot & SLOT_MASK
    const isNull = leaf.validity !== null && !bitAt(leaf.validity, row)
    setFlag(store.nulls, slot, isNull)
    if (isNull) {
      this.hasNulls = true
      if (leaf.offsets !== null) store.spans[page]![2 * at + 1] = 0
      else if (leaf.words !== null) store.words[page]!.fill(0, 2 * at, 2 * at + 2)
      return
    }
    if (leaf.words !== null) {
      const words = store.words[page]!
      words[2 * at] = leaf.words[2 * row]!
      words[2 * at + 1] = leaf.words[2 * row + 1]!
    } else if (leaf.numbers !== null) {
      const v = leaf.numbers[row]!
      store.numbers[page]![at] = this.canonical ? canonicalNumber(v) : v
    } else if (leaf.bits !== null) {
      const cells: (Float64Array | Uint8Array)[] = store.booleans.length > 0 ? store.booleans : store.numbers
      cells[page]![at] = bitAt(leaf.bits, row) ? 1 : 0
    } else if (leaf.offsets !== null) {
      const start = leaf.offsets[row]!
      const end = leaf.offsets[row + 1]!
      const spans = store.spans[page]!
      spans[2 * at] = store.bytes.append(leaf.bytes!, start, end)
      spans[2 * at + 1] = end - start
    } else {
      store.values[slot] = valueAt(leaf.column, leaf.type, row)
      // The text keys compare by (KeyTable.equals compares keyTextAt too).
      store.texts[slot] = keyTextAt(leaf.column, leaf.type, row)
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
      } else {
        const page = store.spans[slot >>> PAGE_BITS]!
        const at = 2 * (slot & SLOT_MASK)
        store.bytes.release(page[at]!, page[at + 1]!)
      }
    }
  }

  /** Compacts the byte chunks once released bytes are most of them. */
  compactIfWasteful(isLive: (slot: number) => boolean, highWater: number): void {
    let used = 0
    let released = 0
    for (const store of this.leaves) {
      used += store.bytes.used
      released += store.bytes.released
    }
    if (released * 2 > used && used > 4096) this.compact(isLive, highWater)
  }

  /** The rows at `slots` as columns of the stored types, structs reassembled. */
  columns(slots: ArrayLike<number>): Column[] {
    return this.layout.types.map((_, c) => this.column(c, slots))
  }

  /** Column c of the rows at `slots` (a struct reassembled). */
  column(c: number, slots: ArrayLike<number>): Column {
    let leafIndex = this.firstLeaf[c]!
    let structIndex = this.firstStruct[c]!
    const build = (type: DataType): Column => {
      if (type.kind === 'struct') {
        const s = structIndex++
        const children = type.fields.map((f) => build(f.dataType))
        const validity = validityFrom(this.structNulls[s]!, slots)
        return structColumn(toArrowType(type) as Struct, children, slots.length, validity)
      }
      return this.leafColumn(leafIndex++, type, slots)
    }
    return build(this.layout.types[c]!)
  }

  /** The leaf holding column c, or -1 for a struct column (held as its fields' leaves). */
  leafOf(c: number): number {
    return this.layout.types[c]!.kind === 'struct' ? -1 : this.firstLeaf[c]!
  }

  /** Drops the bytes of slots no longer live once they are most of a leaf's bytes (slots below `highWater`). */
  compact(isLive: (slot: number) => boolean, highWater: number): void {
    for (let k = 0; k < this.leaves.length; k++) {
      const store = this.leaves[k]!
      if (this.layout.leaves[k]!.kind !== 'bytes') continue
      let liveBytes = 0
      for (let g = 0; g < highWater; g++)
        if (isLive(g)) liveBytes += store.spans[g >>> PAGE_BITS]![2 * (g & SLOT_MASK) + 1]!
      if (liveBytes * 2 > store.bytes.used) continue
      store.bytes = store.bytes.compacted(store.spans, isLive, highWater, liveBytes)
    }
  }

  /** Leaf k's stored number (booleans as 0/1; int64s as their nearest double) at a slot. */
  numberAt(k: number, slot: number): number {
    const store = this.leaves[k]!
    if (store.booleans.length > 0) return store.booleans[slot >>> PAGE_BITS]![slot & SLOT_MASK]!
    if (store.words.length === 0) return store.numbers[slot >>> PAGE_BITS]![slot & SLOT_MASK]!
    const words = store.words[slot >>> PAGE_BITS]!
    const at = 2 * (slot & SLOT_MASK)
    return words[at + 1]! * TWO_32 + (words[at]! >>> 0)
  }

  isNullAt(k: number, slot: number): boolean {
    return this.leaves[k]!.nulls[slot >>> PAGE_BITS]![slot & SLOT_MASK] === 1
  }

  /** Sets leaf k (a number or boolean leaf) at a slot to a non-null value; int64 leaves: exact below 2^53. */
  setNumber(k: number, slot: number, value: number): void {
    const store = this.leaves[k]!
    const page = slot >>> PAGE_BITS
    const at = slot & SLOT_MASK
    if (store.words.length > 0) writeInt64Words(store.words[page]!, at, Math.trunc(value), 0)
    else if (store.booleans.length > 0) store.booleans[page]![at] = value
    else store.numbers[page]![at] = value
    store.nulls[page]![at] = 0
  }

  /** Bytes held (an estimate of the state's memory use). */
  memoryBytes(): number {
    let bytes = 0
    for (const nulls of this.structNulls) bytes += pagesBytes(nulls)
    for (const leaf of this.leaves)
      bytes +=
        pagesBytes(leaf.numbers) +
        pagesBytes(leaf.booleans) +
        pagesBytes(leaf.words) +
        pagesBytes(leaf.spans) +
        leaf.bytes.allocated +
        pagesBytes(leaf.nulls)
    return bytes
  }

  private leafColumn(k: number, type: DataType, slots: ArrayLike<number>): Column {
    const store = this.leaves[k]!
    const leaf = this.layout.leaves[k]!
    const validity = validityFrom(store.nulls, slots)
    const n = slots.length
    if (leaf.kind === 'bytes') return bytesColumn(type, store, slots, validity)
    if (leaf.kind === 'json')
      return columnFromValues(
        type,
        Array.from({ length: n }, (_, i) =>
          validity !== null && !bitAt(validity, i) ? null : store.values[slots[i]!],
        ),
      )
    const numbers = store.numbers
    if (type.kind === 'boolean') {
      const bits = newBitmap(n)
      const cells: (Float64Array | Uint8Array)[] = store.booleans.length > 0 ? store.booleans : numbers
      for (let i = 0; i < n; i++) {
        const g = slots[i]!
        if (cells[g >>> PAGE_BITS]![g & SLOT_MASK] === 1) setBit(bits, i)
      }
      return boolColumn(bits, n, validity)
    }
    if (leaf.int64) {
      const out = new BigInt64Array(n)
      copySlotWords(store, slots, new Int32Array(out.buffer), 0)
      return numericColumn(type, out, validity)
    }
    const out = new (arrayTypeFor(type))(n)
    for (let i = 0; i < n; i++) out[i] = numbers[slots[i]! >>> PAGE_BITS]![slots[i]! & SLOT_MASK]!
    return numericColumn(type, out, validity)
  }
}

/** Boolean values, row i's bit into slots[i]'s cell (in `booleans`, or in `numbers` where the store keeps them). */
function writeBits(store: LeafStore, bits: Uint8Array, slots: ArrayLike<number>): void {
  const cells: (Float64Array | Uint8Array)[] = store.booleans.length > 0 ? store.booleans : store.numbers
  for (let i = 0; i < slots.length; i++) {
    const g = slots[i]!
    cells[g >>> PAGE_BITS]![g & SLOT_MASK] = bitAt(bits, i) ? 1 : 0
  }
}

/** The byte store of leaves that hold no bytes (never appended to). */
const NO_BYTES = new ByteChunks()

/** Sets a slot's flag in flag pages (a shared page of zeros is made the store's own before a 1 is written to it). */
function setFlag(pages: Uint8Array[], g: number, on: boolean): void {
  if (on) ownPage(pages, g, ZERO_FLAGS)[g & SLOT_MASK] = 1
  else pages[g >>> PAGE_BITS]![g & SLOT_MASK] = 0
}

/** A validity bitmap for `slots` from per-slot null flags, or null when none is null. */
function validityFrom(nulls: readonly Uint8Array[], slots: ArrayLike<number>): Uint8Array | null {
  let any = false
  const bits = newBitmap(slots.length)
  for (let i = 0; i < slots.length; i++) {
    const g = slots[i]!
    if (nulls[g >>> PAGE_BITS]![g & SLOT_MASK] === 1) any = true
    else setBit(bits, i)
  }
  return any ? bits : null
}
