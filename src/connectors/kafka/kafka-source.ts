// The Kafka source (`readStream.format('kafka')`, Spark's KafkaMicroBatchStream): offsets per topic-partition in the
// checkpoint, batches read by exact offset ranges, admission control by maxOffsetsPerTrigger/minOffsetsPerTrigger.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { javaDoubleText, type RecordBatch } from '../../arrow/index.js'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalArgumentException } from '../../common/errors.js'
import { logWarning } from '../../common/log.js'
import type { StructType } from '../../types/struct-type.js'
import { InFlight } from '../in-flight.js'
import type { Options } from '../options.js'
import type { ReadLimit } from '../read-limit.js'
import {
  type Offset,
  optionRecord,
  optionsOf,
  type Source,
  type SourceContext,
  type SourceDescription,
  type SourceProvider,
} from '../source.js'
import { admit, kafkaDefaultReadLimit } from './kafka-admission.js'
import { KafkaChunkQueue } from './kafka-chunk-queue.js'
import type { FetchedRecords, KafkaClient } from './kafka-client.js'
import { kafkaClientConfig } from './kafka-client-config.js'
import { KafkaOffsetReader, type OffsetRange, strategyText } from './kafka-offset-reader.js'
import {
  fromSourceOffset,
  initialOffsetsFileText,
  type PartitionOffsets,
  parseInitialOffsetsFile,
  toSourceOffset,
  tpKey,
  tpOfKey,
} from './kafka-offsets.js'
import {
  bytesPerRecordOf,
  kafkaSchema,
  type RangeReadSettings,
  readRange,
  readRangeChunks,
} from './kafka-range-reader.js'
import { ConstantColumns, recordFieldsOf, recordsBatch } from './kafka-records-batch.js'
import { defaultKafkaClientFactory, type KafkaClientFactory } from './kafka-sink.js'
import { type KafkaSourceOptions, parseKafkaStreamOptions } from './kafka-source-options.js'

