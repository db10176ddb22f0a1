// KeyTable: group keys → dense group ids, with keys stored column by column in typed arrays and an open-addressing
// index. No object is created per row or per key (except for rare array/map keys, kept as JSON).
//
// A batch is probed in steps, each a loop over the rows: (1) hash the keys column by column; (2) find each row's
// candidate, the first group in the index with the row's hash, or insert the row's key where no group has its hash
// (equal keys hash alike, so the key is new); (3) check the candidates leaf by leaf (candidate-check.ts); (4) rows
// whose candidate holds another key (a hash collision) probe on key by key, inserting their key if it is new; (5) rows
// repeating the key of the row before take its group. Groups are created in the order of their first rows, except
// that a key new in the batch whose hash collides with another's is created in step 4.
//
// Word keys (every leaf an int64, nothing null in the batch or the table: ids, timestamps, windows) take a shorter
// way (probeWords). Where one varying leaf's values span a quarter of the batch's rows or fewer, each row reads its
// group from a batch-local array indexed by that value (dense-keys.ts), and only a value's first row (or a row whose
// other leaves differ from the group found) is hashed and probed. Otherwise the batch is hashed in one pass per leaf
// that varies in the batch (a processing-time window, one value in every row, is folded in once; word-keys.ts), then
// each row's candidate is compared as it is found, so rows repeating the row before take its group in the same loop;
// where one leaf alone varies (a key and a processing-time window) and no table shares the hashes, hashing and
// settling are that one loop. The hashes are hashRows' own, so a batch may take any of these ways.
import { type Column, grown, isConstantInt64Column, partitionIds, sparkHashOfRows } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import { markDiffering } from './candidate-check.js'
import { ColumnStore, type PreparedLeaf } from './column-store.js'
import {
  ABSENT,
  type DenseRange,
  denseOffset,
  denseRange,
  leftWindow,
  ROWS_PER_SLOT,
  settleAnchoredRows,
  settleDenseRows,
} from './dense-keys.js'
import { hashRows, type KeyLayout, keyLayout, type LeafColumns } from './key-columns.js'
import type { SharedRowHashes } from './shared-row-hashes.js'
import {
  allWordLeaves,
  findWordRow,
  hashWordRow,
  hashWordRows,
  isConstantWords,
  type OneVaryingLeaf,
  oneVaryingLeaf,
  settleOneVaryingLeaf,
  settleWordRows,
  sparkHashOfWordRows,
} from './word-keys.js'

const EMPTY = -1
const DELETED = -2

export class KeyTable {
  readonly layout: KeyLayout
  /** The keys, one slot per group id. */
  private readonly store: ColumnStore
  /** Per group: its key's hash. */
  private hashes = new Int32Array(64)
  private live = new Uint8Array(64)
  /**
   * The index: per slot, a group (or EMPTY / DELETED) and its hash beside it, so a probe reads one cache line for both.
   */
  private slots = newIndex(128)
  private mask = 127
  private used = 0
  private highWater = 0
  private liveCount = 0
  private readonly free: number[] = []
  /** Per row of the batch being probed: hash, repeats-the-row-before flag, candidate-differs flag; rows to check. */
  private rowHashes = new Int32Array(0)
  private rowRepeats = new Uint8Array(0)
  private rowDiffers = new Uint8Array(0)
  private pending = new Int32Array(0)
  /** Per leaf of a batch of word keys: 1 where the leaf holds one value in every row. */
  private readonly constantLeaves: Uint8Array
  /** Where this table takes and leaves row hashes for another probing the same key columns (shareHashes). */
  private sharing: SharedRowHashes | undefined
  /** The dense index of the batch being probed (dense-keys.ts): per offset of the indexed leaf's value, its group. */
  private denseSlots = new Int32Array(0)
  /** The leaf the last batch indexed densely (-1: none), and batches left before an anchored window is tried again. */
  private lastDenseLeaf = -1
  private anchorsLeft = 0
  /**
   * After a probe through the dense index: the groups of the rows it probed in the table, `probedGroups[0..probed)`,
   * in row order. Every group of the batch is among them, first at its first row (the dense index starts empty).
   */
  private probedGroups = new Int32Array(0)
  private probed = -1
  /** The one row a collision re-check compares. */
  private readonly oneRow = new Int32Array(1)
  /** Groups created by the probe under way (partitions enabled): `newGroups[0..created)` and their rows. */
  private created = 0
  /** With partitions enabled: each group's partition (Spark's placement of its leading key fields), and sizes. */
  private partitioning:
    | { readonly n: number; readonly fields: number; readonly types: DataType[]; readonly leaves: number }
    | undefined
  private partitionOfGroup = new Int32Array(0)
  private partitionSizes = new Int32Array(0)
  private newGroups = new Int32Array(0)
  private newRows = new Int32Array(0)

