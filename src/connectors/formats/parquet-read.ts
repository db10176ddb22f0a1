// Reads Parquet files synchronously with hyparquet's page decoders (its public API is async), assembling nested
// columns into Rivulet's value conventions: micros for timestamps, days for dates, positional structs, map entries.
import type { DecodedArray, FileMetaData, ParquetParsers, SchemaTree } from 'hyparquet'
import { parquetMetadata, parquetSchema } from 'hyparquet'
import { readColumn } from 'hyparquet/src/column.js'
import { DEFAULT_PARSERS } from 'hyparquet/src/convert.js'
import { getTreePath, isListLike, isMapLike } from 'hyparquet/src/schema.js'
import { compressors } from 'hyparquet-compressors'
import { int64ToFloat64, makeBatch, nullColumn, type RecordBatch } from '../../arrow/index.js'
import { SparkRuntimeException } from '../../common/errors.js'
import { type DataType, isComplex, sameType, simpleString } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import { columnBuilder, nestedColumn } from './column-builder.js'
import type { FileData } from './file-format.js'
import { sparkSchemaOf, sparkTypeOf } from './parquet-schema.js'

/** Values as Rivulet holds them: no Date objects, no BigInt. */
const PARSERS: ParquetParsers = {
  ...DEFAULT_PARSERS,
  timestampFromMilliseconds: (millis) => Number(millis) * 1000,
  timestampFromMicroseconds: (micros) => Number(micros),
  timestampFromNanoseconds: (nanos) => Number(nanos / 1000n),
  dateFromDays: (days) => days,
}

/** Spark's error for a file whose footer cannot be read: empty, truncated, or not Parquet at all. */
function footerError(path: string, cause: unknown): SparkRuntimeException {
  return new SparkRuntimeException(
    `Encountered error while reading file ${path}. Could not read footer. Please ensure that the file is in either ORC or Parquet format. If not, please convert it to a valid format. If the file is in the valid format, please check if it is corrupt. If it is, you can choose to either ignore it or fix the corruption.`,
    { errorClass: 'FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER', cause },
  )
}

/** The metadata and schema tree of a Parquet file (Spark's footer error, naming the file, when unreadable). */
export function parquetFooter(file: FileData): { metadata: FileMetaData; tree: SchemaTree } {
  const { bytes } = file
  try {
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
    const metadata = parquetMetadata(buffer, { parsers: PARSERS })
    return { metadata, tree: parquetSchema(metadata) }
  } catch (error) {
    throw footerError(file.path, error)
  }
}

/** The Spark schema stored in a Parquet file. */
export function parquetFileSchema(file: FileData): StructType {
  return sparkSchemaOf(parquetFooter(file).tree)
}

/** Replaces BigInt leaves (INT64, UINT64) by numbers, through nested arrays. */
function numbersDeep(values: DecodedArray): DecodedArray {
  if (values instanceof BigInt64Array) return int64ToFloat64(values, values.length)
  if (values instanceof BigUint64Array) return Array.from(values, Number)
  if (!Array.isArray(values)) return values
  return values.map((v) => (typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? numbersDeep(v) : v))
}

/** Removes one level of single-element wrapping (optional groups), as hyparquet's flattenAtDepth. */
function flattenAtDepth(values: unknown[], depth: number): void {
  for (let i = 0; i < values.length; i++) {
    if (depth) flattenAtDepth(values[i] as unknown[], depth - 1)
    else values[i] = (values[i] as unknown[])[0]
  }
}

function assembleMaps(keys: unknown[], values: unknown[], depth: number): unknown[] {
  return keys.map((k, i) => {
    if (depth) return assembleMaps(k as unknown[], values[i] as unknown[], depth - 1)
    if (!k) return undefined
    const ks = k as unknown[]
    const vs = values[i] as unknown[]
    return ks.map((key, j) => [key, vs[j] === undefined ? null : vs[j]])
  })
}

function invertStruct(children: readonly unknown[][], depth: number): unknown[] {
  const length = children[0]?.length ?? 0
  const out: unknown[] = new Array(length)
  for (let i = 0; i < length; i++) {
    const row = children.map((c) => c[i])
    out[i] = depth ? invertStruct(row as unknown[][], depth - 1) : row
  }
  return out
}

