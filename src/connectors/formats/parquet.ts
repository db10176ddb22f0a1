// The Parquet format: hyparquet-writer with Spark's schema mapping and metadata (snappy), and the synchronous reader.
import { parquetWriteBuffer } from 'hyparquet-writer'
import { bitAt, type Column, columnsOf, isNullAt, numbersOf, type RecordBatch, stringAt } from '../../arrow/index.js'
import { type DataType, typeName } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { FileData, FileFormat, FileWriter, FormatContext } from './file-format.js'
import { type OutputCodec, PARQUET_SNAPPY, parquetOutputCodec } from './output-compression.js'
import { parquetFileSchema, readParquet } from './parquet-read.js'
import { parquetSchemaOf } from './parquet-schema.js'

/** Row `i` of a column in hyparquet-writer's conventions (bigint for INT64, micros for timestamps, days for dates). */
function writerValue(column: Column, type: DataType, i: number): unknown {
  if (isNullAt(column, i)) return null
  switch (type.kind) {
    case 'boolean':
      return bitAt(column.values as Uint8Array, i)
    case 'string':
      return stringAt(column, i)
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      return (column.values as Uint8Array).slice(offsets[i]!, offsets[i + 1]!)
    }
    case 'long':
      return BigInt(Math.trunc(numbersOf(column)[i]!))
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const out: unknown[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++)
        out.push(writerValue(column.children[0]!, type.elementType, j))
      return out
    }
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const out: { key: unknown; value: unknown }[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        out.push({ key: writerValue(keys, type.keyType, j), value: writerValue(values, type.valueType, j) })
      }
      return out
    }
    case 'struct': {
      // A prototype-less object, so a field named `__proto__` is an ordinary key.
      const row = Object.create(null) as Record<string, unknown>
      type.fields.forEach((f, k) => {
        row[f.name] = writerValue(column.children[k]!, f.dataType, i)
      })
      return row
    }
    default:
      return numbersOf(column)[i]
  }
}

/** A whole column for hyparquet-writer; flat numeric columns without nulls pass their typed arrays. */
function writerColumn(column: Column, type: DataType, rows: number): unknown[] | ArrayLike<unknown> {
  if (column.nullCount === 0) {
    if (type.kind === 'integer' || type.kind === 'float' || type.kind === 'double') return numbersOf(column)
    if (type.kind === 'long') return column.values as BigInt64Array
  }
  const out = new Array<unknown>(rows)
  for (let i = 0; i < rows; i++) out[i] = writerValue(column, type, i)
  return out
}

/** Spark's JSON form of a type, stored in the file as `org.apache.spark.sql.parquet.row.metadata`. */
function typeJson(type: DataType): unknown {
  switch (type.kind) {
    case 'array':
      return { type: 'array', elementType: typeJson(type.elementType), containsNull: type.containsNull }
    case 'map':
      return {
        type: 'map',
        keyType: typeJson(type.keyType),
        valueType: typeJson(type.valueType),
        valueContainsNull: type.valueContainsNull,
      }
    case 'struct':
      return {
        type: 'struct',
        fields: type.fields.map((f) => ({
          name: f.name,
          type: typeJson(f.dataType),
          nullable: f.nullable,
          metadata: {},
        })),
      }
    default:
      return typeName(type)
  }
}

/** One Parquet file holding `batch`, its pages compressed by `codec` (snappy by default). */
export function writeParquet(batch: RecordBatch, schema: StructType, codec: OutputCodec = PARQUET_SNAPPY): Uint8Array {
  const columns = columnsOf(batch)
  return new Uint8Array(
    parquetWriteBuffer({
      columnData: schema.fields.map((f, k) => ({
        name: f.name,
        data: writerColumn(columns[k]!, f.dataType, batch.numRows) as never,
        nullable: f.nullable,
      })),
      schema: parquetSchemaOf(schema),
      codec: codec.name as never,
      compressors: codec.compress ? { [codec.name]: codec.compress } : {},
      createdBy: 'parquet-mr (Rivulet, hyparquet-writer)',
      kvMetadata: [
        { key: 'org.apache.spark.version', value: '3.5.0' },
        { key: 'org.apache.spark.sql.parquet.row.metadata', value: JSON.stringify(typeJson(schema)) },
      ],
    }),
  )
}

export const parquetFormat: FileFormat = {
  name: 'parquet',
  displayName: 'Parquet',
  reader: (_options: Options, schema: StructType) => (file: FileData) => readParquet(file, schema),
  inferSchema(files: readonly FileData[]) {
    // Spark reads the footer of one file unless mergeSchema is set; Rivulet takes the first file.
    const first = files[0]
    return first === undefined ? undefined : parquetFileSchema(first)
  },
  recordSplit: () => ({ kind: 'whole', binary: true }),
  writer(options: Options, schema: StructType, context: FormatContext): FileWriter {
    parquetSchemaOf(schema)
    const codec = parquetOutputCodec(options, context.conf)
    return { extension: `${codec.extension}.parquet`, write: (batch) => writeParquet(batch, schema, codec) }
  },
}
