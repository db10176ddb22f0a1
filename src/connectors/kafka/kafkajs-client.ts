// The KafkaClient over kafkajs (pure JS): its producer for writes, and its cluster/broker layer for metadata,
// ListOffsets and Fetch — kafkajs's consumer cannot assign partitions or seek without a consumer group (kafkajs#373),
// and Rivulet needs neither group nor commits: it fetches exact offset ranges, as Spark's executors do.
import { messageOf } from '../../common/errors.js'
import {
  byteValuesOf,
  type FetchRequest,
  type FetchResult,
  type KafkaClient,
  type KafkaHeader,
  type OffsetSpec,
  type ProducerRecord,
  type TopicPartition,
  topicPartitionText,
} from './kafka-client.js'
import type { KafkaClientConfig } from './kafka-client-config.js'
import { KafkaException } from './kafka-exception.js'
import { partitionOfFetchV4 } from './kafka-fetch-v4.js'
import { decodeRecordSet } from './kafka-record-batches.js'
import {
  type Broker,
  type Cluster,
  type FetchedPartition,
  type KafkajsMessage,
  type KafkajsModules,
  loadKafkajs,
} from './kafkajs-modules.js'

const READ_UNCOMMITTED = 0
const READ_COMMITTED = 1
/** How long a fetch waits for data the range says exists (the source only asks below the end it listed). */
const FETCH_MAX_WAIT_MS = 500
/** The index of a kafkajs broker's connection for Fetch requests in its connection pool (0 serves the others). */
const FETCH_CONNECTION = 1
const RETRIES = 3
const FETCH_API_KEY = 1

/** A kafkajs response handler that hands back the payload untouched (kafka-fetch-v4 reads it). */
const RAW_RESPONSE = {
  decode: async (payload: Buffer) => payload,
  parse: async (payload: unknown) => payload as Buffer,
}

/** A kafkajs error as a KafkaException (message and cause kept). */
function wrap(error: unknown, what: string): KafkaException {
  if (error instanceof KafkaException) return error
  return new KafkaException(`${what}: ${messageOf(error)}`, { cause: error })
}

const errorType = (error: unknown): string | undefined => (error as { type?: string } | null)?.type

/** Headers in kafkajs's object form back to a list (repeated keys were grouped by kafkajs; see docs/kafka-client.md). */
function headerList(headers: KafkajsMessage['headers']): KafkaHeader[] {
  const list: KafkaHeader[] = []
  for (const key of Object.keys(headers)) {
    const value = headers[key]
    if (Array.isArray(value)) for (const v of value) list.push({ key, value: v ?? null })
    else list.push({ key, value: value ?? null })
  }
  return list
}

export class KafkajsClient implements KafkaClient {
  // Set by load(), which every public method awaits first (directly or through connect()).
  private modules!: KafkajsModules
  private cluster!: Cluster
  private producer!: import('kafkajs').Producer
  private loaded: Promise<void> | undefined
  private connected: Promise<void> | undefined
  private producerConnected: Promise<void> | undefined
  private readonly brokers = new Map<string, Promise<Broker>>()

  constructor(private readonly config: KafkaClientConfig) {}

  /** Loads kafkajs and builds the cluster (no group, no auto-creation) and the producer. */
  private load(): Promise<void> {
    this.loaded ??= loadKafkajs().then((modules) => {
      const { kafkajs, Cluster, createLogger, socketFactory } = modules
      const { config } = this
      const base = {
        brokers: [...config.brokers],
        clientId: config.clientId,
        ssl: config.ssl,
        sasl: (config.sasl ?? undefined) as import('kafkajs').SASLOptions | undefined,
        connectionTimeout: config.connectionTimeoutMs,
        requestTimeout: config.requestTimeoutMs,
        logLevel: kafkajs.logLevel.NOTHING,
      }
      this.modules = modules
      this.cluster = new Cluster({
        ...base,
        enforceRequestTimeout: true,
        logger: createLogger({ level: kafkajs.logLevel.NOTHING, logCreator: () => () => {} }),
        socketFactory: socketFactory(),
        retry: { retries: RETRIES },
        offsets: new Map(),
        isolationLevel: config.readCommitted ? READ_COMMITTED : READ_UNCOMMITTED,
        allowAutoTopicCreation: false,
        metadataMaxAge: 300_000,
      })
      this.producer = new kafkajs.Kafka(base).producer({
        createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
        allowAutoTopicCreation: true,
        retry: { retries: RETRIES },
      })
    })
    return this.loaded
  }

  async partitionsOf(topics: readonly string[]): Promise<readonly TopicPartition[]> {
    const wanted = new Set(topics)
    return (await this.allPartitions()).filter((tp) => wanted.has(tp.topic))
  }

