// failOnDataLoss on the fake client (the mock cluster can neither delete nor truncate a topic): records aged out, an
// injected OFFSET_OUT_OF_RANGE, a topic deleted, and a topic recreated — each with failOnDataLoss true and false.
import { describe, expect, it } from 'vitest'
import { IllegalStateException } from '../../../src/common/errors.js'
import { capturedLog } from '../../support/captured-log.js'
import { FakeKafkaClient } from '../../support/fake-kafka-client.js'
import { fakeKafkaSource, readRows } from '../../support/fake-kafka-source.js'

const log = capturedLog()

/** Spark's KafkaSourceProvider.INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE, copied from its source. */
const INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE = `
Some data may have been lost because they are not available in Kafka any more; either the
 data was aged out by Kafka or the topic may have been deleted before all the data in the
 topic was processed. If you want your streaming query to fail on such cases, set the source
 option "failOnDataLoss" to "true".
`

/** KAFKA_DATA_LOSS's message (kafka-error-conditions.json) up to its reason. */
const DATA_LOSS = [
  'Some data may have been lost because they are not available in Kafka any more;',
  'either the data was aged out by Kafka or the topic may have been deleted before all the data in the',
  'topic was processed.',
  "If you don't want your streaming query to fail on such cases, set the source option failOnDataLoss to false.",
  'Reason: ',
].join('\n')

/** The reason an executor gives for a range it could not read, with Spark's consumer group name. */
const couldNotRead = (from: number, to: number, tp: string) =>
  new RegExp(
    `Reason: Could not read records in offset \\[${from}, ${to}\\) for topic partition ${tp}\\nwith consumer group spark-kafka-source-[0-9a-f-]+--?\\d+-executor\\.$`,
  )

const values = (rows: Record<string, unknown>[]) => rows.map((r) => r.value)

/** A topic `t` of one partition holding records `0`..`3`, and a source reading it from the earliest offset. */
function fourRecords(failOnDataLoss: boolean) {
  const client = new FakeKafkaClient()
  client.createTopic('t', 1)
  client.append({ topic: 't', partition: 0 }, ['0', '1', '2', '3'])
  return fakeKafkaSource(
    { subscribe: 't', startingOffsets: 'earliest', failOnDataLoss: String(failOnDataLoss) },
    client,
  )
}

/** Deletes topic `t` and creates it again with one partition holding `records`. */
function recreate(client: FakeKafkaClient, records: readonly string[]) {
  client.deleteTopic('t')
  client.createTopic('t', 1)
  client.append({ topic: 't', partition: 0 }, records)
}

describe('failOnDataLoss=true fails the query with KAFKA_DATA_LOSS', () => {
  it('when records of a planned batch aged out before it was read', async () => {
    const { client, source } = fourRecords(true)
    const end = await source.latestOffset(null)
    client.deleteRecordsBefore({ topic: 't', partition: 0 }, 2)
    const failure = readRows(source, null, end)
    await expect(failure).rejects.toThrow(IllegalStateException)
    await expect(failure).rejects.toThrow(DATA_LOSS)
    await expect(failure).rejects.toThrow(couldNotRead(0, 4, 't-0'))
  })

  it('when a fetch answers OFFSET_OUT_OF_RANGE (an injected error), even though the records are still there', async () => {
    const { client, source } = fourRecords(true)
    const end = await source.latestOffset(null)
    client.injectOffsetOutOfRange({ topic: 't', partition: 0 })
    await expect(readRows(source, null, end)).rejects.toThrow(couldNotRead(0, 4, 't-0'))
  })

  it('when a topic was deleted since the last batch', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('gone', 2)
    client.createTopic('kept', 1)
    const { source } = fakeKafkaSource(
      { subscribePattern: 'gone|kept', startingOffsets: 'earliest', failOnDataLoss: 'true' },
      client,
    )
    const start = await source.latestOffset(null)
    client.deleteTopic('gone')
    client.append({ topic: 'kept', partition: 0 }, ['k'])
    const end = await source.latestOffset(start)
    expect(end).toEqual({ kept: { '0': 1 } })
    await expect(readRows(source, start, end)).rejects.toThrow(
      `${DATA_LOSS}Partitions Set(gone-0, gone-1) have been deleted.`,
    )
  })

  it('when a topic was recreated with fewer records since the last batch', async () => {
    const { client, source } = fourRecords(true)
    const first = await source.latestOffset(null)
    expect(values(await readRows(source, null, first))).toEqual(['0', '1', '2', '3'])
    recreate(client, ['n0', 'n1'])
    const second = await source.latestOffset(first)
    expect(second).toEqual({ t: { '0': 2 } })
    await expect(readRows(source, first, second)).rejects.toThrow(
      `${DATA_LOSS}Partition t-0 offset was changed from 4 to 2.\nThis could either be a user error that the start offset is set too high and this is the first batch, or the kafka topic-partition is broken, and some data may have been missed.`,
    )
  })

  it('when a topic was recreated with fewer records between planning a batch and reading it', async () => {
    const { client, source } = fourRecords(true)
    const end = await source.latestOffset(null)
    recreate(client, ['n0', 'n1'])
    await expect(readRows(source, null, end)).rejects.toThrow(couldNotRead(2, 4, 't-0'))
  })
})

