// Fetched records of Kafka partitions as one Arrow batch of the Kafka source schema, or of the fields of it a query
// reads: only those columns are built.
import { RecordBatch as ArrowRecordBatch, makeData, type Struct } from 'apache-arrow'
import {
  allValidBitmap,
  bitAt,
  type Column,
  columnFromValues,
  numericColumn,
  type RecordBatch,
  stringDataColumn,
  TWO_32,
  toArrowSchema,
  toArrowType,
} from '../../arrow/index.js'
import { IllegalStateException } from '../../common/errors.js'
import { BINARY, type DataType, INTEGER, LONG, STRING, TIMESTAMP } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import { ALL_RECORD_FIELDS, type ByteValues, type FetchedRecords, type RecordFields } from './kafka-client.js'
import { HEADERS_TYPE } from './kafka-write-columns.js'

/** The parts of each record a batch of this schema (the Kafka schema, or some of its fields) needs decoded. */
export function recordFieldsOf(schema: StructType | undefined): RecordFields {
  if (schema === undefined) return ALL_RECORD_FIELDS
  const names = new Set(schema.fields.map((f) => f.name))
  return {
    key: names.has('key'),
    value: names.has('value'),
    timestamp: names.has('timestamp') || names.has('timestampType'),
  }
}

/**
 * The columns that repeat one value on every record of a partition's chunk (its topic, its partition number), kept
 * at the largest length asked so far and handed out as views: a batch per chunk then allocates nothing for them.
 * Arrow buffers are never written once built, so batches may share them.
 */
export class ConstantColumns {
  private readonly topics = new Map<string, ByteValues>()
  private readonly partitions = new Map<number, Int32Array>()

  /** `count` copies of a topic name as ByteValues. */
  topic(text: string, count: number): ByteValues {
    let values = this.topics.get(text)
    if (values === undefined || values.offsets.length <= count) {
      values = repeated(text, Math.max(count, 2 * (values?.offsets.length ?? 0)))
      this.topics.set(text, values)
    }
    return { offsets: values.offsets.subarray(0, count + 1), bytes: values.bytes, validity: null }
  }

  /** `count` copies of a partition number. */
  partition(partition: number, count: number): Int32Array {
    let values = this.partitions.get(partition)
    if (values === undefined || values.length < count) {
      values = new Int32Array(Math.max(count, 2 * (values?.length ?? 0))).fill(partition)
      this.partitions.set(partition, values)
    }
    return values.subarray(0, count)
  }
}

/** One partition's fetched records. */
export interface RecordsPart {
  readonly topic: string
  readonly partition: number
  readonly records: FetchedRecords
}

/**
 * One batch of `schema` — the Kafka source schema or the fields of it a query reads, in its order — from the fetched
 * records of several partitions (column buffers concatenated; a single part's buffers used as they are).
 */
export function recordsBatch(
  schema: StructType,
  parts: readonly RecordsPart[],
  constants = new ConstantColumns(),
): RecordBatch {
  let rows = 0
  for (const p of parts) rows += p.records.count
  const columns = schema.fields.map((field) => kafkaColumn(field.name, parts, rows, constants))
  return new ArrowRecordBatch(
    toArrowSchema(schema),
    makeData({ type: structTypeOf(schema), length: rows, nullCount: 0, children: columns }),
  )
}

/** A column of the Kafka schema over the parts' records. */
function kafkaColumn(name: string, parts: readonly RecordsPart[], rows: number, constants: ConstantColumns): Column {
  const only = parts.length === 1 ? parts[0]!.records : undefined
  const counts = parts.map((p) => p.records.count)
  switch (name) {
    case 'key':
    case 'value':
      return concatBinary(
        parts.map((p) => fetched(name === 'key' ? p.records.keys : p.records.values, name)),
        counts,
        rows,
      )
    case 'topic':
      return concatBinary(
        parts.map((p) => constants.topic(p.topic, p.records.count)),
        counts,
        rows,
        STRING,
      )
    case 'partition': {
      if (parts.length === 1) return numericColumn(INTEGER, constants.partition(parts[0]!.partition, rows), null)
      const partitions = new Int32Array(rows)
      let row = 0
      for (const p of parts) partitions.fill(p.partition, row, (row += p.records.count))
      return numericColumn(INTEGER, partitions, null)
    }
    case 'offset':
      return numericColumn(
        LONG,
        only ? only.offsets.subarray(0, rows) : joined(parts, (r) => r.offsets, new Float64Array(rows)),
        null,
      )
    case 'timestamp':
      return numericColumn(TIMESTAMP, microsOf(parts, rows), null)
    case 'timestampType': {
      const types = (r: FetchedRecords) => fetched(r.timestampTypes, name)
      return numericColumn(
        INTEGER,
        only ? types(only).subarray(0, rows) : joined(parts, types, new Int32Array(rows)),
        null,
      )
    }
    case 'headers': {
      const headers: unknown[] = new Array(rows)
      let row = 0
      for (const { records } of parts)
        for (let i = 0; i < records.count; i++) headers[row++] = records.headers?.[i] ?? []
      return columnFromValues(HEADERS_TYPE, headers, 'headers')
    }
    default:
      throw new IllegalStateException(`The Kafka source has no column ${name}`)
  }
}

