// Spark's Kafka offsets JSON (`{"topic":{"0":23}}`): parsing with its error texts, writing, and the source offset.
import { IllegalArgumentException, IllegalStateException } from '../../common/errors.js'
import type { Offset } from '../source.js'
import type { TopicPartition } from './kafka-client.js'

/** Offsets (or timestamps) by topic-partition, keyed by Spark's `topic-partition` text (see `tpKey`). */
export type PartitionOffsets = ReadonlyMap<string, number>

/** The offset `-2` in a starting/ending offsets JSON means earliest, `-1` latest (KafkaOffsetRangeLimit). */
export const EARLIEST = -2
export const LATEST = -1

/** Spark's `TopicPartition.toString`; unambiguous because a partition is digits only (split at the last `-`). */
export const tpKey = (tp: TopicPartition): string => `${tp.topic}-${tp.partition}`

export function tpOfKey(key: string): TopicPartition {
  const dash = key.lastIndexOf('-')
  return { topic: key.slice(0, dash), partition: Number(key.slice(dash + 1)) }
}

const INT_MAX = 2147483647
const isIntText = (s: string) => /^[+-]?\d+$/.test(s) && Math.abs(Number(s)) <= INT_MAX

/** Jackson's reading of `Map[String, Map[Int, Long]]`; undefined when the text is not of that shape. */
function readNested(json: string): Map<string, number> | undefined {
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return undefined
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
  const out = new Map<string, number>()
  for (const [topic, partitions] of Object.entries(parsed)) {
    if (partitions === null || typeof partitions !== 'object' || Array.isArray(partitions)) return undefined
    for (const [partition, value] of Object.entries(partitions)) {
      if (!isIntText(partition) || typeof value !== 'number' || !Number.isInteger(value)) return undefined
      out.set(tpKey({ topic, partition: Number(partition) }), value)
    }
  }
  return out
}

/** `JsonUtils.partitionOffsets(str)`. */
export function parsePartitionOffsets(json: string): PartitionOffsets {
  const offsets = readNested(json)
  if (offsets === undefined) {
    throw new IllegalArgumentException(`Expected e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}, got ${json}`)
  }
  return offsets
}

/** `JsonUtils.partitionTimestamps(str)`. */
export function parsePartitionTimestamps(json: string): PartitionOffsets {
  const timestamps = readNested(json)
  if (timestamps === undefined) {
    throw new IllegalArgumentException(
      `Expected e.g. {"topicA": {"0": 123456789, "1": 123456789},\n"topicB": {"0": 123456789, "1": 123456789}}, got ${json}`,
    )
  }
  return timestamps
}

/** `JsonUtils.partitions(str)`: the `assign` option, `{"topicA":[0,1],"topicB":[0,1]}`. */
export function parseTopicPartitions(json: string): TopicPartition[] {
  const fail = () => new IllegalArgumentException(`Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got ${json}`)
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    throw fail()
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw fail()
  const out: TopicPartition[] = []
  for (const [topic, partitions] of Object.entries(parsed)) {
    if (!Array.isArray(partitions)) throw fail()
    for (const partition of partitions) {
      if (typeof partition !== 'number' || !Number.isInteger(partition) || Math.abs(partition) > INT_MAX) throw fail()
      out.push({ topic, partition })
    }
  }
  return out
}

/** Compares topic-partitions by (topic, partition), the order Spark sorts them in before writing. */
export function compareTopicPartitions(a: TopicPartition, b: TopicPartition): number {
  return a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition
}

/** The offsets as the nested object Spark's JSON holds, topics and partitions in sorted order. */
export function offsetsObject(offsets: PartitionOffsets): {
  readonly [topic: string]: { readonly [p: string]: number }
} {
  const sorted = [...offsets.keys()].map(tpOfKey).sort(compareTopicPartitions)
  // Null prototypes: a topic named `__proto__` is an ordinary key.
  const out: Record<string, Record<string, number>> = Object.create(null)
  for (const tp of sorted) {
    const topic = out[tp.topic] ?? (out[tp.topic] = Object.create(null) as Record<string, number>)
    topic[String(tp.partition)] = offsets.get(tpKey(tp))!
  }
  return out
}

/** `JsonUtils.partitionOffsets(map)`: `{"t":{"0":23,"1":5}}` (Spark's key order varies; Rivulet sorts). */
export function serializePartitionOffsets(offsets: PartitionOffsets): string {
  return JSON.stringify(offsetsObject(offsets))
}

/** A KafkaSourceOffset as the runtime records it in `offsets/N`: the nested object, written as Spark's JSON. */
export function toSourceOffset(offsets: PartitionOffsets): Offset {
  return offsetsObject(offsets)
}

/** The runtime's offset (the nested object, or its JSON text) back to partition offsets. */
export function fromSourceOffset(offset: Offset): PartitionOffsets {
  return parsePartitionOffsets(typeof offset === 'string' ? offset : JSON.stringify(offset))
}

/** `sources/<i>/0` as KafkaSourceInitialOffsetWriter writes it: a zero byte, `v1`, a newline, the offsets JSON. */
export function initialOffsetsFileText(offsets: PartitionOffsets): string {
  return `\0v1\n${serializePartitionOffsets(offsets)}`
}

/** Reads `sources/<i>/0` (also the Spark 2.1.0 form without the version line). */
export function parseInitialOffsetsFile(text: string): PartitionOffsets {
  const content = text.startsWith('\0') ? text.slice(1) : text
  if (content.length === 0) throw new IllegalArgumentException('requirement failed')
  if (!content.startsWith('v')) return parsePartitionOffsets(content)
  const newline = content.indexOf('\n')
  if (newline <= 0)
    throw new IllegalStateException('Log file was malformed: failed to detect the log file version line.')
  const version = content.slice(0, newline)
  const match = /^v(\d+)$/.exec(version)
  if (!match)
    throw new IllegalStateException(`Log file was malformed: failed to read correct log version from ${version}.`)
  if (Number(match[1]) > 1) {
    throw new IllegalStateException(
      `UnsupportedLogVersion: maximum supported log version is v1, but encountered ${version}. The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade.`,
    )
  }
  return parsePartitionOffsets(content.slice(newline + 1))
}
