// Key → rows at indexes 0..n-1: the storage of list tables and of Spark's join layout (keyToNumValues +
// keyWithIndexToValue). Keys live in a KeyTable (one group per key), rows in a ColumnStore (one slot per entry), and
// each key's entries are a doubly linked list in typed arrays (per entry: paged EntryLinks, so state grows a page at a
// time), in index order — no object per key or row. Removing
// an entry moves the key's last entry into its place and index, as Spark's SymmetricHashJoinStateManager does, so
// indexes stay dense.
//
// Changes per batch: entries appended or moved are upserts of (key, index); an index at or past the key's count at
// the end of the batch is a delete of (key, index). Keys left without entries leave the KeyTable when the next batch
// begins, so a batch's (group, index) pairs stay meaningful until its delta is written.
import { type Column, grown, makeBatch, numericColumn, type RecordBatch } from '../arrow/index.js'
import { type DataType, LONG } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { ColumnStore } from './column-store.js'
import { EntryLinks } from './entry-links.js'
import type { ColumnPiece } from './gather-pieces.js'
import { KeyTable } from './key-table.js'
import { SlotChanges } from './slot-changes.js'

const NONE = -1

export class IndexedRows {
  readonly keyTable: KeyTable
  private readonly entries: ColumnStore
  /** Per group. */
  private counts = new Int32Array(64)
  private heads = new Int32Array(64).fill(NONE)
  private tails = new Int32Array(64).fill(NONE)
  /** Per entry: its list links, group (-1 when free) and index. */
  private readonly links = new EntryLinks()
  private entryHighWater = 0
  private freeEntries: number[] = []
  private liveEntries = 0
  /** Groups whose count changed, entries upserted (this batch). */
  readonly groupChanges = new SlotChanges()
  readonly entryChanges = new SlotChanges()
  /** (group, index) pairs vacated this batch. */
  private vacatedGroups: number[] = []
  /** Rows per partition, once `trackPartitions` is on. */
  private partitionRows: Int32Array | undefined
  private vacatedIndexes: number[] = []
  /** Scratch of `append`, reused by every batch: the rows' groups and new entries. */
  private appendGroups = new Int32Array(0)
  private appendEntries = new Int32Array(0)

  constructor(keyTypes: readonly DataType[], valueTypes: readonly DataType[]) {
    this.keyTable = new KeyTable(keyTypes)
    // Rows are appended from whole input batches, whose large string columns are kept rather than copied.
    this.entries = new ColumnStore(valueTypes, false, true)
  }

  /** Tracks rows per partition of `n` (keys placed by their first `fields` columns). */
  trackPartitions(n: number, fields: number): void {
    this.keyTable.enablePartitions(n, fields)
    this.partitionRows = new Int32Array(n)
  }

  rowsPerPartition(): Int32Array {
    return this.partitionRows?.slice() ?? Int32Array.of(this.liveEntries)
  }

  /** Rows held. */
  get size(): number {
    return this.liveEntries
  }

  /** The group of each row's key, or -1 where the key has no rows (in `groups`, if given: at least `rows` long). */
  find(keys: readonly Column[], rows: number, groups = new Int32Array(rows)): Int32Array {
    this.keyTable.find(keys, rows, groups)
    for (let i = 0; i < rows; i++) if (groups[i]! >= 0 && this.counts[groups[i]!] === 0) groups[i] = NONE
    return groups
  }

  count(group: number): number {
    return this.counts[group]!
  }

  /** The first entry of a group's list, or -1. Entries follow with `next`. */
  first(group: number): number {
    return this.heads[group]!
  }

  next(entry: number): number {
    return this.links.next(entry)
  }

  indexAt(entry: number): number {
    return this.links.index(entry)
  }

  groupAt(entry: number): number {
    return this.links.group(entry)
  }

