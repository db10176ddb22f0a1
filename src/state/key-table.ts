// KeyTable: group keys → dense group ids, with keys stored column by column in typed arrays and an open-addressing
// index. No object is created per row or per key (except for rare array/map keys, kept as JSON).
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  grown,
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
import { hashRows, type KeyLayout, keyLayout, type LeafColumns, leafColumns } from './key-columns.js'

/** One leaf's arrays for a batch being probed. */
interface PreparedLeaf {
  readonly column: Column
  readonly type: DataType
  readonly numbers: ArrayLike<number> | null
  readonly bits: Uint8Array | null
  readonly offsets: Int32Array | null
  readonly bytes: Uint8Array | null
  readonly validity: Uint8Array | null
}

const EMPTY = -1
const DELETED = -2

/** Storage for one leaf key column across groups. */
interface LeafStore {
  numbers: Float64Array
  /** bytes leaves: [start, length] per group into `arena`. */
  spans: Int32Array
  arena: Uint8Array
  arenaUsed: number
  /** json leaves: the text (for equality) and the value (for output). */
  texts: string[]
  values: unknown[]
  nulls: Uint8Array
}

/** The leaves' numbers when every leaf is a non-boolean number column without nulls in this batch, else null. */
function plainNumbers(prepared: readonly PreparedLeaf[], leaves: LeafColumns): ArrayLike<number>[] | null {
  if (leaves.structValidity.some((v) => v !== null)) return null
  const out: ArrayLike<number>[] = []
  for (const leaf of prepared) {
    if (leaf.numbers === null || leaf.validity !== null) return null
    out.push(leaf.numbers)
  }
  return out
}

export class KeyTable {
  readonly layout: KeyLayout
  private readonly leaves: LeafStore[]
  private structNulls: Uint8Array[]
  private hashes = new Int32Array(64)
  private live = new Uint8Array(64)
  private slots = new Int32Array(128).fill(EMPTY)
  private mask = 127
  private used = 0
  private highWater = 0
  private liveCount = 0
  private readonly free: number[] = []
  private rowHashes = new Int32Array(0)
  private rowRepeats = new Uint8Array(0)

  constructor(keyTypes: readonly DataType[]) {
    this.layout = keyLayout(keyTypes)
    this.leaves = this.layout.leaves.map(() => ({
      numbers: new Float64Array(64),
      spans: new Int32Array(128),
      arena: new Uint8Array(1024),
      arenaUsed: 0,
      texts: [],
      values: [],
      nulls: new Uint8Array(64),
    }))
    this.structNulls = this.layout.structs.map(() => new Uint8Array(64))
  }

  /** Live groups. */
  get size(): number {
    return this.liveCount
  }

  /** One past the largest group id ever used (accumulator arrays must be at least this long). */
  get capacity(): number {
    return this.highWater
  }

  isLive(group: number): boolean {
    return this.live[group] === 1
  }

  /**
   * Maps each row's key to a group id in `groupIds`, creating groups for new keys (`onNew` is told each new id and
   * the row that created it; ids may be recycled). Row hashes are computed column by column, then each row probed once.
   */
  findOrInsert(
    keys: readonly Column[],
    rows: number,
    groupIds: Int32Array,
    onNew?: (group: number, row: number) => void,
  ): void {
    this.probe(keys, rows, groupIds, true, onNew)
  }

  /** The group of each row's key, or -1 where the table has none (nothing is inserted). */
  find(keys: readonly Column[], rows: number, groupIds: Int32Array): void {
    this.probe(keys, rows, groupIds, false)
  }

  private probe(
    keys: readonly Column[],
    rows: number,
    groupIds: Int32Array,
    insert: boolean,
    onNew?: (group: number, row: number) => void,
  ): void {
    const leaves = leafColumns(this.layout, keys)
    if (this.rowHashes.length < rows) {
      this.rowHashes = new Int32Array(Math.max(rows, this.rowHashes.length * 2))
      this.rowRepeats = new Uint8Array(this.rowHashes.length)
    }
    const hashes = this.rowHashes
    const repeats = this.rowRepeats
    hashRows(this.layout, leaves, rows, hashes, repeats)
    const prepared = this.prepare(leaves)
    const plain = plainNumbers(prepared, leaves)
    for (let i = 0; i < rows; i++) {
      // Rows often repeat the previous row's key (time-ordered windows): they take its group without probing.
      if (repeats[i] === 1) {
        groupIds[i] = groupIds[i - 1]!
        continue
      }
      const hash = hashes[i]!
      let slot = hash & this.mask
      let tombstone = -1
      let found = -1
      for (;;) {
        const group = this.slots[slot]!
        if (group === EMPTY) break
        if (group === DELETED) {
          if (tombstone < 0) tombstone = slot
        } else if (
          this.hashes[group] === hash &&
          (plain !== null ? this.equalsNumbers(group, plain, i) : this.equals(group, leaves, prepared, i))
        ) {
          found = group
          break
        }
        slot = (slot + 1) & this.mask
      }
      if (found < 0 && insert) {
        found = this.insert(leaves, prepared, i, hash, tombstone >= 0 ? tombstone : slot)
        onNew?.(found, i)
      }
      groupIds[i] = found
    }
  }

