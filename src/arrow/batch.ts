// Record batches: building them from columns or rows, reading their columns and rows, and resizing them.
import { RecordBatch, type Struct } from 'apache-arrow'
import { IllegalArgumentException, IllegalStateException } from '../common/errors.js'
import { pyTypeName } from '../common/py-type-name.js'
import type { StructType } from '../types/struct-type.js'
import { toArrowSchema, toArrowType } from './arrow-types.js'
import { type Column, nullColumn } from './column.js'
import { concatColumns, sliceColumn, take } from './take.js'
import { columnFromValues, fieldOf, setField, structColumn, valueAt } from './values.js'

export type { RecordBatch } from 'apache-arrow'

/** Whether `value` is an Arrow record batch (of the apache-arrow build Rivulet uses). */
export const isRecordBatch = (value: unknown): value is RecordBatch => value instanceof RecordBatch

/** A row as users see it: field name → JS value. */
export type Row = Readonly<Record<string, unknown>>

/** A batch of `schema` from its columns (all of offset 0 and equal length). */
export function makeBatch(
  schema: StructType,
  columns: readonly Column[],
  length = columns[0]?.length ?? 0,
): RecordBatch {
  const data = structColumn(toArrowType(schema) as Struct, columns as Column[], length)
  return new RecordBatch(toArrowSchema(schema), data)
}

export function emptyBatch(schema: StructType): RecordBatch {
  return makeBatch(
    schema,
    schema.fields.map((f) => nullColumn(f.dataType, 0)),
    0,
  )
}

/** The columns of a batch, in schema order. */
export function columnsOf(batch: RecordBatch): readonly Column[] {
  return batch.data.children
}

/** A batch from rows given as objects keyed by field name or as positional arrays. */
export function batchFromRows(schema: StructType, rows: readonly (Row | readonly unknown[])[]): RecordBatch {
  for (const row of rows) checkRow(schema, row)
  const columns = schema.fields.map((f, index) =>
    columnFromValues(
      f.dataType,
      rows.map((row) =>
        Array.isArray(row) ? row[index] : row instanceof Map ? row.get(f.name) : fieldOf(row as Row, f.name),
      ),
      f.name,
    ),
  )
  return makeBatch(schema, columns, rows.length)
}

/**
 * A row must be an object (its fields by name: a plain object, a Map or a class instance) or an array of one value
 * per field, as PySpark's createDataFrame verifies each row: anything else is FIELD_DATA_TYPE_UNACCEPTABLE, an array
 * of another length FIELD_STRUCT_LENGTH_MISMATCH — not a row of NULLs, or the first values.
 */
function checkRow(schema: StructType, row: unknown): void {
  if (Array.isArray(row)) {
    if (row.length === schema.fields.length) return
    throw new IllegalArgumentException(
      `Length of object (${row.length}) does not match with length of fields (${schema.fields.length}).`,
      { errorClass: 'FIELD_STRUCT_LENGTH_MISMATCH' },
    )
  }
  if (typeof row === 'object' && row !== null && !(row instanceof Date)) return
  const shown = typeof row === 'string' ? `'${row}'` : row === null || row === undefined ? 'None' : String(row)
  throw new IllegalArgumentException(
    `${schema.simpleString()} can not accept object ${shown} in type <class '${pyTypeName(row)}'>.`,
    { errorClass: 'FIELD_DATA_TYPE_UNACCEPTABLE' },
  )
}

/** The rows of a batch as objects (for collect() and tests). */
export function rowsOf(batch: RecordBatch, schema: StructType): Row[] {
  const columns = columnsOf(batch)
  const rows: Row[] = []
  for (let i = 0; i < batch.numRows; i++) {
    const row: Record<string, unknown> = {}
    schema.fields.forEach((f, k) => {
      setField(row, f.name, valueAt(columns[k]!, f.dataType, i))
    })
    rows.push(row)
  }
  return rows
}

/** The rows of a batch at `indices`. */
export function takeRows(batch: RecordBatch, schema: StructType, indices: ArrayLike<number>): RecordBatch {
  return makeBatch(
    schema,
    columnsOf(batch).map((c) => take(c, indices)),
    indices.length,
  )
}

/** Rows [start, start + length) of a batch. */
export function sliceBatch(batch: RecordBatch, schema: StructType, start: number, length: number): RecordBatch {
  if (start === 0 && length === batch.numRows) return batch
  return makeBatch(
    schema,
    columnsOf(batch).map((c) => sliceColumn(c, start, length)),
    length,
  )
}

/** One batch holding all rows of `batches`. */
export function concatBatches(schema: StructType, batches: readonly RecordBatch[]): RecordBatch {
  const nonEmpty = batches.filter((b) => b.numRows > 0)
  if (nonEmpty.length === 0) return emptyBatch(schema)
  if (nonEmpty.length === 1) return nonEmpty[0]!
  return makeBatch(
    schema,
    schema.fields.map((_, k) => concatColumns(nonEmpty.map((b) => columnsOf(b)[k]!))),
    nonEmpty.reduce((sum, b) => sum + b.numRows, 0),
  )
}

/**
 * The batch's columns that `schema` names, under it: a source's batch of its whole schema narrowed to the columns a
 * scan reads (both in the source schema's order; each field is the next batch column of its name), by reference.
 */
export function selectColumns(batch: RecordBatch, schema: StructType): RecordBatch {
  const fields = schema.fields
  if (batch.numCols === fields.length) return batch
  const columns = columnsOf(batch)
  const kept: Column[] = []
  batch.schema.fields.forEach((f, i) => {
    if (f.name === fields[kept.length]?.name) kept.push(columns[i]!)
  })
  if (kept.length !== fields.length) {
    throw new IllegalStateException(
      `A batch of columns [${batch.schema.fields.map((f) => f.name).join(', ')}] does not hold the columns [${fields.map((f) => f.name).join(', ')}]`,
    )
  }
  return makeBatch(schema, kept, batch.numRows)
}

/** The same columns under another schema (renames, nullability changes). */
export function withSchema(batch: RecordBatch, schema: StructType): RecordBatch {
  return makeBatch(schema, columnsOf(batch), batch.numRows)
}
