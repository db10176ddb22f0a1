// readStream.format('nats') against a real nats-server -js: rows, the checkpoint's offsets, restarts, subject
// filters, headers, per-trigger limits, and failOnDataLoss for purged, deleted and recreated streams.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { IllegalStateException } from '../../../src/common/errors.js'
import { col } from '../../../src/index.js'
import { capturedLog } from '../../support/captured-log.js'
import { NatsAdmin } from '../../support/nats-admin.js'
import { testServer } from '../../support/servers.js'
import { newSession } from '../../support/session.js'
import {
  AssertOnQuery,
  CheckNewAnswer,
  CheckNewBatches,
  Execute,
  ExpectFailure,
  StartStream,
  StopStream,
} from '../../support/stream-actions.js'
import { tempDir } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const nats = testServer('nats')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const log = capturedLog()

nats.describe('the NATS JetStream source', () => {
  let admin: NatsAdmin
  beforeAll(async () => {
    admin = await NatsAdmin.connect(nats.address)
  })
  afterAll(() => admin.close())

  /** The stream as rows of (subject, data as text, sequence). */
  const messages = (options: Record<string, string>) =>
    newSession()
      .readStream.format('nats')
      .option('nats.servers', nats.address)
      .options(options)
      .load()
      .select(col('subject'), col('data').cast('string').alias('data'), col('sequence'))

  const row = (subject: string, data: string, sequence: number) => ({ subject, data, sequence })

  it('reads from the earliest message, records offsets in the checkpoint, and resumes after a restart', async () => {
    await admin.createStream('ORDERS', ['orders.>'])
    await admin.publish('orders.new', ['a', 'b', 'c'])
    const checkpoint = tempDir()
    await testStream(messages({ stream: 'ORDERS', startingOffsets: 'earliest' }))(
      StartStream({ checkpointLocation: checkpoint }),
      CheckNewAnswer(row('orders.new', 'a', 1), row('orders.new', 'b', 2), row('orders.new', 'c', 3)),
      AssertOnQuery(() => {
        // The last sequence read before the first message, then the last sequence of batch 0.
        expect(readFileSync(join(checkpoint, 'sources', '0', '0'), 'utf8')).toBe('v1\n{"ORDERS":0}')
        expect(readFileSync(join(checkpoint, 'offsets', '0'), 'utf8').split('\n')[2]).toBe('{"ORDERS":3}')
        return true
      }, 'sources/0/0 and offsets/0'),
      StopStream,
      Execute('publish while stopped', () => admin.publish('orders.paid', ['d', 'e'])),
      StartStream({ checkpointLocation: checkpoint }),
      CheckNewAnswer(row('orders.paid', 'd', 4), row('orders.paid', 'e', 5)),
    )
  })

  it('starts after the last message by default, and describes itself in progress', async () => {
    await admin.createStream('LATEST', ['latest.>'])
    await admin.publish('latest.x', ['old'])
    await testStream(messages({ stream: 'LATEST' }))(
      CheckNewAnswer(),
      Execute('publish', () => admin.publish('latest.x', ['new'])),
      CheckNewAnswer(row('latest.x', 'new', 2)),
      AssertOnQuery((query) => {
        const progress = query.recentProgress.find((p) => p.numInputRows > 0)!.sources[0]!
        expect(progress.description).toBe('NatsJetStream[stream=LATEST]')
        expect([progress.startOffset, progress.endOffset, progress.latestOffset]).toEqual([
          { LATEST: 1 },
          { LATEST: 2 },
          { LATEST: 2 },
        ])
        return true
      }, 'progress'),
    )
  })

  it('reads only the subjects its filter matches, with headers and the stored timestamp', async () => {
    await admin.createStream('FILTER', ['filter.>'])
    const before = Date.now()
    await admin.publish('filter.a', ['skip'])
    await admin.publish('filter.b', ['keep'], { trace: 't1' })
    await admin.publish('filter.a', ['skip too'])
    const df = newSession()
      .readStream.format('nats')
      .option('nats.servers', nats.address)
      .option('stream', 'FILTER')
      .option('subject', 'filter.b')
      .option('startingOffsets', 'earliest')
      .option('includeHeaders', 'true')
      .load()
    expect(df.schema.simpleString()).toBe(
      'struct<subject:string,data:binary,stream:string,sequence:bigint,timestamp:timestamp,headers:array<struct<key:string,value:string>>>',
    )
    await testStream(
      df.selectExpr('subject', 'CAST(data AS STRING) AS data', 'stream', 'sequence', 'timestamp', 'headers'),
    )(
      CheckNewAnswer.by((rows) => {
        expect(rows).toHaveLength(1)
        const [only] = rows
        expect({ ...only, timestamp: undefined }).toEqual({
          subject: 'filter.b',
          data: 'keep',
          stream: 'FILTER',
          sequence: 2,
          timestamp: undefined,
          headers: [{ key: 'trace', value: 't1' }],
        })
        const stamped = (only!.timestamp as Date).getTime()
        expect(stamped).toBeGreaterThanOrEqual(before - 1000)
        expect(stamped).toBeLessThanOrEqual(Date.now() + 1000)
      }),
    )
  })

  it('admits at most maxMessagesPerTrigger messages into a batch', async () => {
    await admin.createStream('LIMITED', ['limited.>'])
    await admin.publish('limited.x', ['1', '2', '3', '4', '5', '6', '7'])
    await testStream(messages({ stream: 'LIMITED', startingOffsets: 'earliest', maxMessagesPerTrigger: '3' }))(
      CheckNewBatches.ordered(
        [row('limited.x', '1', 1), row('limited.x', '2', 2), row('limited.x', '3', 3)],
        [row('limited.x', '4', 4), row('limited.x', '5', 5), row('limited.x', '6', 6)],
        [row('limited.x', '7', 7)],
      ),
    )
  })

  it('reads what is stored when Trigger.AvailableNow starts, then stops', async () => {
    await admin.createStream('NOW', ['now.>'])
    await admin.publish('now.x', ['1', '2', '3'])
    await testStream(messages({ stream: 'NOW', startingOffsets: 'earliest', maxMessagesPerTrigger: '2' }))(
      StartStream({ trigger: { availableNow: true } }),
      AssertOnQuery(async (query) => {
        await query.awaitTermination()
        return true
      }, 'the query stops by itself'),
      CheckNewBatches.ordered([row('now.x', '1', 1), row('now.x', '2', 2)], [row('now.x', '3', 3)]),
    )
  })

  const dataLossCases = (failOnDataLoss: boolean) => {
    const options = (stream: string) => ({
      stream,
      startingOffsets: 'earliest',
      failOnDataLoss: String(failOnDataLoss),
    })

    it(`failOnDataLoss=${failOnDataLoss}: messages purged before they were read`, async () => {
      const stream = `PURGED_${failOnDataLoss}`
      await admin.createStream(stream, [`purged${failOnDataLoss}.>`])
      const subject = `purged${failOnDataLoss}.x`
      await admin.publish(subject, ['1', '2'])
      const checkpoint = tempDir()
      const lost = failOnDataLoss
        ? [
            ExpectFailure(
              IllegalStateException,
              `Reason: Messages of stream ${stream} in sequences [3, 4] are not stored any more.`,
            ),
          ]
        : [
            CheckNewAnswer(row(subject, '5', 5)),
            AssertOnQuery(() => {
              expect(log.lines).toEqual([
                expect.stringMatching(
                  new RegExp(
                    `^WARN NatsSource: Skip missing messages of stream ${stream} in \\[3, 4\\]\\. Some data may have been lost because they are not available in NATS any more;.* set the source option "failOnDataLoss" to "true"\\.$`,
                  ),
                ),
              ])
              return true
            }, 'the warning'),
          ]
      await testStream(messages(options(stream)))(
        StartStream({ checkpointLocation: checkpoint }),
        CheckNewAnswer(row(subject, '1', 1), row(subject, '2', 2)),
        StopStream,
        Execute('publish and purge while stopped', async () => {
          await admin.publish(subject, ['3', '4', '5'])
          await admin.purgeBefore(stream, 5)
        }),
        StartStream({ checkpointLocation: checkpoint }),
        ...lost,
      )
    })

    it(`failOnDataLoss=${failOnDataLoss}: the stream deleted while running, then recreated`, async () => {
      const stream = `DELETED_${failOnDataLoss}`
      const subject = `deleted${failOnDataLoss}.x`
      await admin.createStream(stream, [`deleted${failOnDataLoss}.>`])
      await admin.publish(subject, ['1', '2'])
      const afterDelete = failOnDataLoss
        ? [ExpectFailure(IllegalStateException, `Reason: Stream ${stream} has been deleted.`)]
        : [
            Execute('wait until the query noticed', async () => {
              while (!log.lines.some((line) => line.includes(`Stream ${stream} is gone`))) await sleep(5)
            }),
            Execute('recreate and publish', async () => {
              await admin.createStream(stream, [`deleted${failOnDataLoss}.>`])
              await admin.publish(subject, ['new 1', 'new 2'])
            }),
            // The recreated stream is read from its first message; the loss was logged twice (gone, then reset).
            CheckNewAnswer(row(subject, 'new 1', 1), row(subject, 'new 2', 2)),
            AssertOnQuery(() => {
              // The query may see the new stream before or after its messages: the last sequence is not checked.
              expect(log.lines.map((line) => line.slice(0, line.search(/\. |: its/)))).toEqual([
                `WARN NatsSource: Stream ${stream} is gone`,
                `WARN NatsSource: Stream ${stream} was deleted and created again`,
              ])
              return true
            }, 'the warnings'),
          ]
      await testStream(messages(options(stream)))(
        CheckNewAnswer(row(subject, '1', 1), row(subject, '2', 2)),
        Execute('delete the stream', () => admin.deleteStream(stream)),
        ...afterDelete,
      )
    })

    it(`failOnDataLoss=${failOnDataLoss}: the stream recreated with fewer messages while the query was stopped`, async () => {
      const stream = `RECREATED_${failOnDataLoss}`
      const subject = `recreated${failOnDataLoss}.x`
      await admin.createStream(stream, [`recreated${failOnDataLoss}.>`])
      await admin.publish(subject, ['1', '2', '3'])
      const checkpoint = tempDir()
      const afterRestart = failOnDataLoss
        ? [
            ExpectFailure(
              IllegalStateException,
              `Reason: Stream ${stream} was deleted and created again: its last sequence is 1, after 3 read.`,
            ),
          ]
        : [
            // The new stream is read from its first message.
            CheckNewAnswer(row(subject, 'new 1', 1)),
            Execute('publish to the new stream', () => admin.publish(subject, ['new 2'])),
            CheckNewAnswer(row(subject, 'new 2', 2)),
          ]
      await testStream(messages(options(stream)))(
        StartStream({ checkpointLocation: checkpoint }),
        CheckNewAnswer(row(subject, '1', 1), row(subject, '2', 2), row(subject, '3', 3)),
        StopStream,
        Execute('recreate with one message', async () => {
          await admin.createStream(stream, [`recreated${failOnDataLoss}.>`])
          await admin.publish(subject, ['new 1'])
        }),
        StartStream({ checkpointLocation: checkpoint }),
        ...afterRestart,
      )
    })
  }
  dataLossCases(true)
  dataLossCases(false)
})
