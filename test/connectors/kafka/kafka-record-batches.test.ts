// Kafka v2 record batches decoded into columns, checked against batches encoded by kafkajs's own encoder (an
// independent implementation of the format, CRC32C included).
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { byteValueAt, type KafkaHeader } from '../../../src/connectors/kafka/kafka-client.js'
import { KafkaException } from '../../../src/connectors/kafka/kafka-exception.js'
import {
  type DecodedRecords,
  decodeRecordSet,
  type RecordSetRequest,
} from '../../../src/connectors/kafka/kafka-record-batches.js'

const require = createRequire(import.meta.url)
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as {
  RecordBatch: (options: object) => Promise<Encoded>
}
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (options: object) => unknown
const kafkajsCrc32c = require('kafkajs/src/protocol/recordBatch/crc32C/index.js') as (buffer: Buffer) => number
const Long = require('kafkajs/src/utils/long.js') as { fromValue(v: number): unknown }
const GZIP = 1

interface Encoded {
  readonly buffer: Buffer
}

interface Input {
  readonly key: string | null
  readonly value: string | null
  readonly timestampDelta?: number
  readonly headers?: Record<string, string>
}

const bytesOf = (text: string | null) => (text === null ? null : Buffer.from(text))
const textOf = (bytes: Uint8Array | null) => (bytes === null ? null : Buffer.from(bytes).toString())

/** One v2 batch from kafkajs's encoder: records at consecutive offsets from `firstOffset`. */
async function batch(
  firstOffset: number,
  records: readonly Input[],
  options: { compression?: number; firstTimestamp?: number; transactional?: boolean; producerId?: number } = {},
): Promise<Buffer> {
  const encoded = await RecordBatch({
    compression: options.compression ?? 0,
    firstOffset: Long.fromValue(firstOffset),
    firstTimestamp: options.firstTimestamp ?? 1_700_000_000_000,
    maxTimestamp: (options.firstTimestamp ?? 1_700_000_000_000) + 500,
    lastOffsetDelta: records.length - 1,
    transactional: options.transactional ?? false,
    producerId: Long.fromValue(options.producerId ?? -1),
    records: records.map((r, i) =>
      Record({
        offsetDelta: i,
        timestampDelta: r.timestampDelta ?? 0,
        key: bytesOf(r.key),
        value: bytesOf(r.value),
        headers: Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, Buffer.from(v)])),
      }),
    ),
  })
  return encoded.buffer
}

/** Sets attribute bits of an encoded batch and rewrites its CRC (with kafkajs's CRC32C). */
function withAttributes(encoded: Buffer, bits: number): Buffer {
  const copy = Buffer.from(encoded)
  copy.writeInt16BE(copy.readInt16BE(21) | bits, 21)
  copy.writeUInt32BE(kafkajsCrc32c(copy.subarray(21)) >>> 0, 17)
  return copy
}

const request = (overrides: Partial<RecordSetRequest> = {}): RecordSetRequest => ({
  partition: { topic: 't', partition: 2 },
  from: 0,
  until: Number.MAX_SAFE_INTEGER,
  includeHeaders: true,
  readCommitted: false,
  abortedTransactions: [],
  ...overrides,
})

function decoded(set: Uint8Array, overrides: Partial<RecordSetRequest> = {}): DecodedRecords {
  const result = decodeRecordSet(set, request(overrides))
  if (result.kind !== 'decoded') throw new Error('expected v2 batches')
  return result
}

function rows(records: DecodedRecords) {
  return Array.from({ length: records.count }, (_, i) => ({
    offset: records.offsets[i],
    timestamp: records.timestamps![i],
    key: textOf(byteValueAt(records.keys!, i)),
    value: textOf(byteValueAt(records.values!, i)),
    headers: records.headers?.[i]?.map((h: KafkaHeader) => [h.key, textOf(h.value)]),
  }))
}