  async partitionsMatching(pattern: RegExp): Promise<readonly TopicPartition[]> {
    const whole = new RegExp(`^(?:${pattern.source})$`, pattern.flags.replace('g', ''))
    return (await this.allPartitions()).filter((tp) => whole.test(tp.topic))
  }

  async listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<readonly (number | null)[]> {
    if (partitions.length === 0) return []
    await this.target(partitions)
    const byTopic = new Map<string, number[]>()
    for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition])
    let answer: Awaited<ReturnType<Cluster['fetchTopicsOffset']>>
    try {
      answer = await this.cluster.fetchTopicsOffset(
        [...byTopic].map(([topic, ps]) => ({
          topic,
          partitions: ps.map((partition) => ({ partition })),
          ...(spec.kind === 'timestamp'
            ? { fromTimestamp: spec.timestampMs }
            : { fromBeginning: spec.kind === 'earliest' }),
        })),
      )
    } catch (error) {
      throw wrap(error, `Failed to list ${spec.kind} offsets`)
    }
    const found = new Map<string, number>()
    for (const { topic, partitions: ps } of answer)
      for (const p of ps) found.set(`${topic}\0${p.partition}`, Number(p.offset))
    return partitions.map(({ topic, partition }) => {
      const offset = found.get(`${topic}\0${partition}`)
      if (offset === undefined) throw new KafkaException(`No ${spec.kind} offset returned for ${topic}-${partition}`)
      return offset < 0 ? null : offset
    })
  }

  async fetch(request: FetchRequest): Promise<FetchResult> {
    const { partition: tp } = request
    for (let attempt = 0; ; attempt++) {
      try {
        await this.target([tp])
        const leaders = this.cluster.findLeaderForPartitions(tp.topic, [tp.partition])
        const nodeId = Object.keys(leaders)[0]
        if (nodeId === undefined) throw new KafkaException(`Unknown topic partition ${tp.topic}-${tp.partition}`)
        const broker = await this.broker(nodeId)
        const fetchVersions = broker.versions?.[FETCH_API_KEY]
        if (fetchVersions && fetchVersions.minVersion <= 4 && fetchVersions.maxVersion >= 4) {
          return await this.fetchColumns(broker, request)
        }
        const { responses } = await broker.fetch({
          isolationLevel: this.isolationLevel(),
          maxWaitTime: FETCH_MAX_WAIT_MS,
          minBytes: 1,
          maxBytes: request.maxBytes,
          topics: [
            {
              topic: tp.topic,
              partitions: [
                { partition: tp.partition, fetchOffset: String(request.offset), maxBytes: request.maxBytes },
              ],
            },
          ],
        })
        const fetched = responses[0]?.partitions[0]
        if (fetched === undefined) throw new KafkaException(`No fetch response for ${tp.topic}-${tp.partition}`)
        return this.records(request, fetched)
      } catch (error) {
        if (errorType(error) === 'OFFSET_OUT_OF_RANGE') return { kind: 'offsetOutOfRange' }
        const retriable = (error as { retriable?: boolean }).retriable === true
        if (!retriable || attempt >= RETRIES) throw wrap(error, `Failed to fetch ${tp.topic}-${tp.partition}`)
        await this.cluster.refreshMetadata().catch(() => {})
      }
    }
  }

  private isolationLevel(): number {
    return this.config.readCommitted ? READ_COMMITTED : READ_UNCOMMITTED
  }

  /**
   * One Fetch v4 sent on the broker's fetch connection, its raw response decoded straight into columns (no object
   * per record). Record sets in the pre-0.11 formats go through kafkajs's decoder instead.
   */
  private async fetchColumns(broker: Broker, request: FetchRequest): Promise<FetchResult> {
    const { partition: tp, offset, maxBytes } = request
    const fields = {
      replicaId: -1,
      isolationLevel: this.isolationLevel(),
      maxWaitTime: FETCH_MAX_WAIT_MS,
      minBytes: 1,
      maxBytes,
      topics: [{ topic: tp.topic, partitions: [{ partition: tp.partition, fetchOffset: String(offset), maxBytes }] }],
    }
    let payload: Buffer
    try {
      payload = await broker.connectionPool.send({
        request: this.modules.fetchV4Request(fields),
        response: RAW_RESPONSE,
        requestTimeout: FETCH_MAX_WAIT_MS + this.config.requestTimeoutMs,
      })
    } catch (error) {
      // As kafkajs's Broker does: a closed connection disconnects the broker, so the next call reconnects.
      if ((error as { name?: string }).name === 'KafkaJSConnectionClosedError') await broker.disconnect()
      throw error
    }
    const part = partitionOfFetchV4(payload, tp)
    if (part === undefined) throw new KafkaException(`No fetch response for ${topicPartitionText(tp)}`)
    if (part.errorCode !== 0) throw this.modules.createErrorFromCode(part.errorCode)
    const decoded = decodeRecordSet(part.recordSet, {
      partition: tp,
      from: offset,
      until: request.untilOffset,
      includeHeaders: request.includeHeaders,
      readCommitted: this.config.readCommitted,
      abortedTransactions: part.abortedTransactions,
    })
    if (decoded.kind === 'legacy') {
      const { responses } = await this.modules.decodeFetchV4(payload)
      const fetched = responses
        .find((r) => r.topicName === tp.topic)
        ?.partitions.find((p) => p.partition === tp.partition)
      if (fetched === undefined) throw new KafkaException(`No fetch response for ${topicPartitionText(tp)}`)
      return this.records(request, fetched)
    }
    const { kind: _, ...columns } = decoded
    return { kind: 'records', ...columns, highWatermark: part.highWatermark }
  }

  async produce(records: readonly ProducerRecord[]): Promise<void> {
    if (records.length === 0) return
    this.producerConnected ??= this.load().then(() => this.producer.connect())
    try {
      await this.producerConnected
    } catch (error) {
      this.producerConnected = undefined
      throw wrap(error, `Failed to connect to Kafka at ${this.config.brokers.join(',')}`)
    }
    // Requests stay under max.request.size; they go one after another, so each partition keeps the rows' order.
    let start = 0
    while (start < records.length) {
      let end = start
      let bytes = 0
      while (
        end < records.length &&
        (end === start || bytes + recordSize(records[end]!) <= this.config.maxRequestBytes)
      ) {
        bytes += recordSize(records[end]!)
        end++
      }
      await this.send(records, start, end)
      start = end
    }
  }

  private async send(records: readonly ProducerRecord[], start: number, end: number): Promise<void> {
    const byTopic = new Map<string, import('kafkajs').Message[]>()
    const explicit = new Map<string, Set<number>>()
    for (let i = start; i < end; i++) {
      const r = records[i]!
      const message: import('kafkajs').Message = { key: bufferOf(r.key), value: bufferOf(r.value) }
      if (r.partition !== null) {
        message.partition = r.partition
        let set = explicit.get(r.topic)
        if (set === undefined) explicit.set(r.topic, (set = new Set()))
        set.add(r.partition)
      }
      if (r.headers !== null && r.headers.length > 0) message.headers = headerObject(r.headers)
      let list = byTopic.get(r.topic)
      if (list === undefined) byTopic.set(r.topic, (list = []))
      list.push(message)
    }
    // kafkajs silently drops records for a partition its metadata lacks: check before sending, and after (a topic
    // the send created), as the Java producer does before it sends.
    if (explicit.size > 0) await this.checkPartitions(explicit, undefined)
    let acknowledged: import('kafkajs').RecordMetadata[]
    try {
      acknowledged = await this.producer.sendBatch({
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
        acks: this.config.acks,
        timeout: this.config.requestTimeoutMs,
        compression:
          this.config.compression === 'gzip'
            ? this.modules.kafkajs.CompressionTypes.GZIP
            : this.modules.kafkajs.CompressionTypes.None,
      })
    } catch (error) {
      throw wrap(error, 'Failed to send records to Kafka')
    }
    if (explicit.size > 0 && this.config.acks !== 0) await this.checkPartitions(explicit, acknowledged)
  }

  /**
   * Fails with the Java producer's text for a record whose partition the topic does not have. Before a send
   * (`acknowledged` undefined) topics the cluster does not know yet are let through; after it, a partition the
   * broker acknowledged is known to exist.
   */
  private async checkPartitions(
    explicit: ReadonlyMap<string, ReadonlySet<number>>,
    acknowledged: readonly import('kafkajs').RecordMetadata[] | undefined,
  ): Promise<void> {
    const acked = new Set(acknowledged?.map((m) => `${m.topicName}\0${m.partition}`))
    const counts = new Map<string, number>()
    for (const { topic } of await this.allPartitions()) counts.set(topic, (counts.get(topic) ?? 0) + 1)
    for (const [topic, partitions] of explicit) {
      const count = counts.get(topic)
      for (const partition of partitions) {
        if (acked.has(`${topic}\0${partition}`)) continue
        if (count === undefined && acknowledged === undefined) continue
        if (count === undefined || partition < 0 || partition >= count) {
          throw new KafkaException(
            `Invalid partition given with record: ${partition} is not in the range [0...${count ?? 0}).`,
          )
        }
      }
    }
  }

  async close(): Promise<void> {
    const closing: Promise<void>[] = []
    if (this.connected) closing.push(this.cluster.disconnect())
    if (this.producerConnected) closing.push(this.producer.disconnect())
    await Promise.allSettled(closing)
  }

  /**
   * The connected broker of a node, with its fetch connection open. kafkajs opens that connection on the first Fetch
   * sent, unguarded: two fetches sent at once to a broker open two sockets, and nothing ever closes the first (the
   * process then cannot exit). Callers while it opens share one opening.
   */
  private broker(nodeId: string): Promise<Broker> {
    let found = this.brokers.get(nodeId)
    if (found === undefined) {
      found = this.cluster
        .findBroker({ nodeId })
        .then(async (broker) => {
          await broker.connectionPool.getConnection(FETCH_CONNECTION)
          return broker
        })
        .finally(() => this.brokers.delete(nodeId))
      this.brokers.set(nodeId, found)
    }
    return found
  }

  private async allPartitions(): Promise<TopicPartition[]> {
    try {
      await this.connect()
      const { topicMetadata } = await this.cluster.metadata()
      const out: TopicPartition[] = []
      for (const { topic, partitionMetadata } of topicMetadata) {
        for (const { partitionId } of partitionMetadata) out.push({ topic, partition: partitionId })
      }
      return out.sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition))
    } catch (error) {
      throw wrap(error, 'Failed to list topics')
    }
  }

  /** Makes the cluster keep metadata (leaders) for these topics. */
  private async target(partitions: readonly TopicPartition[]): Promise<void> {
    await this.connect()
    await this.cluster.addMultipleTargetTopics([...new Set(partitions.map((tp) => tp.topic))])
  }

  private connect(): Promise<void> {
    this.connected ??= this.load()
      .then(() => this.cluster.connect())
      .catch((error: unknown) => {
        this.connected = undefined
        throw wrap(error, `Failed to connect to Kafka at ${this.config.brokers.join(',')}`)
      })
    return this.connected
  }

  /** kafkajs's decoded messages as columns: records in [offset, untilOffset), control records skipped. */
  private records(request: FetchRequest, fetched: FetchedPartition): FetchResult {
    const all = fetched.messages
    const visible =
      this.config.readCommitted && (fetched.abortedTransactions?.length ?? 0) > 0
        ? this.modules.filterAbortedMessages({ messages: all, abortedTransactions: fetched.abortedTransactions ?? [] })
        : all
    const offsets: number[] = []
    const timestamps: number[] = []
    const timestampTypes: number[] = []
    const keys: (Uint8Array | null)[] = []
    const values: (Uint8Array | null)[] = []
    const headers: KafkaHeader[][] | undefined = request.includeHeaders ? [] : undefined
    let nextOffset = request.offset
    for (const message of all) {
      const offset = Number(message.offset)
      if (offset >= request.offset && offset < request.untilOffset) nextOffset = Math.max(nextOffset, offset + 1)
    }
    for (const message of visible) {
      const offset = Number(message.offset)
      if (message.isControlRecord || offset < request.offset || offset >= request.untilOffset) continue
      offsets.push(offset)
      timestamps.push(Number(message.timestamp))
      timestampTypes.push(message.batchContext?.timestampType ?? 0)
      keys.push(message.key)
      values.push(message.value)
      headers?.push(headerList(message.headers))
    }
    return {
      kind: 'records',
      count: offsets.length,
      offsets: Float64Array.from(offsets),
      timestamps: Float64Array.from(timestamps),
      timestampTypes: Int32Array.from(timestampTypes),
      keys: byteValuesOf(keys),
      values: byteValuesOf(values),
      headers,
      nextOffset,
      highWatermark: Number(fetched.highWatermark),
    }
  }
}

