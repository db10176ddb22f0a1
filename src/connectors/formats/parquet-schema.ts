// Spark types ↔ Parquet schema elements, as Spark's ParquetToSparkSchemaConverter and SparkToParquetSchemaConverter
// map them (standard 3-level lists and maps, timestamps as INT64 micros, decimals by precision).
import type { SchemaElement, SchemaTree } from 'hyparquet'
import {
  ArrayType,
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  type DataType,
  DecimalType,
  DOUBLE,
  FLOAT,
  INTEGER,
  LONG,
  MapType,
  SHORT,
  STRING,
  sqlTypeName,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { unsupportedTypeError } from './parse-mode.js'

const isRepeated = (node: SchemaTree) => node.element.repetition_type === 'REPEATED'

/** The Spark type of a Parquet schema node. */
export function sparkTypeOf(node: SchemaTree): DataType {
  const { element } = node
  const ctype = element.converted_type
  const ltype = element.logical_type
  if (node.children.length > 0) {
    if (ctype === 'LIST' || ltype?.type === 'LIST') {
      // Standard 3-level list: <list> (repeated group list { element }); legacy 2-level: a repeated element.
      const repeated = node.children[0]!
      if (repeated.children.length === 0) return ArrayType(primitiveType(repeated.element), false)
      const name = repeated.element.name
      if (repeated.children.length === 1 && name !== 'array' && !name.endsWith('_tuple')) {
        const element = repeated.children[0]!
        return ArrayType(sparkTypeOf(element), element.element.repetition_type !== 'REQUIRED')
      }
      return ArrayType(structOf(repeated.children), false)
    }
    if (ctype === 'MAP' || ctype === 'MAP_KEY_VALUE' || ltype?.type === 'MAP') {
      const entries = node.children[0]!
      const key = entries.children.find((c) => c.element.name === 'key') ?? entries.children[0]!
      const value = entries.children.find((c) => c.element.name === 'value') ?? entries.children[1]!
      return MapType(sparkTypeOf(key), sparkTypeOf(value), value.element.repetition_type !== 'REQUIRED')
    }
    return structOf(node.children)
  }
  const leaf = primitiveType(element)
  return isRepeated(node) ? ArrayType(leaf, false) : leaf
}

function structOf(children: readonly SchemaTree[]): StructType {
  return StructType(
    children.map((c) => StructField(c.element.name, sparkTypeOf(c), c.element.repetition_type !== 'REQUIRED')),
  )
}

function primitiveType(element: SchemaElement): DataType {
  const ctype = element.converted_type
  const ltype = element.logical_type
  if (ctype === 'DECIMAL' || ltype?.type === 'DECIMAL') {
    return DecimalType(element.precision ?? 10, element.scale ?? 0)
  }
  switch (element.type) {
    case 'BOOLEAN':
      return BOOLEAN
    case 'INT32':
      if (ctype === 'INT_8') return BYTE
      if (ctype === 'INT_16') return SHORT
      if (ctype === 'DATE' || ltype?.type === 'DATE') return DATE
      if (ctype === 'UINT_32') return LONG
      return INTEGER
    case 'INT64':
      if (ltype?.type === 'TIMESTAMP') return ltype.isAdjustedToUTC ? TIMESTAMP : TIMESTAMP_NTZ
      if (ctype === 'TIMESTAMP_MICROS' || ctype === 'TIMESTAMP_MILLIS') return TIMESTAMP
      if (ctype === 'UINT_64') return DecimalType(20, 0)
      return LONG
    case 'INT96':
      return TIMESTAMP
    case 'FLOAT':
      return FLOAT
    case 'DOUBLE':
      return DOUBLE
    case 'BYTE_ARRAY':
      return ctype === 'UTF8' || ctype === 'ENUM' || ctype === 'JSON' || ltype?.type === 'STRING' ? STRING : BINARY
    default:
      return BINARY
  }
}

/** The Spark schema of a Parquet file's root. */
export function sparkSchemaOf(root: SchemaTree): StructType {
  return structOf(root.children)
}

/** The Parquet schema elements (depth first, as hyparquet-writer takes them) for a Spark field. */
function elementsOf(name: string, type: DataType, nullable: boolean, format: string): SchemaElement[] {
  const repetition_type = nullable ? 'OPTIONAL' : 'REQUIRED'
  const leaf = (element: Omit<SchemaElement, 'name' | 'repetition_type'>): SchemaElement[] => [
    { name, repetition_type, ...element },
  ]
  switch (type.kind) {
    case 'boolean':
      return leaf({ type: 'BOOLEAN' })
    case 'byte':
      return leaf({ type: 'INT32', converted_type: 'INT_8' })
    case 'short':
      return leaf({ type: 'INT32', converted_type: 'INT_16' })
    case 'integer':
      return leaf({ type: 'INT32' })
    case 'long':
      return leaf({ type: 'INT64' })
    case 'float':
      return leaf({ type: 'FLOAT' })
    case 'double':
      return leaf({ type: 'DOUBLE' })
    case 'string':
      return leaf({ type: 'BYTE_ARRAY', converted_type: 'UTF8' })
    case 'binary':
      return leaf({ type: 'BYTE_ARRAY' })
    case 'date':
      return leaf({ type: 'INT32', converted_type: 'DATE' })
    case 'timestamp':
    case 'timestamp_ntz':
      return leaf({
        type: 'INT64',
        ...(type.kind === 'timestamp' ? { converted_type: 'TIMESTAMP_MICROS' as const } : {}),
        logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: type.kind === 'timestamp', unit: 'MICROS' },
      })
    case 'decimal': {
      const { precision, scale } = type
      const physical =
        precision <= 9
          ? { type: 'INT32' as const }
          : precision <= 18
            ? { type: 'INT64' as const }
            : { type: 'FIXED_LEN_BYTE_ARRAY' as const, type_length: decimalBytes(precision) }
      return leaf({ ...physical, converted_type: 'DECIMAL', precision, scale })
    }
    case 'array':
      return [
        { name, repetition_type, converted_type: 'LIST', num_children: 1 },
        { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
        ...elementsOf('element', type.elementType, type.containsNull, format),
      ]
    case 'map':
      return [
        { name, repetition_type, converted_type: 'MAP', num_children: 1 },
        { name: 'key_value', repetition_type: 'REPEATED', num_children: 2 },
        ...elementsOf('key', type.keyType, false, format),
        ...elementsOf('value', type.valueType, type.valueContainsNull, format),
      ]
    case 'struct':
      return [
        { name, repetition_type, num_children: type.fields.length },
        ...type.fields.flatMap((f) => elementsOf(f.name, f.dataType, f.nullable, format)),
      ]
    default:
      throw unsupportedTypeError(format, name, sqlTypeName(type))
  }
}

/** The minimal bytes of a two's-complement integer holding `precision` decimal digits (Spark's table). */
function decimalBytes(precision: number): number {
  let bytes = 1
  while (2 ** (8 * bytes - 1) < 10 ** precision) bytes++
  return bytes
}

/** The full Parquet schema for a Spark schema (root first). */
export function parquetSchemaOf(schema: StructType): SchemaElement[] {
  return [
    { name: 'spark_schema', num_children: schema.fields.length },
    ...schema.fields.flatMap((f) => elementsOf(f.name, f.dataType, f.nullable, 'Parquet')),
  ]
}
