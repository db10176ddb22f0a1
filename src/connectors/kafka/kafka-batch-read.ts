// A batch read of Kafka (Spark's KafkaRelation): the starting and ending offsets resolved once, then every
// partition's range read with the stream source's range reader into one batch of the Kafka schema.
import { randomUUID } from 'node:crypto'
import type { RecordBatch } from '../../arrow/index.js'
import { IllegalStateException } from '../../common/errors.js'
import type { KafkaClient } from './kafka-client.js'
import { KafkaOffsetReader } from './kafka-offset-reader.js'
import { compareTopicPartitions, tpOfKey } from './kafka-offsets.js'
import { kafkaSchema, readRange } from './kafka-range-reader.js'
import { recordsBatch } from './kafka-records-batch.js'
import type { KafkaBatchOptions } from './kafka-source-options.js'

/** Bytes asked of the broker per fetch, as the stream source asks. */
const FETCH_MAX_BYTES = 4 << 20

/** Spark's text for partitions that differ between the resolved start and end (a topic changed in between). */
function topicsText(keys: Iterable<string>): string {
  return [...keys]
    .map(tpOfKey)
    .sort(compareTopicPartitions)
    .map((tp) => `${tp.topic}-${tp.partition}`)
    .join(',')
}

/** Reads [startingOffsets, endingOffsets) of every partition the options name. */
export async function readKafkaBatch(options: KafkaBatchOptions, client: KafkaClient): Promise<RecordBatch> {
  const reader = new KafkaOffsetReader(client, options)
  const from = await reader.startingOffsets(options.startingOffsets)
  // An end by timestamp with no record that late is the latest offset (Spark's docs; the strategy is for starts).
  const ending = options.endingOffsets
  const until = await reader.startingOffsets(
    ending.kind === 'specificTimestamps' || ending.kind === 'globalTimestamp'
      ? { ...ending, strategy: 'latest' }
      : ending,
  )
  const same = from.size === until.size && [...from.keys()].every((k) => until.has(k))
  if (!same) {
    throw new IllegalStateException(
      `different topic partitions for starting offsets topics[${topicsText(from.keys())}] and ending offsets topics[${topicsText(until.keys())}]`,
    )
  }
  const ranges = await reader.ranges(from, until)
  const settings = {
    includeHeaders: options.includeHeaders,
    pollTimeoutMs: options.pollTimeoutMs,
    groupId: options.groupId ?? `${options.groupIdPrefix}-${randomUUID()}-driver-0-executor`,
    maxBytes: FETCH_MAX_BYTES,
  }
  const read = await Promise.all(ranges.map((range) => readRange(client, reader, range, settings)))
  return recordsBatch(
    kafkaSchema(options.includeHeaders),
    ranges.flatMap((range, i) => read[i]!.map((records) => ({ ...range.partition, records }))),
  )
}