  constructor(keyTypes: readonly DataType[]) {
    this.store = new ColumnStore(keyTypes)
    this.layout = this.store.layout
    this.constantLeaves = new Uint8Array(this.layout.leaves.length)
  }

  /**
   * Tags each group with its state partition, `pmod(hash(first `fields` key columns), n)`, computed once per new key,
   * so per-partition sizes are known without rehashing live keys.
   */
  enablePartitions(n: number, fields: number): void {
    const types = this.layout.types.slice(0, fields) as DataType[]
    this.partitioning = { n, fields, types, leaves: keyLayout(types).leaves.length }
    this.partitionSizes = new Int32Array(n)
  }

  /**
   * Lets this table take the hashes of a probe another table sharing `shared` made of the same key columns just before
   * (and share its own): a stream-stream join probes one side's table, then inserts the same keys into the other's.
   */
  shareHashes(shared: SharedRowHashes): void {
    this.sharing = shared
  }

  /** Whether the row hashes and repeats of `keys` were taken from a sharing table (shareHashes). */
  private recallHashes(keys: readonly Column[], rows: number): boolean {
    return this.sharing?.recall(keys, this.layout, rows, this.rowHashes, this.rowRepeats) ?? false
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
    this.probed = -1
    this.created = 0
    if (!this.store.hasNulls && allWordLeaves(this.layout, leaves, prepared)) {
      this.probeWords(keys, leaves, prepared, rows, groupIds, insert, onNew)
      return
    }
    this.ensureRows(rows)
    const { rowHashes: hashes, rowRepeats: repeats, rowDiffers: differs, pending } = this
    if (!this.recallHashes(keys, rows)) {
      hashRows(this.layout, leaves, rows, hashes, repeats)
      this.sharing?.remember(keys, this.layout, rows, hashes, repeats)
    }
    let index = this.slots
    let mask = this.mask
    let count = 0
    for (let i = 0; i < rows; i++) {
      // Rows often repeat the previous row's key (time-ordered windows): they take its group below, unprobed.
      if (repeats[i] === 1) continue
      const hash = hashes[i]!
      let slot = hash & mask
      let tombstone = -1
      let group = index[2 * slot]!
      while (group !== EMPTY && (group === DELETED || index[2 * slot + 1] !== hash)) {
        if (group === DELETED && tombstone < 0) tombstone = slot
        slot = (slot + 1) & mask
        group = index[2 * slot]!
      }
      if (group !== EMPTY) {
        groupIds[i] = group
        pending[count++] = i
      } else if (insert) {
        groupIds[i] = this.insertNew(leaves, prepared, i, hash, tombstone >= 0 ? tombstone : slot, onNew)
        // Inserting may have grown the index.
        index = this.slots
        mask = this.mask
      } else groupIds[i] = EMPTY
    }
    differs.fill(0, 0, rows)
    if (count > 0) markDiffering(this.store, leaves, prepared, pending, count, groupIds, differs)
    for (let i = 0; i < rows; i++) {
      if (repeats[i] === 1) groupIds[i] = groupIds[i - 1]!
      else if (differs[i] === 1) groupIds[i] = this.probeRow(leaves, prepared, i, hashes[i]!, insert, onNew, groupIds)
    }
    if (this.created > 0) this.placeNewGroups(keys, this.created)
  }

