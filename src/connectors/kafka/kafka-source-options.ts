// The Kafka source's options, validated once into a typed record with KafkaSourceProvider's error texts.
import { IllegalArgumentException, IllegalStateException } from '../../common/errors.js'
import type { Options } from '../options.js'
import { timeStringAsMs } from '../sources/file-source-options.js'
import type { TopicPartition } from './kafka-client.js'
import { kafkaProperties } from './kafka-client-config.js'
import {
  EARLIEST,
  LATEST,
  type PartitionOffsets,
  parsePartitionOffsets,
  parsePartitionTimestamps,
  parseTopicPartitions,
  tpOfKey,
} from './kafka-offsets.js'

/** Which partitions the source reads (Spark's ConsumerStrategy). */
export type ConsumerStrategy =
  | { readonly kind: 'assign'; readonly partitions: readonly TopicPartition[] }
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'subscribePattern'; readonly pattern: string }

/** What to do when no record is at or after a starting timestamp: fail, or start at the latest offset. */
export type TimestampStrategy = 'error' | 'latest'

/** Where reading starts or ends (Spark's KafkaOffsetRangeLimit). */
export type OffsetRangeLimit =
  | { readonly kind: 'earliest' }
  | { readonly kind: 'latest' }
  | { readonly kind: 'specificOffsets'; readonly offsets: PartitionOffsets }
  | { readonly kind: 'specificTimestamps'; readonly timestamps: PartitionOffsets; readonly strategy: TimestampStrategy }
  | { readonly kind: 'globalTimestamp'; readonly timestampMs: number; readonly strategy: TimestampStrategy }

export interface KafkaSourceOptions {
  readonly strategy: ConsumerStrategy
  readonly startingOffsets: OffsetRangeLimit
  readonly failOnDataLoss: boolean
  readonly includeHeaders: boolean
  readonly pollTimeoutMs: number
  readonly fetchOffsetNumRetries: number
  readonly fetchOffsetRetryIntervalMs: number
  readonly maxOffsetsPerTrigger: number | undefined
  readonly minOffsetsPerTrigger: number | undefined
  readonly maxTriggerDelayMs: number
  readonly minPartitions: number | undefined
  readonly maxRecordsPerPartition: number | undefined
  readonly groupIdPrefix: string
  /** `kafka.group.id`, if the user set one (Spark warns: see `warnings`). */
  readonly groupId: string | undefined
  /** The `kafka.*` properties, prefix dropped. */
  readonly kafka: ReadonlyMap<string, string>
  /** Spark's log warnings for these options (e.g. a custom group id), for the source to report. */
  readonly warnings: readonly string[]
}

/** A batch read (`spark.read.format('kafka')`) also has an end. */
export interface KafkaBatchOptions extends KafkaSourceOptions {
  readonly endingOffsets: OffsetRangeLimit
}

const STRATEGY_KEYS = 'subscribe, subscribepattern, assign'

/** Java's Long.parseLong / Integer.parseInt: optional sign and digits, else `For input string: "..."`. */
function javaInteger(raw: string): number {
  if (!/^[+-]?\d+$/.test(raw)) throw new IllegalArgumentException(`For input string: "${raw}"`)
  return Number(raw)
}

/** Scala's `String.toBoolean`. */
function scalaBoolean(raw: string): boolean {
  if (raw.toLowerCase() === 'true') return true
  if (raw.toLowerCase() === 'false') return false
  throw new IllegalArgumentException(`For input string: "${raw}"`)
}

const CUSTOM_GROUP_ID_WARNING = `Kafka option 'kafka.group.id' has been set on this query, it is
 not recommended to set this option. This option is unsafe to use since multiple concurrent
 queries or sources using the same group id will interfere with each other as they are part
 of the same consumer group. Restarted queries may also suffer interference from the
 previous run having the same group id. The user should have only one query per group id,
 and/or set the option 'kafka.session.timeout.ms' to be very small so that the Kafka
 consumers from the previous query are marked dead by the Kafka group coordinator before the
 restarted query starts running.
`

