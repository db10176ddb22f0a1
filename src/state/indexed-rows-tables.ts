// How key → rows storage is checkpointed: as Spark's keyWithIndexToValue (key…, index → row) — a list table's one
// table, and the second of a multi-value table's two — and as keyToNumValues (key → count), a multi-value table's
// first. Counts are derived from the rows when a checkpoint is restored.
import { type Column, makeBatch, numbersOf, numericColumn, type RecordBatch } from '../arrow/index.js'
import { LONG } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { type IndexedRows, indexedRows, withIndex } from './indexed-rows.js'
import { type CheckpointedTable, type StateChanges, type StateTableSpec, stateRowSchema } from './state-table.js'

/** The (key…, index) → row table of a list or multi-value table's rows. */
export class EntriesTable implements CheckpointedTable {
  readonly spec: StateTableSpec
  private readonly keyCount: number

  constructor(
    declared: StateTableSpec,
    name: string,
    private readonly rows: IndexedRows,
  ) {
    this.keyCount = declared.key.fields.length
    this.spec = {
      name,
      kind: declared.kind,
      key: withIndex(declared.key),
      value: declared.value,
      partitionKeyFields: declared.partitionKeyFields ?? this.keyCount,
    }
  }

  get size(): number {
    return this.rows.size
  }

  memoryBytes(): number {
    return this.rows.memoryBytes()
  }

  trackPartitions(n: number): void {
    this.rows.trackPartitions(n, this.keyCount)
  }

  rowsPerPartition(): Int32Array {
    return this.rows.rowsPerPartition()
  }

  beginBatch(): void {
    this.rows.beginBatch()
  }

  changes(): StateChanges {
    const { groups, indexes } = this.rows.vacated()
    return {
      upserts: this.entryRows(this.rows.upsertedEntries()),
      deletes:
        groups.length === 0 ? null : indexedRows(this.spec.key, this.rows.keyTable.keyColumns(groups), indexes, []),
    }
  }

  snapshot(): RecordBatch {
    return this.entryRows(this.rows.allEntries())
  }

  restore(changes: StateChanges): void {
    const { upserts, deletes } = changes
    if (upserts && upserts.numRows > 0) {
      const columns = upserts.data.children
      const indexes = numbersOf(columns[this.keyCount]!)
      this.rows.restoreAt(columns.slice(0, this.keyCount), indexes, columns.slice(this.keyCount + 1), upserts.numRows)
    }
    if (deletes && deletes.numRows > 0) {
      const columns = deletes.data.children
      this.rows.restoreDelete(columns.slice(0, this.keyCount), numbersOf(columns[this.keyCount]!), deletes.numRows)
    }
  }

  private entryRows(entries: Int32Array): RecordBatch {
    const groups = new Int32Array(entries.length)
    const indexes = new Float64Array(entries.length)
    for (let i = 0; i < entries.length; i++) {
      groups[i] = this.rows.groupAt(entries[i]!)
      indexes[i] = this.rows.indexAt(entries[i]!)
    }
    return indexedRows(
      stateRowSchema(this.spec),
      this.rows.keyTable.keyColumns(groups),
      indexes,
      this.rows.read(entries),
    )
  }
}

const COUNT = StructType([StructField('value', LONG)])

/** Spark's keyToNumValues: key → how many rows the key has. Written from the rows; restored from them. */
export class CountsTable implements CheckpointedTable {
  readonly spec: StateTableSpec

  constructor(
    declared: StateTableSpec,
    name: string,
    private readonly rows: IndexedRows,
  ) {
    this.spec = {
      name,
      kind: declared.kind,
      key: declared.key,
      value: COUNT,
      partitionKeyFields: declared.partitionKeyFields,
    }
  }

  get size(): number {
    return this.rows.groups().length
  }

  memoryBytes(): number {
    return 0
  }

  /** The rows' table tracks partitions for both. */
  trackPartitions(): void {}

  rowsPerPartition(): Int32Array {
    const { keyTable } = this.rows
    return keyTable.groupsPerPartition()
  }

  beginBatch(): void {}

  changes(): StateChanges {
    const live: number[] = []
    const gone: number[] = []
    for (const g of this.rows.groupChanges.touched) (this.rows.count(g) > 0 ? live : gone).push(g)
    return {
      upserts: this.countRows(live),
      deletes: gone.length === 0 ? null : makeBatch(this.spec.key, this.rows.keyTable.keyColumns(gone), gone.length),
    }
  }

  snapshot(): RecordBatch {
    return this.countRows(this.rows.groups())
  }

  restore(): void {}

  private countRows(groups: ArrayLike<number>): RecordBatch {
    const counts = new Float64Array(groups.length)
    for (let i = 0; i < groups.length; i++) counts[i] = this.rows.count(groups[i]!)
    const columns: Column[] = [...this.rows.keyTable.keyColumns(groups), numericColumn(LONG, counts, null, 0)]
    return makeBatch(stateRowSchema(this.spec), columns, groups.length)
  }
}