/** Java's String.hashCode, for Spark's group id `prefix-uuid-hash(metadataPath)`. */
function javaHashCode(text: string): number {
  let hash = 0
  for (let i = 0; i < text.length; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0
  return hash
}

/** A range as a map key: partition, start and end. */
const rangeKey = (range: OffsetRange): string => `${tpKey(range.partition)}:${range.from}:${range.until}`

/** Bytes asked of a broker per fetch of one partition. */
const FETCH_MAX_BYTES = 4 << 20

/** Bytes of fetched chunks a batch's readers may get ahead of the query processing them. */
const QUEUE_BYTES = 32 << 20

/** The bytes a chunk's columns hold (what the queue's budget counts). */
function chunkBytes({ records }: Chunk): number {
  return (
    records.offsets.byteLength +
    (records.timestamps?.byteLength ?? 0) +
    (records.keys?.bytes.byteLength ?? 0) +
    (records.values?.bytes.byteLength ?? 0)
  )
}

/** A fetched chunk of a range, waiting to be processed. */
interface Chunk {
  readonly range: OffsetRange
  readonly records: FetchedRecords
}

export class KafkaSource implements Source {
  readonly schema: StructType
  /** The columns its batches hold: the schema's fields the query reads (see SourceDescription.readSchema). */
  private readonly readSchema: StructType
  readonly description: string
  readonly defaultReadLimit: ReadLimit
  private readonly reader: KafkaOffsetReader
  private readonly groupId: string
  private initial: PartitionOffsets | undefined
  /** The end of the last batch this source planned, for engines that call latestOffset() without a start. */
  private lastEnd: PartitionOffsets | undefined
  private latest: PartitionOffsets | undefined
  private availableNow: PartitionOffsets | undefined
  private triggerAvailableNow = false
  private lastTriggerMs = 0
  private readonly inFlight = new InFlight()
  /** Bytes per record in the last batch's fetches, to size the next batch's (see RangeReadSettings). */
  private bytesPerRecord: number | undefined
  private readonly constants = new ConstantColumns()
  /** The next batch's ranges being read ahead, by rangeKey (see readAhead). */
  private ahead: Promise<Map<string, Promise<FetchedRecords[] | undefined>>> | undefined
  private lastLimit: ReadLimit | undefined

  constructor(
    private readonly options: KafkaSourceOptions,
    private readonly context: SourceContext,
    private readonly client: KafkaClient,
    readSchema?: StructType,
  ) {
    this.schema = kafkaSchema(options.includeHeaders)
    this.readSchema = readSchema ?? this.schema
    this.description = `KafkaV2[${strategyText(options.strategy)}]`
    this.defaultReadLimit = kafkaDefaultReadLimit(options)
    this.reader = new KafkaOffsetReader(client, options)
    const prefix = options.groupIdPrefix
    this.groupId = options.groupId ?? `${prefix}-${randomUUID()}-${javaHashCode(context.metadataPath ?? '')}-executor`
  }

  /**
   * The end offsets of the next batch: the latest offsets (fetched once under Trigger.AvailableNow), limited by
   * `limit` from `start`. Without a start (a new query, or an engine that does not pass one) the start is the end
   * of the last batch planned here, or the initial offsets.
   */
  latestOffset(start?: Offset | null, limit?: ReadLimit): Promise<Offset | null> {
    return this.inFlight.run(() => this.planBatch(start, limit))
  }

  private async planBatch(start?: Offset | null, limit?: ReadLimit): Promise<Offset | null> {
    const from =
      start !== undefined && start !== null ? fromSourceOffset(start) : (this.lastEnd ?? (await this.initialOffsets()))
    this.lastLimit = limit
    let latest: PartitionOffsets
    if (this.triggerAvailableNow) latest = this.availableNow ??= await this.reader.latest()
    else latest = await this.reader.latest()
    this.latest = latest
    const { end, lastTriggerMs } = await admit(limit ?? this.defaultReadLimit, from, latest, {
      nowMs: this.context.now(),
      lastTriggerMs: this.lastTriggerMs,
      earliestOf: (keys) => this.reader.earliest(keys.map(tpOfKey)),
    })
    this.lastTriggerMs = lastTriggerMs
    if (end.size === 0) return null
    this.lastEnd = end
    return toSourceOffset(end)
  }

  /** The latest offsets seen by the last latestOffset() call (progress's `latestOffset`). */
  reportLatestOffset(): Offset | null {
    return this.latest === undefined || this.latest.size === 0 ? null : toSourceOffset(this.latest)
  }

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.triggerAvailableNow = true
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const batches: RecordBatch[] = []
    for await (const batch of this.streamBatch(start, end)) batches.push(batch)
    return batches
  }

  /**
   * The batch as it is fetched: every partition's range read at once, a batch per fetched chunk (over the buffers it
   * was decoded into) in the order the chunks arrive, so the query processes one chunk while the broker serves the
   * next and forgets it after. Readers pause while the chunks not yet taken hold more than QUEUE_BYTES.
   */
  streamBatch(start: Offset | null, end: Offset): AsyncIterable<RecordBatch> {
    return { [Symbol.asyncIterator]: () => this.batchStream(start, end) }
  }

  private async *batchStream(start: Offset | null, end: Offset): AsyncGenerator<RecordBatch, void, undefined> {
    const { ranges, until } = await this.inFlight.run(() => this.planRead(start, end))
    const settings: RangeReadSettings = {
      includeHeaders: this.options.includeHeaders && this.readSchema.fields.some((f) => f.name === 'headers'),
      fields: recordFieldsOf(this.readSchema),
      pollTimeoutMs: this.options.pollTimeoutMs,
      groupId: this.groupId,
      maxBytes: FETCH_MAX_BYTES,
      bytesPerRecord: this.bytesPerRecord,
    }
    const ahead = await this.ahead
    this.ahead = undefined
    const queue = new KafkaChunkQueue<Chunk>(ranges.length, QUEUE_BYTES, chunkBytes)
    const seen = { records: 0, bytes: 0 }
    const reading = Promise.all(
      ranges.map(async (range) => {
        const emit = (records: FetchedRecords) => {
          seen.records += records.count
          seen.bytes += (bytesPerRecordOf([records]) ?? 0) * records.count
          return queue.push({ range, records })
        }
        try {
          const started = ahead?.get(rangeKey(range))
          const readAhead = started && (await started)
          if (readAhead) {
            for (const records of readAhead) if (!(await emit(records))) break
          } else await readRangeChunks(this.client, this.reader, range, settings, emit)
          queue.done()
        } catch (error) {
          queue.done(error)
          throw error
        }
      }),
    )
    // Once every range is read, the next batch's reading may start (under Trigger.AvailableNow).
    void this.inFlight.run(() =>
      reading.then(
        () => {
          if (seen.records > 0) this.bytesPerRecord = seen.bytes / seen.records
          this.startReadAhead(until, settings)
        },
        () => {},
      ),
    )
    for await (const { range, records } of queue.drain()) {
      yield recordsBatch(this.readSchema, [{ ...range.partition, records }], this.constants)
    }
  }

  /** The ranges (start, end] covers, from the initial offsets when `start` is null. */
  private async planRead(
    start: Offset | null,
    end: Offset,
  ): Promise<{ ranges: OffsetRange[]; until: PartitionOffsets }> {
    const from = start === null ? await this.initialOffsets() : fromSourceOffset(start)
    const until = fromSourceOffset(end)
    if (this.lastEnd === undefined) this.lastEnd = until
    return { ranges: [...(await this.reader.ranges(from, until))], until }
  }

  private startReadAhead(until: PartitionOffsets, settings: RangeReadSettings): void {
    if (!this.triggerAvailableNow || this.availableNow === undefined) return
    const next = this.readAhead(until, this.availableNow, { ...settings, bytesPerRecord: this.bytesPerRecord })
    this.ahead = next
    void this.inFlight.run(() => next.then((reads) => Promise.all(reads.values())))
  }

  /**
   * Starts reading the next batch's ranges while this one is processed, under Trigger.AvailableNow, where the next end
   * is known: admission from `from` up to the offsets fixed at the start, with the last read limit. Only partitions
   * already in `from` are read ahead (new ones are the driver's to check); a read that fails is left to the batch's
   * own read, which reports it. A batch uses a read ahead only for exactly its range.
   */
  private async readAhead(
    from: PartitionOffsets,
    latest: PartitionOffsets,
    settings: RangeReadSettings,
  ): Promise<Map<string, Promise<FetchedRecords[] | undefined>>> {
    const reads = new Map<string, Promise<FetchedRecords[] | undefined>>()
    const { end } = await admit(this.lastLimit ?? this.defaultReadLimit, from, latest, {
      nowMs: this.context.now(),
      lastTriggerMs: this.lastTriggerMs,
      earliestOf: async () => new Map(),
    })
    for (const [key, until] of end) {
      const start = from.get(key)
      if (start === undefined || until <= start) continue
      const range = { partition: tpOfKey(key), from: start, until }
      reads.set(
        rangeKey(range),
        readRange(this.client, this.reader, range, settings).catch(() => undefined),
      )
    }
    return reads
  }

  commit(end: Offset): void {
    this.lastEnd ??= fromSourceOffset(end)
  }

  /** Closes the client once a trigger's calls under way have finished (a query stops its sources mid-trigger). */
  async stop(): Promise<void> {
    await this.inFlight.settled()
    await this.client.close()
  }

  /**
   * Spark's ReportsSourceMetrics: how far the batch's end offsets are behind the latest offsets of the last
   * latestOffset() call, over the partitions seen there (the average as Java prints a double).
   */
  metrics(latestConsumed: Offset | null): Readonly<Record<string, string>> {
    if (latestConsumed === null || this.latest === undefined || this.latest.size === 0) return {}
    const consumed = fromSourceOffset(latestConsumed)
    const behind = [...this.latest].map(([key, offset]) => offset - (consumed.get(key) ?? 0))
    return {
      minOffsetsBehindLatest: String(Math.min(...behind)),
      maxOffsetsBehindLatest: String(Math.max(...behind)),
      avgOffsetsBehindLatest: javaDoubleText(behind.reduce((a, b) => a + b, 0) / behind.length),
    }
  }

  /** `sources/<i>/0` when it exists; otherwise the starting offsets, written there (new queries only). */
  private async initialOffsets(): Promise<PartitionOffsets> {
    if (this.initial) return this.initial
    const dir = this.context.metadataPath
    const file = dir === undefined ? undefined : join(dir, '0')
    if (file !== undefined && existsSync(file)) {
      this.initial = parseInitialOffsetsFile(readFileSync(file, 'utf8'))
    } else {
      const offsets = await this.reader.startingOffsets(this.options.startingOffsets)
      if (file !== undefined) {
        mkdirSync(dir!, { recursive: true })
        writeFileAtomic(file, initialOffsetsFileText(offsets))
      }
      this.initial = offsets
    }
    return this.initial
  }
}

/** The source's options from a plan's description of it (already validated when the description was made). */
const describedOptions = (source: SourceDescription) => parseKafkaStreamOptions(optionsOf(source))

/** The `kafka` source format; `createClient` is the seam for another client implementation (tests pass a fake). */
export function kafkaSourceProvider(createClient: KafkaClientFactory = defaultKafkaClientFactory): SourceProvider {
  return {
    format: 'kafka',
    describe(options: Options, userSchema: StructType | undefined): SourceDescription {
      const parsed = parseKafkaStreamOptions(options)
      if (userSchema) {
        throw new IllegalArgumentException(
          'requirement failed: Kafka source has a fixed schema and cannot be set with a custom one',
        )
      }
      return { format: 'kafka', options: optionRecord(options), schema: kafkaSchema(parsed.includeHeaders) }
    },
    create(source: SourceDescription, context: SourceContext): Source {
      const parsed = describedOptions(source)
      // Spark logs these as it validates the options of each query start.
      for (const warning of parsed.warnings) logWarning('KafkaSourceProvider', warning)
      const client = createClient(kafkaClientConfig(parsed.kafka, 'rivulet-kafka-source'))
      return new KafkaSource(parsed, context, client, source.readSchema)
    },
  }
}