/** `validateGeneralOptions`: the strategy, numeric options and the Kafka options Spark rejects; returns warnings. */
function validateGeneralOptions(options: Options): string[] {
  const strategies = ['subscribe', 'subscribePattern', 'assign'].filter((k) => options.has(k))
  if (strategies.length === 0) {
    throw new IllegalArgumentException(
      `One of the following options must be specified for Kafka source: ${STRATEGY_KEYS}. See the docs for more details.`,
    )
  }
  if (strategies.length > 1) {
    throw new IllegalArgumentException(
      `Only one of the following options can be specified for Kafka source: ${STRATEGY_KEYS}. See the docs for more details.`,
    )
  }
  const [strategy] = strategies
  const value = options.get(strategy!)!
  if (strategy === 'assign' && !value.trim().startsWith('{')) {
    throw new IllegalArgumentException(
      `No topicpartitions to assign as specified value for option 'assign' is '${value}'`,
    )
  }
  if (strategy === 'subscribe' && value.split(',').every((t) => t.trim() === '')) {
    throw new IllegalArgumentException(
      `No topics to subscribe to as specified value for option 'subscribe' is '${value}'`,
    )
  }
  if (strategy === 'subscribePattern' && value.trim() === '') {
    throw new IllegalArgumentException(
      `Pattern to subscribe is empty as specified value for option 'subscribePattern' is '${value}'`,
    )
  }
  if (options.has('minPartitions') && javaInteger(options.get('minPartitions')!) <= 0) {
    throw new IllegalArgumentException('minPartitions must be positive')
  }
  if (options.has('maxRecordsPerPartition') && javaInteger(options.get('maxRecordsPerPartition')!) <= 0) {
    throw new IllegalArgumentException('maxrecordsperpartition must be positive')
  }
  const warnings: string[] = []
  if (options.has('kafka.group.id')) {
    warnings.push(CUSTOM_GROUP_ID_WARNING)
    if (options.has('groupIdPrefix')) {
      warnings.push('Option groupIdPrefix will be ignored as option kafka.group.id has been set.')
    }
  }
  if (options.has('kafka.auto.offset.reset')) {
    throw new IllegalArgumentException(`
Kafka option 'auto.offset.reset' is not supported.
Instead set the source option 'startingoffsets' to 'earliest' or 'latest'
to specify where to start. Structured Streaming manages which offsets are consumed
internally, rather than relying on the kafkaConsumer to do it. This will ensure that no
data is missed when new topics/partitions are dynamically subscribed. Note that
'startingoffsets' only applies when a new Streaming query is started, and
that resuming will always pick up from where the query left off. See the docs for more
details.
         `)
  }
  for (const part of ['key', 'value'] as const) {
    if (options.has(`kafka.${part}.deserializer`)) {
      throw new IllegalArgumentException(
        `Kafka option '${part}.deserializer' is not supported as ${part}s are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the ${part}s.`,
      )
    }
  }
  for (const config of ['enable.auto.commit', 'interceptor.classes']) {
    if (options.has(`kafka.${config}`)) throw new IllegalArgumentException(`Kafka option '${config}' is not supported`)
  }
  if (!options.has('kafka.bootstrap.servers')) {
    throw new IllegalArgumentException(
      "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer",
    )
  }
  if (options.has('minOffsetsPerTrigger') && options.has('maxOffsetsPerTrigger')) {
    const min = javaInteger(options.get('minOffsetsPerTrigger')!)
    const max = javaInteger(options.get('maxOffsetsPerTrigger')!)
    if (min > max) {
      throw new IllegalArgumentException(
        `The value of minOffsetPerTrigger(${min}) is higher than the maxOffsetsPerTrigger(${max}).`,
      )
    }
  }
  return warnings
}

