// The socket source: option validation at load(), lazy connection, refused and closed connections, timestamps.
import { afterEach, describe, expect, it } from 'vitest'
import { AnalysisException, ConnectException, StreamingQueryException } from '../../../src/index.js'
import { type LineServer, startLineServer } from '../../support/line-server.js'
import { newSession } from '../../support/session.js'
import {
  AssertOnQuery,
  CheckAnswer,
  CheckLastBatch,
  Execute,
  ProcessAllAvailable,
} from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

describe('socket source', () => {
  let server: LineServer | undefined
  afterEach(async () => {
    await server?.close()
    server = undefined
  })

  const reader = () => newSession().readStream.format('socket')

  it("validates options at load() with Spark's messages", () => {
    expect(() => reader().option('port', 9999).load()).toThrow(
      new AnalysisException('Set a host to read from with option("host", ...).'),
    )
    expect(() => reader().option('host', 'localhost').load()).toThrow(
      'Set a port to read from with option("port", ...).',
    )
    expect(() => reader().option('host', 'localhost').option('port', 'ninety').load()).toThrow(
      "Invalid value 'ninety' for option 'port': must be an integer between 0 and 65535.",
    )
    expect(() => reader().option('host', 'h').option('port', 1).option('includeTimestamp', 'maybe').load()).toThrow(
      'includeTimestamp must be set to either "true" or "false"',
    )
    expect(() => reader().schema('x INT').option('host', 'h').option('port', 1).load()).toThrow(
      'does not support user-specified schema',
    )
    expect(() => newSession().readStream.format('nosuchformat').load()).toThrow(
      'Failed to find the data source: nosuchformat',
    )
  })

  it('has a value column, and a timestamp column with includeTimestamp', () => {
    const plain = reader().option('host', 'localhost').option('PORT', 9999).load()
    expect(plain.dtypes).toEqual([['value', 'string']])
    const stamped = reader().option('host', 'localhost').option('port', 9999).option('includeTimestamp', true).load()
    expect(stamped.dtypes).toEqual([
      ['value', 'string'],
      ['timestamp', 'timestamp'],
    ])
  })

  it('fails the query with a ConnectException when the server refuses the connection', async () => {
    server = await startLineServer()
    const port = server.port
    await server.close()
    server = undefined
    const df = reader().option('host', '127.0.0.1').option('port', port).load()
    const query = df.writeStream.format('noop').start()
    const failure = await query.awaitTermination().catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(StreamingQueryException)
    expect((failure as Error).cause).toBeInstanceOf(ConnectException)
    expect((failure as Error).message).toContain(`terminated with exception: Connection refused (127.0.0.1:${port})`)
    expect(query.isActive).toBe(false)
    expect(query.exception()).toBe(failure)
  })

  it('keeps the received lines and keeps running when the server closes the connection', async () => {
    server = await startLineServer()
    const df = reader().option('host', '127.0.0.1').option('port', server.port).option('includeTimestamp', true).load()
    let before = 0
    await testStream(df)(
      Execute('the server sends three lines, then closes the connection', async (_q, sink) => {
        await server!.connected()
        before = Date.now()
        server!.send('one\r\ntwo\nthree')
        server!.disconnectClients()
        await sink.waitForRows(3)
      }),
      CheckAnswer.by((rows) => {
        expect(rows.map((r) => r.value)).toEqual(['one', 'two', 'three'])
        expect((rows[0]!.timestamp as Date).getTime()).toBeGreaterThanOrEqual(before - 1)
      }),
      AssertOnQuery((q, sink) => {
        expect(q.isActive).toBe(true)
        expect(sink.batches[0]).toEqual({ batchId: 0, rows: [] })
        expect(q.lastProgress!.sources[0]!.description).toBe(`TextSocketV2[host: 127.0.0.1, port: ${server!.port}]`)
      }, 'still running after the connection closed'),
    )
  })

  it("orders a batch's lines partition by partition when numPartitions is set, as Spark does", async () => {
    server = await startLineServer()
    const df = reader().option('host', '127.0.0.1').option('port', server.port).option('numPartitions', 2).load()
    await testStream(df)(
      Execute('the query connects', () => server!.connected()),
      ProcessAllAvailable(),
      Execute('the server sends five lines', async (_q, sink) => {
        server!.send('0\n1\n2\n3\n4\n')
        await sink.waitForRows(5)
      }),
      CheckLastBatch.ordered({ value: '0' }, { value: '2' }, { value: '4' }, { value: '1' }, { value: '3' }),
    )
  })
})
