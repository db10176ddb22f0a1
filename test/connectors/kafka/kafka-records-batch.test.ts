// Fetched records of several partitions as one batch of the Kafka schema's fields a query reads.
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../../src/arrow/index.js'
import { byteValuesOf, type FetchedRecords } from '../../../src/connectors/kafka/kafka-client.js'
import { recordFieldsOf, recordsBatch } from '../../../src/connectors/kafka/kafka-records-batch.js'
import { parseSchemaString } from '../../../src/types/ddl.js'

const bytes = (text: string | null) => (text === null ? null : new TextEncoder().encode(text))

/** Records of one partition from offset `first`, keys as given, timestamps 1000 ms apart; values left out. */
function fetched(first: number, keys: (string | null)[]): FetchedRecords {
  return {
    kind: 'records',
    count: keys.length,
    offsets: Float64Array.from(keys, (_, i) => first + i),
    timestamps: Float64Array.from(keys, (_, i) => 1_700_000_000_000 + 1000 * (first + i)),
    timestampTypes: new Int32Array(keys.length),
    keys: byteValuesOf(keys.map(bytes)),
    values: undefined,
    headers: undefined,
    nextOffset: first + keys.length,
    highWatermark: first + keys.length,
  }
}

describe('recordsBatch', () => {
  it('builds only the fields asked for, joining the partitions in order', () => {
    const schema = parseSchemaString('key BINARY, partition INT, offset BIGINT, timestamp TIMESTAMP')
    const batch = recordsBatch(schema, [
      { topic: 't', partition: 0, records: fetched(5, ['a', null]) },
      { topic: 't', partition: 2, records: fetched(0, ['b']) },
    ])
    expect(batch.schema.fields.map((f) => f.name)).toEqual(['key', 'partition', 'offset', 'timestamp'])
    const rows = rowsOf(batch, schema).map((r) => ({
      ...r,
      key: r.key === null ? null : new TextDecoder().decode(r.key as Uint8Array),
    }))
    expect(rows).toEqual([
      { key: 'a', partition: 0, offset: 5, timestamp: new Date(1_700_000_005_000) },
      { key: null, partition: 0, offset: 6, timestamp: new Date(1_700_000_006_000) },
      { key: 'b', partition: 2, offset: 0, timestamp: new Date(1_700_000_000_000) },
    ])
  })

  it('fails with a typed error when the client left out a part the batch needs', () => {
    const schema = parseSchemaString('value BINARY')
    expect(() => recordsBatch(schema, [{ topic: 't', partition: 0, records: fetched(0, ['a']) }])).toThrow(
      "The Kafka client left out the records' value",
    )
  })

  it('asks the client for the parts of a record its fields read', () => {
    expect(recordFieldsOf(parseSchemaString('key BINARY, offset BIGINT'))).toEqual({
      key: true,
      value: false,
      timestamp: false,
    })
    expect(recordFieldsOf(parseSchemaString('timestampType INT'))).toEqual({
      key: false,
      value: false,
      timestamp: true,
    })
    expect(recordFieldsOf(undefined)).toEqual({ key: true, value: true, timestamp: true })
  })
})
