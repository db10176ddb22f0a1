// The executor side of the Kafka source (Spark's KafkaDataConsumer): the records of one offset range, gaps and
// vanished offsets handled as failOnDataLoss says.
import { BINARY, INTEGER, LONG, STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import type { ByteValues, FetchedRecords, KafkaClient, RecordFields } from './kafka-client.js'
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
  /** The parts of each record the reader's consumer reads (absent: all). */
  readonly fields?: RecordFields
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
    if (c.count === 0) continue
    records += c.count
    if (c.sizeBytes !== undefined) bytes += c.sizeBytes
    else bytes += spanOf(c.keys, c.count) + spanOf(c.values, c.count) + RECORD_OVERHEAD_BYTES * c.count
  }
  return records === 0 ? undefined : bytes / records
}

/** The bytes of a chunk's keys or values (none when the fetch left them out). */
const spanOf = (values: ByteValues | undefined, count: number): number =>
  values === undefined ? 0 : values.offsets[count]! - values.offsets[0]!

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
      ...(settings.fields ? { fields: settings.fields } : {}),
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
