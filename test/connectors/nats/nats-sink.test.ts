// writeStream.format('nats'): the column checks, and rows published to a real nats-server -js, read back through
// the `nats` package itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnalysisException } from '../../../src/common/errors.js'
import { NatsException } from '../../../src/connectors/nats/nats-exception.js'
import { natsWriteColumns } from '../../../src/connectors/nats/nats-rows.js'
import { MemoryStream, StreamingQueryException } from '../../../src/index.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { NatsAdmin } from '../../support/nats-admin.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'
import { tempDir } from '../../support/temp-files.js'

const nats = testServer('nats')

describe('NATS sink columns', () => {
  const columns = (ddl: string, subject?: string) => natsWriteColumns(parseSchemaString(ddl), subject)

  it('finds data, subject and headers by name; the subject option wins over a subject column', () => {
    expect(columns('x INT, data STRING, subject STRING')).toEqual({
      subject: undefined,
      subjectIndex: 2,
      dataIndex: 1,
      headersIndex: -1,
    })
    expect(columns('subject STRING, data BINARY, headers ARRAY<STRUCT<key: STRING, value: STRING>>', 'out')).toEqual({
      subject: 'out',
      subjectIndex: -1,
      dataIndex: 1,
      headersIndex: 2,
    })
  })

  const rejected: [string, string, string | undefined, string][] = [
    [
      'no subject column and no subject option',
      'data STRING',
      undefined,
      "subject option required when no 'subject' attribute is present. Use the subject option for setting a subject.",
    ],
    ['no data column', 'subject STRING', undefined, "Required attribute 'data' not found"],
    [
      'a numeric data column',
      'data INT',
      'out',
      'data attribute unsupported type int. data must be a(n) string or binary',
    ],
    [
      'a binary subject column',
      'subject BINARY, data STRING',
      undefined,
      'subject attribute unsupported type binary. subject must be a(n) string',
    ],
    [
      'headers of binary values',
      'data STRING, headers ARRAY<STRUCT<key: STRING, value: BINARY>>',
      'out',
      'headers attribute unsupported type array<struct<key:string,value:binary>>. headers must be a(n) array<struct<key:string,value:string>>',
    ],
  ]
  for (const [what, ddl, subject, message] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => columns(ddl, subject)).toThrow(AnalysisException)
      expect(() => columns(ddl, subject)).toThrow(message)
    })
  }
})

nats.describe('the NATS sink in a streaming query', () => {
  let admin: NatsAdmin
  beforeAll(async () => {
    admin = await NatsAdmin.connect(nats.address)
  })
  afterAll(() => admin.close())

  it('publishes every row of every batch to its subject, with headers, in row order', async () => {
    await admin.createStream('OUT', ['out.>'])
    const input = new MemoryStream(newSession(), 'word STRING, n INT')
    const query = input
      .toDF()
      .selectExpr(
        "concat('out.', word) AS subject",
        "concat(word, ':', CAST(n AS STRING)) AS data",
        "array(named_struct('key', 'n', 'value', CAST(n AS STRING))) AS headers",
      )
      .writeStream.format('nats')
      .option('nats.servers', nats.address)
      .option('checkpointLocation', tempDir())
      .start()
    try {
      input.addData([
        ['apple', 1],
        ['pear', 2],
      ])
      await query.processAllAvailable()
      input.addData([['apple', 3]])
      await query.processAllAvailable()
    } finally {
      await query.stop()
    }
    expect(await admin.messages('OUT')).toEqual([
      { seq: 1, subject: 'out.apple', data: 'apple:1', headers: { n: ['1'] } },
      { seq: 2, subject: 'out.pear', data: 'pear:2', headers: { n: ['2'] } },
      { seq: 3, subject: 'out.apple', data: 'apple:3', headers: { n: ['3'] } },
    ])
  })

  it('fails the query with a NatsException when no stream captures the subject', async () => {
    const input = new MemoryStream(newSession(), 'data STRING')
    const query = input
      .toDF()
      .writeStream.format('nats')
      .option('nats.servers', nats.address)
      .option('subject', 'nowhere.x')
      .option('checkpointLocation', tempDir())
      .start()
    input.addData([['lost']])
    await expect(query.processAllAvailable()).rejects.toThrow(StreamingQueryException)
    expect(query.exception()!.cause).toBeInstanceOf(NatsException)
    expect((query.exception()!.cause as Error).message).toBe(
      'Cannot publish to nowhere.x: no stream captures the subject (503 no responders)',
    )
  })
})
