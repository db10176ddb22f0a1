// KeyTable: group keys → dense group ids, with keys stored column by column in typed arrays and an open-addressing
// index. No object is created per row or per key (except for rare array/map keys, kept as JSON).
import { bitAt, type Column, grown, keyTextAt, partitionIds, sparkHashOfRows } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import { OFFSET_BITS, OFFSET_MASK } from './byte-chunks.js'
import { ColumnStore, type PreparedLeaf } from './column-store.js'
import { hashRows, type KeyLayout, type LeafColumns } from './key-columns.js'
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'

const EMPTY = -1
const DELETED = -2

/**
 * Whether every leaf is a non-boolean number or int64 column without nulls in this batch (`equalsNumbers` compares
 * it).
 */
function plainNumbers(prepared: readonly PreparedLeaf[], leaves: LeafColumns): boolean {
  if (leaves.structValidity.some((v) => v !== null)) return false
  return prepared.every((leaf) => (leaf.numbers !== null || leaf.words !== null) && leaf.validity === null)
}

export class KeyTable {
  readonly layout: KeyLayout
  /** The keys, one slot per group id. */
  private readonly store: ColumnStore
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
  /** With partitions enabled: each group's partition (Spark's placement of its leading key fields), and sizes. */
  private partitioning: { readonly n: number; readonly fields: number; readonly types: DataType[] } | undefined
  private partitionOfGroup = new Int32Array(0)
  private partitionSizes = new Int32Array(0)
  private newGroups = new Int32Array(0)
  private newRows = new Int32Array(0)

  constructor(keyTypes: readonly DataType[]) {
    this.store = new ColumnStore(keyTypes)
    this.layout = this.store.layout
  }

  /**
   * Tags each group with its state partition, `pmod(hash(first `fields` key columns), n)`, computed once per new key,
   * so per-partition sizes are known without rehashing live keys.
   */
  enablePartitions(n: number, fields: number): void {
    this.partitioning = { n, fields, types: this.layout.types.slice(0, fields) as DataType[] }
    this.partitionSizes = new Int32Array(n)
  }

  /** The partition of a live group (partitions enabled). */
  partitionOf(group: number): number {
    return this.partitionOfGroup[group]!
  }

