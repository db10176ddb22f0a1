// The state of one stateful operator: the tables it declared when it opened, checkpointed per partition under
// `state/<op>/<partition>/` (the default table) and `state/<op>/<partition>/<table>/` (the others), all versioned
// together.
//
//   restore(v): every table, every partition: newest snapshot ≤ v, then the deltas after it, oldest first
//   commit(v):  every table's changes since beginBatch, split by partition (Spark's placement of the key), written as
//               `v.delta` in every partition folder — concurrently, empty ones too (a missing delta is an error);
//               every `minDeltasForSnapshot` versions a snapshot too, then files older than the retained versions go.
//
// One operator instance may own every partition (one thread) or some of them (a worker): a table's rows carry their
// partition in their key, so the split happens when files are written, never per row in the hot path.
import { columnsOf, emptyBatch, partitionIds, type RecordBatch, sparkHash, takeRows } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import type { StructType } from '../types/struct-type.js'
import { IndexedRows } from './indexed-rows.js'
import { CountsTable, EntriesTable } from './indexed-rows-tables.js'
import { type GroupValues, KeyedState } from './keyed-state.js'
import { StateStoreFiles } from './state-files.js'
import {
  type CheckpointedTable,
  DEFAULT_TABLE,
  type StateChanges,
  type StateTableSpec,
  stateRowSchema,
} from './state-table.js'
import { TimeOrderedTable } from './time-ordered-table.js'
import { ValueTable } from './value-table.js'

const types = (struct: StructType) => struct.fields.map((f) => f.dataType)

/** A table's declaration: its kind is implied by the method declaring it. */
export type TableDeclaration = Omit<StateTableSpec, 'kind'>

/**
 * What an operator may declare when it opens; the runtime gives it one store per table and partition, restores
 * them before the first batch and checkpoints them after every batch.
 */
export interface StateDeclarations {
  /** A value table (key → values) whose values the operator keeps in group-indexed arrays. */
  keyed(spec: TableDeclaration, values: GroupValues): KeyedState
  /** A value table: key → one row. */
  value(spec: TableDeclaration): ValueTable
  /** A list table: key → rows, appended (checkpointed as key…, index → row). */
  list(spec: TableDeclaration): IndexedRows
  /** Spark's join layout: key → rows, as `<name>-keyToNumValues` and `<name>-keyWithIndexToValue`. */
  multiValue(spec: TableDeclaration): IndexedRows
  /** (key…, time) → row, read back earliest first (timers, TTL). */
  timeOrdered(spec: TableDeclaration): TimeOrderedTable
}

export interface StatePersistenceOptions {
  /** `spark.sql.streaming.stateStore.minDeltasForSnapshot`. */
  readonly minDeltasForSnapshot: number
  /** `spark.sql.streaming.minBatchesToRetain`. */
  readonly minBatchesToRetain: number
}

interface DeclaredTable {
  readonly table: CheckpointedTable
  /** Per owned partition, its files (none without a checkpoint). */
  readonly files: ReadonlyMap<number, StateStoreFiles>
}

export class OperatorState implements StateDeclarations {
  private readonly declared: DeclaredTable[] = []

  /**
   * @param dir `state/<op>` in the checkpoint, or undefined to keep state in memory only
   * @param partitions the partitions this instance owns, out of `numPartitions`
   */
  constructor(
    private readonly dir: string | undefined,
    readonly numPartitions: number,
    readonly partitions: readonly number[],
    private readonly options: StatePersistenceOptions,
  ) {}

  get tables(): readonly CheckpointedTable[] {
    return this.declared.map((d) => d.table)
  }

  keyed(spec: TableDeclaration, values: GroupValues): KeyedState {
    return this.declare(new KeyedState({ ...spec, kind: 'value' }, values))
  }

  value(spec: TableDeclaration): ValueTable {
    return this.declare(new ValueTable({ ...spec, kind: 'value' }))
  }

  list(spec: TableDeclaration): IndexedRows {
    const rows = new IndexedRows(types(spec.key), types(spec.value))
    this.declare(new EntriesTable({ ...spec, kind: 'list' }, spec.name, rows))
    return rows
  }

  multiValue(spec: TableDeclaration): IndexedRows {
    const rows = new IndexedRows(types(spec.key), types(spec.value))
    const declared: StateTableSpec = { ...spec, kind: 'multiValue' }
    this.declare(new CountsTable(declared, `${spec.name}-keyToNumValues`, rows))
    this.declare(new EntriesTable(declared, `${spec.name}-keyWithIndexToValue`, rows))
    return rows
  }

  timeOrdered(spec: TableDeclaration): TimeOrderedTable {
    return this.declare(new TimeOrderedTable({ ...spec, kind: 'timeOrdered' }))
  }

