// Handing a stateful operator's rows from one thread to another (when stages move to the worker threads or back):
// each table's rows of the partitions asked for as Arrow IPC bytes, whose buffers travel transferred, and the same
// rows added to the receiving operator's tables as a restore would add them.
import { batchesFromIpc, batchesToIpc, concatBatches, type RecordBatch } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import type { OperatorState } from '../state/operator-state.js'
import { stateRowSchema } from '../state/state-table.js'

/** An operator's rows by table name, as Arrow IPC bytes (tables without rows to hand over are absent). */
export type TableRows = Record<string, Uint8Array>

/** The rows of the partitions `keep` accepts, from `byPartition` (the operator's `exportByPartition()`). */
export function exportTables(
  state: OperatorState,
  keep: (partition: number) => boolean = () => true,
  byPartition: Map<string, Map<number, RecordBatch>> = state.exportByPartition(),
): TableRows {
  const out: TableRows = {}
  for (const [table, partitions] of byPartition) {
    const schema = stateRowSchema(state.specOf(table)!)
    const batches = [...partitions].filter(([p]) => keep(p)).map(([, batch]) => batch)
    if (batches.length > 0) out[table] = batchesToIpc(schema, [concatBatches(schema, batches)])
  }
  return out
}

/** The buffers of operators' handed-over rows (by operator id), to transfer with the message that carries them. */
export const buffersOf = (rows: Readonly<Record<number, Readonly<TableRows>>>): ArrayBuffer[] =>
  Object.values(rows).flatMap((tables) => Object.values(tables).map((bytes) => bytes.buffer as ArrayBuffer))

/** Adds rows another thread exported with exportTables to the operator's tables. */
export function importTables(state: OperatorState, tables: Readonly<TableRows>): void {
  for (const [table, bytes] of Object.entries(tables)) {
    const spec = state.specOf(table)
    if (!spec) throw new IllegalStateException(`No state table ${table} to import rows into`)
    for (const batch of batchesFromIpc(bytes, stateRowSchema(spec))) state.importRows(table, batch)
  }
}
