// Kafka source options: the typed record with Spark's defaults, and KafkaSourceProvider's text for every rejection.
import { describe, expect, it } from 'vitest'
import { IllegalArgumentException, IllegalStateException } from '../../../src/common/errors.js'
import { parseKafkaBatchOptions, parseKafkaStreamOptions } from '../../../src/connectors/kafka/kafka-source-options.js'
import { Options } from '../../../src/connectors/options.js'

const base = { 'kafka.bootstrap.servers': 'localhost:9092', subscribe: 'events' }
const options = (entries: Record<string, string>) => new Options(Object.entries(entries))
const stream = (entries: Record<string, string>) => parseKafkaStreamOptions(options(entries))
const batch = (entries: Record<string, string>) => parseKafkaBatchOptions(options(entries))

describe('accepted Kafka source options', () => {
  it('reads a subscription with Spark defaults', () => {
    const parsed = stream(base)
    expect(parsed.strategy).toEqual({ kind: 'subscribe', topics: ['events'] })
    expect(parsed.startingOffsets).toEqual({ kind: 'latest' })
    expect(parsed).toMatchObject({
      failOnDataLoss: true,
      includeHeaders: false,
      pollTimeoutMs: 120_000,
      fetchOffsetNumRetries: 3,
      fetchOffsetRetryIntervalMs: 10,
      maxOffsetsPerTrigger: undefined,
      minOffsetsPerTrigger: undefined,
      maxTriggerDelayMs: 15 * 60_000,
      minPartitions: undefined,
      groupIdPrefix: 'spark-kafka-source',
      groupId: undefined,
      warnings: [],
    })
    expect([...parsed.kafka]).toEqual([['bootstrap.servers', 'localhost:9092']])
  })

  it('reads every optional setting, keys case-insensitively', () => {
    const parsed = stream({
      'KAFKA.bootstrap.servers': 'a:1,b:2',
      subscribe: ' x , y ,, ',
      STARTINGOFFSETS: 'Earliest',
      failOnDataLoss: 'FALSE',
      includeHeaders: 'true',
      'kafkaConsumer.pollTimeoutMs': '5000',
      'fetchOffset.numRetries': '7',
      'fetchOffset.retryIntervalMs': '25',
      maxOffsetsPerTrigger: '1000',
      minOffsetsPerTrigger: '10',
      maxTriggerDelay: '2m',
      minPartitions: '4',
      groupIdPrefix: 'mine',
      'kafka.client.id': 'rivulet',
    })
    expect(parsed.strategy).toEqual({ kind: 'subscribe', topics: ['x', 'y'] })
    expect(parsed).toMatchObject({
      startingOffsets: { kind: 'earliest' },
      failOnDataLoss: false,
      includeHeaders: true,
      pollTimeoutMs: 5000,
      fetchOffsetNumRetries: 7,
      fetchOffsetRetryIntervalMs: 25,
      maxOffsetsPerTrigger: 1000,
      minOffsetsPerTrigger: 10,
      maxTriggerDelayMs: 120_000,
      minPartitions: 4,
      groupIdPrefix: 'mine',
    })
    expect(parsed.kafka.get('client.id')).toBe('rivulet')
  })

  it('reads assign and subscribePattern', () => {
    const assign = stream({ 'kafka.bootstrap.servers': 'h:1', assign: '{"a":[0,2],"b":[1]}' })
    expect(assign.strategy).toEqual({
      kind: 'assign',
      partitions: [
        { topic: 'a', partition: 0 },
        { topic: 'a', partition: 2 },
        { topic: 'b', partition: 1 },
      ],
    })
    const pattern = stream({ 'kafka.bootstrap.servers': 'h:1', subscribePattern: ' topic-.* ' })
    expect(pattern.strategy).toEqual({ kind: 'subscribePattern', pattern: 'topic-.*' })
  })

  it('prefers startingTimestamp over startingOffsetsByTimestamp over startingOffsets', () => {
    const all = {
      ...base,
      startingOffsets: 'earliest',
      startingOffsetsByTimestamp: '{"events":{"0":1000}}',
      startingTimestamp: '2000',
    }
    expect(stream(all).startingOffsets).toEqual({ kind: 'globalTimestamp', timestampMs: 2000, strategy: 'error' })
    const { startingTimestamp: _, ...byPartition } = all
    const specific = stream({ ...byPartition, startingOffsetsByTimestampStrategy: 'latest' }).startingOffsets
    expect(specific.kind).toBe('specificTimestamps')
    expect(specific.kind === 'specificTimestamps' && [...specific.timestamps]).toEqual([['events-0', 1000]])
    expect(specific.kind === 'specificTimestamps' && specific.strategy).toBe('latest')
    const offsets = stream({ ...base, startingOffsets: '{"events":{"0":23,"1":-2}}' }).startingOffsets
    expect(offsets.kind === 'specificOffsets' && [...offsets.offsets]).toEqual([
      ['events-0', 23],
      ['events-1', -2],
    ])
  })

  it('warns, as Spark logs, about a custom kafka.group.id and the groupIdPrefix it overrides', () => {
    const parsed = stream({ ...base, 'kafka.group.id': 'shared', groupIdPrefix: 'p' })
    expect(parsed.groupId).toBe('shared')
    expect(parsed.warnings).toHaveLength(2)
    expect(parsed.warnings[0]).toMatch(
      /^Kafka option 'kafka.group.id' has been set on this query, it is\n not recommended/,
    )
    expect(parsed.warnings[1]).toBe('Option groupIdPrefix will be ignored as option kafka.group.id has been set.')
  })

  it('reads a batch range: earliest to latest by default, or specific offsets with start <= end', () => {
    expect(batch(base)).toMatchObject({ startingOffsets: { kind: 'earliest' }, endingOffsets: { kind: 'latest' } })
    const ranged = batch({
      ...base,
      startingOffsets: '{"events":{"0":-2,"1":5}}',
      endingOffsets: '{"events":{"0":10,"1":-1}}',
      maxOffsetsPerTrigger: '5',
    })
    expect(ranged.endingOffsets.kind).toBe('specificOffsets')
    expect(ranged.warnings).toEqual(['maxOffsetsPerTrigger option ignored in batch queries'])
  })
})