  /** Registers a table built by a declaration method; its name must be new. */
  private declare<T extends CheckpointedTable>(table: T): T {
    const { name } = table.spec
    if (this.declared.some((d) => d.table.spec.name === name)) {
      throw new IllegalStateException(`State table ${name} is declared twice`)
    }
    const files = new Map<number, StateStoreFiles>()
    if (this.dir !== undefined) {
      for (const p of this.partitions) files.set(p, new StateStoreFiles(tableDir(this.dir, p, name), table.spec))
    }
    if (this.numPartitions > 1) table.trackPartitions(this.numPartitions)
    this.declared.push({ table, files })
    return table
  }

  /** Rows per partition, summed over tables (index = partition; partitions not owned here stay 0). */
  rowsPerPartition(): Int32Array {
    const rows = new Int32Array(this.numPartitions)
    for (const { table } of this.declared) {
      if (this.numPartitions === 1) rows[0]! += table.size
      else
        table.rowsPerPartition().forEach((count, p) => {
          rows[p]! += count
        })
    }
    return rows
  }

  /** Every table's rows by partition (to hand partitions to another thread). */
  exportByPartition(): Map<string, Map<number, RecordBatch>> {
    const out = new Map<string, Map<number, RecordBatch>>()
    for (const { table } of this.declared) out.set(table.spec.name, this.split(table.spec, table.snapshot()))
    return out
  }

  /** Adds rows another thread exported (`exportByPartition`) to a table, as a restore would. */
  importRows(table: string, rows: RecordBatch): void {
    const declared = this.declared.find((d) => d.table.spec.name === table)
    if (!declared) throw new IllegalStateException(`No state table ${table} to import rows into`)
    declared.table.restore({ upserts: rows, deletes: null })
  }

  /** The spec of a declared table, by name. */
  specOf(table: string): StateTableSpec | undefined {
    return this.declared.find((d) => d.table.spec.name === table)?.table.spec
  }

  beginBatch(): void {
    for (const { table } of this.declared) table.beginBatch()
  }

  /** Rebuilds every table at `version` from the checkpoint. */
  restore(version: number): void {
    for (const { table, files } of this.declared) {
      for (const partitionFiles of files.values())
        for (const changes of partitionFiles.read(version)) table.restore(changes)
    }
  }

  /** Persists the tables' changes as `version` (see the protocol at the top of this file). */
  async commit(version: number): Promise<void> {
    if (this.dir === undefined) return
    const { minDeltasForSnapshot, minBatchesToRetain } = this.options
    const snapshotDue = version % minDeltasForSnapshot === 0
    const writes: Promise<void>[] = []
    for (const { table, files } of this.declared) {
      const changes = table.changes()
      const upserts = this.split(table.spec, changes.upserts)
      const deletes = this.split(table.spec, changes.deletes)
      const snapshot = snapshotDue ? this.split(table.spec, table.snapshot()) : undefined
      for (const [p, partitionFiles] of files) {
        const delta: StateChanges = { upserts: upserts.get(p) ?? null, deletes: deletes.get(p) ?? null }
        writes.push(
          partitionFiles.writeDelta(version, delta).then(async () => {
            if (!snapshot) return
            await partitionFiles.writeSnapshot(version, snapshot.get(p) ?? emptyRows(table.spec))
            partitionFiles.purge(version - minBatchesToRetain)
          }),
        )
      }
    }
    await Promise.all(writes)
  }

  /** The rows of each partition, by Spark's placement of their partition key. */
  private split(spec: StateTableSpec, rows: RecordBatch | null): Map<number, RecordBatch> {
    const out = new Map<number, RecordBatch>()
    if (rows === null || rows.numRows === 0) return out
    if (this.numPartitions === 1) return out.set(this.partitions[0] ?? 0, rows)
    const keyCount = spec.partitionKeyFields ?? spec.key.fields.length
    const types = spec.key.fields.slice(0, keyCount).map((f) => f.dataType)
    const ids = partitionIds(sparkHash(columnsOf(rows).slice(0, keyCount), types, rows.numRows), this.numPartitions)
    const counts = new Int32Array(this.numPartitions + 1)
    for (let i = 0; i < ids.length; i++) counts[ids[i]! + 1]!++
    for (let p = 1; p <= this.numPartitions; p++) counts[p]! += counts[p - 1]!
    const order = new Int32Array(ids.length)
    const next = counts.slice(0, this.numPartitions)
    for (let i = 0; i < ids.length; i++) order[next[ids[i]!]!++] = i
    const schema = rows.schema.fields.length === spec.key.fields.length ? spec.key : stateRowSchema(spec)
    for (let p = 0; p < this.numPartitions; p++) {
      if (counts[p + 1] === counts[p]) continue
      out.set(p, takeRows(rows, schema, order.subarray(counts[p]!, counts[p + 1]!)))
    }
    return out
  }
}

/** `state/<op>/<partition>` for the default table, `state/<op>/<partition>/<table>` for the others. */
export function tableDir(operatorDir: string, partition: number, table: string): string {
  const partitionDir = `${operatorDir}/${partition}`
  return table === DEFAULT_TABLE ? partitionDir : `${partitionDir}/${table}`
}

function emptyRows(spec: StateTableSpec): RecordBatch {
  return emptyBatch(stateRowSchema(spec))
}