/** A view of the bytes as a Buffer (no copy). */
const bufferOf = (bytes: Uint8Array | null): Buffer | null =>
  bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)

/** A record's size on the wire, near enough to bound a request: key, value, headers, and per-record overhead. */
function recordSize(record: ProducerRecord): number {
  let size = 32 + (record.key?.byteLength ?? 0) + (record.value?.byteLength ?? 0)
  for (const h of record.headers ?? []) size += 8 + h.key.length * 3 + (h.value?.byteLength ?? 0)
  return size
}

/**
 * Headers as kafkajs takes them: one property per key, repeated keys as an array (in order). kafkajs 2.2.4 fails on a
 * null header value (its size computation calls Buffer.byteLength(null)), so that is refused here with a clear error.
 */
function headerObject(headers: readonly KafkaHeader[]): Record<string, Buffer | Buffer[]> {
  const out: Record<string, Buffer | Buffer[]> = Object.create(null)
  for (const { key, value } of headers) {
    if (value === null) {
      throw new KafkaException(`Header '${key}' has a null value, which the kafkajs client cannot send`)
    }
    const bytes = bufferOf(value)!
    const existing = out[key]
    if (existing === undefined) out[key] = bytes
    else if (Array.isArray(existing)) existing.push(bytes)
    else out[key] = [existing, bytes]
  }
  return out
}
