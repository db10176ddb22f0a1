// Decodes a Fetch response's record set (Kafka's v2 record batches) straight into column buffers: typed arrays for
// offsets and timestamps, one byte buffer plus offsets for keys and for values, no object per record.

import * as zlib from 'node:zlib'
import { gunzipSync } from 'node:zlib'
import { crc32c } from './crc32c.js'
import {
  ALL_RECORD_FIELDS,
  type ByteValues,
  type KafkaHeader,
  type RecordColumns,
  type RecordFields,
  type TopicPartition,
  topicPartitionText,
} from './kafka-client.js'
import { KafkaException } from './kafka-exception.js'

/** An aborted transaction a read_committed Fetch response lists: its producer and its first offset. */
export interface AbortedTransaction {
  readonly producerId: number
  readonly firstOffset: number
}

export interface RecordSetRequest {
  readonly partition: TopicPartition
  /** Records before this offset are dropped (a batch may start before it). */
  readonly from: number
  /** Records at or past this offset are dropped. */
  readonly until: number
  readonly includeHeaders: boolean
  /** The parts of each record decoded into columns (default: all). */
  readonly fields?: RecordFields
  /** Drops aborted transactional batches, as Kafka's consumer does under isolation.level=read_committed. */
  readonly readCommitted: boolean
  readonly abortedTransactions: readonly AbortedTransaction[]
}

/**
 * The records of a set's whole batches in range; `nextOffset` is after the last batch's last offset (records, markers
 * and compacted gaps alike).
 */
export interface DecodedRecords extends RecordColumns {
  readonly kind: 'decoded'
}

/** The set holds pre-0.11 message sets (magic 0 or 1), which this decoder leaves to another. */
export interface LegacyRecords {
  readonly kind: 'legacy'
}

/** A batch's header: 61 bytes from its base offset to its record count. */
const HEADER_BYTES = 61
/** The bytes before a batch's length field counts from: base offset (8) and length (4). */
const LOG_OVERHEAD = 12
const MAGIC_AT = 16
const CRC_AT = 17
const ATTRIBUTES_AT = 21
const COMPRESSION_MASK = 0x07
const LOG_APPEND_TIME_FLAG = 0x08
const TRANSACTIONAL_FLAG = 0x10
const CONTROL_FLAG = 0x20
const NO_PRODUCER_ID = -1
/** The control record type of an abort marker (its key is version int16, type int16). */
const ABORT_MARKER = 0
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd']

const TWO_32 = 4294967296

const int64At = (view: DataView, at: number): number => view.getInt32(at) * TWO_32 + view.getUint32(at + 4)

/** One whole batch of the set, its records' bytes decompressed. */
interface Batch {
  readonly baseOffset: number
  readonly lastOffset: number
  readonly baseTimestamp: number
  readonly maxTimestamp: number
  readonly attributes: number
  readonly producerId: number
  readonly recordCount: number
  /** The records' bytes: the set itself, or the decompressed records of a compressed batch. */
  readonly data: Uint8Array
  readonly start: number
  readonly end: number
  /** The batch's whole size in the set, header included. */
  readonly size: number
}

/** Decodes the whole batches of a record set (a partial batch at its end, cut by the byte limit, is left out). */
export function decodeRecordSet(set: Uint8Array, request: RecordSetRequest): DecodedRecords | LegacyRecords {
  const batches = wholeBatches(set, request)
  if (batches === null) return { kind: 'legacy' }
  let capacity = 0
  let byteCapacity = 0
  for (const b of batches) {
    if (b.lastOffset < request.from || b.baseOffset >= request.until) continue
    // Records have distinct offsets in [baseOffset, lastOffset], of which only those in range are kept; a record
    // takes at least 7 bytes, so a corrupt count cannot make this allocate more than the bytes allow either.
    const inRange = Math.min(b.lastOffset, request.until - 1) - Math.max(b.baseOffset, request.from) + 1
    capacity += Math.max(0, Math.min(b.recordCount, b.end - b.start, inRange))
    byteCapacity += b.end - b.start
  }
  const out = new ColumnsBuilder(capacity, byteCapacity, request.fields ?? ALL_RECORD_FIELDS, request.includeHeaders)
  const aborted = [...request.abortedTransactions].sort((a, b) => a.firstOffset - b.firstOffset)
  const abortedProducers = new Set<number>()
  let nextAborted = 0
  let nextOffset = request.from
  for (const batch of batches) {
    if (batch.lastOffset < request.from) continue
    if (batch.baseOffset >= request.until) break
    nextOffset = Math.max(nextOffset, Math.min(batch.lastOffset + 1, request.until))
    out.sizeBytes += batch.size
    const control = (batch.attributes & CONTROL_FLAG) !== 0
    if (request.readCommitted && batch.producerId !== NO_PRODUCER_ID) {
      // Kafka's Fetcher: transactions aborted at or before this batch's end; an abort marker closes its producer's.
      while (nextAborted < aborted.length && aborted[nextAborted]!.firstOffset <= batch.lastOffset) {
        abortedProducers.add(aborted[nextAborted++]!.producerId)
      }
      if (control) {
        if (controlType(batch, request) === ABORT_MARKER) abortedProducers.delete(batch.producerId)
      } else if ((batch.attributes & TRANSACTIONAL_FLAG) !== 0 && abortedProducers.has(batch.producerId)) {
        continue
      }
    }
    if (!control) decodeRecords(batch, request, out)
  }
  return { kind: 'decoded', ...out.finish(), nextOffset }
}

