// How a state variable's values are stored: as one column named `value` of the schema's type — a struct (values are
// objects by field name) or any other type (values are plain JS values) — encoded from JS values a batch at a time
// and read back through per-column readers.
import { type Column, columnFromValues } from '../../arrow/index.js'
import { type Reader, valueReader } from '../../expr/udf-kernels.js'
import type { DataType } from '../../types/data-types.js'
import { parseSchemaString, parseTypeString } from '../../types/ddl.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { StateSchema } from './processor-api.js'

export interface StateCodec {
  /** The stored column's type. */
  readonly type: DataType
  /** The field holding the value in a table's value (or key) schema. */
  field(name: string): StructField
  encode(values: readonly unknown[]): Column
  reader(column: Column): Reader
}

/** The type a schema stands for: a DDL type (`'bigint'`, `'struct<a:int>'`) or field list (`'a INT, b STRING'`). */
export function schemaType(schema: StateSchema): DataType {
  if (typeof schema !== 'string') return schema
  try {
    return parseTypeString(schema)
  } catch {
    return parseSchemaString(schema)
  }
}

export function stateCodec(schema: StateSchema): StateCodec {
  const type = schemaType(schema)
  return {
    type,
    field: (name) => StructField(name, type),
    encode: (values) => columnFromValues(type, values, 'value'),
    reader: (column) => valueReader(column, type),
  }
}

/** A struct of the given fields (a table's key or value schema). */
export const structOf = (...fields: StructField[]): StructType => StructType(fields)
