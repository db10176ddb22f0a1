// Arrow IPC files: record batches to bytes and back (the format of checkpointed state).
import { type RecordBatch, RecordBatchFileWriter, tableFromIPC } from 'apache-arrow'
import type { StructType } from '../types/struct-type.js'
import { toArrowSchema } from './arrow-types.js'
import { makeBatch } from './batch.js'
import { sliceColumn } from './take.js'

/** The batches as an Arrow IPC file (schema first, then each batch). */
export function batchesToIpc(schema: StructType, batches: readonly RecordBatch[]): Uint8Array {
  const writer = new RecordBatchFileWriter()
  writer.reset(undefined, toArrowSchema(schema))
  for (const batch of batches) writer.write(batch)
  writer.finish()
  return writer.toUint8Array(true)
}

/**
 * The non-empty batches of an Arrow IPC file, under `schema`. Columns are copied to offset 0 so kernels can index
 * them directly (IPC buffers may be views into the file).
 */
export function batchesFromIpc(bytes: Uint8Array, schema: StructType): RecordBatch[] {
  const table = tableFromIPC(bytes)
  // Rows only: a file without batches reads as one synthesized empty batch whose list columns lack their child.
  return table.batches
    .filter((batch) => batch.numRows > 0)
    .map((batch) =>
      makeBatch(
        schema,
        batch.data.children.map((column) => sliceColumn(column, 0, batch.numRows)),
        batch.numRows,
      ),
    )
}
