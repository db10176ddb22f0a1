// A value table: key → one row of value columns, both stored column by column (KeyTable for keys, ColumnStore for
// values, one slot per key). Reads and writes go a batch of keys at a time; the checkpoint delta is the rows
// upserted and the keys removed since the batch began.
import { type Column, makeBatch, type RecordBatch } from '../arrow/index.js'
import { ColumnStore } from './column-store.js'
import { KeyTable } from './key-table.js'
import { SlotChanges } from './slot-changes.js'
import { type CheckpointedTable, type StateChanges, type StateTableSpec, stateRowSchema } from './state-table.js'

export class ValueTable implements CheckpointedTable {
  private readonly keys: KeyTable
  private readonly values: ColumnStore
  private readonly log = new SlotChanges()

  constructor(readonly spec: StateTableSpec) {
    this.keys = new KeyTable(spec.key.fields.map((f) => f.dataType))
    this.values = new ColumnStore(
      spec.value.fields.map((f) => f.dataType),
      false,
    )
  }

  get size(): number {
    return this.keys.size
  }

  /** The slot holding each row's key, or -1 where the table has none. */
  find(keys: readonly Column[], rows: number): Int32Array {
    const slots = new Int32Array(rows)
    this.keys.find(keys, rows, slots)
    return slots
  }

  /** Sets row i's value under row i's key (inserting keys not present); returns the slots written. */
  put(keys: readonly Column[], values: readonly Column[], rows: number): Int32Array {
    const slots = new Int32Array(rows)
    const fresh = new Uint8Array(rows)
    this.keys.findOrInsert(keys, rows, slots, (slot, row) => {
      this.log.created(slot)
      fresh[row] = 1
    })
    for (let i = 0; i < rows; i++) {
      if (fresh[i] === 0) this.values.release(slots[i]!)
      this.log.touch(slots[i]!)
    }
    this.values.write(slots, values)
    this.values.compactIfWasteful((slot) => this.keys.isLive(slot), this.keys.capacity)
    return slots
  }

  /** The value columns of the rows at `slots` (each a live slot). */
  read(slots: ArrayLike<number>): Column[] {
    return this.values.columns(slots)
  }

  /** The key columns of the rows at `slots`. */
  keyColumns(slots: ArrayLike<number>): Column[] {
    return this.keys.keyColumns(slots)
  }

  /** Removes the rows at `slots` (live slots). */
  remove(slots: ArrayLike<number>): void {
    if (slots.length === 0) return
    this.log.removedKeys(this.spec.key, this.keys.keyColumns(slots), slots.length)
    for (let i = 0; i < slots.length; i++) {
      this.keys.remove(slots[i]!)
      this.values.release(slots[i]!)
    }
  }

  /** Live slots in ascending order. */
  slots(): Int32Array {
    return this.keys.liveGroups()
  }

  beginBatch(): void {
    this.log.reset()
  }

  changes(): StateChanges {
    const live = this.log.touched.filter((s) => this.keys.isLive(s))
    return {
      upserts: this.rows(live),
      deletes: this.log.removedBatch(this.spec.key, (keys, rows) => this.find(keys, rows)),
    }
  }

  snapshot(): RecordBatch {
    return this.rows(this.keys.liveGroups())
  }

  restore(changes: StateChanges): void {
    const keyCount = this.spec.key.fields.length
    const { upserts, deletes } = changes
    if (upserts && upserts.numRows > 0) {
      const columns = upserts.data.children
      this.put(columns.slice(0, keyCount), columns.slice(keyCount), upserts.numRows)
    }
    if (deletes && deletes.numRows > 0) {
      const slots = this.find(deletes.data.children, deletes.numRows)
      this.remove(slots.filter((s) => s >= 0))
    }
    this.log.reset()
  }

  trackPartitions(n: number): void {
    this.keys.enablePartitions(n, this.spec.partitionKeyFields ?? this.spec.key.fields.length)
  }

  rowsPerPartition(): Int32Array {
    return this.keys.groupsPerPartition()
  }

  memoryBytes(): number {
    return this.keys.memoryBytes() + this.values.memoryBytes() + this.log.memoryBytes()
  }

  private rows(slots: ArrayLike<number>): RecordBatch {
    return makeBatch(
      stateRowSchema(this.spec),
      [...this.keys.keyColumns(slots), ...this.values.columns(slots)],
      slots.length,
    )
  }
}
