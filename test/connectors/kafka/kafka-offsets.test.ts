// Spark's Kafka offsets JSON and the `sources/<i>/0` file KafkaSourceInitialOffsetWriter writes.
import { describe, expect, it } from 'vitest'
import { IllegalStateException } from '../../../src/common/errors.js'
import {
  fromSourceOffset,
  initialOffsetsFileText,
  parseInitialOffsetsFile,
  parsePartitionOffsets,
  serializePartitionOffsets,
  toSourceOffset,
  tpKey,
  tpOfKey,
} from '../../../src/connectors/kafka/kafka-offsets.js'

describe('Kafka offsets JSON', () => {
  it('reads {"topic":{"partition":offset}} and writes it back sorted by topic, then partition number', () => {
    const offsets = parsePartitionOffsets('{"b":{"10":7,"2":3},"a":{"0":-2}}')
    expect(Object.fromEntries(offsets)).toEqual({ 'a-0': -2, 'b-2': 3, 'b-10': 7 })
    expect(serializePartitionOffsets(offsets)).toBe('{"a":{"0":-2},"b":{"2":3,"10":7}}')
  })

  it('keys partitions by Spark\'s "topic-partition" text, split at the last dash', () => {
    expect(tpKey({ topic: 'orders-eu-1', partition: 12 })).toBe('orders-eu-1-12')
    expect(tpOfKey('orders-eu-1-12')).toEqual({ topic: 'orders-eu-1', partition: 12 })
  })

  it('keeps a topic named __proto__ as an ordinary topic', () => {
    const offsets = parsePartitionOffsets('{"__proto__":{"0":4}}')
    expect(serializePartitionOffsets(offsets)).toBe('{"__proto__":{"0":4}}')
  })

  it('is the offset the runtime records in offsets/N, and reads back from it', () => {
    const offsets = new Map([
      ['t-1', 40],
      ['t-0', 12],
    ])
    const offset = toSourceOffset(offsets)
    expect(JSON.stringify(offset)).toBe('{"t":{"0":12,"1":40}}')
    expect([...fromSourceOffset(offset)]).toEqual([
      ['t-0', 12],
      ['t-1', 40],
    ])
    expect([...fromSourceOffset('{"t":{"0":12}}')]).toEqual([['t-0', 12]])
  })
})

describe('the initial offsets file sources/<i>/0', () => {
  it('is a zero byte, "v1", a newline and the JSON, as Spark writes it (SPARK-19517)', () => {
    const text = initialOffsetsFileText(new Map([['events-0', 5]]))
    expect(Buffer.from(text, 'utf8')).toEqual(Buffer.from('\u0000v1\n{"events":{"0":5}}', 'utf8'))
    expect([...parseInitialOffsetsFile(text)]).toEqual([['events-0', 5]])
  })

  it("reads Spark 2.1.0's form without a version line", () => {
    expect([...parseInitialOffsetsFile('\u0000{"events":{"0":5}}')]).toEqual([['events-0', 5]])
  })

  it("refuses a newer version and a missing version line with Spark's texts", () => {
    expect(() => parseInitialOffsetsFile('\u0000v2\n{}')).toThrow(
      'UnsupportedLogVersion: maximum supported log version is v1, but encountered v2. The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade.',
    )
    expect(() => parseInitialOffsetsFile('\u0000v1')).toThrow(IllegalStateException)
    expect(() => parseInitialOffsetsFile('\u0000v1')).toThrow(
      'Log file was malformed: failed to detect the log file version line.',
    )
  })
})