  /**
   * `probe` for word keys (int64 leaves, nothing null in the batch or the table): the rows are hashed (hashWordRows,
   * leaves holding one value in every row folded in once), then settled by settleWordRows (both in one pass by
   * settleOneVaryingLeaf where one leaf alone varies), which compares each candidate as it finds it and stops at a
   * row whose key is new or whose candidate holds another key: that row is probed key by key (probeRow, inserting),
   * and settling goes on after it.
   */
  private probeWords(
    keys: readonly Column[],
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    rows: number,
    groupIds: Int32Array,
    insert: boolean,
    onNew: ((group: number, row: number) => void) | undefined,
  ): void {
    const n = prepared.length
    const words: Int32Array[] = []
    const stored: Int32Array[][] = []
    for (let k = 0; k < n; k++) {
      words.push(prepared[k]!.words!)
      stored.push(this.store.leaves[k]!.words)
    }
    // The per-row arrays are made (or grown) only for the ways that use them: the dense index needs none.
    if (this.sharing) this.ensureRows(rows)
    const recalled = this.recallHashes(keys, rows)
    const constant = this.constantLeaves
    // A column made constant (a processing-time window) is known to be so without reading its rows.
    if (!recalled)
      for (let k = 0; k < n; k++)
        constant[k] =
          rows > 0 && (isConstantInt64Column(prepared[k]!.column) || isConstantWords(words[k]!, rows)) ? 1 : 0
    // A leaf whose values span few slots (and no table to share hashes with): each value probed once per batch.
    if (!recalled && !this.sharing) {
      // First through a window around the first row's value of the leaf the last batch indexed, without a pass to
      // find the range; if a row lies outside it, the batch is settled again from its first row (its groups are
      // found, not made, again).
      const anchored = this.anchorsLeft-- <= 0 ? anchoredWindow(words, constant, rows, this.lastDenseLeaf) : undefined
      if (anchored && this.probeDense(keys, leaves, prepared, words, stored, anchored, rows, groupIds, insert, onNew))
        return
      if (anchored) this.anchorsLeft = ANCHOR_PAUSE
      const dense = denseLeaf(words, constant, rows)
      this.lastDenseLeaf = dense ? dense.leaf : -1
      if (dense) {
        this.probeDense(keys, leaves, prepared, words, stored, dense, rows, groupIds, insert, onNew)
        return
      }
    }
    this.ensureRows(rows)
    const { rowHashes: hashes, rowRepeats: repeats } = this
    // One varying leaf, and no table to share hashes with: hashed and settled in one pass.
    const shape = recalled || this.sharing ? undefined : oneVaryingLeaf(words, constant)
    if (!shape && !recalled) {
      hashWordRows(words, constant, rows, hashes, repeats)
      this.sharing?.remember(keys, this.layout, rows, hashes, repeats)
    }
    this.settleWords(leaves, prepared, words, stored, shape, 0, rows, groupIds, insert, onNew)
    if (this.created > 0) this.placeNewGroups(keys, this.created, { words, constant: recalled ? undefined : constant })
  }

  /**
   * `probeWords` through a dense index of one leaf (`dense`): rows whose value has a group this batch, with the other
   * varying leaves equal to its key's, take it (settleDenseRows); any other row is hashed and probed (findWordRow,
   * else probeRow, inserting), and its group recorded for its value. Groups are created in the order of
   * their first rows, as on the other paths. With an anchored window (`dense.high` set: the leaf alone varies, and
   * its range is a guess), each row is checked to lie in it (settleAnchoredRows); returns false, leaving the rows to
   * settle again, at the first that does not.
   */
  private probeDense(
    keys: readonly Column[],
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    words: readonly Int32Array[],
    stored: readonly Int32Array[][],
    dense: DenseLeaf,
    rows: number,
    groupIds: Int32Array,
    insert: boolean,
    onNew: ((group: number, row: number) => void) | undefined,
  ): boolean {
    const { leaf, range, high } = dense
    const { minLow, span } = range
    if (this.denseSlots.length < span) this.denseSlots = new Int32Array(Math.max(span, this.denseSlots.length * 2))
    const slots = this.denseSlots
    slots.fill(EMPTY, 0, span)
    const own = words[leaf]!
    const constant = this.constantLeaves
    const checked: Int32Array[] = []
    const checkedStored: Int32Array[][] = []
    for (let k = 0; k < words.length; k++) {
      if (k === leaf || constant[k] === 1) continue
      checked.push(words[k]!)
      checkedStored.push(stored[k]!)
    }
    let probed = this.probedGroups
    let count = 0
    // A value's first row probes the table, and so does a row whose other leaves differ from its value's group: past
    // span + rows / 8 probes the keys hardly repeat, and the rest of the batch is hashed and settled as any other.
    const budget = span + (rows >>> 3)
    let probes = 0
    for (let i = 0; i < rows; i++) {
      i =
        high === undefined
          ? settleDenseRows(slots, own, minLow, checked, checkedStored, i, rows, groupIds)
          : settleAnchoredRows(slots, own, minLow, high, span, i, rows, groupIds)
      if (i >= rows) break
      if (high !== undefined && leftWindow(own, minLow, high, span, i)) return false
      if (probes++ >= budget) {
        this.ensureRows(rows)
        hashWordRows(words, constant, rows, this.rowHashes, this.rowRepeats)
        this.settleWords(leaves, prepared, words, stored, undefined, i, rows, groupIds, insert, onNew)
        count = -1
        break
      }
      const hash = hashWordRow(words, i)
      // Inserting may grow the index, so each call reads it afresh.
      let group = findWordRow(this.slots, this.mask, hash, words, stored, i)
      if (group === EMPTY) group = this.probeRow(leaves, prepared, i, hash, insert, onNew, groupIds)
      groupIds[i] = group
      if (group === EMPTY) {
        // A lookup's key the table lacks: with the indexed leaf alone varying, every row of its value lacks it too.
        if (!insert && checked.length === 0) slots[denseOffset(own, minLow, i)] = ABSENT
        continue
      }
      slots[denseOffset(own, minLow, i)] = group
      if (count === probed.length) probed = grown(probed, count + 1)
      probed[count++] = group
    }
    this.probedGroups = probed
    this.probed = count
    if (this.created > 0) this.placeNewGroups(keys, this.created, { words, constant })
    return true
  }