  /** Appends row i of `values` to the rows of row i's key; returns the new entries (valid until the next append). */
  append(keys: readonly Column[], values: readonly Column[], rows: number): Int32Array {
    if (this.appendGroups.length < rows) {
      this.appendGroups = new Int32Array(Math.max(rows, this.appendGroups.length * 2))
      this.appendEntries = new Int32Array(this.appendGroups.length)
    }
    const groups = this.appendGroups.subarray(0, rows)
    this.keyTable.findOrInsert(keys, rows, groups, (group) => this.newGroup(group))
    const added = this.appendEntries.subarray(0, rows)
    const fresh = rows - this.freeEntries.length
    if (fresh > 0) this.reserveEntries(this.entryHighWater + fresh)
    this.linkLast(groups, added)
    this.entries.write(added, values)
    return added
  }

  /**
   * `link` at the end of their groups for a batch of rows whose room `reserveEntries` made: new entry i (recycled,
   * then fresh past the high water) goes last in group groups[i].
   */
  private linkLast(groups: Int32Array, added: Int32Array): void {
    const { counts, heads, tails, links, freeEntries } = this
    const { entryChanges, groupChanges, partitionRows, keyTable } = this
    for (let i = 0; i < groups.length; i++) {
      const group = groups[i]!
      const entry = freeEntries.length > 0 ? freeEntries.pop()! : this.entryHighWater++
      const tail = tails[group]!
      links.set(entry, NONE, tail, group, counts[group]!)
      if (tail !== NONE) links.setNext(tail, entry)
      else heads[group] = entry
      tails[group] = entry
      counts[group]!++
      if (partitionRows) partitionRows[keyTable.partitionOf(group)]!++
      added[i] = entry
    }
    // Every new entry and its group upserted, as a touch of each in the loop would (in the same order).
    entryChanges.touchAll(added, added.length)
    groupChanges.touchAll(groups, groups.length)
    this.liveEntries += groups.length
  }

  /** Grows the per-entry arrays and the value store once for new entries below `size` (past the high water). */
  private reserveEntries(size: number): void {
    this.links.ensure(size)
    this.entries.ensure(size)
    // `created` on the last slot grows the change flags once for every new entry.
    this.entryChanges.created(size - 1)
  }

  /** The value columns of entries. */
  read(entries: ArrayLike<number>): Column[] {
    return this.entries.columns(entries)
  }

  /** Value column c of entries. */
  readColumn(c: number, entries: ArrayLike<number>): Column {
    return this.entries.column(c, entries)
  }

  /** Value column `column` of entries, as a piece of a column to gather (read when it is gathered). */
  valuePiece(column: number, entries: Int32Array): ColumnPiece {
    return { kind: 'slots', store: this.entries, column, slots: entries }
  }

  /** Replaces the values of entries (row i of the columns → entries[i]). */
  update(entries: ArrayLike<number>, values: readonly Column[]): void {
    for (let i = 0; i < entries.length; i++) {
      this.entries.release(entries[i]!)
      this.entryChanges.touch(entries[i]!)
    }
    this.entries.write(entries, values)
  }

  /** A number value leaf's stored value (numbers, timestamps, booleans as 0/1) at an entry. */
  valueNumber(entry: number, leaf: number): number {
    return this.entries.numberAt(leaf, entry)
  }

  valueIsNull(entry: number, leaf: number): boolean {
    return this.entries.isNullAt(leaf, entry)
  }

  /** Sets a number (or boolean as 0/1) value leaf of an entry in place: an upsert of the entry, like `update`. */
  setValueNumber(entry: number, leaf: number, value: number): void {
    // An int64 leaf keeps the low word too (exact: values set in place stay below 2^53).
    this.entries.setNumber(leaf, entry, value)
    this.entryChanges.touch(entry)
  }

  /** Removes an entry; the group's last entry takes its place and index. */
  remove(entry: number): void {
    const { links } = this
    const group = links.group(entry)
    const last = this.tails[group]!
    this.vacate(group, links.index(last))
    if (last === entry) {
      this.unlink(entry)
      return
    }
    this.detach(last)
    const prev = links.prev(entry)
    const next = links.next(entry)
    links.setPrev(last, prev)
    links.setNext(last, next)
    if (prev !== NONE) links.setNext(prev, last)
    else this.heads[group] = last
    if (next !== NONE) links.setPrev(next, last)
    else this.tails[group] = last
    links.setIndex(last, links.index(entry))
    this.entryChanges.touch(last)
    this.free(entry)
  }

