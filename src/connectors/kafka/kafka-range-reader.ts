// The executor side of the Kafka source (Spark's KafkaDataConsumer): the records of one offset range, gaps and
// vanished offsets handled as failOnDataLoss says, turned into a batch of the Kafka source schema.
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
import { BINARY, type DataType, INTEGER, LONG, STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { ByteValues, FetchedRecords, KafkaClient } from './kafka-client.js'
import { KafkaException } from './kafka-exception.js'
import { type KafkaOffsetReader, type OffsetRange, setText } from './kafka-offset-reader.js'
import { tpKey } from './kafka-offsets.js'
import { HEADERS_TYPE } from './kafka-write-columns.js'

/** KafkaRecordToRowConverter.kafkaSchema: every field nullable, `headers` only with includeHeaders. */
export function kafkaSchema(includeHeaders: boolean): StructType {
  const fields = [
    StructField('key', BINARY),
    StructField('value', BINARY),
    StructField('topic', STRING),
    StructField('partition', INTEGER),
    StructField('offset', LONG),
    StructField('timestamp', TIMESTAMP),
    StructField('timestampType', INTEGER),
  ]
  return StructType(includeHeaders ? [...fields, StructField('headers', HEADERS_TYPE)] : fields)
}

/** The Spark class whose log lines a range read's data-loss warnings copy. */
const CONSUMER = 'KafkaDataConsumer'

export interface RangeReadSettings {
  readonly includeHeaders: boolean
  readonly pollTimeoutMs: number
  /** The consumer group Spark's messages name (Rivulet joins no group). */
  readonly groupId: string
  /** Bytes asked of the broker per fetch, at most. */
  readonly maxBytes: number
  /**
   * About how many bytes a record of this source takes in a fetch response, once records were read; a fetch then asks
   * for about what its range needs instead of maxBytes (the broker fills a response up to its limit, and what lies
   * past the range is transferred for nothing).
   */
  readonly bytesPerRecord?: number
}

/** The least a sized fetch asks for. */
const MIN_FETCH_BYTES = 64 << 10

/** Bytes a record takes in a fetch response beyond its key and value (its framing and its batch's header, roughly). */
const RECORD_OVERHEAD_BYTES = 64

/** An estimate for RangeReadSettings.bytesPerRecord from chunks read (undefined when they hold no record). */
export function bytesPerRecordOf(chunks: readonly FetchedRecords[]): number | undefined {
  let records = 0
  let bytes = 0
  for (const c of chunks) {
    records += c.count
    bytes += c.keys.offsets[c.count]! - c.keys.offsets[0]! + c.values.offsets[c.count]! - c.values.offsets[0]!
  }
  return records === 0 ? undefined : bytes / records + RECORD_OVERHEAD_BYTES
}

/** Out-of-range answers in a row for an offset the partition's log still holds before its range is given up. */
const MAX_REFUSALS = 3

/** Reads [from, until) of a partition as fetched chunks. */
export async function readRange(
  client: KafkaClient,
  reader: KafkaOffsetReader,
  range: OffsetRange,
  settings: RangeReadSettings,
): Promise<FetchedRecords[]> {
  const chunks: FetchedRecords[] = []
  await readRangeChunks(client, reader, range, settings, (chunk) => chunks.push(chunk) > 0)
  return chunks
}

/**
 * Reads [from, until) of a partition, handing each fetched chunk to `emit` as it arrives; the next fetch is sent once
 * `emit` returns (or what it returns resolves), so a slow consumer holds the reading back; false stops the read (its
 * consumer went away).
 */
export async function readRangeChunks(
  client: KafkaClient,
  reader: KafkaOffsetReader,
  range: OffsetRange,
  settings: RangeReadSettings,
  emit: (chunk: FetchedRecords) => boolean | Promise<boolean>,
): Promise<void> {
  const { partition, until } = range
  const key = tpKey(partition)
  const lost = (from: number, to: number) =>
    `Could not read records in offset [${from}, ${to}) for topic partition ${key}\nwith consumer group ${settings.groupId}.`
  let offset = range.from
  let stalledSince: number | undefined
  let refusals = 0
  while (offset < until) {
    const sized = settings.bytesPerRecord === undefined ? settings.maxBytes : (until - offset) * settings.bytesPerRecord
    const result = await client.fetch({
      partition,
      offset,
      untilOffset: until,
      maxBytes: Math.min(settings.maxBytes, Math.max(MIN_FETCH_BYTES, Math.ceil(sized))),
      includeHeaders: settings.includeHeaders,
    })
    if (result.kind === 'offsetOutOfRange') {
      reader.reportDataLoss(`Cannot fetch offset ${offset}`, lost(offset, until), CONSUMER)
      const [earliest, latest] = await Promise.all([reader.earliest([partition]), reader.latest([partition])])
      const first = earliest.get(key)
      if (first === undefined || offset >= (latest.get(key) ?? 0) || first >= until) break
      if (first <= offset) {
        // The offset is in the log again (a transient error, or a topic recreated and refilled): Spark fetches it
        // again. A broker that keeps refusing an offset it lists would loop for ever: after a few refusals the rest
        // of the range is skipped.
        if (++refusals >= MAX_REFUSALS) break
        continue
      }
      offset = first
      continue
    }
    refusals = 0
    if (result.count > 0) {
      stalledSince = undefined
      const firstOffset = result.offsets[0]!
      if (firstOffset > offset) {
        // A gap: invisible records (transaction markers, compaction) if the log still starts at or before it.
        const earliest = (await reader.earliest([partition])).get(key)
        if (earliest === undefined || earliest > offset) {
          reader.reportDataLoss(
            `Skip missing records in [${offset}, ${firstOffset})`,
            lost(offset, firstOffset),
            CONSUMER,
          )
        }
      }
      const more = emit(result)
      if (more === false || (more instanceof Promise && !(await more))) return
    } else if (result.nextOffset <= offset) {
      // Nothing came back below an end the broker reported earlier: wait up to pollTimeoutMs, as Spark's poll does.
      stalledSince ??= Date.now()
      if (Date.now() - stalledSince >= settings.pollTimeoutMs) {
        throw new KafkaException(
          `Cannot fetch record for offset ${offset} in ${settings.pollTimeoutMs} milliseconds (${setText([key])})`,
        )
      }
      const latest = (await reader.latest([partition])).get(key)
      if (latest !== undefined && latest <= offset) {
        reader.reportDataLoss(`Skip missing records in [${offset}, ${until})`, lost(offset, until), CONSUMER)
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
      continue
    }
    offset = Math.max(offset, result.nextOffset)
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

/**
 * One batch of the Kafka schema from the fetched records of several partitions (column buffers concatenated; a
 * single part's key and value buffers are used as they are).
 */
export function recordsBatch(
  schema: StructType,
  parts: readonly { readonly topic: string; readonly partition: number; readonly records: FetchedRecords }[],
  constants = new ConstantColumns(),
): RecordBatch {
  let rows = 0
  for (const p of parts) rows += p.records.count
  const only = parts.length === 1 ? parts[0]! : undefined
  const partitions = only ? constants.partition(only.partition, rows) : new Int32Array(rows)
  const offsets = only ? only.records.offsets.subarray(0, rows) : new Float64Array(rows)
  const timestampTypes = only ? only.records.timestampTypes.subarray(0, rows) : new Int32Array(rows)
  // Kafka's milliseconds as Spark's microseconds, straight into int64 words.
  const timestamps = new BigInt64Array(rows)
  const words = new Int32Array(timestamps.buffer)
  const headers: unknown[] | undefined = schema.fields.length > 7 ? new Array(rows) : undefined
  let row = 0
  for (const { partition, records } of parts) {
    const n = records.count
    const times = records.timestamps
    if (!only) {
      partitions.fill(partition, row, row + n)
      offsets.set(records.offsets.subarray(0, n), row)
      timestampTypes.set(records.timestampTypes.subarray(0, n), row)
    }
    for (let i = 0, j = 2 * row; i < n; i++, j += 2) {
      const micros = times[i]! * 1000
      const high = Math.floor(micros / TWO_32)
      words[j] = (micros - high * TWO_32) | 0
      words[j + 1] = high | 0
    }
    if (headers) for (let i = 0; i < n; i++) headers[row + i] = records.headers?.[i] ?? []
    row += n
  }
  const counts = parts.map((p) => p.records.count)
  const columns: Column[] = [
    concatBinary(
      parts.map((p) => p.records.keys),
      counts,
      rows,
    ),
    concatBinary(
      parts.map((p) => p.records.values),
      counts,
      rows,
    ),
    concatBinary(
      parts.map((p) => constants.topic(p.topic, p.records.count)),
      counts,
      rows,
      STRING,
    ),
    numericColumn(INTEGER, partitions, null),
    numericColumn(LONG, offsets, null),
    numericColumn(TIMESTAMP, timestamps, null),
    numericColumn(INTEGER, timestampTypes, null),
  ]
  if (headers) columns.push(columnFromValues(HEADERS_TYPE, headers, 'headers'))
  return new ArrowRecordBatch(
    toArrowSchema(schema),
    makeData({ type: structTypeOf(schema), length: rows, nullCount: 0, children: columns }),
  )
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