/** Each rejected option, with Spark's exception text. */
const rejected: [string, Record<string, string>, string][] = [
  [
    'no subscribe, subscribePattern or assign',
    { 'kafka.bootstrap.servers': 'h:1' },
    'One of the following options must be specified for Kafka source: subscribe, subscribepattern, assign. See the docs for more details.',
  ],
  [
    'two of subscribe, subscribePattern and assign',
    { ...base, subscribePattern: 'e.*' },
    'Only one of the following options can be specified for Kafka source: subscribe, subscribepattern, assign. See the docs for more details.',
  ],
  [
    'assign that is not a JSON object',
    { 'kafka.bootstrap.servers': 'h:1', assign: 'events:0' },
    "No topicpartitions to assign as specified value for option 'assign' is 'events:0'",
  ],
  [
    'assign with a malformed partition list',
    { 'kafka.bootstrap.servers': 'h:1', assign: '{"events":0}' },
    'Expected e.g. {"topicA":[0,1],"topicB":[0,1]}, got {"events":0}',
  ],
  [
    'subscribe without a topic',
    { 'kafka.bootstrap.servers': 'h:1', subscribe: ' , ' },
    "No topics to subscribe to as specified value for option 'subscribe' is ' , '",
  ],
  [
    'an empty subscribePattern',
    { 'kafka.bootstrap.servers': 'h:1', subscribePattern: '  ' },
    "Pattern to subscribe is empty as specified value for option 'subscribePattern' is '  '",
  ],
  ['minPartitions of zero', { ...base, minPartitions: '0' }, 'minPartitions must be positive'],
  ['minPartitions that is not a number', { ...base, minPartitions: 'four' }, 'For input string: "four"'],
  [
    'maxRecordsPerPartition of zero',
    { ...base, maxRecordsPerPartition: '0' },
    'maxrecordsperpartition must be positive',
  ],
  [
    'kafka.auto.offset.reset',
    { ...base, 'kafka.auto.offset.reset': 'earliest' },
    "\nKafka option 'auto.offset.reset' is not supported.\nInstead set the source option 'startingoffsets' to 'earliest' or 'latest'\nto specify where to start. Structured Streaming manages which offsets are consumed\ninternally, rather than relying on the kafkaConsumer to do it. This will ensure that no\ndata is missed when new topics/partitions are dynamically subscribed. Note that\n'startingoffsets' only applies when a new Streaming query is started, and\nthat resuming will always pick up from where the query left off. See the docs for more\ndetails.\n         ",
  ],
  [
    'kafka.key.deserializer',
    { ...base, 'kafka.key.deserializer': 'x' },
    "Kafka option 'key.deserializer' is not supported as keys are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the keys.",
  ],
  [
    'kafka.value.deserializer',
    { ...base, 'kafka.value.deserializer': 'x' },
    "Kafka option 'value.deserializer' is not supported as values are deserialized as byte arrays with ByteArrayDeserializer. Use DataFrame operations to explicitly deserialize the values.",
  ],
  [
    'kafka.enable.auto.commit',
    { ...base, 'kafka.enable.auto.commit': 'true' },
    "Kafka option 'enable.auto.commit' is not supported",
  ],
  [
    'kafka.interceptor.classes',
    { ...base, 'kafka.interceptor.classes': 'x' },
    "Kafka option 'interceptor.classes' is not supported",
  ],
  [
    'a missing kafka.bootstrap.servers',
    { subscribe: 'events' },
    "Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer",
  ],
  [
    'minOffsetsPerTrigger above maxOffsetsPerTrigger',
    { ...base, minOffsetsPerTrigger: '20', maxOffsetsPerTrigger: '10' },
    'The value of minOffsetPerTrigger(20) is higher than the maxOffsetsPerTrigger(10).',
  ],
  ['endingOffsets in a stream', { ...base, endingOffsets: 'latest' }, 'ending offset not valid in streaming queries'],
  [
    'endingOffsetsByTimestamp in a stream',
    { ...base, endingOffsetsByTimestamp: '{}' },
    'ending timestamp not valid in streaming queries',
  ],
  [
    'startingTimestamp that is not a long',
    { ...base, startingTimestamp: '12:00' },
    'Expected a single long value, got 12:00',
  ],
  [
    'a malformed startingOffsetsByTimestamp',
    { ...base, startingOffsetsByTimestamp: '{"events":[1]}' },
    'Expected e.g. {"topicA": {"0": 123456789, "1": 123456789},\n"topicB": {"0": 123456789, "1": 123456789}}, got {"events":[1]}',
  ],
  [
    'a malformed startingOffsets',
    { ...base, startingOffsets: '{"events":{"zero":1}}' },
    'Expected e.g. {"topicA":{"0":23,"1":-1},"topicB":{"0":-2}}, got {"events":{"zero":1}}',
  ],
  [
    'an unknown startingOffsetsByTimestampStrategy',
    { ...base, startingTimestamp: '1', startingOffsetsByTimestampStrategy: 'earliest' },
    "No value found for 'EARLIEST'",
  ],
  ['failOnDataLoss that is not a boolean', { ...base, failOnDataLoss: 'yes' }, 'For input string: "yes"'],
  ['includeHeaders that is not a boolean', { ...base, includeHeaders: '1' }, 'For input string: "1"'],
  ['maxOffsetsPerTrigger that is not a number', { ...base, maxOffsetsPerTrigger: '1e3' }, 'For input string: "1e3"'],
  [
    'maxTriggerDelay that is not a duration',
    { ...base, maxTriggerDelay: 'soon' },
    'Time must be specified as seconds (s), milliseconds (ms), microseconds (us), minutes (m or min), hour (h), or day (d). E.g. 50s, 100ms, or 250us.',
  ],
]

