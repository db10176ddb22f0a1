// Arrow batches (Rivulet's output, the loops' output) as a ResultSet: typed arrays read in place.
import {
  bitAt,
  type Column,
  columnsOf,
  fromArrowSchema,
  numbersOf,
  type RecordBatch,
  validityOf,
} from '../../../src/arrow/index.js'
import type { DataType } from '../../../src/index.js'
import type { CellChunk, CellColumn, ResultSet } from './cells.js'

function nullTest(column: Column): (row: number) => boolean {
  const bits = validityOf(column)
  return bits === null ? () => false : (row) => !bitAt(bits, row)
}

function cellColumn(column: Column, type: DataType, name: string): CellColumn {
  const isNull = nullTest(column)
  switch (type.kind) {
    case 'string':
      return { kind: 'utf8', offsets: column.valueOffsets as Int32Array, bytes: column.values as Uint8Array, isNull }
    case 'boolean': {
      const bits = column.values as Uint8Array
      return { kind: 'boolean', value: (row) => bitAt(bits, row), isNull }
    }
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'decimal':
    case 'timestamp':
    case 'timestamp_ntz':
    case 'date':
      return { kind: 'number', values: numbersOf(column), isNull }
    default:
      throw new Error(`Result column ${name} has type ${type.kind}, which the comparison does not read (flatten it)`)
  }
}

/** The batches as one ResultSet (all batches share the first one's schema). */
export function arrowResult(batches: readonly RecordBatch[]): ResultSet {
  const first = batches[0]
  if (!first) return { names: [], chunks: [] }
  const schema = fromArrowSchema(first.schema)
  const chunks: CellChunk[] = batches
    .filter((b) => b.numRows > 0)
    .map((batch) => ({
      numRows: batch.numRows,
      columns: columnsOf(batch).map((c, i) => cellColumn(c, schema.fields[i]!.dataType, schema.fields[i]!.name)),
    }))
  return { names: schema.fields.map((f) => f.name), chunks }
}
