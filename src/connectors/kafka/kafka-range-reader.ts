// The executor side of the Kafka source (Spark's KafkaDataConsumer): the records of one offset range, gaps and
// vanished offsets handled as failOnDataLoss says, turned into a batch of the Kafka source schema.
import {
  binaryColumn,
  type Column,
  columnFromValues,
  makeBatch,
  numericColumn,
  type RecordBatch,
  stringColumn,
} from '../../arrow/index.js'
import { BINARY, INTEGER, LONG, STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { FetchedRecords, KafkaClient } from './kafka-client.js'
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
  /** Bytes asked of the broker per fetch. */
  readonly maxBytes: number
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
  const { partition, until } = range
  const key = tpKey(partition)
  const lost = (from: number, to: number) =>
    `Could not read records in offset [${from}, ${to}) for topic partition ${key}\nwith consumer group ${settings.groupId}.`
  const chunks: FetchedRecords[] = []
  let offset = range.from
  let stalledSince: number | undefined
  let refusals = 0
  while (offset < until) {
    const result = await client.fetch({
      partition,
      offset,
      untilOffset: until,
      maxBytes: settings.maxBytes,
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
      chunks.push(result)
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
  return chunks
}

/** One batch of the Kafka schema from the fetched records of several partitions. */
export function recordsBatch(
  schema: StructType,
  parts: readonly { readonly topic: string; readonly partition: number; readonly records: FetchedRecords }[],
): RecordBatch {
  let rows = 0
  for (const p of parts) rows += p.records.count
  const keys: (Uint8Array | null)[] = new Array(rows)
  const values: (Uint8Array | null)[] = new Array(rows)
  const topics: string[] = new Array(rows)
  const partitions = new Int32Array(rows)
  const offsets = new Float64Array(rows)
  const timestamps = new Float64Array(rows)
  const timestampTypes = new Int32Array(rows)
  const headers: unknown[] | undefined = schema.fields.length > 7 ? new Array(rows) : undefined
  let row = 0
  for (const { topic, partition, records } of parts) {
    for (let i = 0; i < records.count; i++, row++) {
      keys[row] = records.keys[i]!
      values[row] = records.values[i]!
      topics[row] = topic
      partitions[row] = partition
      offsets[row] = records.offsets[i]!
      // Kafka's milliseconds as Spark's microseconds.
      timestamps[row] = records.timestamps[i]! * 1000
      timestampTypes[row] = records.timestampTypes[i]!
      if (headers) headers[row] = (records.headers?.[i] ?? []).map((h) => ({ key: h.key, value: h.value }))
    }
  }
  const columns: Column[] = [
    binaryColumn(keys),
    binaryColumn(values),
    stringColumn(topics),
    numericColumn(INTEGER, partitions, null),
    numericColumn(LONG, offsets, null),
    numericColumn(TIMESTAMP, timestamps, null),
    numericColumn(INTEGER, timestampTypes, null),
  ]
  if (headers) columns.push(columnFromValues(HEADERS_TYPE, headers, 'headers'))
  return makeBatch(schema, columns, rows)
}
