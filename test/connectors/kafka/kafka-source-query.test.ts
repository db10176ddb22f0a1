// readStream.format('kafka') end to end against the mock cluster: rows, the checkpoint's offsets, progress, a restart.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { KafkaClient } from '../../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../../../src/connectors/kafka/kafkajs-client.js'
import { col } from '../../../src/index.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'
import { AssertOnQuery, CheckNewAnswer, Execute, StartStream, StopStream } from '../../support/stream-actions.js'
import { tempDir } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const kafka = testServer('kafka')
const bytes = (s: string) => new TextEncoder().encode(s)

kafka.describe('the Kafka source in a streaming query', () => {
  let producer: KafkaClient
  beforeAll(() => {
    producer = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'test-producer'))
  })
  afterAll(() => producer.close())

  const produce = (topic: string, values: readonly string[]) =>
    producer.produce(values.map((v) => ({ topic, partition: null, key: bytes(v[0]!), value: bytes(v), headers: null })))

  const values = (topic: string) =>
    newSession()
      .readStream.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('subscribe', topic)
      .option('startingOffsets', 'earliest')
      .load()
      .select(col('value').cast('string').alias('value'))

  it('reads what was produced from the earliest offsets, records offsets as Spark does, and resumes after a restart', async () => {
    const checkpoint = tempDir()
    await produce('source-words', ['apple', 'banana', 'cherry', 'avocado'])
    await testStream(values('source-words'))(
      StartStream({ checkpointLocation: checkpoint }),
      CheckNewAnswer({ value: 'apple' }, { value: 'banana' }, { value: 'cherry' }, { value: 'avocado' }),
      AssertOnQuery(() => {
        // Auto-created topics of the mock have 4 partitions; a new query starts at each one's earliest offset.
        const initial = readFileSync(join(checkpoint, 'sources', '0', '0'), 'utf8')
        expect(initial).toBe('\u0000v1\n{"source-words":{"0":0,"1":0,"2":0,"3":0}}')
        const recorded = JSON.parse(readFileSync(join(checkpoint, 'offsets', '0'), 'utf8').split('\n')[2]!)
        expect(Object.values(recorded['source-words'] as Record<string, number>).reduce((a, b) => a + b)).toBe(4)
        return true
      }, 'sources/0/0 and offsets/0'),
      StopStream,
      Execute('produce while stopped', () => produce('source-words', ['blueberry', 'coconut'])),
      // The restart resumes from offsets/0 (startingOffsets only applies to new queries).
      StartStream({ checkpointLocation: checkpoint }),
      CheckNewAnswer({ value: 'blueberry' }, { value: 'coconut' }),
    )
  })

  it("reports Spark's description, offsets as JSON objects, and how far each partition is behind latest", async () => {
    await produce('source-progress', ['a1', 'b1', 'c1', 'd1', 'e1', 'f1', 'g1', 'h1'])
    await testStream(values('source-progress'))(
      CheckNewAnswer.by((rows) => expect(rows).toHaveLength(8)),
      AssertOnQuery((query) => {
        const progress = query.recentProgress.find((p) => p.numInputRows > 0)!.sources[0]!
        expect(progress.description).toBe('KafkaV2[Subscribe[source-progress]]')
        expect(progress.startOffset).toBeNull()
        const end = progress.endOffset as Record<string, Record<string, number>>
        expect(Object.values(end['source-progress']!).reduce((a, b) => a + b)).toBe(8)
        expect(progress.latestOffset).toEqual(progress.endOffset)
        // Everything available was read: no partition is behind (the average as Java prints a double).
        expect(progress.metrics).toEqual({
          minOffsetsBehindLatest: '0',
          maxOffsetsBehindLatest: '0',
          avgOffsetsBehindLatest: '0.0',
        })
        return true
      }, 'the source progress'),
    )
  })

  it('exposes the exact Kafka schema to the query', () => {
    const df = newSession()
      .readStream.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('subscribe', 'source-words')
      .option('includeHeaders', 'true')
      .load()
    expect(df.isStreaming).toBe(true)
    expect(df.schema.simpleString()).toBe(
      'struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,timestamp:timestamp,timestampType:int,headers:array<struct<key:string,value:binary>>>',
    )
  })
})