  /** Removes a group; its id may be reused by a later insert. */
  remove(group: number): void {
    if (this.live[group] !== 1) return
    let slot = this.hashes[group]! & this.mask
    while (this.slots[slot] !== group) slot = (slot + 1) & this.mask
    this.slots[slot] = DELETED
    this.live[group] = 0
    this.liveCount--
    this.free.push(group)
    this.layout.leaves.forEach((leaf, k) => {
      if (leaf.kind === 'json') {
        this.leaves[k]!.texts[group] = ''
        this.leaves[k]!.values[group] = undefined
      }
    })
  }

  /** Live group ids in ascending order. */
  liveGroups(): Int32Array {
    const out = new Int32Array(this.liveCount)
    let k = 0
    for (let g = 0; g < this.highWater; g++) if (this.live[g] === 1) out[k++] = g
    return out
  }

  /** The key columns (as the key types, structs reassembled) for the given groups. */
  keyColumns(groups: ArrayLike<number>): Column[] {
    let leafIndex = 0
    let structIndex = 0
    const build = (type: DataType): Column => {
      if (type.kind === 'struct') {
        const s = structIndex++
        const children = type.fields.map((f) => build(f.dataType))
        const validity = this.validityFrom(this.structNulls[s]!, groups)
        return structColumn(toArrowType(type) as Struct, children, groups.length, validity)
      }
      return this.leafColumn(leafIndex++, type, groups)
    }
    return this.layout.types.map(build)
  }

  /** Bytes held by keys and the index (an estimate of the state's memory use). */
  memoryBytes(): number {
    let bytes = this.hashes.byteLength + this.live.byteLength + this.slots.byteLength
    for (const leaf of this.leaves)
      bytes += leaf.numbers.byteLength + leaf.spans.byteLength + leaf.arena.byteLength + leaf.nulls.byteLength
    return bytes
  }

  private validityFrom(nulls: Uint8Array, groups: ArrayLike<number>): Uint8Array | null {
    let any = false
    const bits = newBitmap(groups.length)
    for (let i = 0; i < groups.length; i++) {
      if (nulls[groups[i]!] === 1) any = true
      else setBit(bits, i)
    }
    return any ? bits : null
  }

  private leafColumn(k: number, type: DataType, groups: ArrayLike<number>): Column {
    const store = this.leaves[k]!
    const leaf = this.layout.leaves[k]!
    const validity = this.validityFrom(store.nulls, groups)
    const n = groups.length
    if (leaf.kind === 'bytes') {
      const builder = new Utf8Builder(n, n * 8, type.kind === 'binary')
      for (let i = 0; i < n; i++) {
        const g = groups[i]!
        if (store.nulls[g] === 1) builder.appendNull()
        else builder.appendBytes(store.arena, store.spans[2 * g]!, store.spans[2 * g]! + store.spans[2 * g + 1]!)
      }
      return builder.finish()
    }
    if (leaf.kind === 'json')
      return columnFromValues(
        type,
        Array.from({ length: n }, (_, i) => (store.nulls[groups[i]!] === 1 ? null : store.values[groups[i]!])),
      )
    if (type.kind === 'boolean') {
      const bits = newBitmap(n)
      for (let i = 0; i < n; i++) if (store.numbers[groups[i]!] === 1) setBit(bits, i)
      return boolColumn(bits, n, validity)
    }
    const out = new (arrayTypeFor(type))(n)
    for (let i = 0; i < n; i++) out[i] = store.numbers[groups[i]!]!
    return numericColumn(type, out, validity)
  }

  /** Per-leaf arrays of one batch, read once so probing a row does no lookups. */
  private prepare(leaves: LeafColumns): PreparedLeaf[] {
    const prepared: PreparedLeaf[] = []
    for (let k = 0; k < this.layout.leaves.length; k++) {
      const leaf = this.layout.leaves[k]!
      const column = leaves.columns[k]!
      const isBoolean = leaf.type.kind === 'boolean'
      prepared.push({
        column,
        type: leaf.type,
        numbers: leaf.kind === 'number' && !isBoolean ? numbersOf(column) : null,
        bits: isBoolean ? (column.values as Uint8Array) : null,
        offsets: leaf.kind === 'bytes' ? (column.valueOffsets as Int32Array) : null,
        bytes: leaf.kind === 'bytes' ? (column.values as Uint8Array) : null,
        validity: leaves.validity[k]!,
      })
    }
    return prepared
  }

  /** `equals` for keys whose leaves are all non-null numbers in this batch. */
  private equalsNumbers(group: number, plain: readonly ArrayLike<number>[], row: number): boolean {
    for (let s = 0; s < this.structNulls.length; s++) if (this.structNulls[s]![group] === 1) return false
    for (let k = 0; k < plain.length; k++) {
      const store = this.leaves[k]!
      if (store.nulls[group] === 1) return false
      const v = plain[k]![row]!
      const stored = store.numbers[group]!
      if (v !== stored && !(Number.isNaN(v) && Number.isNaN(stored))) return false
    }
    return true
  }

