// The Kafka source on the fake client: schema, initial offsets file, batches, admission control, timestamps, new
// partitions (data loss is kafka-data-loss.test.ts).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../../src/arrow/index.js'
import { IllegalArgumentException } from '../../../src/common/errors.js'
import { kafkaSourceProvider } from '../../../src/connectors/kafka/kafka-source.js'
import { Options } from '../../../src/connectors/options.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { capturedLog } from '../../support/captured-log.js'
import { FakeKafkaClient } from '../../support/fake-kafka-client.js'
import { fakeKafkaSource, readRows } from '../../support/fake-kafka-source.js'
import { tempDir } from '../../support/temp-files.js'

const log = capturedLog()

describe('the Kafka source', () => {
  it("has Spark's schema and description", () => {
    const { source } = fakeKafkaSource({ subscribe: 'events' })
    expect(source.schema.simpleString()).toBe(
      'struct<key:binary,value:binary,topic:string,partition:int,offset:bigint,timestamp:timestamp,timestampType:int>',
    )
    expect(source.description).toBe('KafkaV2[Subscribe[events]]')
    const withHeaders = fakeKafkaSource({ assign: '{"a":[0,1]}', includeHeaders: 'true' }).source
    expect(withHeaders.schema.fields.at(-1)!.dataType).toEqual(
      parseSchemaString('h ARRAY<STRUCT<key: STRING, value: BINARY>>').fields[0]!.dataType,
    )
    expect(withHeaders.description).toBe('KafkaV2[Assign[a-0, a-1]]')
  })

  it("refuses a user schema with Spark's requirement text", () => {
    const provider = kafkaSourceProvider(() => new FakeKafkaClient())
    const options = new Options([
      ['kafka.bootstrap.servers', 'h:1'],
      ['subscribe', 't'],
    ])
    expect(() => provider.describe(options, parseSchemaString('value STRING'), undefined, () => undefined)).toThrow(
      new IllegalArgumentException(
        'requirement failed: Kafka source has a fixed schema and cannot be set with a custom one',
      ),
    )
  })

  it('logs the option warnings as KafkaSourceProvider does, once per query start', () => {
    fakeKafkaSource({ subscribe: 'events', 'kafka.group.id': 'shared', groupIdPrefix: 'p' })
    expect(log.lines).toHaveLength(2)
    expect(log.lines[0]).toMatch(
      /^WARN KafkaSourceProvider: Kafka option 'kafka.group.id' has been set on this query, it is\n not recommended/,
    )
    expect(log.lines[1]).toBe(
      'WARN KafkaSourceProvider: Option groupIdPrefix will be ignored as option kafka.group.id has been set.',
    )
  })

  it('writes the starting offsets to sources/<i>/0 once, and a restart keeps them', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('events', 2)
    client.append({ topic: 'events', partition: 0 }, ['a', 'b'])
    const first = fakeKafkaSource({ subscribe: 'events', startingOffsets: 'earliest' }, client)
    const end = await first.source.latestOffset(null)
    expect(end).toEqual({ events: { '0': 2, '1': 0 } })
    expect(readFileSync(join(first.dir, '0'), 'utf8')).toBe('\u0000v1\n{"events":{"0":0,"1":0}}')
    // A restart with other options starts where the checkpoint says, not at latest.
    const again = fakeKafkaSource({ subscribe: 'events', startingOffsets: 'latest' }, client, first.dir)
    expect((await readRows(again.source, null, end)).map((r) => r.value)).toEqual(['a', 'b'])
  })

  it('reads each record as a row: key, value, topic, partition, offset, timestamp (µs) and timestamp type', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('events', 2)
    client.append({ topic: 'events', partition: 1 }, [
      { key: new TextEncoder().encode('k'), value: 'v1', timestamp: 1_700_000_000_123, timestampType: 1 },
      { value: null, timestamp: 1_700_000_000_456 },
    ])
    client.maxRecordsPerFetch = 1
    const { source } = fakeKafkaSource({ subscribe: 'events', startingOffsets: 'earliest' }, client)
    const rows = await readRows(source, null, await source.latestOffset(null))
    expect(rows).toEqual([
      {
        key: 'k',
        value: 'v1',
        topic: 'events',
        partition: 1,
        offset: 0,
        timestamp: new Date(1_700_000_000_123),
        timestampType: 1,
      },
      {
        key: null,
        value: null,
        topic: 'events',
        partition: 1,
        offset: 1,
        timestamp: new Date(1_700_000_000_456),
        timestampType: 0,
      },
    ])
    // One record per fetch: the reader looped.
    expect(client.fetches.length).toBe(2)
  })

  it('builds only the columns a query reads, and has the client decode only those parts of each record', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('events', 2)
    client.append({ topic: 'events', partition: 0 }, [
      { key: new TextEncoder().encode('k'), value: 'v1', timestamp: 1_700_000_000_123 },
      { value: 'v2', timestamp: 1_700_000_000_456 },
    ])
    const provider = kafkaSourceProvider(() => client)
    const options = new Options([
      ['kafka.bootstrap.servers', 'fake:9092'],
      ['subscribe', 'events'],
      ['startingOffsets', 'earliest'],
    ])
    const described = provider.describe(options, undefined, undefined, () => undefined)
    const readSchema = parseSchemaString('key BINARY, offset BIGINT')
    const source = provider.create(
      { ...described, readSchema },
      { conf: () => undefined, metadataPath: tempDir(), now: () => 0 },
    )
    expect(source.schema).toEqual(described.schema)
    const batches = await source.getBatch(null, (await source.latestOffset(null, { kind: 'all' }))!)
    expect(batches.every((b) => b.schema.fields.map((f) => f.name).join() === 'key,offset')).toBe(true)
    const rows = batches.flatMap((b) => rowsOf(b, readSchema))
    expect(rows.map((r) => [r.key === null ? null : new TextDecoder().decode(r.key as Uint8Array), r.offset])).toEqual([
      ['k', 0],
      [null, 1],
    ])
    expect(client.fetches.map((f) => f.fields)).toEqual([{ key: true, value: false, timestamp: false }])
  })

  it('splits maxOffsetsPerTrigger over partitions, a small backlog still getting one offset', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 2)
    client.append(
      { topic: 't', partition: 0 },
      Array.from({ length: 100 }, (_, i) => `a${i}`),
    )
    client.append({ topic: 't', partition: 1 }, ['b0', 'b1', 'b2', 'b3', 'b4'])
    const { source } = fakeKafkaSource(
      { subscribe: 't', startingOffsets: 'earliest', maxOffsetsPerTrigger: '10' },
      client,
    )
    const end = await source.latestOffset(null, source.defaultReadLimit)
    // 10 * (100/105) = 9.52 -> 9; 10 * (5/105) = 0.48 -> 1.
    expect(end).toEqual({ t: { '0': 9, '1': 1 } })
    expect((await readRows(source, null, end)).map((r) => r.value)).toEqual([
      ...Array.from({ length: 9 }, (_, i) => `a${i}`),
      'b0',
    ])
    expect(source.reportLatestOffset()).toEqual({ t: { '0': 100, '1': 5 } })
    expect(source.metrics(end)).toEqual({
      minOffsetsBehindLatest: '4',
      maxOffsetsBehindLatest: '91',
      avgOffsetsBehindLatest: '47.5',
    })
  })

  it('sizes the fetches of later batches to their ranges from the bytes per record read so far', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 1)
    // 36 bytes of value a record: 36 + 64 (framing, roughly) = 100 bytes per record once one batch was read.
    client.append(
      { topic: 't', partition: 0 },
      Array.from({ length: 10_000 }, (_, i) => `${i}`.padStart(36, '.')),
    )
    const { source } = fakeKafkaSource(
      { subscribe: 't', startingOffsets: 'earliest', maxOffsetsPerTrigger: '2000' },
      client,
    )
    const first = await source.latestOffset(null, source.defaultReadLimit)
    await readRows(source, null, first)
    expect(client.fetches.map((f) => f.maxBytes)).toEqual([4 << 20])
    const second = await source.latestOffset(first, source.defaultReadLimit)
    const rows = await readRows(source, first, second)
    expect(rows.map((r) => r.offset)).toEqual(Array.from({ length: 2000 }, (_, i) => 2000 + i))
    expect(rows.every((r) => r.topic === 't' && r.partition === 0)).toBe(true)
    expect(client.fetches.map((f) => f.maxBytes)).toEqual([4 << 20, 2000 * 100])
  })

  it('under Trigger.AvailableNow reads the next batch ahead while one is processed, and uses it for that range only', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 2)
    client.append(
      { topic: 't', partition: 0 },
      Array.from({ length: 6 }, (_, i) => `a${i}`),
    )
    client.append(
      { topic: 't', partition: 1 },
      Array.from({ length: 6 }, (_, i) => `b${i}`),
    )
    const { source } = fakeKafkaSource(
      { subscribe: 't', startingOffsets: 'earliest', maxOffsetsPerTrigger: '4' },
      client,
    )
    await source.prepareForTriggerAvailableNow()
    const fetched = () => client.fetches.map((f) => `${f.partition.partition}@${f.offset}<${f.untilOffset}`)
    // The reads ahead start once the promises under way have run (the fake client answers at once).
    const settle = () => new Promise((resolve) => setImmediate(resolve))
    const first = await source.latestOffset(null, source.defaultReadLimit)
    expect(first).toEqual({ t: { '0': 2, '1': 2 } })
    expect((await readRows(source, null, first)).map((r) => r.value)).toEqual(['a0', 'a1', 'b0', 'b1'])
    await settle()
    // Batch 1's ranges were fetched before anyone asked for them.
    expect(fetched()).toEqual(['0@0<2', '1@0<2', '0@2<4', '1@2<4'])
    const second = await source.latestOffset(first, source.defaultReadLimit)
    expect((await readRows(source, first, second)).map((r) => r.value)).toEqual(['a2', 'a3', 'b2', 'b3'])
    await settle()
    expect(fetched().slice(4)).toEqual(['0@4<6', '1@4<6'])
    // Asked for another range of partition 0 than the one read ahead (a restart, a changed limit), the source reads
    // that range; partition 1's range is the one read ahead. Then it reads ahead from the new end.
    expect((await readRows(source, second, { t: { '0': 5, '1': 6 } })).map((r) => r.value)).toEqual(['a4', 'b4', 'b5'])
    await settle()
    expect(fetched().slice(6)).toEqual(['0@4<5', '0@5<6'])
    await source.stop()
  })

  it('waits for minOffsetsPerTrigger until maxTriggerDelay passes', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 1)
    const setup = fakeKafkaSource(
      { subscribe: 't', startingOffsets: 'earliest', minOffsetsPerTrigger: '5', maxTriggerDelay: '10s' },
      client,
    )
    // Spark's last trigger time starts at 0, so the delay counts from the epoch of the query clock.
    const start = await setup.source.latestOffset(null)
    expect(start).toEqual({ t: { '0': 0 } })
    setup.clock = 5000
    client.append({ topic: 't', partition: 0 }, ['1', '2'])
    expect(await setup.source.latestOffset(start)).toEqual({ t: { '0': 0 } })
    setup.clock = 9999
    expect(await setup.source.latestOffset(start)).toEqual({ t: { '0': 0 } })
    setup.clock = 10_000
    const second = await setup.source.latestOffset(start)
    expect(second).toEqual({ t: { '0': 2 } })
    // The clock restarted at 10 s: one new offset waits, five run at once.
    setup.clock = 12_000
    client.append({ topic: 't', partition: 0 }, ['3'])
    expect(await setup.source.latestOffset(second)).toEqual({ t: { '0': 2 } })
    client.append({ topic: 't', partition: 0 }, ['4', '5', '6', '7'])
    expect(await setup.source.latestOffset(second)).toEqual({ t: { '0': 7 } })
  })

  it('starts at the first offset at or after startingTimestamp, or fails / starts at latest when none is', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 2)
    client.append(
      { topic: 't', partition: 0 },
      [100, 200, 300].map((timestamp) => ({ value: `at${timestamp}`, timestamp })),
    )
    client.append({ topic: 't', partition: 1 }, [{ value: 'early', timestamp: 50 }])
    const latest = fakeKafkaSource(
      { subscribe: 't', startingTimestamp: '150', startingOffsetsByTimestampStrategy: 'latest' },
      client,
    )
    expect(await latest.source.latestOffset(null)).toEqual({ t: { '0': 3, '1': 1 } })
    expect(readFileSync(join(latest.dir, '0'), 'utf8')).toBe('\u0000v1\n{"t":{"0":1,"1":1}}')
    const failing = fakeKafkaSource({ subscribe: 't', startingTimestamp: '150' }, client)
    await expect(failing.source.latestOffset(null)).rejects.toThrow(
      'No offset matched from request of topic-partition t-1 and timestamp 150.',
    )
  })

  it('picks up a partition added while running from its earliest offset', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('t', 1)
    const { source } = fakeKafkaSource({ subscribe: 't', startingOffsets: 'earliest' }, client)
    const first = await source.latestOffset(null)
    client.addPartitions('t', 1)
    client.append({ topic: 't', partition: 1 }, ['new'])
    const second = await source.latestOffset(first)
    expect(second).toEqual({ t: { '0': 0, '1': 1 } })
    expect((await readRows(source, first, second)).map((r) => [r.partition, r.value])).toEqual([[1, 'new']])
  })

  it('streams a batch as fetched: a batch per fetch, each partition in offset order, every record once', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('events', 3)
    for (let p = 0; p < 3; p++) {
      client.append(
        { topic: 'events', partition: p },
        Array.from({ length: 5 }, (_, i) => `${p}:${i}`),
      )
    }
    client.maxRecordsPerFetch = 2
    const { source } = fakeKafkaSource({ subscribe: 'events', startingOffsets: 'earliest' }, client)
    const end = await source.latestOffset(null)
    const batches = []
    for await (const batch of source.streamBatch(null, end!)) batches.push(batch)
    // 5 records a partition at 2 a fetch: chunks of 2, 2 and 1.
    expect(batches.map((b) => b.numRows).sort()).toEqual([1, 1, 1, 2, 2, 2, 2, 2, 2])
    const rows = batches.flatMap((b) => rowsOf(b, source.schema))
    for (let p = 0; p < 3; p++) {
      expect(rows.filter((r) => r.partition === p).map((r) => Number(r.offset))).toEqual([0, 1, 2, 3, 4])
    }
    expect(rows).toHaveLength(15)
  })

  it('stops fetching when the query leaves a streamed batch early', async () => {
    const client = new FakeKafkaClient()
    client.createTopic('events', 1)
    client.append(
      { topic: 'events', partition: 0 },
      Array.from({ length: 100 }, (_, i) => String(i)),
    )
    client.maxRecordsPerFetch = 1
    const { source } = fakeKafkaSource({ subscribe: 'events', startingOffsets: 'earliest' }, client)
    const end = await source.latestOffset(null)
    const before = client.fetches.length
    for await (const batch of source.streamBatch(null, end!)) {
      expect(batch.numRows).toBe(1)
      break
    }
    // stop() waits for the reader: it may have run a few fetches ahead of the query (far under the byte budget),
    // then ends at its next chunk instead of fetching all 100.
    await source.stop()
    expect(client.fetches.length - before).toBeLessThan(20)
  })
})
