// writeStream.format('kafka') end to end against the mock cluster; what landed is read back with kcat.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { StreamingQueryException } from '../../../src/common/errors.js'
import { KafkaException } from '../../../src/connectors/kafka/kafka-exception.js'
import { MemoryStream } from '../../../src/index.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'
import { tempDir } from '../../support/temp-files.js'

const kafka = testServer('kafka')

interface KcatRecord {
  readonly partition: number
  readonly offset: number
  readonly key: string | null
  readonly payload: string | null
  readonly headers?: string[]
}

/** Every record of a topic as kcat (librdkafka) reads it. */
async function consumeWithKcat(topic: string): Promise<KcatRecord[]> {
  const { stdout } = await promisify(execFile)('kcat', ['-b', kafka.address, '-C', '-t', topic, '-e', '-q', '-J'])
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as KcatRecord)
}

kafka.describe('the Kafka sink in a streaming query', () => {
  /** A fresh checkpoint directory (Spark requires one for the Kafka sink). */
  const checkpoint = tempDir

  it('writes every row of every batch, keyed rows of one key to one partition, headers kept', async () => {
    const input = new MemoryStream(newSession(), 'word STRING, n INT')
    const query = input
      .toDF()
      .selectExpr(
        'word AS key',
        "concat(word, ':', CAST(n AS STRING)) AS value",
        "array(named_struct('key', 'n', 'value', CAST(CAST(n AS STRING) AS BINARY))) AS headers",
      )
      .writeStream.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('topic', 'sink-words')
      .option('checkpointLocation', checkpoint())
      .start()
    try {
      input.addData([
        ['apple', 1],
        ['pear', 2],
        ['apple', 3],
      ])
      await query.processAllAvailable()
      input.addData([['fig', 4]])
      await query.processAllAvailable()
    } finally {
      await query.stop()
    }
    const records = await consumeWithKcat('sink-words')
    expect(records.map((r) => r.payload).sort()).toEqual(['apple:1', 'apple:3', 'fig:4', 'pear:2'])
    for (const r of records) expect(r.headers).toEqual(['n', r.payload!.split(':')[1]])
    const apples = records.filter((r) => r.key === 'apple')
    expect(new Set(apples.map((r) => r.partition)).size).toBe(1)
    // Within the partition, apple:1 was written before apple:3.
    expect(apples.sort((a, b) => a.offset - b.offset).map((r) => r.payload)).toEqual(['apple:1', 'apple:3'])
  })

  it('routes rows by their topic column and partition column', async () => {
    const input = new MemoryStream(newSession(), 'topic STRING, partition INT, value STRING')
    const query = input
      .toDF()
      .writeStream.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('checkpointLocation', checkpoint())
      .start()
    try {
      input.addData([
        ['sink-routed-a', 3, 'a3'],
        ['sink-routed-b', 1, 'b1'],
        ['sink-routed-a', 0, 'a0'],
      ])
      await query.processAllAvailable()
    } finally {
      await query.stop()
    }
    const placed = async (topic: string) => (await consumeWithKcat(topic)).map((r) => [r.partition, r.payload]).sort()
    expect(await placed('sink-routed-a')).toEqual([
      [0, 'a0'],
      [3, 'a3'],
    ])
    expect(await placed('sink-routed-b')).toEqual([[1, 'b1']])
  })

  it('fails the query with a KafkaException when the producer fails (a partition that does not exist)', async () => {
    const input = new MemoryStream(newSession(), 'partition INT, value STRING')
    await promisify(execFile)('kcat', ['-b', kafka.address, '-L', '-t', 'sink-failing'])
    const query = input
      .toDF()
      .writeStream.format('kafka')
      .option('kafka.bootstrap.servers', kafka.address)
      .option('topic', 'sink-failing')
      .option('checkpointLocation', checkpoint())
      .start()
    input.addData([[99, 'nowhere']])
    await expect(query.processAllAvailable()).rejects.toThrow(StreamingQueryException)
    const failure = query.exception()
    expect(failure).toBeInstanceOf(StreamingQueryException)
    expect(failure!.cause).toBeInstanceOf(KafkaException)
    expect((failure!.cause as Error).message).toBe(
      'Invalid partition given with record: 99 is not in the range [0...4).',
    )
    expect(query.isActive).toBe(false)
  })
})