describe('failOnDataLoss=false logs a warning and reads what is left', () => {
  it('skips records that aged out before the batch read them', async () => {
    const { client, source } = fourRecords(false)
    const end = await source.latestOffset(null)
    client.deleteRecordsBefore({ topic: 't', partition: 0 }, 2)
    expect(values(await readRows(source, null, end))).toEqual(['2', '3'])
    expect(log.lines).toEqual([
      `WARN KafkaDataConsumer: Cannot fetch offset 0. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`,
    ])
  })

  it('fetches again after an injected OFFSET_OUT_OF_RANGE, losing nothing when the records are still there', async () => {
    const { client, source } = fourRecords(false)
    const end = await source.latestOffset(null)
    client.injectOffsetOutOfRange({ topic: 't', partition: 0 })
    expect(values(await readRows(source, null, end))).toEqual(['0', '1', '2', '3'])
    expect(log.lines).toEqual([
      `WARN KafkaDataConsumer: Cannot fetch offset 0. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`,
    ])
  })

  it('gives the range up after three refusals in a row of an offset the log still holds, rather than hang', async () => {
    const { client, source } = fourRecords(false)
    const end = await source.latestOffset(null)
    client.injectOffsetOutOfRange({ topic: 't', partition: 0 }, 1000)
    expect(await readRows(source, null, end)).toEqual([])
    expect(log.lines).toEqual(
      Array(3).fill(`WARN KafkaDataConsumer: Cannot fetch offset 0. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`),
    )
  })

  it('skips the partitions of a deleted topic and reads the others', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('gone', 2)
    client.createTopic('kept', 1)
    client.append({ topic: 'kept', partition: 0 }, ['k'])
    const { source } = fakeKafkaSource(
      { subscribePattern: 'gone|kept', startingOffsets: 'earliest', failOnDataLoss: 'false' },
      client,
    )
    const start = await source.latestOffset(null)
    client.deleteTopic('gone')
    client.append({ topic: 'kept', partition: 0 }, ['k2'])
    const end = await source.latestOffset(start)
    expect(values(await readRows(source, start, end))).toEqual(['k2'])
    expect(log.lines).toEqual([
      `WARN KafkaMicroBatchStream: Set(gone-0, gone-1) are gone. Some data may have been missed.. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`,
    ])
  })

  it('goes on from the new end of a topic recreated with fewer records since the last batch', async () => {
    const { client, source } = fourRecords(false)
    const first = await source.latestOffset(null)
    await readRows(source, null, first)
    recreate(client, ['n0', 'n1'])
    const second = await source.latestOffset(first)
    // Offsets 0 and 1 of the new topic lie below the last batch's end: Spark cannot tell them from read ones.
    expect(await readRows(source, first, second)).toEqual([])
    expect(log.lines).toEqual([
      `WARN KafkaMicroBatchStream: Partition t-0's offset was changed from 4 to 2, some data may have been missed. ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`,
    ])
    client.append({ topic: 't', partition: 0 }, ['n2'])
    const third = await source.latestOffset(second)
    expect(values(await readRows(source, second, third))).toEqual(['n2'])
  })

  it('reads what the recreated topic holds of a batch planned before it was recreated', async () => {
    const { client, source } = fourRecords(false)
    const end = await source.latestOffset(null)
    recreate(client, ['n0', 'n1'])
    expect(values(await readRows(source, null, end))).toEqual(['n0', 'n1'])
    expect(log.lines).toEqual([
      `WARN KafkaDataConsumer: Skip missing records in [2, 4). ${INSTRUCTION_FOR_FAIL_ON_DATA_LOSS_FALSE}`,
    ])
  })
})
