// The rows of the `redis` format: the source's schema and batches built from stream entries (fields as a map), and
// the sink's column checks and entries read straight from a batch's Arrow buffers.
import {
  binaryColumn,
  type Column,
  columnsOf,
  listColumn,
  makeBatch,
  numericColumn,
  type RecordBatch,
  stringColumn,
  structColumn,
  toArrowType,
} from '../../arrow/index.js'
import { AnalysisException, IllegalStateException } from '../../common/errors.js'
import { BINARY, MapType, STRING, TIMESTAMP } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { bitsOf, bytesAt, isValidAt, textAt } from '../row-bytes.js'
import { attributeFinder } from '../sink-attributes.js'
import type { RedisEntries, RedisOutgoing } from './redis-client.js'
import { idMillis } from './redis-ids.js'

/** `map<string,binary>`: an entry's field names and values (values are binary-safe in Redis). */
export const FIELDS_TYPE = MapType(STRING, BINARY)

/** `stream, id, timestamp, fields`; the timestamp is the id's milliseconds part. */
export const REDIS_SCHEMA = StructType([
  StructField('stream', STRING),
  StructField('id', STRING),
  StructField('timestamp', TIMESTAMP),
  StructField('fields', FIELDS_TYPE),
])

/** One batch of the source schema from the entries of several streams. */
export function entriesBatch(parts: readonly { readonly key: string; readonly entries: RedisEntries }[]): RecordBatch {
  let rows = 0
  let fieldCount = 0
  for (const { entries } of parts) {
    rows += entries.count
    fieldCount += entries.fieldNames.length
  }
  const streams = new Array<string>(rows)
  const ids = new Array<string>(rows)
  const timestamps = new Float64Array(rows)
  const offsets = new Int32Array(rows + 1)
  const names = new Array<string>(fieldCount)
  const values = new Array<Uint8Array>(fieldCount)
  let row = 0
  let field = 0
  for (const { key, entries } of parts) {
    for (let i = 0; i < entries.count; i++, row++) {
      streams[row] = key
      ids[row] = entries.ids[i]!
      timestamps[row] = idMillis(entries.ids[i]!) * 1000
      for (let f = entries.fieldOffsets[i]!; f < entries.fieldOffsets[i + 1]!; f++, field++) {
        names[field] = entries.fieldNames[f]!
        values[field] = entries.fieldValues[f]!
      }
      offsets[row + 1] = field
    }
  }
  const entryType = (toArrowType(FIELDS_TYPE) as unknown as { children: { type: never }[] }).children[0]!.type
  const pairs = structColumn(entryType, [stringColumn(names), binaryColumn(values)], fieldCount)
  const columns: Column[] = [
    stringColumn(streams),
    stringColumn(ids),
    numericColumn(TIMESTAMP, timestamps, null),
    listColumn(FIELDS_TYPE, offsets, pairs),
  ]
  return makeBatch(REDIS_SCHEMA, columns, rows)
}

/** Where each written attribute is in the sink's input (-1: absent), and the stream key when the option gives it. */
export interface RedisWriteColumns {
  readonly key: string | undefined
  readonly streamIndex: number
  readonly fieldsIndex: number
}

const WRITABLE_FIELDS = [MapType(STRING, STRING), MapType(STRING, BINARY)]

/**
 * The sink's columns, checked as KafkaWriter checks Kafka's: `fields` (a map of string to string or binary) is
 * required; without the `stream.key` option a string `stream` column is required (the option wins).
 */
export function redisWriteColumns(schema: StructType, keyOption: string | undefined): RedisWriteColumns {
  const fail = (message: string): never => {
    throw new AnalysisException(message)
  }
  const find = attributeFinder(schema, fail)
  const streamIndex =
    keyOption !== undefined
      ? -1
      : find('stream', [STRING], () =>
          fail(
            "stream.key option required when no 'stream' attribute is present. Use the stream.key option for setting a stream.",
          ),
        )
  const fieldsIndex = find('fields', WRITABLE_FIELDS, () => fail("Required attribute 'fields' not found"))
  return { key: keyOption, streamIndex, fieldsIndex }
}

/** The entries of a batch, one XADD per row in row order. */
export function outgoingEntries(batch: RecordBatch, columns: RedisWriteColumns): RedisOutgoing[] {
  const all = columnsOf(batch)
  const streamColumn = columns.streamIndex < 0 ? undefined : all[columns.streamIndex]!
  const streamBits = streamColumn && bitsOf(streamColumn)
  const fieldsColumn = all[columns.fieldsIndex]!
  const fieldsBits = bitsOf(fieldsColumn)
  const offsets = fieldsColumn.valueOffsets as Int32Array
  const pairs = fieldsColumn.children[0]!
  const [names, values] = pairs.children as [Column, Column]
  const nameBits = bitsOf(names)
  const valueBits = bitsOf(values)
  const out = new Array<RedisOutgoing>(batch.numRows)
  for (let i = 0; i < batch.numRows; i++) {
    let key = columns.key
    if (key === undefined) {
      const text = textAt(streamColumn!, streamBits ?? null, i)
      if (text === null) {
        throw new IllegalStateException(
          'The Redis entry data sent to XADD contains a null stream. Use the `stream.key` option for setting a default stream.',
        )
      }
      key = text
    }
    const fields: [string, Uint8Array][] = []
    if (isValidAt(fieldsBits, i)) {
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const name = textAt(names, nameBits, j)!
        const value = bytesAt(values, valueBits, j)
        if (value === null) {
          throw new IllegalStateException(
            `The Redis entry data sent to XADD contains a null value for field '${name}'.`,
          )
        }
        fields.push([name, value])
      }
    }
    if (fields.length === 0) {
      throw new IllegalStateException(
        'The Redis entry data sent to XADD has no fields: a stream entry needs at least one field.',
      )
    }
    out[i] = { key, fields }
  }
  return out
}
