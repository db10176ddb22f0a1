// An in-memory KafkaClient for unit tests: topics, partitions, retention and timestamps under the test's control.
import {
  ALL_RECORD_FIELDS,
  byteValuesOf,
  type FetchRequest,
  type FetchResult,
  type KafkaClient,
  type KafkaHeader,
  type OffsetSpec,
  type ProducerRecord,
  type TopicPartition,
} from '../../src/connectors/kafka/kafka-client.js'

export interface FakeRecord {
  readonly key: Uint8Array | null
  readonly value: Uint8Array | null
  readonly timestamp: number
  readonly timestampType: number
  readonly headers: readonly KafkaHeader[]
}

/** A record to append: its value (text or bytes), and optionally key, timestamp, timestamp type and headers. */
export type FakeInput = Partial<Omit<FakeRecord, 'value'>> & { readonly value: string | Uint8Array | null }

interface FakePartition {
  /** The offset of records[0]; records before it were deleted (retention, truncation). */
  logStart: number
  records: FakeRecord[]
}

export class FakeKafkaClient implements KafkaClient {
  private readonly topics = new Map<string, FakePartition[]>()
  /** The most records one fetch returns, so tests exercise the fetch loop. */
  maxRecordsPerFetch = Number.POSITIVE_INFINITY
  /** Fetches still to answer OFFSET_OUT_OF_RANGE whatever the log holds (an injected error), by `topic-partition`. */
  private readonly refusedFetches = new Map<string, number>()
  /** When set, the next produce() rejects with it (and writes nothing). */
  failNextProduce: Error | undefined
  /** Records produce() sent, in order, as the sink handed them over. */
  readonly produced: ProducerRecord[] = []
  readonly fetches: FetchRequest[] = []
  closed = false
  /** The clock produce() stamps records with. */
  now = () => 0

  createTopic(topic: string, partitions: number): void {
    this.topics.set(
      topic,
      Array.from({ length: partitions }, () => ({ logStart: 0, records: [] })),
    )
  }

  addPartitions(topic: string, count: number): void {
    const partitions = this.partitionList(topic)
    for (let i = 0; i < count; i++) partitions.push({ logStart: 0, records: [] })
  }

  deleteTopic(topic: string): void {
    this.topics.delete(topic)
  }

  /** Appends records (values as text) to a partition; returns the offset of the first. */
  append(tp: TopicPartition, values: readonly (string | FakeInput)[]): number {
    const partition = this.partition(tp)
    const first = partition.logStart + partition.records.length
    for (const v of values) {
      const given: FakeInput = typeof v === 'string' ? { value: v } : v
      const value = typeof given.value === 'string' ? new TextEncoder().encode(given.value) : given.value
      partition.records.push({
        key: given.key ?? null,
        value,
        timestamp: given.timestamp ?? this.now(),
        timestampType: given.timestampType ?? 0,
        headers: given.headers ?? [],
      })
    }
    return first
  }

  /** Deletes the records before `offset` (as retention would). */
  deleteRecordsBefore(tp: TopicPartition, offset: number): void {
    const partition = this.partition(tp)
    const drop = Math.min(partition.records.length, Math.max(0, offset - partition.logStart))
    partition.records = partition.records.slice(drop)
    partition.logStart += drop
  }

  /** Makes the next `count` fetches from the partition answer OFFSET_OUT_OF_RANGE, as a broker error would. */
  injectOffsetOutOfRange(tp: TopicPartition, count = 1): void {
    this.refusedFetches.set(`${tp.topic}-${tp.partition}`, count)
  }

  async partitionsOf(topics: readonly string[]): Promise<readonly TopicPartition[]> {
    return this.allPartitions().filter((tp) => topics.includes(tp.topic))
  }

  async partitionsMatching(pattern: RegExp): Promise<readonly TopicPartition[]> {
    const whole = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', ''))
    return this.allPartitions().filter((tp) => whole.test(tp.topic))
  }

  async listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<readonly (number | null)[]> {
    return partitions.map((tp) => {
      const partition = this.partition(tp)
      const end = partition.logStart + partition.records.length
      if (spec.kind === 'earliest') return partition.logStart
      if (spec.kind === 'latest') return end
      const index = partition.records.findIndex((r) => r.timestamp >= spec.timestampMs)
      return index < 0 ? null : partition.logStart + index
    })
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    this.fetches.push(request)
    const key = `${request.partition.topic}-${request.partition.partition}`
    const refusals = this.refusedFetches.get(key) ?? 0
    if (refusals > 0) {
      this.refusedFetches.set(key, refusals - 1)
      return { kind: 'offsetOutOfRange' }
    }
    const partition = this.partition(request.partition)
    const end = partition.logStart + partition.records.length
    if (request.offset < partition.logStart || request.offset > end) return { kind: 'offsetOutOfRange' }
    const last = Math.min(end, request.untilOffset, request.offset + this.maxRecordsPerFetch)
    const records = partition.records.slice(request.offset - partition.logStart, last - partition.logStart)
    // As the real client does, the parts of a record the request leaves out are not decoded.
    const fields = request.fields ?? ALL_RECORD_FIELDS
    return {
      kind: 'records',
      count: records.length,
      offsets: Float64Array.from(records, (_, i) => request.offset + i),
      timestamps: fields.timestamp ? Float64Array.from(records, (r) => r.timestamp) : undefined,
      timestampTypes: fields.timestamp ? Int32Array.from(records, (r) => r.timestampType) : undefined,
      keys: fields.key ? byteValuesOf(records.map((r) => r.key)) : undefined,
      values: fields.value ? byteValuesOf(records.map((r) => r.value)) : undefined,
      headers: request.includeHeaders ? records.map((r) => r.headers) : undefined,
      nextOffset: Math.max(request.offset, last),
      highWatermark: end,
    }
  }

  async produce(records: readonly ProducerRecord[]): Promise<void> {
    const failure = this.failNextProduce
    if (failure) {
      this.failNextProduce = undefined
      throw failure
    }
    for (const r of records) {
      if (!this.topics.has(r.topic)) this.createTopic(r.topic, 1)
      const partitions = this.partitionList(r.topic)
      const partition = r.partition ?? 0
      if (partition < 0 || partition >= partitions.length) {
        throw new Error(`Partition ${partition} of ${r.topic} does not exist`)
      }
      this.produced.push(r)
      partitions[partition]!.records.push({
        key: r.key === null ? null : r.key.slice(),
        value: r.value === null ? null : r.value.slice(),
        timestamp: this.now(),
        timestampType: 0,
        headers: r.headers ?? [],
      })
    }
  }

  async close(): Promise<void> {
    this.closed = true
  }

  private allPartitions(): TopicPartition[] {
    return [...this.topics].flatMap(([topic, partitions]) => partitions.map((_, partition) => ({ topic, partition })))
  }

  private partitionList(topic: string): FakePartition[] {
    const partitions = this.topics.get(topic)
    if (partitions === undefined) throw new Error(`Unknown topic ${topic}`)
    return partitions
  }

  private partition(tp: TopicPartition): FakePartition {
    const partition = this.partitionList(tp.topic)[tp.partition]
    if (partition === undefined) throw new Error(`Unknown partition ${tp.topic}-${tp.partition}`)
    return partition
  }
}
