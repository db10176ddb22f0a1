// The driver side of the Kafka source (Spark's KafkaOffsetReader): which partitions, which offsets, and the offset
// ranges of a batch, with data loss reported as failOnDataLoss says.
import { IllegalArgumentException, IllegalStateException, messageOf } from '../../common/errors.js'
import { logWarning } from '../../common/log.js'
import type { KafkaClient, OffsetSpec, TopicPartition } from './kafka-client.js'
import { KafkaException } from './kafka-exception.js'
import { EARLIEST, LATEST, type PartitionOffsets, tpKey, tpOfKey } from './kafka-offsets.js'
import type { ConsumerStrategy, KafkaSourceOptions, OffsetRangeLimit } from './kafka-source-options.js'

/** Spark's ConsumerStrategy.toString, as the source description shows it. */
export function strategyText(strategy: ConsumerStrategy): string {
  switch (strategy.kind) {
    case 'assign':
      return `Assign[${strategy.partitions.map(tpKey).join(', ')}]`
    case 'subscribe':
      return `Subscribe[${strategy.topics.join(', ')}]`
    case 'subscribePattern':
      return `SubscribePattern[${strategy.pattern}]`
  }
}

/** Scala's `Set(...)` text of topic-partitions. */
export const setText = (keys: Iterable<string>): string => `Set(${[...keys].join(', ')})`

/** KAFKA_DATA_LOSS's message with one of its reasons (kafka-error-conditions.json). */
export function dataLossMessage(reason: string): string {
  return [
    'Some data may have been lost because they are not available in Kafka any more;',
    'either the data was aged out by Kafka or the topic may have been deleted before all the data in the',
    'topic was processed.',
    "If you don't want your streaming query to fail on such cases, set the source option failOnDataLoss to false.",
    `Reason: ${reason}`,
  ].join('\n')
}

const INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE = `
Some data may have been lost because they are not available in Kafka any more; either the
 data was aged out by Kafka or the topic may have been deleted before all the data in the
 topic was processed. If you want your streaming query to fail on such cases, set the source
 option "failOnDataLoss" to "true".
`

/** One partition's offsets to read, [from, until). */
export interface OffsetRange {
  readonly partition: TopicPartition
  readonly from: number
  readonly until: number
}

export class KafkaOffsetReader {
  constructor(
    private readonly client: KafkaClient,
    private readonly options: KafkaSourceOptions,
  ) {}

  /** The partitions the strategy reads now. */
  async partitions(): Promise<readonly TopicPartition[]> {
    const { strategy } = this.options
    if (strategy.kind === 'assign') return strategy.partitions
    if (strategy.kind === 'subscribe') return this.client.partitionsOf(strategy.topics)
    return this.client.partitionsMatching(new RegExp(strategy.pattern))
  }

  async earliest(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    return this.offsets(partitions, { kind: 'earliest' })
  }

  async latest(partitions?: readonly TopicPartition[]): Promise<Map<string, number>> {
    return this.offsets(partitions ?? (await this.partitions()), { kind: 'latest' })
  }

  /** Where a new query starts (written once to `sources/<i>/0`). */
  async startingOffsets(limit: OffsetRangeLimit): Promise<Map<string, number>> {
    const partitions = await this.partitions()
    switch (limit.kind) {
      case 'earliest':
        return this.earliest(partitions)
      case 'latest':
        return this.latest(partitions)
      case 'specificOffsets': {
        const assigned = new Set(partitions.map(tpKey))
        const specified = new Set(limit.offsets.keys())
        if (assigned.size !== specified.size || [...specified].some((k) => !assigned.has(k))) {
          throw new IllegalStateException(
            `Partitions specified for Kafka start offsets don't match what are assigned. Maybe topic partitions are created \nor deleted while the query is running. Use -1 for latest, -2 for earliest.\nSpecified: ${setText(specified)} Assigned: ${setText(assigned)}`,
          )
        }
        const earliest = await this.earliest(partitions)
        const latest = await this.latest(partitions)
        const out = new Map<string, number>()
        for (const [key, offset] of limit.offsets) {
          out.set(key, offset === EARLIEST ? earliest.get(key)! : offset === LATEST ? latest.get(key)! : offset)
        }
        return out
      }
      case 'specificTimestamps':
      case 'globalTimestamp': {
        const out = new Map<string, number>()
        const latest = await this.latest(partitions)
        for (const tp of partitions) {
          const key = tpKey(tp)
          const ts = limit.kind === 'globalTimestamp' ? limit.timestampMs : limit.timestamps.get(key)
          if (ts === undefined) {
            throw new IllegalStateException(
              `Partitions specified for Kafka timestamp based start offsets don't match what are assigned. Maybe topic partitions are created \nor deleted while the query is running, or you didn't specify all the partitions.\nSpecified: ${setText(limit.kind === 'specificTimestamps' ? limit.timestamps.keys() : [])} Assigned: ${setText(partitions.map(tpKey))}`,
            )
          }
          const [offset] = await this.retrying(() =>
            this.client.listOffsets([tp], { kind: 'timestamp', timestampMs: ts }),
          )
          if (offset !== null && offset !== undefined) out.set(key, offset)
          else if (limit.strategy === 'latest') out.set(key, latest.get(key)!)
          else
            throw new IllegalArgumentException(
              `No offset matched from request of topic-partition ${key} and timestamp ${ts}.`,
            )
        }
        return out
      }
    }
  }

