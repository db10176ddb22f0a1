// Kafka's Fetch v4 response read just far enough to find one partition's header and its record set bytes, which
// kafka-record-batches decodes into columns (kafkajs's own decoder builds an object per record).
import type { TopicPartition } from './kafka-client.js'
import { KafkaException } from './kafka-exception.js'
import type { AbortedTransaction } from './kafka-record-batches.js'

/** One partition's part of a Fetch v4 response. */
export interface PartitionFetch {
  readonly errorCode: number
  readonly highWatermark: number
  readonly abortedTransactions: readonly AbortedTransaction[]
  /** The record set: whole batches, possibly ending in a partial one. */
  readonly recordSet: Uint8Array
}

const TWO_32 = 4294967296

/** Reads big-endian fields of a response, failing with a clear error instead of reading past its end. */
class Reader {
  private readonly view: DataView
  at = 0

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  }

  private need(count: number): number {
    const at = this.at
    if (count < 0 || at + count > this.bytes.length) {
      throw new KafkaException(`Malformed Fetch response: ${count} bytes wanted at ${at} of ${this.bytes.length}`)
    }
    this.at += count
    return at
  }

  int16 = () => this.view.getInt16(this.need(2))
  int32 = () => this.view.getInt32(this.need(4))
  int64 = () => {
    const at = this.need(8)
    return this.view.getInt32(at) * TWO_32 + this.view.getUint32(at + 4)
  }
  string = () => {
    const length = this.int16()
    return length < 0 ? '' : new TextDecoder().decode(this.bytes.subarray(this.need(length), this.at))
  }
  /** A length-prefixed byte string (a view); null length gives an empty one. */
  bytesField = () => {
    const length = this.int32()
    return length < 0 ? new Uint8Array(0) : this.bytes.subarray(this.need(length), this.at)
  }
}

/**
 * The part of a Fetch v4 response (the payload after the correlation id) for one topic-partition, or undefined when
 * the response does not hold it.
 */
export function partitionOfFetchV4(payload: Uint8Array, wanted: TopicPartition): PartitionFetch | undefined {
  const reader = new Reader(payload)
  reader.int32() // throttle_time_ms
  const topics = reader.int32()
  for (let t = 0; t < topics; t++) {
    const topic = reader.string()
    const partitions = reader.int32()
    for (let p = 0; p < partitions; p++) {
      const partition = reader.int32()
      const errorCode = reader.int16()
      const highWatermark = reader.int64()
      reader.int64() // last_stable_offset
      const abortedCount = reader.int32()
      const abortedTransactions: AbortedTransaction[] = []
      for (let a = 0; a < abortedCount; a++) {
        abortedTransactions.push({ producerId: reader.int64(), firstOffset: reader.int64() })
      }
      const recordSet = reader.bytesField()
      if (topic === wanted.topic && partition === wanted.partition) {
        return { errorCode, highWatermark, abortedTransactions, recordSet }
      }
    }
  }
  return undefined
}