/**
 * hyparquet's assembleNested, building maps as `[key, value]` entries and structs as positional arrays (so no key
 * becomes an object property).
 */
function assembleNested(data: Map<string, unknown[]>, node: SchemaTree, depth = 0): void {
  const path = node.path.join('.')
  const optional = node.element.repetition_type === 'OPTIONAL'
  const nextDepth = optional ? depth + 1 : depth
  if (isListLike(node)) {
    let sublist = node.children[0]!
    let subDepth = nextDepth
    if (sublist.children.length === 1) {
      sublist = sublist.children[0]!
      subDepth++
    }
    assembleNested(data, sublist, subDepth)
    const subPath = sublist.path.join('.')
    const values = data.get(subPath)!
    if (optional) flattenAtDepth(values, depth)
    data.delete(subPath)
    data.set(path, values)
    return
  }
  if (isMapLike(node)) {
    const entries = node.children[0]!
    const [keyNode, valueNode] = entries.children as [SchemaTree, SchemaTree]
    assembleNested(data, keyNode, nextDepth + 1)
    assembleNested(data, valueNode, nextDepth + 1)
    const keyPath = keyNode.path.join('.')
    const valuePath = valueNode.path.join('.')
    const out = assembleMaps(data.get(keyPath)!, data.get(valuePath)!, nextDepth)
    if (optional) flattenAtDepth(out, depth)
    data.delete(keyPath)
    data.delete(valuePath)
    data.set(path, out)
    return
  }
  if (node.children.length > 0) {
    const invertDepth = node.element.repetition_type === 'REQUIRED' ? depth : depth + 1
    const children = node.children.map((child) => {
      assembleNested(data, child, invertDepth)
      const childPath = child.path.join('.')
      const values = data.get(childPath)!
      data.delete(childPath)
      return values
    })
    const inverted = invertStruct(children, invertDepth)
    if (optional) flattenAtDepth(inverted, depth)
    data.set(path, inverted)
  }
}

/** The dotted paths of a node's leaf columns. */
function leafPaths(node: SchemaTree): string[] {
  return node.children.length === 0 ? [node.path.join('.')] : node.children.flatMap(leafPaths)
}

/**
 * Reads a (non-null) value of the file's type as the requested type — struct fields by name, missing ones null — or
 * null when the types are the same and values pass through. Built once per column, not per value.
 */
function adapterFor(from: DataType, to: DataType): ((value: unknown) => unknown) | null {
  if (sameType(from, to, true)) return null
  const orNull = (adapt: ((value: unknown) => unknown) | null) => (value: unknown) =>
    value === null || value === undefined || adapt === null ? value : adapt(value)
  if (from.kind === 'struct' && to.kind === 'struct') {
    const fields = to.fields.map((f) => {
      const k = from.fields.findIndex((g) => g.name === f.name)
      return k < 0 ? null : { k, read: orNull(adapterFor(from.fields[k]!.dataType, f.dataType)) }
    })
    return (value) => fields.map((field) => (field === null ? null : field.read((value as unknown[])[field.k])))
  }
  if (from.kind === 'array' && to.kind === 'array') {
    const read = orNull(adapterFor(from.elementType, to.elementType))
    return (value) => (value as unknown[]).map(read)
  }
  if (from.kind === 'map' && to.kind === 'map') {
    const read = orNull(adapterFor(from.valueType, to.valueType))
    return (value) => (value as [unknown, unknown][]).map(([k, v]) => [k, read(v)])
  }
  return null
}

const NUMERIC = new Set(['byte', 'short', 'integer', 'long', 'float', 'double', 'decimal'])

/** Whether values of the file's type can be read as the requested type (same kind, or numeric widening). */
function readable(from: DataType, to: DataType): boolean {
  if (from.kind === to.kind) return true
  if (NUMERIC.has(from.kind) && NUMERIC.has(to.kind)) return true
  return (
    (from.kind === 'timestamp' || from.kind === 'timestamp_ntz') &&
    (to.kind === 'timestamp' || to.kind === 'timestamp_ntz')
  )
}

