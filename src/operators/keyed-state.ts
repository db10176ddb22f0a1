// State rows keyed by a KeyTable: which groups a batch updated and removed, and the state as rows for checkpoints
// (upserts and deleted keys per batch, every row for a snapshot) — shared by aggregation and deduplication.
import { type Column, concatBatches, grown, makeBatch, type RecordBatch } from '../arrow/index.js'
import type { KeyTable } from '../state/key-table.js'
import { type StateChanges, type StateSchema, stateRowSchema } from '../state/state-store.js'

/** How an operator's per-group values become columns and back. */
export interface GroupValues {
  /** Value columns for groups (in the state schema's value order). */
  save(groups: ArrayLike<number>): Column[]
  /** Prepares a new or recycled group (grow arrays, reset accumulators); `keys` are the key columns of `row`. */
  init(group: number, row: number, keys: readonly Column[]): void
  /** Sets restored values: row i of the columns belongs to groups[i]. */
  load(groups: ArrayLike<number>, columns: readonly Column[]): void
}

export class KeyedState {
  /** Groups updated by the current batch, in first-update order. */
  updated: number[] = []
  private stamps = new Int32Array(0)
  private stamp = 1
  private removedKeys: RecordBatch[] = []

  constructor(
    readonly table: KeyTable,
    readonly schema: StateSchema,
    private readonly values: GroupValues,
  ) {}

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
    for (let i = 0; i < rows; i++) {
      const g = ids[i]!
      if (this.stamps[g] !== this.stamp) {
        this.stamps[g] = this.stamp
        this.updated.push(g)
      }
    }
  }

  /** Removes groups, remembering their keys for the checkpoint delta. */
  remove(groups: readonly number[]): void {
    if (groups.length === 0) return
    this.removedKeys.push(makeBatch(this.schema.key, this.table.keyColumns(groups), groups.length))
    for (const g of groups) this.table.remove(g)
  }

  changes(): StateChanges {
    const live = this.updated.filter((g) => this.table.isLive(g))
    return {
      upserts: this.rows(live),
      deletes: this.removedKeys.length === 0 ? null : concatBatches(this.schema.key, this.removedKeys),
    }
  }

  snapshotRows(): RecordBatch {
    return this.rows(this.table.liveGroups())
  }

  restore(changes: StateChanges): void {
    const { upserts, deletes } = changes
    const keyCount = this.schema.key.fields.length
    if (upserts && upserts.numRows > 0) {
      const columns = upserts.data.children
      const ids = new Int32Array(upserts.numRows)
      this.assign(columns.slice(0, keyCount), upserts.numRows, ids)
      this.values.load(ids, columns.slice(keyCount))
    }
    if (deletes && deletes.numRows > 0) {
      const ids = new Int32Array(deletes.numRows)
      this.table.findOrInsert(deletes.data.children, deletes.numRows, ids, (group, row) =>
        this.values.init(group, row, deletes.data.children),
      )
      for (const g of ids) this.table.remove(g)
    }
    this.updated = []
  }

  private rows(groups: ArrayLike<number>): RecordBatch {
    return makeBatch(
      stateRowSchema(this.schema),
      [...this.table.keyColumns(groups), ...this.values.save(groups)],
      groups.length,
    )
  }
}

/**
 * The checkpoint side of an operator whose whole state is one KeyedState (aggregation, deduplication): the state
 * rows' schema, the batch's changes, a snapshot, and a restore.
 */
export abstract class KeyedStateOperator {
  protected abstract readonly state: KeyedState

  get stateSchema(): StateSchema {
    return this.state.schema
  }

  changes(): StateChanges {
    return this.state.changes()
  }

  snapshotRows(): RecordBatch {
    return this.state.snapshotRows()
  }

  restore(changes: StateChanges): void {
    this.state.restore(changes)
  }
}