/** The set's whole v2 batches, checked (length, CRC) and decompressed; null if it holds a legacy message set. */
function wholeBatches(set: Uint8Array, request: RecordSetRequest): Batch[] | null {
  const view = new DataView(set.buffer, set.byteOffset, set.byteLength)
  const batches: Batch[] = []
  let at = 0
  while (at + HEADER_BYTES <= set.length) {
    const length = view.getInt32(at + 8)
    const end = at + LOG_OVERHEAD + length
    if (end > set.length) break
    const magic = set[at + MAGIC_AT]!
    if (magic < 2) return null
    const baseOffset = int64At(view, at)
    if (magic !== 2 || length < HEADER_BYTES - LOG_OVERHEAD) {
      throw corrupt(request, baseOffset, `record batch magic ${magic} and length ${length}`)
    }
    // Batches past the range are neither checked nor decompressed (a fetch returns up to its byte limit).
    if (baseOffset >= request.until) break
    const crc = view.getUint32(at + CRC_AT)
    if (crc32c(set, at + ATTRIBUTES_AT, end) !== crc) {
      throw corrupt(request, baseOffset, `record batch CRC mismatch (stored ${crc})`)
    }
    const attributes = view.getInt16(at + ATTRIBUTES_AT)
    let data = set
    let start = at + HEADER_BYTES
    let dataEnd = end
    const codec = attributes & COMPRESSION_MASK
    if (codec !== 0) {
      data = decompress(codec, set.subarray(start, end), request, baseOffset)
      start = 0
      dataEnd = data.length
    }
    batches.push({
      baseOffset,
      lastOffset: baseOffset + view.getInt32(at + 23),
      baseTimestamp: int64At(view, at + 27),
      maxTimestamp: int64At(view, at + 35),
      attributes,
      producerId: int64At(view, at + 43),
      recordCount: view.getInt32(at + 57),
      data,
      start,
      end: dataEnd,
      size: end - at,
    })
    at = end
  }
  return batches
}

type Decompressor = (bytes: Uint8Array) => Uint8Array
/** zstd comes with Node 22.15 and later. */
const zstd = (zlib as unknown as { zstdDecompressSync?: Decompressor }).zstdDecompressSync

function decompress(codec: number, bytes: Uint8Array, request: RecordSetRequest, baseOffset: number): Uint8Array {
  const decompressor: Decompressor | undefined = codec === 1 ? gunzipSync : codec === 4 ? zstd : undefined
  if (decompressor === undefined) {
    throw new KafkaException(
      `Unsupported compression codec ${CODECS[codec] ?? codec} in the record batch at offset ${baseOffset} of ` +
        `${topicPartitionText(request.partition)} (supported: none, gzip${zstd ? ', zstd' : ''})`,
    )
  }
  try {
    return decompressor(bytes)
  } catch (error) {
    throw corrupt(request, baseOffset, `${CODECS[codec]} data that does not decompress`, error)
  }
}

function corrupt(request: RecordSetRequest, baseOffset: number, what: string, cause?: unknown): KafkaException {
  return new KafkaException(
    `Corrupt record batch at offset ${baseOffset} of ${topicPartitionText(request.partition)}: ${what}`,
    cause === undefined ? undefined : { cause },
  )
}

