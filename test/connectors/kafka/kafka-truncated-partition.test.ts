// failOnDataLoss against the mock cluster: the broker keeps at most 5 MB per partition and drops its oldest records
// beyond that, so a partition written past it while the query is stopped has lost offsets the checkpoint resumes at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IllegalStateException } from '../../../src/common/errors.js'
import type { KafkaClient } from '../../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../../../src/connectors/kafka/kafkajs-client.js'
import { capturedLog } from '../../support/captured-log.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'
import {
  AssertOnQuery,
  CheckNewAnswer,
  Execute,
  ExpectFailure,
  StartStream,
  StopStream,
} from '../../support/stream-actions.js'
import { tempDir } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const kafka = testServer('kafka')
const log = capturedLog()
const bytes = (s: string) => new TextEncoder().encode(s)
/** 64 records of 100 kB: 6.4 MB, past the mock's 5 MB a partition. */
const BIG_RECORDS = 64
const BIG = 'x'.repeat(100_000)

kafka.describe('failOnDataLoss when the broker truncated a partition', () => {
  let producer: KafkaClient
  beforeAll(() => {
    producer = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'test-producer'))
  })
  afterAll(() => producer.close())

  const produce = (topic: string, values: readonly string[]) =>
    producer.produce(values.map((v) => ({ topic, partition: 0, key: null, value: bytes(v), headers: null })))

  /** Each record's offset, and its value's length (the big ones) or text (the small ones). */
  const records = (topic: string, failOnDataLoss: boolean) =>
    newSession()
      .readStream.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('assign', JSON.stringify({ [topic]: [0] }))
      .option('startingOffsets', 'earliest')
      .option('failOnDataLoss', String(failOnDataLoss))
      .load()
      .selectExpr(
        '`offset`',
        'CASE WHEN length(value) > 10 THEN CAST(length(value) AS STRING) ELSE CAST(value AS STRING) END AS v',
      )

  for (const failOnDataLoss of [true, false]) {
    describe(`failOnDataLoss=${failOnDataLoss}`, () => {
      it('resumes at an offset the broker no longer holds', async () => {
        const topic = `truncated-${failOnDataLoss}`
        await produce(topic, ['a', 'b', 'c'])
        const checkpoint = tempDir()
        let earliest = 0
        const afterTruncation = failOnDataLoss
          ? [
              ExpectFailure(
                IllegalStateException,
                `Reason: Could not read records in offset [3, ${3 + BIG_RECORDS}) for topic partition ${topic}-0`,
              ),
            ]
          : [
              CheckNewAnswer.by((rows) => {
                // What is left: the records from the partition's new start to its end, each once.
                expect(rows.map((r) => r.offset)).toEqual(
                  Array.from({ length: 3 + BIG_RECORDS - earliest }, (_, i) => earliest + i),
                )
                expect(new Set(rows.map((r) => r.v))).toEqual(new Set([String(BIG.length)]))
              }),
              AssertOnQuery(() => {
                expect(log.lines).toEqual([
                  expect.stringMatching(
                    /^WARN KafkaDataConsumer: Cannot fetch offset 3\. \nSome data may have been lost/,
                  ),
                ])
                return true
              }, 'the warning'),
            ]
        await testStream(records(topic, failOnDataLoss))(
          StartStream({ checkpointLocation: checkpoint }),
          CheckNewAnswer({ offset: 0, v: 'a' }, { offset: 1, v: 'b' }, { offset: 2, v: 'c' }),
          StopStream,
          Execute('write past 5 MB while stopped', async () => {
            for (let i = 0; i < BIG_RECORDS; i += 8) await produce(topic, Array(8).fill(BIG))
            const tp = { topic, partition: 0 }
            earliest = (await producer.listOffsets([tp], { kind: 'earliest' }))[0]!
            // The broker dropped the small records and some big ones.
            expect(earliest).toBeGreaterThan(3)
            expect((await producer.listOffsets([tp], { kind: 'latest' }))[0]).toBe(3 + BIG_RECORDS)
          }),
          StartStream({ checkpointLocation: checkpoint }),
          ...afterTruncation,
        )
      })
    })
  }
})