/** `getKafkaOffsetRangeLimit`: a global timestamp wins over per-partition timestamps, which win over offsets. */
function offsetRangeLimit(
  options: Options,
  timestampKey: string,
  byTimestampKey: string,
  offsetsKey: string,
  fallback: OffsetRangeLimit,
): OffsetRangeLimit {
  const strategyText = options.get('startingOffsetsByTimestampStrategy')
  let strategy: TimestampStrategy = 'error'
  if (strategyText !== undefined) {
    const upper = strategyText.toUpperCase()
    if (upper !== 'ERROR' && upper !== 'LATEST') throw new IllegalArgumentException(`No value found for '${upper}'`)
    strategy = upper === 'ERROR' ? 'error' : 'latest'
  }
  const timestamp = options.get(timestampKey)
  if (timestamp !== undefined) {
    const text = timestamp.trim()
    if (!/^[+-]?\d+$/.test(text)) throw new IllegalArgumentException(`Expected a single long value, got ${text}`)
    return { kind: 'globalTimestamp', timestampMs: Number(text), strategy }
  }
  const byTimestamp = options.get(byTimestampKey)
  if (byTimestamp !== undefined) {
    return { kind: 'specificTimestamps', timestamps: parsePartitionTimestamps(byTimestamp.trim()), strategy }
  }
  const offsets = options.get(offsetsKey)?.trim()
  if (offsets === undefined) return fallback
  if (offsets.toLowerCase() === 'latest') return { kind: 'latest' }
  if (offsets.toLowerCase() === 'earliest') return { kind: 'earliest' }
  return { kind: 'specificOffsets', offsets: parsePartitionOffsets(offsets) }
}

function consumerStrategy(options: Options): ConsumerStrategy {
  const assign = options.get('assign')
  if (assign !== undefined) return { kind: 'assign', partitions: parseTopicPartitions(assign) }
  const subscribe = options.get('subscribe')
  if (subscribe !== undefined) {
    return {
      kind: 'subscribe',
      topics: subscribe
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    }
  }
  const pattern = options.get('subscribePattern')!.trim()
  try {
    new RegExp(pattern)
  } catch (error) {
    throw new IllegalArgumentException(`Invalid subscribePattern '${pattern}': ${(error as Error).message}`)
  }
  return { kind: 'subscribePattern', pattern }
}

/** The options both stream and batch reads share, after their own checks ran. */
function commonOptions(options: Options, startingOffsets: OffsetRangeLimit, warnings: string[]): KafkaSourceOptions {
  const long = (key: string) => {
    const raw = options.get(key)
    return raw === undefined ? undefined : javaInteger(raw)
  }
  return {
    strategy: consumerStrategy(options),
    startingOffsets,
    failOnDataLoss: scalaBoolean(options.getOr('failOnDataLoss', 'true')),
    includeHeaders: scalaBoolean(options.getOr('includeHeaders', 'false')),
    // Spark's default is spark.network.timeout (120s) in ms.
    pollTimeoutMs: long('kafkaConsumer.pollTimeoutMs') ?? 120_000,
    fetchOffsetNumRetries: long('fetchOffset.numRetries') ?? 3,
    fetchOffsetRetryIntervalMs: long('fetchOffset.retryIntervalMs') ?? 10,
    maxOffsetsPerTrigger: long('maxOffsetsPerTrigger'),
    minOffsetsPerTrigger: long('minOffsetsPerTrigger'),
    maxTriggerDelayMs: timeStringAsMs(options.getOr('maxTriggerDelay', '15m')),
    minPartitions: long('minPartitions'),
    maxRecordsPerPartition: long('maxRecordsPerPartition'),
    groupIdPrefix: options.getOr('groupIdPrefix', 'spark-kafka-source'),
    groupId: options.get('kafka.group.id'),
    kafka: kafkaProperties(options.entries()),
    warnings,
  }
}