  /** Live groups per partition (partitions enabled). */
  groupsPerPartition(): Int32Array {
    return this.partitionSizes.slice()
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
    const { leaves, prepared } = this.store.prepare(keys)
    if (this.rowHashes.length < rows) {
      this.rowHashes = new Int32Array(Math.max(rows, this.rowHashes.length * 2))
      this.rowRepeats = new Uint8Array(this.rowHashes.length)
    }
    const hashes = this.rowHashes
    const repeats = this.rowRepeats
    hashRows(this.layout, leaves, rows, hashes, repeats)
    const plain = plainNumbers(prepared, leaves)
    let created = 0
    if (insert && this.partitioning && this.newGroups.length < rows) {
      this.newGroups = new Int32Array(rows)
      this.newRows = new Int32Array(rows)
    }
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
          (plain ? this.equalsNumbers(group, prepared, i) : this.equals(group, leaves, prepared, i))
        ) {
          found = group
          break
        }
        slot = (slot + 1) & this.mask
      }
      if (found < 0 && insert) {
        found = this.insert(leaves, prepared, i, hash, tombstone >= 0 ? tombstone : slot)
        if (this.partitioning) {
          this.newGroups[created] = found
          this.newRows[created++] = i
        }
        onNew?.(found, i)
      }
      groupIds[i] = found
    }
    if (created > 0) this.placeNewGroups(keys, created)
  }

  /** Partitions of the groups this probe created (rows `newRows[0..created)` of `keys`). */
  private placeNewGroups(keys: readonly Column[], created: number): void {
    const { n, fields, types } = this.partitioning!
    const placed = partitionIds(sparkHashOfRows(keys.slice(0, fields), types, this.newRows, created), n)
    this.partitionOfGroup = grown(this.partitionOfGroup, this.highWater)
    for (let k = 0; k < created; k++) {
      this.partitionOfGroup[this.newGroups[k]!] = placed[k]!
      this.partitionSizes[placed[k]!]!++
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
    if (this.partitioning) this.partitionSizes[this.partitionOfGroup[group]!]!--
    this.free.push(group)
    this.store.release(group)
  }

  /** Live group ids in ascending order. */
  liveGroups(): Int32Array {
    const out = new Int32Array(this.liveCount)
    let k = 0
    for (let g = 0; g < this.highWater; g++) if (this.live[g] === 1) out[k++] = g
    return out
  }

  /** Live group ids for which `holds` is true, in ascending order (one pass, no list of all live groups). */
  liveGroupsWhere(holds: (group: number) => boolean): Int32Array {
    const out = new Int32Array(this.liveCount)
    let k = 0
    for (let g = 0; g < this.highWater; g++) if (this.live[g] === 1 && holds(g)) out[k++] = g
    return out.subarray(0, k)
  }

  /** The key columns (as the key types, structs reassembled) for the given groups. */
  keyColumns(groups: ArrayLike<number>): Column[] {
    return this.store.columns(groups)
  }

  /** Bytes held by keys and the index (an estimate of the state's memory use). */
  memoryBytes(): number {
    return this.hashes.byteLength + this.live.byteLength + this.slots.byteLength + this.store.memoryBytes()
  }

  /** `equals` for keys whose leaves are all non-null numbers in this batch. */
  private equalsNumbers(group: number, prepared: readonly PreparedLeaf[], row: number): boolean {
    const { structNulls, leaves, hasNulls } = this.store
    const page = group >>> PAGE_BITS
    const at = group & SLOT_MASK
    if (hasNulls) for (let s = 0; s < structNulls.length; s++) if (structNulls[s]![page]![at] === 1) return false
    for (let k = 0; k < prepared.length; k++) {
      const store = leaves[k]!
      if (hasNulls && store.nulls[page]![at] === 1) return false
      const leaf = prepared[k]!
      if (leaf.words !== null) {
        const words = store.words[page]!
        if (leaf.words[2 * row] !== words[2 * at] || leaf.words[2 * row + 1] !== words[2 * at + 1]) return false
        continue
      }
      const v = leaf.numbers![row]!
      const stored = store.numbers[page]![at]!
      if (v !== stored && !(Number.isNaN(v) && Number.isNaN(stored))) return false
    }
    return true
  }

  private equals(group: number, leaves: LeafColumns, prepared: readonly PreparedLeaf[], row: number): boolean {
    const { structNulls, leaves: stores } = this.store
    const page = group >>> PAGE_BITS
    const at = group & SLOT_MASK
    for (let s = 0; s < structNulls.length; s++) {
      const validity = leaves.structValidity[s]!
      const rowNull = validity !== null && !bitAt(validity, row)
      if (rowNull !== (structNulls[s]![page]![at] === 1)) return false
    }
    for (let k = 0; k < prepared.length; k++) {
      const leaf = prepared[k]!
      const store = stores[k]!
      const rowNull = leaf.validity !== null && !bitAt(leaf.validity, row)
      if (rowNull !== (store.nulls[page]![at] === 1)) return false
      if (rowNull) continue
      if (leaf.words !== null) {
        const words = store.words[page]!
        if (leaf.words[2 * row] !== words[2 * at] || leaf.words[2 * row + 1] !== words[2 * at + 1]) return false
      } else if (leaf.numbers !== null) {
        const v = leaf.numbers[row]!
        const stored = store.numbers[page]![at]!
        if (v !== stored && !(Number.isNaN(v) && Number.isNaN(stored))) return false
      } else if (leaf.bits !== null) {
        if ((bitAt(leaf.bits, row) ? 1 : 0) !== store.numbers[page]![at]) return false
      } else if (leaf.offsets !== null) {
        const start = leaf.offsets[row]!
        const length = leaf.offsets[row + 1]! - start
        const spans = store.spans[page]!
        if (length !== spans[2 * at + 1]) return false
        if (length === 0) continue
        const span = spans[2 * at]!
        const stored = store.bytes.chunks[span >>> OFFSET_BITS]!
        const shift = (span & OFFSET_MASK) - start
        const bytes = leaf.bytes!
        for (let b = start; b < start + length; b++) if (bytes[b] !== stored[shift + b]) return false
      } else if (store.texts[group] !== keyTextAt(leaf.column, leaf.type, row)) return false
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
    this.store.writeRow(group, leaves, prepared, row)
    if (this.used * 2 > this.slots.length) this.rehash()
    return group
  }

  private ensureGroups(size: number): void {
    this.store.ensure(size)
    if (this.hashes.length >= size) return
    this.hashes = grown(this.hashes, size)
    this.live = grown(this.live, size)
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
    this.store.compact((g) => this.live[g] === 1, this.highWater)
  }
}
