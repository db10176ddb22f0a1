// The rows of the `nats` format: the source's schema and batches built from fetched messages, and the sink's column
// checks and messages read straight from a batch's Arrow buffers.
import {
  binaryColumn,
  type Column,
  columnFromValues,
  columnsOf,
  makeBatch,
  numericColumn,
  type RecordBatch,
  stringColumn,
} from '../../arrow/index.js'
import { AnalysisException, IllegalStateException } from '../../common/errors.js'
import { ArrayType, BINARY, LONG, STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { bitsOf, bytesAt, isValidAt, textAt } from '../row-bytes.js'
import { attributeFinder } from '../sink-attributes.js'
import type { NatsHeader, NatsMessages, NatsOutgoing } from './nats-client.js'

/** `array<struct<key:string,value:string>>`: NATS headers are text, and a key may repeat. */
export const NATS_HEADERS_TYPE = ArrayType(StructType([StructField('key', STRING), StructField('value', STRING)]))

/** `subject, data, stream, sequence, timestamp [, headers]`, every field nullable as in Kafka's schema. */
export function natsSchema(includeHeaders: boolean): StructType {
  const fields = [
    StructField('subject', STRING),
    StructField('data', BINARY),
    StructField('stream', STRING),
    StructField('sequence', LONG),
    StructField('timestamp', TIMESTAMP),
  ]
  return StructType(includeHeaders ? [...fields, StructField('headers', NATS_HEADERS_TYPE)] : fields)
}

/** One batch of the source schema from the messages of one stream. */
export function messagesBatch(schema: StructType, stream: string, messages: NatsMessages): RecordBatch {
  const rows = messages.count
  const columns: Column[] = [
    stringColumn(messages.subjects),
    binaryColumn(messages.data),
    stringColumn(new Array<string>(rows).fill(stream)),
    numericColumn(LONG, messages.sequences, null),
    numericColumn(TIMESTAMP, messages.timestamps, null),
  ]
  if (schema.fields.length > 5) {
    const headers = (messages.headers ?? []).map((list) => list.map((h) => ({ key: h.key, value: h.value })))
    columns.push(columnFromValues(NATS_HEADERS_TYPE, headers, 'headers'))
  }
  return makeBatch(schema, columns, rows)
}

/** Where each written attribute is in the sink's input (-1: absent), and the subject when the option gives it. */
export interface NatsWriteColumns {
  readonly subject: string | undefined
  readonly subjectIndex: number
  readonly dataIndex: number
  readonly headersIndex: number
}

/**
 * The sink's columns, checked as KafkaWriter checks Kafka's: `data` is required (string or binary); `headers` has the
 * headers type; without the `subject` option a string `subject` column is required (the option wins).
 */
export function natsWriteColumns(schema: StructType, subjectOption: string | undefined): NatsWriteColumns {
  const fail = (message: string): never => {
    throw new AnalysisException(message)
  }
  const find = attributeFinder(schema, fail)
  const subjectIndex =
    subjectOption !== undefined
      ? -1
      : find('subject', [STRING], () =>
          fail(
            "subject option required when no 'subject' attribute is present. Use the subject option for setting a subject.",
          ),
        )
  const dataIndex = find('data', [STRING, BINARY], () => fail("Required attribute 'data' not found"))
  const headersIndex = find('headers', [NATS_HEADERS_TYPE], () => -1)
  return { subject: subjectOption, subjectIndex, dataIndex, headersIndex }
}

const EMPTY = new Uint8Array(0)

/** The header lists of a headers column, row by row (a null list: no headers). */
function headerLists(column: Column): (NatsHeader[] | null)[] {
  const bits = bitsOf(column)
  const offsets = column.valueOffsets as Int32Array
  const struct = column.children[0]!
  const structBits = bitsOf(struct)
  const [keys, values] = struct.children as [Column, Column]
  const keyBits = bitsOf(keys)
  const valueBits = bitsOf(values)
  const out: (NatsHeader[] | null)[] = new Array(column.length)
  for (let i = 0; i < column.length; i++) {
    if (!isValidAt(bits, i)) {
      out[i] = null
      continue
    }
    const list: NatsHeader[] = []
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      const key = isValidAt(structBits, j) ? textAt(keys, keyBits, j) : null
      if (key === null) throw new IllegalStateException('A header in the NATS message data has a null key.')
      list.push({ key, value: textAt(values, valueBits, j) ?? '' })
    }
    out[i] = list
  }
  return out
}

/** The messages of a batch, one per row in row order (a null `data` publishes an empty message). */
export function outgoingMessages(batch: RecordBatch, columns: NatsWriteColumns): NatsOutgoing[] {
  const all = columnsOf(batch)
  const subjectColumn = columns.subjectIndex < 0 ? undefined : all[columns.subjectIndex]!
  const dataColumn = all[columns.dataIndex]!
  const subjectBits = subjectColumn && bitsOf(subjectColumn)
  const dataBits = bitsOf(dataColumn)
  const headers = columns.headersIndex < 0 ? undefined : headerLists(all[columns.headersIndex]!)
  const out = new Array<NatsOutgoing>(batch.numRows)
  for (let i = 0; i < batch.numRows; i++) {
    let subject = columns.subject
    if (subject === undefined) {
      const text = textAt(subjectColumn!, subjectBits ?? null, i)
      if (text === null) {
        throw new IllegalStateException(
          'The NATS message data sent to the publisher contains a null subject. Use the `subject` option for setting a default subject.',
        )
      }
      subject = text
    }
    out[i] = { subject, data: bytesAt(dataColumn, dataBits, i) ?? EMPTY, headers: headers?.[i] ?? null }
  }
  return out
}