/** `validateStreamOptions` and the stream's option reading (`readStream.format('kafka')`). */
export function parseKafkaStreamOptions(options: Options): KafkaSourceOptions {
  if (options.has('endingOffsets')) {
    throw new IllegalArgumentException('ending offset not valid in streaming queries')
  }
  if (options.has('endingOffsetsByTimestamp')) {
    throw new IllegalArgumentException('ending timestamp not valid in streaming queries')
  }
  const warnings = validateGeneralOptions(options)
  const starting = offsetRangeLimit(options, 'startingTimestamp', 'startingOffsetsByTimestamp', 'startingOffsets', {
    kind: 'latest',
  })
  return commonOptions(options, starting, warnings)
}

/** `validateBatchOptions` and the batch read's option reading (`read.format('kafka')`). */
export function parseKafkaBatchOptions(options: Options): KafkaBatchOptions {
  const starting = offsetRangeLimit(options, 'startingTimestamp', 'startingOffsetsByTimestamp', 'startingOffsets', {
    kind: 'earliest',
  })
  if (starting.kind === 'latest') {
    throw new IllegalArgumentException("starting offset can't be latest for batch queries on Kafka")
  }
  if (starting.kind === 'specificOffsets') {
    for (const [tp, offset] of starting.offsets) {
      if (offset === LATEST) {
        throw new IllegalArgumentException(`startingOffsets for ${tp} can't be latest for batch queries on Kafka`)
      }
    }
  }
  const ending = offsetRangeLimit(options, 'endingTimestamp', 'endingOffsetsByTimestamp', 'endingOffsets', {
    kind: 'latest',
  })
  if (ending.kind === 'earliest') {
    throw new IllegalArgumentException("ending offset can't be earliest for batch queries on Kafka")
  }
  if (ending.kind === 'specificOffsets') {
    for (const [tp, offset] of ending.offsets) {
      if (offset === EARLIEST) {
        throw new IllegalArgumentException(`ending offset for ${tp} can't be earliest for batch queries on Kafka`)
      }
    }
  }
  const warnings = validateGeneralOptions(options)
  for (const key of ['maxOffsetsPerTrigger', 'minOffsetsPerTrigger', 'maxTriggerDelay']) {
    if (options.has(key)) warnings.push(`${key} option ignored in batch queries`)
  }
  checkOffsetLimitValidity(starting, ending)
  return { ...commonOptions(options, starting, warnings), endingOffsets: ending }
}

/** Scala's `Set(...)` text of topic-partitions. */
const setText = (keys: Iterable<string>) => `Set(${[...keys].join(', ')})`

/**
 * `checkOffsetLimitValidity`: specific starts and ends must name the same partitions, start ≤ end. Texts of
 * MISMATCHED_TOPIC_PARTITIONS_BETWEEN_START_OFFSET_AND_END_OFFSET and UNRESOLVED_START_OFFSET_GREATER_THAN_END_OFFSET
 * (kafka-error-conditions.json); the timestamp variant follows the offset one word for word.
 */
function checkOffsetLimitValidity(start: OffsetRangeLimit, end: OffsetRangeLimit): void {
  const pair =
    start.kind === 'specificOffsets' && end.kind === 'specificOffsets'
      ? { starts: start.offsets, ends: end.offsets, what: 'offset' }
      : start.kind === 'specificTimestamps' && end.kind === 'specificTimestamps'
        ? { starts: start.timestamps, ends: end.timestamps, what: 'timestamp' }
        : undefined
  if (pair === undefined) return
  const { starts, ends } = pair
  const same = starts.size === ends.size && [...starts.keys()].every((k) => ends.has(k))
  if (!same) {
    throw new IllegalStateException(
      `The specified start offset and end offset should have the same topic-partitions.\nTopic-partitions for start offset: ${setText(starts.keys())}, topic-partitions for end offset: ${setText(ends.keys())}.`,
    )
  }
  for (const [key, startValue] of starts) {
    const endValue = ends.get(key)!
    if (startValue > endValue && startValue >= 0 && endValue >= 0) {
      const { topic, partition } = tpOfKey(key)
      throw new IllegalStateException(
        `The specified start ${pair.what} ${startValue} is greater than the end ${pair.what} ${endValue} for topic ${topic} partition ${partition}.`,
      )
    }
  }
}
