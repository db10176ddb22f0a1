// spark.read.format('kafka'): a batch read from startingOffsets to endingOffsets, against the mock cluster (through
// a worker thread, as load() is synchronous) and against the fake client (timestamps, which the mock cannot look up).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../../src/arrow/index.js'
import { readKafkaBatch } from '../../../src/connectors/kafka/kafka-batch-read.js'
import type { KafkaClient } from '../../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../../src/connectors/kafka/kafka-client-config.js'
import { kafkaSchema } from '../../../src/connectors/kafka/kafka-range-reader.js'
import { parseKafkaBatchOptions } from '../../../src/connectors/kafka/kafka-source-options.js'
import { KafkajsClient } from '../../../src/connectors/kafka/kafkajs-client.js'
import { Options } from '../../../src/connectors/options.js'
import { FakeKafkaClient } from '../../support/fake-kafka-client.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'

const kafka = testServer('kafka')
const bytes = (s: string) => new TextEncoder().encode(s)

describe('batch Kafka options', () => {
  const reader = () =>
    newSession().read.format('kafka').option('kafka.bootstrap.servers', '127.0.0.1:1').option('subscribe', 't')

  it("rejects Spark's invalid batch offsets before connecting", () => {
    expect(() => reader().option('startingOffsets', 'latest').load()).toThrow(
      "starting offset can't be latest for batch queries on Kafka",
    )
    expect(() => reader().option('endingOffsets', 'earliest').load()).toThrow(
      "ending offset can't be earliest for batch queries on Kafka",
    )
    expect(() => reader().option('startingOffsets', '{"t":{"0":-1}}').load()).toThrow(
      "startingOffsets for t-0 can't be latest for batch queries on Kafka",
    )
    expect(() => reader().schema('a int').load()).toThrow(
      'requirement failed: Kafka source has a fixed schema and cannot be set with a custom one',
    )
  })
})

describe('readKafkaBatch on the fake client', () => {
  const read = async (client: KafkaClient, entries: Record<string, string>) =>
    rowsOf(
      await readKafkaBatch(parseKafkaBatchOptions(new Options(Object.entries(entries))), client),
      kafkaSchema(false),
    ).map((r) => `${r.partition}:${r.offset}:${new TextDecoder().decode(r.value as Uint8Array)}`)

  it('ends at endingTimestamp: the first offset at or after it, latest where no record is that late', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 2)
    client.append({ topic: 't', partition: 0 }, [
      { value: 'a', timestamp: 10 },
      { value: 'b', timestamp: 20 },
      { value: 'c', timestamp: 30 },
    ])
    client.append({ topic: 't', partition: 1 }, [{ value: 'd', timestamp: 5 }])
    expect(
      await read(client, {
        'kafka.bootstrap.servers': 'x',
        subscribe: 't',
        endingTimestamp: '25',
        endingOffsetsByTimestampStrategy: 'latest',
      }),
    ).toEqual(['0:0:a', '0:1:b', '1:0:d'])
  })

  it('fails when the start and end resolve to different partitions', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 1)
    const partitionsOf = client.partitionsOf.bind(client)
    // A partition added between the lookups of the start and of the end, as Spark's check guards against.
    let calls = 0
    client.partitionsOf = async (topics) => {
      const found = await partitionsOf(topics)
      if (++calls === 1) client.addPartitions('t', 1)
      return found
    }
    await expect(read(client, { 'kafka.bootstrap.servers': 'x', subscribe: 't' })).rejects.toThrow(
      'different topic partitions for starting offsets topics[t-0] and ending offsets topics[t-0,t-1]',
    )
  })
})

kafka.describe('spark.read.format("kafka") against the mock cluster', () => {
  let producer: KafkaClient
  beforeAll(() => {
    producer = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'test-producer'))
  })
  afterAll(() => producer.close())

  const produce = (topic: string, partition: number, values: readonly string[]) =>
    producer.produce(values.map((v) => ({ topic, partition, key: bytes(v[0]!), value: bytes(v), headers: null })))

  it('reads every partition from earliest to latest, in the Kafka schema', async () => {
    await produce('batch-all', 0, ['apple', 'banana'])
    await produce('batch-all', 2, ['cherry'])
    const df = newSession()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('subscribe', 'batch-all')
      .load()
    expect(df.schema.simpleString()).toBe(
      'struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,timestamp:timestamp,timestampType:int>',
    )
    expect(
      df
        .selectExpr('CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value', 'topic', 'partition', 'offset')
        .orderBy('value')
        .collect(),
    ).toEqual([
      { key: 'a', value: 'apple', topic: 'batch-all', partition: 0, offset: 0 },
      { key: 'b', value: 'banana', topic: 'batch-all', partition: 0, offset: 1 },
      { key: 'c', value: 'cherry', topic: 'batch-all', partition: 2, offset: 0 },
    ])
  })

  it('reads [startingOffsets, endingOffsets) given as JSON with -2 and -1', async () => {
    await produce('batch-range', 0, ['a0', 'a1', 'a2', 'a3'])
    await produce('batch-range', 1, ['b0', 'b1'])
    const rows = newSession()
      .read.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('subscribe', 'batch-range')
      .option('startingOffsets', '{"batch-range":{"0":1,"1":-2,"2":-2,"3":-2}}')
      .option('endingOffsets', '{"batch-range":{"0":3,"1":-1,"2":-1,"3":-1}}')
      .load()
      .selectExpr('CAST(value AS STRING) AS value')
      .orderBy('value')
      .collect()
    expect(rows.map((r) => r.value)).toEqual(['a1', 'a2', 'b0', 'b1'])
  })

  it('fails with a KafkaException when the cluster cannot be reached', () => {
    expect(() =>
      newSession()
        .read.format('kafka')
        .option('kafka.bootstrap.servers', '127.0.0.1:1')
        .option('kafka.request.timeout.ms', '500')
        .option('subscribe', 'nowhere')
        .load(),
    ).toThrow(/Failed to connect to Kafka at 127\.0\.0\.1:1/)
  })
})