/** A part of the records the fetch was asked to decode: a client that left it out broke its contract. */
function fetched<T>(values: T | undefined, name: string): T {
  if (values === undefined) throw new IllegalStateException(`The Kafka client left out the records' ${name}`)
  return values
}

/** The parts' arrays joined into `out`. */
function joined<A extends Float64Array | Int32Array>(
  parts: readonly RecordsPart[],
  of: (records: FetchedRecords) => A,
  out: A,
): A {
  let row = 0
  for (const { records } of parts) {
    out.set(of(records).subarray(0, records.count), row)
    row += records.count
  }
  return out
}

/** Kafka's milliseconds as Spark's microseconds, straight into int64 words. */
function microsOf(parts: readonly RecordsPart[], rows: number): BigInt64Array {
  const timestamps = new BigInt64Array(rows)
  const words = new Int32Array(timestamps.buffer)
  let j = 0
  for (const { records } of parts) {
    const times = fetched(records.timestamps, 'timestamp')
    for (let i = 0; i < records.count; i++, j += 2) {
      const micros = times[i]! * 1000
      const high = Math.floor(micros / TWO_32)
      words[j] = (micros - high * TWO_32) | 0
      words[j + 1] = high | 0
    }
  }
  return timestamps
}

/** Arrow struct types of batch schemas, built once each (a batch per fetched chunk would build one per chunk). */
const structTypes = new WeakMap<StructType, Struct>()

function structTypeOf(schema: StructType): Struct {
  let type = structTypes.get(schema)
  if (type === undefined) {
    type = toArrowType(schema) as Struct
    structTypes.set(schema, type)
  }
  return type
}

const encoder = new TextEncoder()

/** `count` copies of a string as ByteValues (a topic name on every record of a partition). */
function repeated(text: string, count: number): ByteValues {
  const one = encoder.encode(text)
  const offsets = new Int32Array(count + 1)
  for (let i = 1; i <= count; i++) offsets[i] = i * one.length
  const bytes = new Uint8Array(count * one.length)
  if (one.length > 0 && count > 0) {
    bytes.set(one)
    // Doubling copies: log2(count) calls instead of one per record.
    for (let filled = one.length; filled < bytes.length; filled *= 2) bytes.copyWithin(filled, 0, filled)
  }
  return { offsets, bytes, validity: null }
}

/**
 * One Arrow Binary (or Utf8) column of `rows` rows from chunks of ByteValues: a single chunk's buffers as they are,
 * several joined (offsets rebased, bytes copied once).
 */
function concatBinary(
  chunks: readonly ByteValues[],
  counts: readonly number[],
  rows: number,
  type: DataType = BINARY,
): Column {
  const only = chunks.length === 1 ? chunks[0]! : undefined
  const binary = type.kind === 'binary'
  if (only !== undefined && only.offsets[0] === 0) {
    const bytes = only.bytes.subarray(0, only.offsets[rows]!)
    return stringDataColumn(binary, rows, only.offsets.subarray(0, rows + 1), bytes, only.validity)
  }
  let size = 0
  let anyNull = false
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k]!
    size += chunk.offsets[counts[k]!]! - chunk.offsets[0]!
    anyNull ||= chunk.validity !== null
  }
  const offsets = new Int32Array(rows + 1)
  const bytes = new Uint8Array(size)
  const validity = anyNull ? allValidBitmap(rows) : null
  let row = 0
  let base = 0
  for (let k = 0; k < chunks.length; k++) {
    const chunk = chunks[k]!
    const n = counts[k]!
    const from = chunk.offsets
    const first = from[0]!
    const shift = base - first
    for (let i = 1; i <= n; i++) offsets[row + i] = from[i]! + shift
    bytes.set(chunk.bytes.subarray(first, from[n]!), base)
    const bits = chunk.validity
    if (validity !== null && bits !== null) {
      for (let i = 0; i < n; i++) if (!bitAt(bits, i)) validity[(row + i) >> 3]! &= ~(1 << ((row + i) & 7))
    }
    base += from[n]! - first
    row += n
  }
  return stringDataColumn(binary, rows, offsets, bytes, validity)
}