  /**
   * Settles rows [from, rows) of word keys whose hashes (and repeats) are in the per-row arrays: by settleWordRows
   * (settleOneVaryingLeaf given one varying leaf's `shape`), probing key by key (probeRow, inserting) each row it
   * stops at. Row from - 1, if any, has its group.
   */
  private settleWords(
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    words: readonly Int32Array[],
    stored: readonly Int32Array[][],
    shape: OneVaryingLeaf | undefined,
    from: number,
    rows: number,
    groupIds: Int32Array,
    insert: boolean,
    onNew: ((group: number, row: number) => void) | undefined,
  ): void {
    const { rowHashes: hashes, rowRepeats: repeats } = this
    for (let i = from; i < rows; i++) {
      // Inserting may grow the index, so each call reads it afresh.
      i = shape
        ? settleOneVaryingLeaf(this.slots, this.mask, words, stored, shape, hashes, i, rows, groupIds)
        : settleWordRows(this.slots, this.mask, hashes, repeats, words, stored, i, rows, groupIds)
      if (i < rows) groupIds[i] = this.probeRow(leaves, prepared, i, hashes[i]!, insert, onNew, groupIds)
    }
  }

  /**
   * The groups of the last probe's rows, each at least once and first in the order of its first row (so marking them
   * in order marks the batch's groups in first-row order), where the probe knew them without a pass over the rows;
   * else undefined. A view: read it before the next probe.
   */
  probedGroupsOfLastBatch(): Int32Array | undefined {
    return this.probed < 0 ? undefined : this.probedGroups.subarray(0, this.probed)
  }

  /** The group of row `row`'s key, found key by key past groups with the same hash; inserted if new and `insert`. */
  private probeRow(
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    row: number,
    hash: number,
    insert: boolean,
    onNew: ((group: number, row: number) => void) | undefined,
    groupIds: Int32Array,
  ): number {
    let slot = hash & this.mask
    let tombstone = -1
    for (;;) {
      const group = this.slots[2 * slot]!
      if (group === EMPTY) break
      if (group === DELETED) {
        if (tombstone < 0) tombstone = slot
      } else if (this.slots[2 * slot + 1] === hash && this.holdsKey(group, leaves, prepared, row, groupIds))
        return group
      slot = (slot + 1) & this.mask
    }
    return insert ? this.insertNew(leaves, prepared, row, hash, tombstone >= 0 ? tombstone : slot, onNew) : EMPTY
  }

  /** Inserts row `row`'s key (not in the table) at an index slot, for `probe`: the new group is recorded and told. */
  private insertNew(
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    row: number,
    hash: number,
    slot: number,
    onNew: ((group: number, row: number) => void) | undefined,
  ): number {
    const group = this.insert(leaves, prepared, row, hash, slot)
    if (this.partitioning) {
      if (this.created === this.newGroups.length) {
        this.newGroups = grown(this.newGroups, this.created + 1)
        this.newRows = grown(this.newRows, this.created + 1)
      }
      this.newGroups[this.created] = group
      this.newRows[this.created++] = row
    }
    onNew?.(group, row)
    return group
  }

  /** Room for a batch of `rows` rows in the per-row arrays (contents not kept). */
  private ensureRows(rows: number): void {
    if (this.rowHashes.length < rows) {
      const size = Math.max(rows, this.rowHashes.length * 2)
      this.rowHashes = new Int32Array(size)
      this.rowRepeats = new Uint8Array(size)
      this.pending = new Int32Array(size)
    }
    if (this.rowDiffers.length < rows) this.rowDiffers = new Uint8Array(Math.max(rows, this.rowDiffers.length * 2))
  }