  private equals(group: number, leaves: LeafColumns, prepared: readonly PreparedLeaf[], row: number): boolean {
    const structs = this.layout.structs.length
    for (let s = 0; s < structs; s++) {
      const validity = leaves.structValidity[s]!
      const rowNull = validity !== null && !bitAt(validity, row)
      if (rowNull !== (this.structNulls[s]![group] === 1)) return false
    }
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = this.leaves[k]!
      const rowNull = leaf.validity !== null && !bitAt(leaf.validity, row)
      if (rowNull !== (store.nulls[group] === 1)) return false
      if (rowNull) continue
      if (leaf.numbers !== null) {
        const v = leaf.numbers[row]!
        const stored = store.numbers[group]!
        if (v !== stored && !(Number.isNaN(v) && Number.isNaN(stored))) return false
      } else if (leaf.bits !== null) {
        if ((bitAt(leaf.bits, row) ? 1 : 0) !== store.numbers[group]) return false
      } else if (leaf.offsets !== null) {
        const start = leaf.offsets[row]!
        const length = leaf.offsets[row + 1]! - start
        if (length !== store.spans[2 * group + 1]) return false
        const at = store.spans[2 * group]!
        const bytes = leaf.bytes!
        for (let b = 0; b < length; b++) if (bytes[start + b] !== store.arena[at + b]) return false
      } else if (store.texts[group] !== JSON.stringify(valueAt(leaf.column, leaf.type, row))) return false
    }
    return true
  }

  private insert(
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    row: number,
    hash: number,
    slot: number,
  ): number {
    const group = this.free.pop() ?? this.highWater++
    this.ensureGroups(group + 1)
    this.hashes[group] = hash
    this.live[group] = 1
    this.liveCount++
    if (this.slots[slot] === EMPTY) this.used++
    this.slots[slot] = group
    for (let s = 0; s < this.layout.structs.length; s++) {
      const validity = leaves.structValidity[s]!
      this.structNulls[s]![group] = validity !== null && !bitAt(validity, row) ? 1 : 0
    }
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = this.leaves[k]!
      const isNull = leaf.validity !== null && !bitAt(leaf.validity, row)
      store.nulls[group] = isNull ? 1 : 0
      if (isNull) continue
      if (leaf.numbers !== null) store.numbers[group] = canonicalNumber(leaf.numbers[row]!)
      else if (leaf.bits !== null) store.numbers[group] = bitAt(leaf.bits, row) ? 1 : 0
      else if (leaf.offsets !== null) {
        const start = leaf.offsets[row]!
        const length = leaf.offsets[row + 1]! - start
        store.arena = grown(store.arena, store.arenaUsed + length)
        store.arena.set(leaf.bytes!.subarray(start, start + length), store.arenaUsed)
        store.spans[2 * group] = store.arenaUsed
        store.spans[2 * group + 1] = length
        store.arenaUsed += length
      } else {
        const value = valueAt(leaf.column, leaf.type, row)
        store.values[group] = value
        store.texts[group] = JSON.stringify(value)
      }
    }
    if (this.used * 2 > this.slots.length) this.rehash()
    return group
  }

  private ensureGroups(size: number): void {
    if (this.hashes.length >= size) return
    this.hashes = grown(this.hashes, size)
    this.live = grown(this.live, size)
    this.structNulls = this.structNulls.map((nulls) => grown(nulls, size))
    for (const store of this.leaves) {
      store.numbers = grown(store.numbers, size)
      store.spans = grown(store.spans, size * 2)
      store.nulls = grown(store.nulls, size)
    }
  }

  /** Rebuilds the index (dropping tombstones), doubling it when live groups fill more than a quarter. */
  private rehash(): void {
    const capacity = this.liveCount * 4 > this.slots.length ? this.slots.length * 2 : this.slots.length
    this.slots = new Int32Array(capacity).fill(EMPTY)
    this.mask = capacity - 1
    this.used = 0
    for (let g = 0; g < this.highWater; g++) {
      if (this.live[g] !== 1) continue
      let slot = this.hashes[g]! & this.mask
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & this.mask
      this.slots[slot] = g
      this.used++
    }
    this.compactArenas()
  }

  /** Drops the bytes of removed groups once they are most of an arena. */
  private compactArenas(): void {
    this.layout.leaves.forEach((leaf, k) => {
      const store = this.leaves[k]!
      if (leaf.kind !== 'bytes') return
      let liveBytes = 0
      for (let g = 0; g < this.highWater; g++) if (this.live[g] === 1) liveBytes += store.spans[2 * g + 1]!
      if (liveBytes * 2 > store.arenaUsed) return
      const arena = new Uint8Array(Math.max(1024, liveBytes * 2))
      let used = 0
      for (let g = 0; g < this.highWater; g++) {
        if (this.live[g] !== 1) continue
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
}