  /**
   * The ranges of a batch (`getOffsetRangesFromResolvedOffsets`): partitions new since `from` start at their
   * earliest offset (data loss if that is not 0, or if they vanished); partitions gone since `from` are data loss;
   * an end before its start is data loss. Only non-empty ranges are returned.
   */
  async ranges(from: PartitionOffsets, until: PartitionOffsets): Promise<OffsetRange[]> {
    const fresh = [...until.keys()].filter((k) => !from.has(k))
    let freshStarts = new Map<string, number>()
    if (fresh.length > 0) {
      const existing = new Set((await this.partitions()).map(tpKey))
      freshStarts = await this.earliest(fresh.filter((k) => existing.has(k)).map(tpOfKey))
      const vanished = fresh.filter((k) => !freshStarts.has(k))
      if (vanished.length > 0) {
        this.reportDataLoss(
          `Cannot find earliest offsets of ${setText(vanished)}. Some data may have been missed`,
          `Cannot find initial offsets for partitions ${setText(vanished)}. They may have been deleted.`,
        )
      }
      for (const [key, offset] of freshStarts) {
        if (offset !== 0) {
          this.reportDataLoss(
            `Added partition ${key} starts from ${offset} instead of 0. Some data may have been missed`,
            `Added partition ${key} starts from ${offset} instead of 0.`,
          )
        }
      }
    }
    const deleted = [...from.keys()].filter((k) => !until.has(k))
    if (deleted.length > 0) {
      this.reportDataLoss(
        `${setText(deleted)} are gone. Some data may have been missed.`,
        `Partitions ${setText(deleted)} have been deleted.`,
      )
    }
    const ranges: OffsetRange[] = []
    for (const [key, untilOffset] of until) {
      const fromOffset = from.get(key) ?? freshStarts.get(key)
      if (fromOffset === undefined) continue
      if (untilOffset < fromOffset) {
        this.reportDataLoss(
          `Partition ${key}'s offset was changed from ${fromOffset} to ${untilOffset}, some data may have been missed`,
          `Partition ${key} offset was changed from ${fromOffset} to ${untilOffset}.\nThis could either be a user error that the start offset is set too high and this is the first batch, or the kafka topic-partition is broken, and some data may have been missed.`,
        )
      }
      if (untilOffset > fromOffset) ranges.push({ partition: tpOfKey(key), from: fromOffset, until: untilOffset })
    }
    return ranges
  }

  /**
   * failOnDataLoss: a KAFKA_DATA_LOSS error; otherwise Spark's warning, logged under the Spark class that logs it
   * (the driver's KafkaMicroBatchStream, or KafkaDataConsumer while reading a range).
   */
  reportDataLoss(warning: string, reason: string, component = 'KafkaMicroBatchStream'): void {
    if (this.options.failOnDataLoss) throw new IllegalStateException(dataLossMessage(reason))
    logWarning(component, `${warning}. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`)
  }

  private async offsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<Map<string, number>> {
    const found = await this.retrying(() => this.client.listOffsets(partitions, spec))
    const out = new Map<string, number>()
    partitions.forEach((tp, i) => {
      const offset = found[i]
      if (offset !== null && offset !== undefined) out.set(tpKey(tp), offset)
    })
    return out
  }

  /** `fetchOffset.numRetries` attempts `fetchOffset.retryIntervalMs` apart, as Spark's offset reader retries. */
  private async retrying<T>(work: () => Promise<T>): Promise<T> {
    const { fetchOffsetNumRetries: retries, fetchOffsetRetryIntervalMs: interval } = this.options
    for (let attempt = 1; ; attempt++) {
      try {
        return await work()
      } catch (error) {
        if (attempt >= retries) {
          throw error instanceof KafkaException ? error : new KafkaException(messageOf(error), { cause: error })
        }
        await new Promise((resolve) => setTimeout(resolve, interval))
      }
    }
  }
}
