// Schema inference for createDataFrame(rows): the type of each field from the values given (PySpark's rules, in JS).
import { IllegalArgumentException } from '../common/errors.js'
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  type DataType,
  DOUBLE,
  LONG,
  MapType,
  NULL,
  STRING,
  TIMESTAMP,
} from './data-types.js'
import { StructField, StructType } from './struct-type.js'

function inferValue(value: unknown): DataType {
  if (value === null || value === undefined) return NULL
  if (typeof value === 'string') return STRING
  if (typeof value === 'boolean') return BOOLEAN
  if (typeof value === 'bigint') return LONG
  if (typeof value === 'number') return Number.isInteger(value) ? LONG : DOUBLE
  if (value instanceof Date) return TIMESTAMP
  if (value instanceof Uint8Array) return BINARY
  if (Array.isArray(value)) return ArrayType(value.map(inferValue).reduce(merge, NULL))
  if (value instanceof Map) {
    const keys = [...value.keys()].map(inferValue).reduce(merge, NULL)
    return MapType(keys, [...value.values()].map(inferValue).reduce(merge, NULL))
  }
  if (typeof value === 'object') {
    return StructType(Object.entries(value as object).map(([k, v]) => StructField(k, inferValue(v))))
  }
  throw new IllegalArgumentException(`Unable to infer the type of the field: ${String(value)}`, {
    errorClass: 'CANNOT_INFER_TYPE_FOR_FIELD',
  })
}

/** Merges two inferred types: null yields to anything, long widens to double; other conflicts fail. */
function merge(a: DataType, b: DataType): DataType {
  if (a.kind === 'null') return b
  if (b.kind === 'null' || a.kind === b.kind) {
    if (a.kind === 'struct' && b.kind === 'struct') {
      const names = [...new Set([...a.fieldNames(), ...b.fieldNames()])]
      return StructType(
        names.map((n) =>
          StructField(
            n,
            merge(
              a.fields.find((f) => f.name === n)?.dataType ?? NULL,
              b.fields.find((f) => f.name === n)?.dataType ?? NULL,
            ),
          ),
        ),
      )
    }
    return a
  }
  if ((a.kind === 'long' && b.kind === 'double') || (a.kind === 'double' && b.kind === 'long')) return DOUBLE
  throw new IllegalArgumentException(`Can not merge type ${a.kind} and ${b.kind}`, { errorClass: 'CANNOT_MERGE_TYPE' })
}

/** The schema of rows given as objects (fields in first-seen order) or as arrays (`_1`, `_2`, ...). */
export function inferSchema(rows: readonly unknown[], names?: readonly string[]): StructType {
  const fields = new Map<string, DataType>()
  for (const row of rows) {
    const entries: [string, unknown][] = Array.isArray(row)
      ? row.map((v, i) => [names?.[i] ?? `_${i + 1}`, v])
      : Object.entries(row as object)
    for (const [name, value] of entries) fields.set(name, merge(fields.get(name) ?? NULL, inferValue(value)))
  }
  for (const name of names ?? []) if (!fields.has(name)) fields.set(name, NULL)
  return StructType([...fields].map(([name, type]) => StructField(name, type.kind === 'null' ? STRING : type)))
}
