// The kafkajs-backed KafkaClient against librdkafka's mock cluster: metadata, offsets, fetch and produce.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import {
  byteValueAt,
  type FetchedRecords,
  type KafkaClient,
  type TopicPartition,
} from '../../../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../../../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../../../src/connectors/kafka/kafkajs-client.js'
import { testServer } from '../../support/servers.js'

const kafka = testServer('kafka')
const bytes = (text: string) => new TextEncoder().encode(text)
const text = (value: Uint8Array | null) => (value === null ? null : new TextDecoder().decode(value))

/** Every record of a partition in [from, until), fetched in as many round trips as the broker needs. */
async function fetchAll(client: KafkaClient, partition: TopicPartition, from: number, until: number) {
  const out: { offset: number; key: string | null; value: string | null; headers: [string, string | null][] }[] = []
  for (let offset = from; offset < until; ) {
    const result = await client.fetch({
      partition,
      offset,
      untilOffset: until,
      maxBytes: 1 << 20,
      includeHeaders: true,
    })
    if (result.kind !== 'records') throw new Error(`offset ${offset} out of range`)
    const records = result as FetchedRecords
    for (let i = 0; i < records.count; i++) {
      out.push({
        offset: records.offsets[i]!,
        key: text(byteValueAt(records.keys!, i)),
        value: text(byteValueAt(records.values!, i)),
        headers: records.headers![i]!.map((h) => [h.key, text(h.value)]),
      })
    }
    offset = records.nextOffset
  }
  return out
}

kafka.describe('KafkajsClient against the mock cluster', () => {
  let client: KafkaClient
  beforeAll(() => {
    client = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', kafka.address]]), 'rivulet-test'))
  })
  afterAll(() => client.close())

  it('produces records and fetches each partition back in offset order, with keys, values and headers', async () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      topic: 'client-roundtrip',
      partition: null,
      key: bytes(`key-${i % 10}`),
      value: bytes(`value-${i}`),
      headers: i % 2 === 0 ? [{ key: 'n', value: bytes(String(i)) }] : null,
    }))
    await client.produce(records)

    const partitions = await client.partitionsOf(['client-roundtrip', 'no-such-topic'])
    expect(partitions).toEqual([0, 1, 2, 3].map((partition) => ({ topic: 'client-roundtrip', partition })))
    expect(await client.listOffsets(partitions, { kind: 'earliest' })).toEqual([0, 0, 0, 0])
    const latest = (await client.listOffsets(partitions, { kind: 'latest' })) as number[]
    expect(latest.reduce((a, b) => a + b, 0)).toBe(200)

    const seen: string[] = []
    for (const [p, tp] of partitions.entries()) {
      const fetched = await fetchAll(client, tp, 0, latest[p]!)
      expect(fetched.map((r) => r.offset)).toEqual(Array.from({ length: latest[p]! }, (_, i) => i))
      for (const r of fetched) {
        const i = Number(r.value!.slice('value-'.length))
        expect(r.key).toBe(`key-${i % 10}`)
        expect(r.headers).toEqual(i % 2 === 0 ? [['n', String(i)]] : [])
        seen.push(r.value!)
      }
      // One key always lands in one partition.
      expect(new Set(fetched.map((r) => r.key)).size).toBeLessThanOrEqual(10)
    }
    // Produced order is kept within a partition, and every record arrives once.
    expect(seen.sort()).toEqual(records.map((r) => text(r.value)).sort())
  })

  it('places keyed records where a Java-compatible murmur2 partitioner does (librdkafka murmur2_random)', async () => {
    const keys = Array.from({ length: 40 }, (_, i) => `user-${i}`)
    await client.produce(
      keys.map((k) => ({ topic: 'client-murmur', partition: null, key: bytes(k), value: bytes(k), headers: null })),
    )
    const input = keys.map((k) => `${k}:${k}`).join('\n')
    const kcat = promisify(execFile)('kcat', [
      ...['-b', kafka.address, '-P', '-t', 'client-murmur-kcat', '-K:', '-X', 'partitioner=murmur2_random'],
    ])
    kcat.child.stdin!.end(`${input}\n`)
    await kcat
    const placement = async (topic: string) => {
      const tps = await client.partitionsOf([topic])
      const latest = (await client.listOffsets(tps, { kind: 'latest' })) as number[]
      const byKey = new Map<string, number>()
      for (const [p, tp] of tps.entries()) {
        for (const r of await fetchAll(client, tp, 0, latest[p]!)) byKey.set(r.key!, tp.partition)
      }
      return keys.map((k) => byKey.get(k))
    }
    const ours = await placement('client-murmur')
    expect(ours.every((p) => p !== undefined)).toBe(true)
    expect(new Set(ours).size).toBe(4)
    expect(ours).toEqual(await placement('client-murmur-kcat'))
  })

  it('writes to an explicit partition and reports an offset past the end as out of range', async () => {
    await client.produce([
      { topic: 'client-explicit', partition: 2, key: null, value: bytes('a'), headers: null },
      { topic: 'client-explicit', partition: 2, key: null, value: bytes('b'), headers: null },
    ])
    const tp = { topic: 'client-explicit', partition: 2 }
    expect(await client.listOffsets([tp], { kind: 'latest' })).toEqual([2])
    expect((await fetchAll(client, tp, 1, 2)).map((r) => [r.offset, r.key, r.value])).toEqual([[1, null, 'b']])
    const past = await client.fetch({ partition: tp, offset: 5, untilOffset: 9, maxBytes: 1024, includeHeaders: false })
    expect(past.kind).toBe('offsetOutOfRange')
  })

  it('splits a large produce into requests under max.request.size, keeping each partition in order', async () => {
    const small = new KafkajsClient(
      kafkaClientConfig(
        new Map([
          ['bootstrap.servers', kafka.address],
          ['max.request.size', '2000'],
        ]),
        'rivulet-test',
      ),
    )
    try {
      const values = Array.from({ length: 300 }, (_, i) => `${i}`.padStart(40, '.'))
      await small.produce(
        values.map((v) => ({ topic: 'client-chunked', partition: 1, key: null, value: bytes(v), headers: null })),
      )
      const tp = { topic: 'client-chunked', partition: 1 }
      expect((await fetchAll(small, tp, 0, 300)).map((r) => r.value)).toEqual(values)
    } finally {
      await small.close()
    }
  })

  it('lists the partitions of topics whose whole name matches a pattern', async () => {
    await client.produce(
      ['pattern-a', 'pattern-b', 'xpattern-c'].map((topic) => ({
        topic,
        partition: 0,
        key: null,
        value: bytes('v'),
        headers: null,
      })),
    )
    const topics = new Set((await client.partitionsMatching(/pattern-.*/)).map((tp) => tp.topic))
    expect([...topics].sort()).toEqual(['pattern-a', 'pattern-b'])
  })
})