/** Reads a Parquet file into a batch of `schema`; requested columns missing from the file are null. */
export function readParquet(file: FileData, schema: StructType): RecordBatch {
  const { metadata, tree } = parquetFooter(file)
  const { bytes } = file
  const numRows = Number(metadata.num_rows)
  // Spark matches Parquet columns case-insensitively (spark.sql.caseSensitive=false).
  const nodes = schema.fields.map(
    (f) =>
      tree.children.find((c) => c.element.name === f.name) ??
      tree.children.find((c) => c.element.name.toLowerCase() === f.name.toLowerCase()),
  )
  const values: unknown[][] = schema.fields.map(() => [])
  // Flat columns read as the file stores them are built directly; nested or converted ones go through JS values.
  const builders = schema.fields.map((f, k) => {
    const node = nodes[k]
    return node && node.children.length === 0 && sparkTypeOf(node).kind === f.dataType.kind && !isComplex(f.dataType)
      ? columnBuilder(f.dataType, numRows)
      : undefined
  })
  nodes.forEach((node, k) => {
    if (!node) return
    const field = schema.fields[k]!
    const fileType = sparkTypeOf(node)
    if (!readable(fileType, field.dataType)) {
      throw new SparkRuntimeException(
        `Parquet column cannot be converted in file ${file.path}. Column: [${field.name}], Expected: ${simpleString(field.dataType)}, Found: ${simpleString(fileType)}.`,
      )
    }
  })
  for (const group of metadata.row_groups) {
    const groupRows = Number(group.num_rows)
    const leaves = new Map<string, unknown[]>()
    for (const chunk of group.columns) {
      const meta = chunk.meta_data
      if (!meta) continue
      const top = meta.path_in_schema[0]!
      if (!nodes.some((n) => n?.element.name === top)) continue
      const start = Number(meta.dictionary_page_offset || meta.data_page_offset)
      const length = Number(meta.total_compressed_size)
      const schemaPath = getTreePath(tree, meta.path_in_schema)
      const reader = { view: new DataView(bytes.buffer, bytes.byteOffset + start, length), offset: 0 }
      const decoder = {
        pathInSchema: meta.path_in_schema,
        element: schemaPath[schemaPath.length - 1]!.element,
        schemaPath,
        type: meta.type,
        codec: meta.codec,
        parsers: PARSERS,
        compressors,
        utf8: false,
      }
      const { data } = readColumn(reader, { groupStart: 0, selectStart: 0, selectEnd: groupRows, groupRows }, decoder)
      leaves.set(meta.path_in_schema.join('.'), data as unknown[])
    }
    nodes.forEach((node, k) => {
      if (!node) return
      const builder = builders[k]
      if (builder && node.children.length === 0) {
        // A flat column goes straight from the decoded pages into its builder.
        for (const raw of leaves.get(node.element.name) as unknown as DecodedArray[]) {
          // INT64 pages decode to BigInt64Array: read them as numbers in one pass, not a BigInt per value.
          const part = raw instanceof BigInt64Array ? int64ToFloat64(raw, raw.length) : raw
          for (let i = 0; i < part.length; i++) {
            const v = part[i]
            if (v === null || v === undefined) builder.appendNull()
            else builder.append(typeof v === 'bigint' ? Number(v) : v)
          }
        }
        return
      }
      for (const child of leafPaths(node)) {
        const parts = leaves.get(child) as unknown as DecodedArray[]
        const flat: unknown[] = []
        for (const part of parts) {
          const converted = numbersDeep(part) as ArrayLike<unknown>
          for (let i = 0; i < converted.length; i++) flat.push(converted[i])
        }
        leaves.set(child, flat)
      }
      assembleNested(leaves, node)
      const adapt = adapterFor(sparkTypeOf(node), schema.fields[k]!.dataType)
      for (const v of leaves.get(node.element.name) ?? [])
        values[k]!.push(adapt === null || v === null || v === undefined ? v : adapt(v))
    })
  }
  const columns = schema.fields.map((f, k) => {
    const builder = builders[k]
    if (builder) return builder.finish()
    return nodes[k] ? nestedColumn(f.dataType, values[k]!) : nullColumn(f.dataType, numRows)
  })
  return makeBatch(schema, columns, numRows)
}
