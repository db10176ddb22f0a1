// readStream.format('kafka') end to end against the mock cluster: rows, the checkpoint's offsets, and a restart.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type { KafkaClient } from '../../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../../../src/connectors/kafka/kafkajs-client.js'
import { col } from '../../../src/index.js'
import { newSession } from '../../helpers/session.js'
import { testServer } from '../../support/servers.js'

const kafka = testServer('kafka')
const bytes = (s: string) => new TextEncoder().encode(s)

kafka.describe('the Kafka source in a streaming query', () => {
  let producer: KafkaClient
  let dir: string
  beforeAll(() => {
    producer = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'test-producer'))
    dir = mkdtempSync(join(tmpdir(), 'rivulet-kafka-source-query-'))
  })
  afterAll(async () => {
    await producer.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const produce = (values: readonly string[]) =>
    producer.produce(
      values.map((v) => ({
        topic: 'source-words',
        partition: null,
        key: bytes(v[0]!),
        value: bytes(v),
        headers: null,
      })),
    )

  /** Runs the query until it has read everything, returning the values it saw per batch. */
  async function runOnce(checkpoint: string, options: Record<string, string> = {}): Promise<string[][]> {
    const session = newSession()
    const seen: string[][] = []
    const query = session.readStream
      .format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('subscribe', 'source-words')
      .options(options)
      .load()
      .select(col('value').cast('string').alias('value'), col('topic'), col('partition'), col('offset'))
      .writeStream.foreachBatch((df) => {
        seen.push(df.collect().map((r) => String(r.value)))
      })
      .option('checkpointLocation', checkpoint)
      .start()
    try {
      await query.processAllAvailable()
    } finally {
      await query.stop()
    }
    return seen.filter((batch) => batch.length > 0)
  }

  it('reads what was produced from the earliest offsets, records offsets as Spark does, and resumes after a restart', async () => {
    await produce(['apple', 'banana', 'cherry', 'avocado'])
    const checkpoint = join(dir, 'words')
    const first = await runOnce(checkpoint, { startingOffsets: 'earliest' })
    expect(first.flat().sort()).toEqual(['apple', 'avocado', 'banana', 'cherry'])

    const initial = readFileSync(join(checkpoint, 'sources', '0', '0'), 'utf8')
    expect(initial).toBe('\u0000v1\n{"source-words":{"0":0,"1":0,"2":0,"3":0}}')
    const offsetLog = readFileSync(join(checkpoint, 'offsets', '0'), 'utf8').split('\n')
    const recorded = JSON.parse(offsetLog[2]!) as Record<string, Record<string, number>>
    const total = Object.values(recorded['source-words']!).reduce((a, b) => a + b, 0)
    expect(total).toBe(4)

    await produce(['blueberry', 'coconut'])
    const second = await runOnce(checkpoint, { startingOffsets: 'earliest' })
    expect(second.flat().sort()).toEqual(['blueberry', 'coconut'])
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
