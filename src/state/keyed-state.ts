// A value table whose values the operator keeps in group-indexed arrays (aggregation buffers, expiry times): keys
// live in a KeyTable (typed arrays, no object per key); this tracks which groups a batch changed and turns groups
// into checkpoint rows and back.
import { type Column, concatBatches, grown, makeBatch, type RecordBatch } from '../arrow/index.js'
import { KeyTable } from './key-table.js'
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
  /** Groups updated by the current batch, in first-update order. */
  updated: number[] = []
  private stamps = new Int32Array(0)
  private stamp = 1
  private removedKeys: RecordBatch[] = []

  constructor(
    readonly spec: StateTableSpec,
    private readonly values: GroupValues,
  ) {
    this.table = new KeyTable(spec.key.fields.map((f) => f.dataType))
  }

  get size(): number {
    return this.table.size
  }

  memoryBytes(): number {
    return this.table.memoryBytes() + this.stamps.byteLength
  }

  /** Live groups whose `times[group]` is at or below `limit`: the groups a watermark at `limit` expires. */
  groupsAtOrBelow(times: Float64Array, limit: number): number[] {
    const groups: number[] = []
    for (const g of this.table.liveGroups()) if (times[g]! <= limit) groups.push(g)
    return groups
  }

  beginBatch(): void {
    this.stamp++
    this.updated = []
    this.removedKeys = []
  }

  /** Maps rows to groups (creating them) and records each group as updated by this batch. */
  assign(keys: readonly Column[], rows: number, ids: Int32Array, onNew?: (group: number, row: number) => void): void {
    this.table.findOrInsert(keys, rows, ids, (group, row) => {
      this.stamps = grown(this.stamps, this.table.capacity)
      this.stamps[group] = 0
      this.values.init(group, row, keys)
      onNew?.(group, row)
    })
    for (let i = 0; i < rows; i++) this.touch(ids[i]!)
  }

  /** Records a group as updated by this batch (its row goes into the next delta). */
  touch(group: number): void {
    if (this.stamps[group] !== this.stamp) {
      this.stamps[group] = this.stamp
      this.updated.push(group)
    }
  }

  /** Removes groups, remembering their keys for the checkpoint delta. */
  remove(groups: ArrayLike<number>): void {
    if (groups.length === 0) return
    this.removedKeys.push(makeBatch(this.spec.key, this.table.keyColumns(groups), groups.length))
    for (let i = 0; i < groups.length; i++) this.drop(groups[i]!)
  }

  private drop(group: number): void {
    this.table.remove(group)
    this.values.release?.(group)
  }

  changes(): StateChanges {
    const live = this.updated.filter((g) => this.table.isLive(g))
    return {
      upserts: this.rows(live),
      deletes: this.removedKeys.length === 0 ? null : concatBatches(this.spec.key, this.removedKeys),
    }
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
    this.updated = []
  }

  private rows(groups: ArrayLike<number>): RecordBatch {
    return makeBatch(
      stateRowSchema(this.spec),
      [...this.table.keyColumns(groups), ...this.values.save(groups)],
      groups.length,
    )
  }
}
