// What the Kafka sink writes: KafkaWriter's column checks (topic, key, value, headers, partition) with Spark's
// texts, and a batch's rows turned into producer records by reading the Arrow buffers directly.
import { type Column, columnsOf, decodeUtf8, type RecordBatch, validityOf } from '../../arrow/index.js'
import { AnalysisException, IllegalStateException } from '../../common/errors.js'
import { ArrayType, BINARY, INTEGER, STRING } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { bytesAt, isValidAt } from '../row-bytes.js'
import { attributeFinder } from '../sink-attributes.js'
import type { KafkaHeader, ProducerRecord } from './kafka-client.js'

/** `array<struct<key:string,value:binary>>`, the headers column's type (KafkaRecordToRowConverter.headersType). */
export const HEADERS_TYPE = ArrayType(StructType([StructField('key', STRING), StructField('value', BINARY)]))

/** Where each written attribute is in the input (-1: absent), and the topic when the option gives it. */
export interface KafkaWriteColumns {
  readonly topic: string | undefined
  readonly topicIndex: number
  readonly keyIndex: number
  readonly valueIndex: number
  readonly headersIndex: number
  readonly partitionIndex: number
}

/**
 * `KafkaWriter.validateQuery`: `value` is required (string or binary); `key` is string or binary; `headers` has the
 * headers type; `partition` is an int; without the `topic` option a string `topic` column is required (the option
 * wins over the column). Attributes are found by exact name, as Spark does.
 */
export function kafkaWriteColumns(schema: StructType, topicOption: string | undefined): KafkaWriteColumns {
  const fail = (message: string): never => {
    throw new AnalysisException(message, { errorClass: '_LEGACY_ERROR_TEMP_3080' })
  }
  const find = attributeFinder(schema, fail)
  const topicIndex =
    topicOption !== undefined
      ? -1
      : find('topic', [STRING], () =>
          fail("topic option required when no 'topic' attribute is present. Use the topic option for setting a topic."),
        )
  const keyIndex = find('key', [STRING, BINARY], () => -1)
  const valueIndex = find('value', [STRING, BINARY], () => fail("Required attribute 'value' not found"))
  const headersIndex = find('headers', [HEADERS_TYPE], () => -1)
  const partitionIndex = find('partition', [INTEGER], () => -1)
  return { topic: topicOption, topicIndex, keyIndex, valueIndex, headersIndex, partitionIndex }
}

/** The header lists of a headers column, row by row (null list: no headers). */
function headerLists(column: Column): (KafkaHeader[] | null)[] {
  const bits = validityOf(column)
  const offsets = column.valueOffsets as Int32Array
  const struct = column.children[0]!
  const structBits = validityOf(struct)
  const [keys, values] = struct.children as [Column, Column]
  const keyBits = validityOf(keys)
  const valueBits = validityOf(values)
  const out: (KafkaHeader[] | null)[] = new Array(column.length)
  for (let i = 0; i < column.length; i++) {
    if (!isValidAt(bits, i)) {
      out[i] = null
      continue
    }
    const list: KafkaHeader[] = []
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      const key = isValidAt(structBits, j) ? bytesAt(keys, keyBits, j) : null
      if (key === null) throw new IllegalStateException('A header in the Kafka message data has a null key.')
      list.push({ key: decodeUtf8(key, 0, key.length), value: bytesAt(values, valueBits, j) })
    }
    out[i] = list
  }
  return out
}

/** The producer records of a batch: one per row, in row order. */
export function producerRecords(batch: RecordBatch, columns: KafkaWriteColumns): ProducerRecord[] {
  const all = columnsOf(batch)
  const column = (index: number) => (index < 0 ? undefined : all[index]!)
  const topicColumn = column(columns.topicIndex)
  const keyColumn = column(columns.keyIndex)
  const valueColumn = column(columns.valueIndex)!
  const partitionColumn = column(columns.partitionIndex)
  const headersColumn = column(columns.headersIndex)
  const topicBits = topicColumn && validityOf(topicColumn)
  const keyBits = keyColumn && validityOf(keyColumn)
  const valueBits = validityOf(valueColumn)
  const partitionBits = partitionColumn && validityOf(partitionColumn)
  const partitions = partitionColumn?.values as Int32Array | undefined
  const headers = headersColumn && headerLists(headersColumn)
  const records = new Array<ProducerRecord>(batch.numRows)
  for (let i = 0; i < batch.numRows; i++) {
    let topic = columns.topic
    if (topic === undefined) {
      const bytes = bytesAt(topicColumn!, topicBits ?? null, i)
      if (bytes === null) {
        throw new IllegalStateException(
          'The Kafka message data sent to the producer contains a null topic. Use the `topic` option for setting a default topic.',
        )
      }
      topic = decodeUtf8(bytes, 0, bytes.length)
    }
    records[i] = {
      topic,
      partition: partitions !== undefined && isValidAt(partitionBits ?? null, i) ? partitions[i]! : null,
      key: keyColumn === undefined ? null : bytesAt(keyColumn, keyBits ?? null, i),
      value: bytesAt(valueColumn, valueBits, i),
      headers: headers?.[i] ?? null,
    }
  }
  return records
}
