// writeStream.format('redis'): the column checks, and rows added to a real redis-server's streams, read back through
// ioredis itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AnalysisException, IllegalStateException } from '../../../src/common/errors.js'
import { RedisException } from '../../../src/connectors/redis/redis-exception.js'
import { redisWriteColumns } from '../../../src/connectors/redis/redis-rows.js'
import { MemoryStream, StreamingQueryException } from '../../../src/index.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { RedisAdmin } from '../../support/redis-admin.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'
import { tempDir } from '../../support/temp-files.js'

const redis = testServer('redis')

describe('Redis sink columns', () => {
  const columns = (ddl: string, key?: string) => redisWriteColumns(parseSchemaString(ddl), key)

  it('finds fields and stream by name; the stream.key option wins over a stream column', () => {
    expect(columns('stream STRING, x INT, fields MAP<STRING, STRING>')).toEqual({
      key: undefined,
      streamIndex: 0,
      fieldsIndex: 2,
    })
    expect(columns('stream STRING, fields MAP<STRING, BINARY>', 'out')).toEqual({
      key: 'out',
      streamIndex: -1,
      fieldsIndex: 1,
    })
  })

  const rejected: [string, string, string | undefined, string][] = [
    [
      'no stream column and no stream.key option',
      'fields MAP<STRING, STRING>',
      undefined,
      "stream.key option required when no 'stream' attribute is present. Use the stream.key option for setting a stream.",
    ],
    ['no fields column', 'stream STRING', undefined, "Required attribute 'fields' not found"],
    [
      'fields that are not a map of strings',
      'fields MAP<STRING, INT>',
      'out',
      'fields attribute unsupported type map<string,int>. fields must be a(n) map<string,string> or map<string,binary>',
    ],
    [
      'a numeric stream column',
      'stream INT, fields MAP<STRING, STRING>',
      undefined,
      'stream attribute unsupported type int. stream must be a(n) string',
    ],
  ]
  for (const [what, ddl, key, message] of rejected) {
    it(`rejects ${what}`, () => {
      expect(() => columns(ddl, key)).toThrow(AnalysisException)
      expect(() => columns(ddl, key)).toThrow(message)
    })
  }
})

redis.describe('the Redis sink in a streaming query', () => {
  let admin: RedisAdmin
  beforeAll(async () => {
    admin = await RedisAdmin.connect(redis.address)
  })
  afterAll(() => admin.close())

  const start = (df: ReturnType<MemoryStream['toDF']>, options: Record<string, string> = {}) =>
    df.writeStream
      .format('redis')
      .option('redis.url', redis.address)
      .options(options)
      .option('checkpointLocation', tempDir())
      .start()

  it('adds every row of every batch to its stream, fields in order', async () => {
    const input = new MemoryStream(newSession(), 'word STRING, n INT')
    const query = start(
      input.toDF().selectExpr("concat('sink-', word) AS stream", "map('word', word, 'n', CAST(n AS STRING)) AS fields"),
    )
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
    const fields = async (key: string) => (await admin.entries(key)).map((e) => e.fields)
    expect(await fields('sink-apple')).toEqual([
      { word: 'apple', n: '1' },
      { word: 'apple', n: '3' },
    ])
    expect(await fields('sink-pear')).toEqual([{ word: 'pear', n: '2' }])
  })

  it('fails the query on a row without fields, and with a RedisException when Redis refuses the XADD', async () => {
    const empty = new MemoryStream(newSession(), 'n INT')
    const noFields = start(empty.toDF().selectExpr('CAST(NULL AS MAP<STRING, STRING>) AS fields'), {
      'stream.key': 'sink-empty',
    })
    empty.addData([[1]])
    await expect(noFields.processAllAvailable()).rejects.toThrow(StreamingQueryException)
    expect(noFields.exception()!.cause).toEqual(
      new IllegalStateException(
        'The Redis entry data sent to XADD has no fields: a stream entry needs at least one field.',
      ),
    )

    await admin.setString('sink-not-a-stream')
    const input = new MemoryStream(newSession(), 'v STRING')
    const wrongType = start(input.toDF().selectExpr("map('v', v) AS fields"), { 'stream.key': 'sink-not-a-stream' })
    input.addData([['x']])
    await expect(wrongType.processAllAvailable()).rejects.toThrow(StreamingQueryException)
    expect(wrongType.exception()!.cause).toBeInstanceOf(RedisException)
    expect((wrongType.exception()!.cause as Error).message).toBe(
      'Cannot add to stream sink-not-a-stream: WRONGTYPE Operation against a key holding the wrong kind of value',
    )
  })
})
