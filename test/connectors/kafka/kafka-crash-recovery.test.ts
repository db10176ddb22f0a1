// Exactly-once from Kafka under SIGKILL: keyed messages produced to 3 partitions while a query reads them into a
// parquet file sink is killed at random durable operations; the committed output holds every (partition, offset) once.
import { afterAll, beforeAll, it } from 'vitest'
import type { KafkaClient } from '../../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../../../src/connectors/kafka/kafkajs-client.js'
import { crashRecovery } from '../../support/bus-crash.js'
import { testServer } from '../../support/servers.js'

const kafka = testServer('kafka')
const encoder = new TextEncoder()

kafka.describe('the Kafka source under SIGKILL', () => {
  let producer: KafkaClient
  beforeAll(() => {
    producer = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'crash-producer'))
  })
  afterAll(() => producer.close())

  it('reads 100 000 keyed messages into a parquet sink exactly once across 10 killed runs', async () => {
    // 300 keys; all of a key's messages go to one of the query's 3 partitions (key % 3).
    const key = (i: number) => i % 300
    const partitionOf = (i: number) => key(i) % 3
    await crashRecovery(
      {
        env: { BUS: 'kafka', ADDRESS: kafka.address, TOPIC: 'crash-events' },
        produce: (from, to) =>
          producer.produce(
            Array.from({ length: to - from }, (_, j) => ({
              topic: 'crash-events',
              partition: partitionOf(from + j),
              key: encoder.encode(`k${key(from + j)}`),
              value: encoder.encode(`m${from + j}`),
              headers: null,
            })),
          ),
        partOf: (i) => String(partitionOf(i)),
        // A partition's offsets are 0, 1, 2, ... in the order its messages were produced.
        positions: (_, indexes) => indexes.map((_, offset) => String(offset)),
      },
      { messages: 100_000, crashes: 10, limit: 2000, seed: 13 },
    )
  }, 600_000)
})
