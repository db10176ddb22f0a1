// Rivulet's own view of a Kafka cluster: the few calls the source and sink make, so a test or a user can swap clients.

/** One partition of one topic. */
export interface TopicPartition {
  readonly topic: string
  readonly partition: number
}

/** Spark's `TopicPartition.toString`: `topic-partition`. */
export const topicPartitionText = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`

/** Where to look an offset up: the log's start, its end, or the first record at or after a time (ms). */
export type OffsetSpec =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'timestamp'; readonly timestampMs: number }

/** A record header: the key is a string, the value bytes (null allowed, as in Kafka). */
export interface KafkaHeader {
  readonly key: string
  readonly value: Uint8Array | null
}

/**
 * Variable-length bytes of several records, laid out as an Arrow Binary column: record i is
 * bytes[offsets[i], offsets[i + 1]) (offsets has count + 1 entries), null where its validity bit is 0.
 */
export interface ByteValues {
  readonly offsets: Int32Array
  readonly bytes: Uint8Array
  /** Bit i set = record i is not null; null when no record is null. */
  readonly validity: Uint8Array | null
}

/** Byte arrays (null allowed) as ByteValues. */
export function byteValuesOf(list: readonly (Uint8Array | null)[]): ByteValues {
  const offsets = new Int32Array(list.length + 1)
  let size = 0
  let validity: Uint8Array | null = null
  for (let i = 0; i < list.length; i++) {
    const value = list[i]
    if (value == null) (validity ??= new Uint8Array((list.length + 7) >> 3).fill(255))[i >> 3]! &= ~(1 << (i & 7))
    else size += value.byteLength
    offsets[i + 1] = size
  }
  const bytes = new Uint8Array(size)
  for (let i = 0; i < list.length; i++) {
    const value = list[i]
    if (value != null) bytes.set(value, offsets[i]!)
  }
  return { offsets, bytes, validity }
}

/** Record i of some ByteValues (a view, not a copy), or null. */
export function byteValueAt(values: ByteValues, i: number): Uint8Array | null {
  if (values.validity !== null && ((values.validity[i >> 3]! >> (i & 7)) & 1) === 0) return null
  return values.bytes.subarray(values.offsets[i]!, values.offsets[i + 1]!)
}

/**
 * Records of one partition, column by column (index i across the arrays is one record), in offset order. Offsets
 * need not be contiguous (transaction markers and compaction leave gaps).
 */
export interface RecordColumns {
  readonly count: number
  readonly offsets: Float64Array
  /** Milliseconds since the epoch; undefined when the fetch left timestamps out (see RecordFields). */
  readonly timestamps: Float64Array | undefined
  /** Kafka's timestamp type id: 0 = CreateTime, 1 = LogAppendTime; undefined with `timestamps`. */
  readonly timestampTypes: Int32Array | undefined
  /** Undefined when the fetch left keys out. */
  readonly keys: ByteValues | undefined
  /** Undefined when the fetch left values out. */
  readonly values: ByteValues | undefined
  /** Present when headers were asked for. */
  readonly headers: readonly (readonly KafkaHeader[])[] | undefined
  /** Where the next fetch should start: after the last record returned, or after skipped markers. */
  readonly nextOffset: number
  /** The bytes these records took in the fetch response (their record batches), when the client can tell. */
  readonly sizeBytes?: number
}

/**
 * The parts of each record a fetch decodes into columns (offsets always): a query that reads neither a record's key
 * nor its value (column pruning) has neither copied out of the response.
 */
export interface RecordFields {
  readonly key: boolean
  readonly value: boolean
  /** The timestamp and its type. */
  readonly timestamp: boolean
}

/** Every part of a record. */
export const ALL_RECORD_FIELDS: RecordFields = { key: true, value: true, timestamp: true }

/** A fetch's records of one partition. */
export interface FetchedRecords extends RecordColumns {
  readonly kind: 'records'
  /** The partition's end (high watermark) as the broker reported it with this fetch. */
  readonly highWatermark: number
}

/** The offset asked for lies outside the partition's log (aged out, truncated, or not yet written). */
export interface OffsetOutOfRange {
  readonly kind: 'offsetOutOfRange'
}

export type FetchResult = FetchedRecords | OffsetOutOfRange

export interface FetchRequest {
  readonly partition: TopicPartition
  /** The first offset wanted. */
  readonly offset: number
  /** Records at or past this offset are not returned. */
  readonly untilOffset: number
  /** Upper bound on the bytes the broker returns for this request. */
  readonly maxBytes: number
  /** Whether to decode record headers. */
  readonly includeHeaders: boolean
  /** The parts of a record the caller reads; a client may leave the others out. Absent: every part. */
  readonly fields?: RecordFields
}

/** A record to produce; without a partition the client's partitioner (murmur2 of the key, as Java's) picks one. */
export interface ProducerRecord {
  readonly topic: string
  readonly partition: number | null
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly headers: readonly KafkaHeader[] | null
}

/**
 * A connection to one Kafka cluster. Nothing here uses consumer groups or commits offsets: positions are Rivulet's
 * (in the checkpoint), as in Spark. Every method may be called concurrently.
 */
export interface KafkaClient {
  /** The partitions of the named topics; topics that do not exist are left out. */
  partitionsOf(topics: readonly string[]): Promise<readonly TopicPartition[]>
  /** The partitions of every topic whose whole name matches `pattern`. */
  partitionsMatching(pattern: RegExp): Promise<readonly TopicPartition[]>
  /**
   * One offset per partition, in the order given. For a timestamp: the first offset whose record time is at or
   * after it, or null when there is none.
   */
  listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<readonly (number | null)[]>
  /** One fetch of records in [offset, untilOffset) of a partition; may return fewer than asked (loop on nextOffset). */
  fetch(request: FetchRequest): Promise<FetchResult>
  /** Sends the records and resolves once the cluster acknowledged every one; rejects on the first failure. */
  produce(records: readonly ProducerRecord[]): Promise<void>
  close(): Promise<void>
}