/** A byte cursor over varint-framed records. */
class Cursor {
  constructor(
    readonly bytes: Uint8Array,
    public at: number,
  ) {}

  /** A zigzag varint (32-bit). */
  varint(): number {
    const bytes = this.bytes
    let b = bytes[this.at++]!
    let raw = b & 0x7f
    for (let shift = 7; b & 0x80 && shift < 35; shift += 7) {
      b = bytes[this.at++]!
      raw |= (b & 0x7f) << shift
    }
    return (raw >>> 1) ^ -(raw & 1)
  }

  /** A zigzag varlong, exact within ±2^53. */
  varlong(): number {
    const bytes = this.bytes
    let b = bytes[this.at++]!
    if ((b & 0x80) === 0) return (b >>> 1) ^ -(b & 1)
    let raw = b & 0x7f
    let scale = 128
    do {
      b = bytes[this.at++]!
      raw += (b & 0x7f) * scale
      scale *= 128
    } while (b & 0x80 && scale < 2 ** 70)
    return raw % 2 === 1 ? -(raw + 1) / 2 : raw / 2
  }
}

/** The type of a control batch's marker: the int16 after the version in its first record's key. */
function controlType(batch: Batch, request: RecordSetRequest): number {
  const cursor = new Cursor(batch.data, batch.start)
  cursor.varint() // length
  cursor.at++ // attributes
  cursor.varlong() // timestamp delta
  cursor.varint() // offset delta
  const keyLength = cursor.varint()
  if (keyLength < 4 || cursor.at + keyLength > batch.end) throw corrupt(request, batch.baseOffset, 'control record key')
  return (batch.data[cursor.at + 2]! << 8) | batch.data[cursor.at + 3]!
}

