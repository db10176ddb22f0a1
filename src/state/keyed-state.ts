// A value table whose values the operator keeps in group-indexed arrays (aggregation buffers, expiry times): keys
// live in a KeyTable (typed arrays, no object per key); this tracks which groups a batch changed and turns groups
// into checkpoint rows and back.
import { type Column, makeBatch, type RecordBatch } from '../arrow/index.js'
import { KeyTable } from './key-table.js'
import { SlotChanges } from './slot-changes.js'
import { type CheckpointedTable, type StateChanges, type StateTableSpec, stateRowSchema } from './state-table.js'

/** How an operator's per-group values become columns and back. */
export interface GroupValues {
  /** Value columns for groups (in the value schema's order). */
  save(groups: ArrayLike<number>): Column[]
  /** Prepares a new or recycled group (grow arrays, reset accumulators); `keys` are the key columns of `row`. */
  init(group: number, row: number, keys: readonly Column[]): void
  /** Sets restored values: row i of the columns belongs to groups[i]. */
  load(groups: ArrayLike<number>, columns: readonly Column[]): void
  /** A group was removed (its id may be reused); free what the operator holds for it. */
  release?(group: number): void
}

export class KeyedState implements CheckpointedTable {
  readonly table: KeyTable
  private readonly log = new SlotChanges()

  constructor(
    readonly spec: StateTableSpec,
    private readonly values: GroupValues,
  ) {
    this.table = new KeyTable(spec.key.fields.map((f) => f.dataType))
  }

  get size(): number {
    return this.table.size
  }

  /** Groups updated by the current batch, in first-update order. */
  get updated(): Int32Array {
    return this.log.touched
  }

  trackPartitions(n: number): void {
    this.table.enablePartitions(n, this.spec.partitionKeyFields ?? this.spec.key.fields.length)
  }

  rowsPerPartition(): Int32Array {
    return this.table.groupsPerPartition()
  }

  memoryBytes(): number {
    return this.table.memoryBytes() + this.log.memoryBytes()
  }

  /** Live groups whose `times[group]` is at or below `limit`: the groups a watermark at `limit` expires. */
  groupsAtOrBelow(times: Float64Array, limit: number): Int32Array {
    return this.table.liveGroupsWhere((group) => times[group]! <= limit)
  }

  beginBatch(): void {
    this.log.reset()
  }

  /** Maps rows to groups (creating them) and records each group as updated by this batch. */
  assign(keys: readonly Column[], rows: number, ids: Int32Array, onNew?: (group: number, row: number) => void): void {
    this.table.findOrInsert(keys, rows, ids, (group, row) => {
      this.log.created(group)
      this.values.init(group, row, keys)
      onNew?.(group, row)
    })
    // Where the table knows the batch's groups (each at least once, in first-row order), they stand for the rows.
    const groups = this.table.probedGroupsOfLastBatch() ?? ids
    this.log.touchAll(groups, groups === ids ? rows : groups.length)
  }

  /** Records a group as updated by this batch (its row goes into the next delta). */
  touch(group: number): void {
    this.log.touch(group)
  }

  /** Removes groups, remembering their keys for the checkpoint delta. */
  remove(groups: ArrayLike<number>): void {
    if (groups.length === 0) return
    this.log.removedKeys(this.spec.key, this.table.keyColumns(groups), groups.length)
    for (let i = 0; i < groups.length; i++) this.drop(groups[i]!)
  }

  private drop(group: number): void {
    this.table.remove(group)
    this.values.release?.(group)
  }

  changes(): StateChanges {
    const live = this.log.touched.filter((g) => this.table.isLive(g))
    const find = (keys: readonly Column[], rows: number) => {
      const groups = new Int32Array(rows)
      this.table.find(keys, rows, groups)
      return groups
    }
    return { upserts: this.rows(live), deletes: this.log.removedBatch(this.spec.key, find) }
  }

  snapshot(): RecordBatch {
    return this.rows(this.table.liveGroups())
  }

  restore(changes: StateChanges): void {
    const { upserts, deletes } = changes
    const keyCount = this.spec.key.fields.length
    if (upserts && upserts.numRows > 0) {
      const columns = upserts.data.children
      const ids = new Int32Array(upserts.numRows)
      this.assign(columns.slice(0, keyCount), upserts.numRows, ids)
      this.values.load(ids, columns.slice(keyCount))
    }
    if (deletes && deletes.numRows > 0) {
      const ids = new Int32Array(deletes.numRows)
      this.table.find(deletes.data.children, deletes.numRows, ids)
      for (const g of ids) if (g >= 0) this.drop(g)
    }
    this.log.reset()
  }

  private rows(groups: ArrayLike<number>): RecordBatch {
    return makeBatch(
      stateRowSchema(this.spec),
      [...this.table.keyColumns(groups), ...this.values.save(groups)],
      groups.length,
    )
  }
}
