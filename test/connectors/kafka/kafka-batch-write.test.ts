// df.write.format('kafka').save(): a batch DataFrame produced to Kafka with the sink's columns and errors, read back
// with spark.read.format('kafka') from the mock cluster.
import { describe, expect, it } from 'vitest'
import { writeKafkaBatch } from '../../../src/connectors/kafka/kafka-batch-write.js'
import { Options } from '../../../src/connectors/options.js'
import { FakeKafkaClient } from '../../support/fake-kafka-client.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'

const kafka = testServer('kafka')
const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes))

describe('df.write.format("kafka")', () => {
  const df = () =>
    newSession().createDataFrame(
      [
        { key: 'a', value: 'apple', partition: 1 },
        { key: null, value: 'banana', partition: 0 },
      ],
      'key string, value string, partition int',
    )

  it('produces each row with its key, value and partition to the topic option, and closes the client', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('fruit', 2)
    const frame = df()
    await writeKafkaBatch(
      frame.schema,
      frame.toArrow(),
      new Options([
        ['kafka.bootstrap.servers', 'x'],
        ['topic', 'fruit'],
      ]),
      () => client,
    )
    expect(client.produced.map((r) => [r.topic, r.partition, text(r.key), text(r.value)])).toEqual([
      ['fruit', 1, 'a', 'apple'],
      ['fruit', 0, null, 'banana'],
    ])
    expect(client.closed).toBe(true)
  })

  it("fails with the sink's errors: no topic, no value column", async () => {
    const client = new FakeKafkaClient()
    const frame = df()
    await expect(
      writeKafkaBatch(frame.schema, frame.toArrow(), new Options([['kafka.bootstrap.servers', 'x']]), () => client),
    ).rejects.toThrow(/topic option required when no 'topic' attribute is present/)
    const noValue = frame.select('key')
    await expect(
      writeKafkaBatch(
        noValue.schema,
        noValue.toArrow(),
        new Options([
          ['kafka.bootstrap.servers', 'x'],
          ['topic', 't'],
        ]),
        () => client,
      ),
    ).rejects.toThrow(/Required attribute 'value' not found/)
  })

  it("refuses Overwrite and Ignore as Spark's Kafka relation does, and unknown modes", async () => {
    const writer = () =>
      df().write.format('kafka').option('kafka.bootstrap.servers', '127.0.0.1:1').option('topic', 't')
    await expect(writer().mode('overwrite').save()).rejects.toThrow(
      'Save mode Overwrite not allowed for Kafka. Allowed save modes are Append and ErrorIfExists (default).',
    )
    await expect(writer().mode('ignore').save()).rejects.toThrow('Save mode Ignore not allowed for Kafka.')
    expect(() => writer().mode('replace')).toThrow('[INVALID_SAVE_MODE] The specified save mode "replace" is invalid.')
    await expect(df().write.format('orc').save('/tmp/x')).rejects.toThrow(
      'Data source orc does not support batch write.',
    )
  })

  it('is not available on a streaming DataFrame', () => {
    const stream = newSession().readStream.format('rate').load()
    expect(() => stream.write).toThrow(
      '[CALL_ON_STREAMING_DATASET_UNSUPPORTED] The method `write` can not be called on streaming Dataset/DataFrame.',
    )
  })
})

kafka.describe('df.write.format("kafka") against the mock cluster', () => {
  it('writes rows a batch read then returns, with topics from the topic column', async () => {
    const spark = newSession()
    await spark
      .createDataFrame(
        [
          { topic: 'written-a', key: 'k1', value: 'one' },
          { topic: 'written-a', key: 'k2', value: 'two' },
          { topic: 'written-b', key: 'k3', value: 'three' },
        ],
        'topic string, key string, value string',
      )
      .write.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .mode('append')
      .save()
    const read = spark.read
      .format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('subscribe', 'written-a,written-b')
      .load()
      .selectExpr('topic', 'CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value')
      .orderBy('key')
      .collect()
    expect(read).toEqual([
      { topic: 'written-a', key: 'k1', value: 'one' },
      { topic: 'written-a', key: 'k2', value: 'two' },
      { topic: 'written-b', key: 'k3', value: 'three' },
    ])
  })
})