  /** Removes every entry of a group. */
  clear(group: number): void {
    for (let e = this.heads[group]!; e !== NONE; ) {
      const next = this.links.next(e)
      this.vacate(group, this.links.index(e))
      this.unlink(e)
      e = next
    }
  }

  /** Groups with at least one entry, ascending. */
  groups(): Int32Array {
    const live = this.keyTable.liveGroups()
    let n = 0
    for (let i = 0; i < live.length; i++) if (this.counts[live[i]!]! > 0) live[n++] = live[i]!
    return live.subarray(0, n)
  }

  /** Every live entry, in slot order (not grouped by key): for scans that only read entries. */
  liveEntrySlots(): Int32Array {
    const out = new Int32Array(this.liveEntries)
    for (let e = 0, k = 0; e < this.entryHighWater; e++) if (this.links.group(e) !== NONE) out[k++] = e
    return out
  }

  /** Entries of the given groups, each group's in list order. */
  entriesOf(groups: ArrayLike<number>): Int32Array {
    let n = 0
    for (let i = 0; i < groups.length; i++) n += this.counts[groups[i]!]!
    const out = new Int32Array(n)
    let k = 0
    for (let i = 0; i < groups.length; i++)
      for (let e = this.heads[groups[i]!]!; e !== NONE; e = this.links.next(e)) out[k++] = e
    return out
  }

  /** Starts a batch: keys emptied by the last one leave the key table; change tracking restarts. */
  beginBatch(): void {
    for (const g of this.groupChanges.touched)
      if (this.keyTable.isLive(g) && this.counts[g] === 0) this.keyTable.remove(g)
    this.groupChanges.reset()
    this.entryChanges.reset()
    this.vacatedGroups = []
    this.vacatedIndexes = []
    this.entries.compactIfWasteful((e) => this.links.group(e) !== NONE, this.entryHighWater)
  }

  /** (group, index) pairs vacated this batch and not filled again: the deletes of the batch's delta. */
  vacated(): { groups: Int32Array; indexes: Float64Array } {
    const seen = new Set<string>()
    const groups: number[] = []
    const indexes: number[] = []
    for (let i = 0; i < this.vacatedGroups.length; i++) {
      const g = this.vacatedGroups[i]!
      const index = this.vacatedIndexes[i]!
      if (index < this.counts[g]!) continue
      const pair = `${g}:${index}`
      if (seen.has(pair)) continue
      seen.add(pair)
      groups.push(g)
      indexes.push(index)
    }
    return { groups: Int32Array.from(groups), indexes: Float64Array.from(indexes) }
  }

  /** Live entries upserted this batch. */
  upsertedEntries(): Int32Array {
    return Int32Array.from(this.entryChanges.touched.filter((e) => this.links.group(e) !== NONE))
  }

  /** Every live entry, by group. */
  allEntries(): Int32Array {
    return this.entriesOf(this.groups())
  }

  /** Puts a restored row at (key, index), replacing whatever entry holds that index. */
  restoreAt(keys: readonly Column[], indexes: ArrayLike<number>, values: readonly Column[], rows: number): void {
    const groups = new Int32Array(rows)
    this.keyTable.findOrInsert(keys, rows, groups, (group) => this.newGroup(group))
    const written = new Int32Array(rows)
    for (let i = 0; i < rows; i++) {
      const group = groups[i]!
      const index = indexes[i]!
      const existing = this.entryAt(group, index)
      if (existing !== NONE) this.unlink(existing)
      written[i] = this.link(group, index, this.predecessor(group, index))
    }
    this.entries.write(written, values)
  }

  /** Removes restored deletes of (key, index). */
  restoreDelete(keys: readonly Column[], indexes: ArrayLike<number>, rows: number): void {
    const groups = new Int32Array(rows)
    this.keyTable.find(keys, rows, groups)
    for (let i = 0; i < rows; i++) {
      if (groups[i]! < 0) continue
      const entry = this.entryAt(groups[i]!, indexes[i]!)
      if (entry !== NONE) this.unlink(entry)
    }
  }