function decodeRecords(batch: Batch, request: RecordSetRequest, out: ColumnsBuilder): void {
  const { data, end } = batch
  const cursor = new Cursor(data, batch.start)
  const logAppendTime = (batch.attributes & LOG_APPEND_TIME_FLAG) !== 0
  const timestampType = logAppendTime ? 1 : 0
  const { offsets, timestamps, timestampTypes, keys, values } = out
  for (let r = 0; r < batch.recordCount; r++) {
    if (cursor.at >= end) throw corrupt(request, batch.baseOffset, `${batch.recordCount} records claimed, ${r} found`)
    const length = cursor.varint()
    const recordEnd = cursor.at + length
    if (length < 0 || recordEnd > end) throw corrupt(request, batch.baseOffset, `record ${r} overruns its batch`)
    cursor.at++ // record attributes, unused
    const timestampDelta = cursor.varlong()
    const offset = batch.baseOffset + cursor.varint()
    const keyLength = cursor.varint()
    const keyAt = cursor.at
    cursor.at += keyLength > 0 ? keyLength : 0
    const valueLength = cursor.varint()
    const valueAt = cursor.at
    cursor.at += valueLength > 0 ? valueLength : 0
    if (keyLength < -1 || valueLength < -1 || cursor.at > recordEnd) {
      throw corrupt(request, batch.baseOffset, `record ${r} has key or value lengths past its end`)
    }
    if (offset < batch.baseOffset || offset > batch.lastOffset) {
      throw corrupt(request, batch.baseOffset, `record ${r} has offset ${offset}, outside the batch's offsets`)
    }
    if (offset >= request.from && offset < request.until) {
      const row = out.count++
      offsets[row] = offset
      if (timestamps !== undefined) {
        timestamps[row] = logAppendTime ? batch.maxTimestamp : batch.baseTimestamp + timestampDelta
        timestampTypes![row] = timestampType
      }
      keys?.append(row, data, keyAt, keyLength)
      values?.append(row, data, valueAt, valueLength)
      if (out.headers !== undefined) out.headers.push(decodeHeaders(cursor, recordEnd, request, batch))
    }
    cursor.at = recordEnd
  }
  if (cursor.at !== end) throw corrupt(request, batch.baseOffset, `${end - cursor.at} bytes after its records`)
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

function decodeHeaders(cursor: Cursor, recordEnd: number, request: RecordSetRequest, batch: Batch): KafkaHeader[] {
  const count = cursor.varint()
  const headers: KafkaHeader[] = []
  const bytes = cursor.bytes
  for (let h = 0; h < count; h++) {
    const keyLength = cursor.varint()
    const keyAt = cursor.at
    cursor.at += Math.max(0, keyLength)
    const valueLength = cursor.varint()
    const valueAt = cursor.at
    cursor.at += Math.max(0, valueLength)
    if (keyLength < 0 || valueLength < -1 || cursor.at > recordEnd) {
      throw corrupt(request, batch.baseOffset, 'record header past its record')
    }
    headers.push({
      key: utf8.decode(bytes.subarray(keyAt, keyAt + keyLength)),
      value: valueLength < 0 ? null : bytes.slice(valueAt, valueAt + valueLength),
    })
  }
  return headers
}

/** Bytes a key column starts with per record (and at most in all); it doubles as needed, up to the batches' size. */
const INITIAL_KEY_BYTES_PER_RECORD = 16
const MAX_INITIAL_KEY_BYTES = 1 << 16

/**
 * A growing Binary column. The batches' sizes bound its bytes; it starts there (values) or small and doubles (keys,
 * usually a small part of each record): a column's buffer lives as long as the batch, so slack costs memory.
 */
class ByteValuesBuilder {
  readonly offsets: Int32Array
  private bytes: Uint8Array
  private validity: Uint8Array | null = null
  private size = 0

  constructor(
    private readonly capacity: number,
    private readonly byteCapacity: number,
    initialBytes = byteCapacity,
  ) {
    this.offsets = new Int32Array(capacity + 1)
    this.bytes = new Uint8Array(Math.min(initialBytes, byteCapacity))
  }

  append(row: number, source: Uint8Array, at: number, length: number): void {
    if (length < 0) {
      this.validity ??= new Uint8Array((this.capacity + 7) >> 3).fill(255)
      this.validity[row >> 3]! &= ~(1 << (row & 7))
    } else if (length > 0) {
      if (this.size + length > this.bytes.length) this.grow(this.size + length)
      const bytes = this.bytes
      if (length < 64) {
        for (let i = 0, to = this.size; i < length; i++) bytes[to + i] = source[at + i]!
      } else {
        bytes.set(source.subarray(at, at + length), this.size)
      }
      this.size += length
    }
    this.offsets[row + 1] = this.size
  }

  private grow(needed: number): void {
    let size = Math.max(1, this.bytes.length)
    while (size < needed) size *= 2
    const bytes = new Uint8Array(Math.max(needed, Math.min(size, this.byteCapacity)))
    bytes.set(this.bytes.subarray(0, this.size))
    this.bytes = bytes
  }

  finish(count: number): ByteValues {
    return {
      offsets: this.offsets.subarray(0, count + 1),
      // A view: the source copies the bytes once more when it joins the partitions' records into one column.
      bytes: this.bytes.subarray(0, this.size),
      validity: this.validity === null ? null : this.validity.subarray(0, (count + 7) >> 3),
    }
  }
}

/** The columns of a record set's records, only those of the fields asked for allocated. */
class ColumnsBuilder {
  count = 0
  sizeBytes = 0
  readonly offsets: Float64Array
  readonly timestamps: Float64Array | undefined
  readonly timestampTypes: Int32Array | undefined
  readonly keys: ByteValuesBuilder | undefined
  readonly values: ByteValuesBuilder | undefined
  readonly headers: KafkaHeader[][] | undefined

  constructor(capacity: number, byteCapacity: number, fields: RecordFields, includeHeaders: boolean) {
    this.offsets = new Float64Array(capacity)
    this.timestamps = fields.timestamp ? new Float64Array(capacity) : undefined
    this.timestampTypes = fields.timestamp ? new Int32Array(capacity) : undefined
    // A fetch of a few hundred records (one record batch per partition) needs a few kilobytes of keys, not 64 KiB.
    const keyBytes = Math.min(MAX_INITIAL_KEY_BYTES, capacity * INITIAL_KEY_BYTES_PER_RECORD)
    this.keys = fields.key ? new ByteValuesBuilder(capacity, byteCapacity, keyBytes) : undefined
    this.values = fields.value ? new ByteValuesBuilder(capacity, byteCapacity) : undefined
    this.headers = includeHeaders ? [] : undefined
  }

  finish(): Omit<RecordColumns, 'nextOffset'> {
    const n = this.count
    return {
      count: n,
      offsets: this.offsets.subarray(0, n),
      timestamps: this.timestamps?.subarray(0, n),
      timestampTypes: this.timestampTypes?.subarray(0, n),
      keys: this.keys?.finish(n),
      values: this.values?.finish(n),
      headers: this.headers,
      sizeBytes: this.sizeBytes,
    }
  }
}
