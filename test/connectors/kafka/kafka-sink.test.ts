// The Kafka sink: KafkaWriter's column rules and texts, rows to producer records, and failures that fail the batch.
import { describe, expect, it } from 'vitest'
import { batchFromRows } from '../../../src/arrow/index.js'
import { AnalysisException, IllegalArgumentException, IllegalStateException } from '../../../src/common/errors.js'
import { kafkaSinkProvider } from '../../../src/connectors/kafka/kafka-sink.js'
import { Options } from '../../../src/connectors/options.js'
import type { Sink } from '../../../src/connectors/sink.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import type { StructType } from '../../../src/types/struct-type.js'
import { FakeKafkaClient } from '../../support/fake-kafka-client.js'

const servers = { 'kafka.bootstrap.servers': 'localhost:9092' }

function sinkFor(schema: StructType, options: Record<string, string>, client = new FakeKafkaClient()): Sink {
  return kafkaSinkProvider(() => client).create({
    schema,
    outputMode: 'append',
    options: new Options(Object.entries(options)),
    queryName: undefined,
    conf: () => undefined,
    write: () => {},
  })
}

const text = (bytes: Uint8Array | null) => (bytes === null ? null : new TextDecoder().decode(bytes))
const bytes = (s: string) => new TextEncoder().encode(s)

describe('Kafka sink columns (KafkaWriter.validateQuery)', () => {
  const rejected: [string, string, Record<string, string>, string][] = [
    [
      'no topic column and no topic option',
      'value STRING',
      servers,
      "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.",
    ],
    ['no value column', 'topic STRING, key STRING', servers, "Required attribute 'value' not found"],
    [
      'a topic column that is not a string',
      'topic INT, value STRING',
      servers,
      'topic attribute unsupported type int. topic must be a(n) string',
    ],
    [
      'a value column that is neither string nor binary',
      'value BIGINT',
      { ...servers, topic: 't' },
      'value attribute unsupported type bigint. value must be a(n) string or binary',
    ],
    [
      'a key column that is neither string nor binary',
      'key DOUBLE, value STRING',
      { ...servers, topic: 't' },
      'key attribute unsupported type double. key must be a(n) string or binary',
    ],
    [
      'a headers column of another type',
      'value STRING, headers MAP<STRING, BINARY>',
      { ...servers, topic: 't' },
      'headers attribute unsupported type map<string,binary>. headers must be a(n) array<struct<key:string,value:binary>>',
    ],
    [
      'a partition column that is not an int',
      'value STRING, partition BIGINT',
      { ...servers, topic: 't' },
      'partition attribute unsupported type bigint. partition must be a(n) int',
    ],
  ]
  for (const [what, schema, options, message] of rejected) {
    it(`rejects ${what}`, () => {
      const create = () => sinkFor(parseSchemaString(schema), options)
      expect(create).toThrow(AnalysisException)
      expect(create).toThrow(message)
    })
  }

  it('rejects the serializer options, as kafkaParamsForProducer does', () => {
    const schema = parseSchemaString('value STRING')
    expect(() => sinkFor(schema, { ...servers, topic: 't', 'kafka.key.serializer': 'x' })).toThrow(
      new IllegalArgumentException(
        "Kafka option 'key.serializer' is not supported as keys are serialized with ByteArraySerializer.",
      ),
    )
    expect(() => sinkFor(schema, { ...servers, topic: 't', 'kafka.value.serializer': 'x' })).toThrow(
      "Kafka option 'value.serializer' is not supported as value are serialized with ByteArraySerializer.",
    )
  })

  it('needs kafka.bootstrap.servers', () => {
    expect(() => sinkFor(parseSchemaString('value STRING'), { topic: 't' })).toThrow(
      'Missing required configuration "bootstrap.servers" which has no default value.',
    )
  })
})

describe('Kafka sink records', () => {
  it('sends value, key, partition and headers of each row; the topic option wins over a topic column', async () => {
    const schema = parseSchemaString(
      'topic STRING, key STRING, value BINARY, partition INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>',
    )
    const client = new FakeKafkaClient()
    client.createTopic('chosen', 3)
    const sink = sinkFor(schema, { ...servers, topic: ' chosen ' }, client)
    await sink.addBatch(
      0,
      batchFromRows(schema, [
        [
          'ignored',
          'k1',
          bytes('v1'),
          2,
          [
            { key: 'h', value: bytes('x') },
            { key: 'h', value: null },
          ],
        ],
        ['ignored', null, null, null, null],
        ['ignored', 'ключ', bytes(''), 0, []],
      ]),
    )
    expect(
      client.produced.map((r) => [
        r.topic,
        text(r.key),
        text(r.value),
        r.partition,
        r.headers?.map((h) => [h.key, text(h.value)]),
      ]),
    ).toEqual([
      [
        'chosen',
        'k1',
        'v1',
        2,
        [
          ['h', 'x'],
          ['h', null],
        ],
      ],
      ['chosen', null, null, null, undefined],
      ['chosen', 'ключ', '', 0, []],
    ])
  })

  it("takes each row's topic from the topic column, and string values as their UTF-8 bytes", async () => {
    const schema = parseSchemaString('topic STRING, value STRING')
    const client = new FakeKafkaClient()
    const sink = sinkFor(schema, servers, client)
    await sink.addBatch(
      0,
      batchFromRows(schema, [
        ['a', 'é'],
        ['b', 'two words'],
      ]),
    )
    expect(client.produced.map((r) => [r.topic, [...(r.value ?? [])]])).toEqual([
      ['a', [0xc3, 0xa9]],
      ['b', [...bytes('two words')]],
    ])
  })

  it("fails on a null topic with Spark's text", async () => {
    const schema = parseSchemaString('topic STRING, value STRING')
    const sink = sinkFor(schema, servers)
    const write = sink.addBatch(
      0,
      batchFromRows(schema, [
        ['a', 'x'],
        [null, 'y'],
      ]),
    )
    await expect(write).rejects.toThrow(IllegalStateException)
    await expect(write).rejects.toThrow(
      'The Kafka message data sent to the producer contains a null topic. Use the `topic` option for setting a default topic.',
    )
  })

  it('fails the batch with the producer error, and writes the batch when it is retried', async () => {
    const schema = parseSchemaString('value STRING')
    const client = new FakeKafkaClient()
    const sink = sinkFor(schema, { ...servers, topic: 't' }, client)
    client.failNextProduce = new Error('broker went away')
    await expect(sink.addBatch(0, batchFromRows(schema, [['x']]))).rejects.toThrow('broker went away')
    await sink.addBatch(0, batchFromRows(schema, [['x']]))
    expect(client.produced.map((r) => text(r.value))).toEqual(['x'])
  })

  it('skips a batch id it has already written in this run, and closes its client on stop', async () => {
    const schema = parseSchemaString('value STRING')
    const client = new FakeKafkaClient()
    const sink = sinkFor(schema, { ...servers, topic: 't' }, client)
    await sink.addBatch(0, batchFromRows(schema, [['first']]))
    await sink.addBatch(0, batchFromRows(schema, [['replayed']]))
    await sink.addBatch(1, batchFromRows(schema, [['second']]))
    expect(client.produced.map((r) => text(r.value))).toEqual(['first', 'second'])
    await sink.stop!()
    expect(client.closed).toBe(true)
  })
})