  memoryBytes(): number {
    return (
      this.keyTable.memoryBytes() +
      this.entries.memoryBytes() +
      this.counts.byteLength * 3 +
      this.links.memoryBytes() +
      this.entryChanges.memoryBytes()
    )
  }

  /** The last entry of a group with an index at or below `index` (after which an entry with `index` goes), or -1. */
  private predecessor(group: number, index: number): number {
    let e = this.tails[group]!
    while (e !== NONE && this.links.index(e) > index) e = this.links.prev(e)
    return e
  }

  /** The entry of a group with `index`, or -1: searched from the tail (lists are in index order; restores append). */
  private entryAt(group: number, index: number): number {
    const e = this.predecessor(group, index)
    return e !== NONE && this.links.index(e) === index ? e : NONE
  }

  private newGroup(group: number): void {
    const size = this.keyTable.capacity
    if (this.counts.length < size) {
      this.counts = grown(this.counts, size)
      this.heads = growFilled(this.heads, size)
      this.tails = growFilled(this.tails, size)
    }
    this.counts[group] = 0
    this.heads[group] = NONE
    this.tails[group] = NONE
    this.groupChanges.created(group)
  }

  /** A new entry with `index`, placed after `after` in its group's list (at the end by default; -1: first). */
  private link(group: number, index: number, after = this.tails[group]!): number {
    const entry = this.freeEntries.pop() ?? this.entryHighWater++
    const { links } = this
    links.ensure(entry + 1)
    this.entries.ensure(entry + 1)
    const next = after === NONE ? this.heads[group]! : links.next(after)
    links.set(entry, next, after, group, index)
    if (after !== NONE) links.setNext(after, entry)
    else this.heads[group] = entry
    if (next !== NONE) links.setPrev(next, entry)
    else this.tails[group] = entry
    this.counts[group]!++
    this.liveEntries++
    if (this.partitionRows) this.partitionRows[this.keyTable.partitionOf(group)]!++
    this.entryChanges.created(entry)
    this.entryChanges.touch(entry)
    this.groupChanges.touch(group)
    return entry
  }

  /** Takes an entry out of its group's list (the entry itself stays live). */
  private detach(entry: number): void {
    const { links } = this
    const group = links.group(entry)
    const prev = links.prev(entry)
    const next = links.next(entry)
    if (prev !== NONE) links.setNext(prev, next)
    else this.heads[group] = next
    if (next !== NONE) links.setPrev(next, prev)
    else this.tails[group] = prev
  }

  /** Forgets a detached (or replaced) entry: one row fewer in its group. */
  private free(entry: number): void {
    const group = this.links.group(entry)
    this.links.free(entry)
    this.entries.release(entry)
    this.freeEntries.push(entry)
    this.counts[group]!--
    this.liveEntries--
    if (this.partitionRows) this.partitionRows[this.keyTable.partitionOf(group)]!--
    this.groupChanges.touch(group)
  }

  private unlink(entry: number): void {
    this.detach(entry)
    this.free(entry)
  }

  private vacate(group: number, index: number): void {
    this.vacatedGroups.push(group)
    this.vacatedIndexes.push(index)
  }
}

/** `grown` for arrays whose new cells must read as -1. */
function growFilled<T extends Int32Array>(array: T, size: number): T {
  const bigger = grown(array, size)
  if (bigger !== array) bigger.fill(NONE, array.length)
  return bigger
}

/** `key…, index: long` — the key of a row in Spark's keyWithIndexToValue layout. */
export function withIndex(key: StructType): StructType {
  return StructType([...key.fields, StructField('index', LONG)])
}

/** A batch of (key…, index) or (key…, index, value…) rows for entries or vacated pairs. */
export function indexedRows(
  schema: StructType,
  keyColumns: readonly Column[],
  indexes: Float64Array,
  values: readonly Column[],
): RecordBatch {
  return makeBatch(schema, [...keyColumns, numericColumn(LONG, indexes, null, 0), ...values], indexes.length)
}