  /**
   * Partitions of the groups this probe created (rows `newRows[0..created)` of `keys`), hashed from the leaves' words
   * where the batch took the word path (`words`, and which leaves hold one value, when known).
   */
  private placeNewGroups(
    keys: readonly Column[],
    created: number,
    wordKeys?: { words: readonly Int32Array[]; constant: Uint8Array | undefined },
  ): void {
    const { n, fields, types, leaves } = this.partitioning!
    const hashes = wordKeys
      ? sparkHashOfWordRows(wordKeys.words, wordKeys.constant, leaves, this.newRows, created)
      : sparkHashOfRows(keys.slice(0, fields), types, this.newRows, created)
    const placed = partitionIds(hashes, n)
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
    while (this.slots[2 * slot] !== group) slot = (slot + 1) & this.mask
    this.slots[2 * slot] = DELETED
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

  /** Whether row `row`'s key is the key stored at `group`: candidate-check's comparison, for one row. */
  private holdsKey(
    group: number,
    leaves: LeafColumns,
    prepared: readonly PreparedLeaf[],
    row: number,
    groupIds: Int32Array,
  ): boolean {
    groupIds[row] = group
    this.oneRow[0] = row
    // The dense index makes no per-row arrays: a row it probes may lie past them.
    if (this.rowDiffers.length <= row) this.rowDiffers = grown(this.rowDiffers, row + 1)
    this.rowDiffers[row] = 0
    markDiffering(this.store, leaves, prepared, this.oneRow, 1, groupIds, this.rowDiffers)
    return this.rowDiffers[row] === 0
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
    if (this.slots[2 * slot] === EMPTY) this.used++
    this.slots[2 * slot] = group
    this.slots[2 * slot + 1] = hash
    this.store.writeRow(group, leaves, prepared, row)
    if (this.used * 4 > this.slots.length) this.rehash()
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
    const slots = this.mask + 1
    const capacity = this.liveCount * 4 > slots ? slots * 2 : slots
    this.slots = newIndex(capacity)
    this.mask = capacity - 1
    this.used = 0
    for (let g = 0; g < this.highWater; g++) {
      if (this.live[g] !== 1) continue
      const hash = this.hashes[g]!
      let slot = hash & this.mask
      while (this.slots[2 * slot] !== EMPTY) slot = (slot + 1) & this.mask
      this.slots[2 * slot] = g
      this.slots[2 * slot + 1] = hash
      this.used++
    }
    this.store.compact((g) => this.live[g] === 1, this.highWater)
  }
}

/** A leaf to index densely, its range, and for an anchored window the high word of every value in it. */
interface DenseLeaf {
  readonly leaf: number
  readonly range: DenseRange
  readonly high?: number
}

/** Batches settled the usual way after a row fell outside an anchored window, before another is tried. */
const ANCHOR_PAUSE = 8

/**
 * The first leaf varying in the batch whose values span at most a ROWS_PER_SLOT-th of its rows (dense-keys.ts), and
 * its range, if any.
 */
function denseLeaf(words: readonly Int32Array[], constant: Uint8Array, rows: number): DenseLeaf | undefined {
  const limit = Math.min(Math.floor(rows / ROWS_PER_SLOT), 2 ** 30)
  if (limit < 1) return undefined
  for (let k = 0; k < words.length; k++) {
    if (constant[k] === 1) continue
    const range = denseRange(words[k]!, rows, limit)
    if (range) return { leaf: k, range }
  }
  return undefined
}

/**
 * A window of as many values as denseLeaf allows, centred on the first row's value of `leaf`, when `leaf` is the one
 * leaf varying in the batch: consecutive batches of a stream (ids of recent bidders) mostly fall within it.
 */
function anchoredWindow(
  words: readonly Int32Array[],
  constant: Uint8Array,
  rows: number,
  leaf: number,
): DenseLeaf | undefined {
  if (leaf < 0 || leaf >= words.length || constant[leaf] === 1) return undefined
  for (let k = 0; k < words.length; k++) if (k !== leaf && constant[k] !== 1) return undefined
  const span = Math.min(Math.floor(rows / ROWS_PER_SLOT), 2 ** 30)
  if (span < 1) return undefined
  const own = words[leaf]!
  return { leaf, range: { minLow: (own[0]! - (span >>> 1)) | 0, span }, high: own[1]! }
}

/** An empty index of `capacity` slots (group, hash). */
function newIndex(capacity: number): Int32Array {
  const index = new Int32Array(2 * capacity)
  for (let slot = 0; slot < capacity; slot++) index[2 * slot] = EMPTY
  return index
}