describe('decodeRecordSet', () => {
  it('decodes keys, values, null keys, timestamp deltas and headers of uncompressed and gzip batches', async () => {
    const set = Buffer.concat([
      await batch(0, [
        { key: 'a', value: 'one', headers: { h: 'x' } },
        { key: null, value: 'two', timestampDelta: -3 },
      ]),
      await batch(2, [{ key: 'c', value: null, timestampDelta: 70_000 }], { compression: GZIP }),
      await batch(3, [{ key: 'd', value: 'x'.repeat(300) }], { compression: GZIP, firstTimestamp: 5 }),
    ])
    const records = decoded(set)
    expect(rows(records)).toEqual([
      { offset: 0, timestamp: 1_700_000_000_000, key: 'a', value: 'one', headers: [['h', 'x']] },
      { offset: 1, timestamp: 1_699_999_999_997, key: null, value: 'two', headers: [] },
      { offset: 2, timestamp: 1_700_000_070_000, key: 'c', value: null, headers: [] },
      { offset: 3, timestamp: 5, key: 'd', value: 'x'.repeat(300), headers: [] },
    ])
    expect([...records.timestampTypes!]).toEqual([0, 0, 0, 0])
    expect(records.nextOffset).toBe(4)
    expect(records.keys!.offsets.length).toBe(5)
  })

  it('decodes only the parts of a record asked for, and counts the bytes of the batches it read', async () => {
    const first = await batch(0, [
      { key: 'a', value: 'one' },
      { key: null, value: 'two' },
    ])
    const second = await batch(2, [{ key: 'c', value: 'x'.repeat(300) }], { compression: GZIP })
    const records = decoded(Buffer.concat([first, second]), {
      includeHeaders: false,
      fields: { key: true, value: false, timestamp: false },
    })
    expect([...records.offsets]).toEqual([0, 1, 2])
    expect([0, 1, 2].map((i) => textOf(byteValueAt(records.keys!, i)))).toEqual(['a', null, 'c'])
    expect(records.values).toBeUndefined()
    expect(records.timestamps).toBeUndefined()
    expect(records.timestampTypes).toBeUndefined()
    expect(records.sizeBytes).toBe(first.length + second.length)
  })

  it('keeps only offsets in [from, until) and moves nextOffset to the end of the last batch in range', async () => {
    const set = Buffer.concat([
      await batch(10, [
        { key: 'a', value: '10' },
        { key: 'b', value: '11' },
        { key: 'c', value: '12' },
      ]),
      await batch(13, [{ key: 'd', value: '13' }]),
    ])
    const records = decoded(set, { from: 11, until: 13 })
    expect(rows(records).map((r) => r.value)).toEqual(['11', '12'])
    expect(records.nextOffset).toBe(13)
    expect(records.headers).toEqual([[], []])
    expect(decoded(set, { from: 11, includeHeaders: false }).headers).toBeUndefined()
  })

  it('leaves out a partial batch at the end of the set (cut by the byte limit)', async () => {
    const whole = await batch(0, [{ key: 'a', value: 'one' }])
    const next = await batch(1, [{ key: 'b', value: 'two' }])
    const records = decoded(Buffer.concat([whole, next.subarray(0, next.length - 5)]))
    expect(rows(records).map((r) => r.offset)).toEqual([0])
    expect(records.nextOffset).toBe(1)
  })

  it('gives the batch max timestamp and type 1 to LogAppendTime records', async () => {
    const set = withAttributes(await batch(0, [{ key: 'a', value: 'v', timestampDelta: 7 }]), 0x08)
    const records = decoded(set)
    expect(records.timestamps![0]).toBe(1_700_000_000_500)
    expect(records.timestampTypes![0]).toBe(1)
  })

  it('fails with a KafkaException naming the partition and offset when a CRC does not match', async () => {
    const set = await batch(40, [{ key: 'a', value: 'one' }])
    set[set.length - 2]! ^= 1
    expect(() => decodeRecordSet(set, request())).toThrow(KafkaException)
    expect(() => decodeRecordSet(set, request())).toThrow(/Corrupt record batch at offset 40 of t-2: record batch CRC/)
  })

  it('fails on a record whose offset lies past its batch’s last offset (the columns are sized by that range)', async () => {
    const set = Buffer.from(
      await batch(40, [
        { key: 'a', value: 'one' },
        { key: 'b', value: 'two' },
      ]),
    )
    set.writeInt32BE(0, 23) // lastOffsetDelta: 1 → 0
    set.writeUInt32BE(kafkajsCrc32c(set.subarray(21)) >>> 0, 17)
    expect(() => decodeRecordSet(set, request())).toThrow(
      /Corrupt record batch at offset 40 of t-2: record 1 has offset 41/,
    )
  })

  it('neither checks nor decompresses batches at or past the end of the range (the rest of the byte limit)', async () => {
    const corruptAfter = await batch(1, [{ key: 'b', value: 'two' }])
    corruptAfter[corruptAfter.length - 2]! ^= 1
    const set = Buffer.concat([await batch(0, [{ key: 'a', value: 'one' }]), corruptAfter])
    const records = decoded(set, { until: 1 })
    expect(rows(records).map((r) => r.value)).toEqual(['one'])
    expect(records.nextOffset).toBe(1)
    expect(() => decodeRecordSet(set, request({ until: 2 }))).toThrow(/Corrupt record batch at offset 1 of t-2/)
  })

  it('decodes keys whose bytes outgrow the first 64 KiB of the key column, beside null keys', async () => {
    const inputs = Array.from({ length: 40 }, (_, i) => ({
      key: i % 7 === 3 ? null : String.fromCharCode(97 + (i % 26)).repeat(3000 + i),
      value: `v${i}`,
    }))
    const records = decoded(Buffer.concat([await batch(0, inputs.slice(0, 25)), await batch(25, inputs.slice(25))]))
    expect(rows(records).map((r) => [r.key, r.value])).toEqual(inputs.map((r) => [r.key, r.value]))
  })

  it('fails clearly on a compression codec it cannot decode', async () => {
    const set = withAttributes(await batch(0, [{ key: 'a', value: 'one' }]), 2)
    expect(() => decodeRecordSet(set, request())).toThrow(/Unsupported compression codec snappy .* offset 0 of t-2/)
  })

  it('skips control batches, and under read_committed the batches of aborted transactions', async () => {
    const producer = 7
    const set = Buffer.concat([
      await batch(0, [{ key: 'a', value: 'committed' }], { transactional: true, producerId: producer }),
      // A commit marker: control record key = version 0, type 1.
      withAttributes(await batch(1, [{ key: '\0\0\0\x01', value: '' }], { producerId: producer }), 0x30),
      await batch(2, [{ key: 'b', value: 'aborted' }], { transactional: true, producerId: producer }),
      withAttributes(await batch(3, [{ key: '\0\0\0\0', value: '' }], { producerId: producer }), 0x30),
      await batch(4, [{ key: 'c', value: 'after' }], { transactional: true, producerId: producer }),
    ])
    expect(rows(decoded(set)).map((r) => r.value)).toEqual(['committed', 'aborted', 'after'])
    const committed = decoded(set, {
      readCommitted: true,
      abortedTransactions: [{ producerId: producer, firstOffset: 2 }],
    })
    expect(rows(committed).map((r) => r.value)).toEqual(['committed', 'after'])
    expect(committed.nextOffset).toBe(5)
  })

  it('hands pre-0.11 message sets (magic 0 or 1) back as legacy', async () => {
    const set = Buffer.from(await batch(0, [{ key: 'a', value: 'one' }]))
    set[16] = 1
    expect(decodeRecordSet(set, request())).toEqual({ kind: 'legacy' })
  })
})