describe('rejected Kafka source options', () => {
  for (const [what, entries, message] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => stream(entries)).toThrow(IllegalArgumentException)
      expect(() => stream(entries)).toThrow(message)
      // The message is the whole of Spark's text, not a prefix of it.
      try {
        stream(entries)
      } catch (error) {
        expect((error as Error).message).toBe(message)
      }
    })
  }
})

/** Batch-only rejections (spark.read.format('kafka')). */
const rejectedInBatch: [string, Record<string, string>, string, typeof IllegalArgumentException][] = [
  [
    'startingOffsets latest',
    { ...base, startingOffsets: 'latest' },
    "starting offset can't be latest for batch queries on Kafka",
    IllegalArgumentException,
  ],
  [
    'a starting offset of -1 (latest)',
    { ...base, startingOffsets: '{"events":{"0":-1}}' },
    "startingOffsets for events-0 can't be latest for batch queries on Kafka",
    IllegalArgumentException,
  ],
  [
    'endingOffsets earliest',
    { ...base, endingOffsets: 'earliest' },
    "ending offset can't be earliest for batch queries on Kafka",
    IllegalArgumentException,
  ],
  [
    'an ending offset of -2 (earliest)',
    { ...base, endingOffsets: '{"events":{"3":-2}}' },
    "ending offset for events-3 can't be earliest for batch queries on Kafka",
    IllegalArgumentException,
  ],
  [
    'start and end offsets over different partitions',
    { ...base, startingOffsets: '{"events":{"0":1}}', endingOffsets: '{"events":{"0":5,"1":5}}' },
    'The specified start offset and end offset should have the same topic-partitions.\nTopic-partitions for start offset: Set(events-0), topic-partitions for end offset: Set(events-0, events-1).',
    IllegalStateException,
  ],
  [
    'a start offset past its end offset',
    { ...base, startingOffsets: '{"events":{"0":9}}', endingOffsets: '{"events":{"0":5}}' },
    'The specified start offset 9 is greater than the end offset 5 for topic events partition 0.',
    IllegalStateException,
  ],
]

describe('rejected Kafka batch options', () => {
  for (const [what, entries, message, type] of rejectedInBatch) {
    it(`rejects ${what}`, () => {
      expect(() => batch(entries)).toThrow(type)
      try {
        batch(entries)
      } catch (error) {
        expect((error as Error).message).toBe(message)
      }
    })
  }
})
