// readStream.format('redis') against a real redis-server: rows, the checkpoint's offsets, restarts, several streams
// under a per-trigger limit, and failOnDataLoss for trimmed, deleted and recreated streams.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { IllegalStateException } from '../../../src/common/errors.js'
import { capturedLog } from '../../support/captured-log.js'
import { RedisAdmin } from '../../support/redis-admin.js'
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

const redis = testServer('redis')
const log = capturedLog()
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

redis.describe('the Redis streams source', () => {
  let admin: RedisAdmin
  beforeAll(async () => {
    admin = await RedisAdmin.connect(redis.address)
  })
  afterAll(() => admin.close())

  /** The streams as rows of (stream, id, field v as text). */
  const entries = (options: Record<string, string>) =>
    newSession()
      .readStream.format('redis')
      .option('redis.url', `redis://${redis.address}`)
      .options(options)
      .load()
      .selectExpr('stream', 'id', "CAST(fields['v'] AS STRING) AS v")

  const row = (stream: string, id: string, v: string) => ({ stream, id, v })

  it('reads from the first entry, records offsets in the checkpoint, and resumes after a restart', async () => {
    await admin.add('orders', [
      { id: '10-1', v: 'a' },
      { id: '10-2', v: 'b' },
      { id: '11-0', v: 'c' },
    ])
    const checkpoint = tempDir()
    await testStream(entries({ 'stream.keys': 'orders', startingOffsets: 'earliest' }))(
      StartStream({ checkpointLocation: checkpoint }),
      CheckNewAnswer(row('orders', '10-1', 'a'), row('orders', '10-2', 'b'), row('orders', '11-0', 'c')),
      AssertOnQuery(() => {
        // The id just before the first entry, then the last id of batch 0.
        expect(readFileSync(join(checkpoint, 'sources', '0', '0'), 'utf8')).toBe('v1\n{"orders":"10-0"}')
        expect(readFileSync(join(checkpoint, 'offsets', '0'), 'utf8').split('\n')[2]).toBe('{"orders":"11-0"}')
        return true
      }, 'sources/0/0 and offsets/0'),
      StopStream,
      Execute('add while stopped', () => admin.add('orders', [{ id: '12-0', v: 'd' }])),
      StartStream({ checkpointLocation: checkpoint }),
      CheckNewAnswer(row('orders', '12-0', 'd')),
    )
  })

  it('starts after the last entry by default; entries carry the id time and every field', async () => {
    await admin.add('latest', [{ v: 'old' }])
    const df = newSession()
      .readStream.format('redis')
      .option('redis.url', redis.address)
      .option('stream.keys', 'latest')
      .load()
    expect(df.schema.simpleString()).toBe(
      'struct<stream:string,id:string,timestamp:timestamp,fields:map<string,binary>>',
    )
    await testStream(
      df.selectExpr('id', 'timestamp', "CAST(fields['v'] AS STRING) AS v", "CAST(fields['w'] AS STRING) AS w"),
    )(
      CheckNewAnswer(),
      Execute('add', () => admin.add('latest', [{ id: '9999999999999-7', v: 'new', w: 'two' }])),
      CheckNewAnswer({ id: '9999999999999-7', timestamp: new Date(9_999_999_999_999), v: 'new', w: 'two' }),
      AssertOnQuery((query) => {
        const progress = query.recentProgress.find((p) => p.numInputRows > 0)!.sources[0]!
        expect(progress.description).toBe('RedisStreams[latest]')
        expect(progress.endOffset).toEqual({ latest: '9999999999999-7' })
        return true
      }, 'progress'),
    )
  })

  it('splits maxEntriesPerTrigger evenly over the streams with entries to read', async () => {
    await admin.add(
      'left',
      [1, 2, 3, 4, 5, 6, 7].map((n) => ({ id: `${n}-0`, v: `l${n}` })),
    )
    await admin.add('right', [{ id: '1-0', v: 'r1' }])
    await testStream(entries({ 'stream.keys': 'left,right', startingOffsets: 'earliest', maxEntriesPerTrigger: '4' }))(
      // Two each (right has one), then four for left alone, then the last one.
      CheckNewBatches.ordered(
        [row('left', '1-0', 'l1'), row('left', '2-0', 'l2'), row('right', '1-0', 'r1')],
        [row('left', '3-0', 'l3'), row('left', '4-0', 'l4'), row('left', '5-0', 'l5'), row('left', '6-0', 'l6')],
        [row('left', '7-0', 'l7')],
      ),
    )
  })

  it('reads what is stored when Trigger.AvailableNow starts, then stops', async () => {
    await admin.add(
      'now',
      [1, 2, 3].map((n) => ({ id: `${n}-0`, v: `${n}` })),
    )
    await testStream(entries({ 'stream.keys': 'now', startingOffsets: 'earliest', maxEntriesPerTrigger: '2' }))(
      StartStream({ trigger: { availableNow: true } }),
      AssertOnQuery(async (query) => {
        await query.awaitTermination()
        return true
      }, 'the query stops by itself'),
      CheckNewBatches.ordered([row('now', '1-0', '1'), row('now', '2-0', '2')], [row('now', '3-0', '3')]),
    )
  })

  const dataLossCases = (failOnDataLoss: boolean) => {
    const options = (key: string) => ({
      'stream.keys': key,
      startingOffsets: 'earliest',
      failOnDataLoss: String(failOnDataLoss),
    })

    it(`failOnDataLoss=${failOnDataLoss}: entries trimmed while running, before they were read`, async () => {
      const key = `trimmed-${failOnDataLoss}`
      await admin.add(key, [{ id: '1-0', v: '1' }])
      const lost = failOnDataLoss
        ? [
            ExpectFailure(
              IllegalStateException,
              `Reason: 2 entries of stream ${key} after 1-0 up to 4-0 were deleted before they were read.`,
            ),
          ]
        : [
            CheckNewAnswer(row(key, '4-0', '4')),
            AssertOnQuery(() => {
              expect(log.lines).toEqual([
                `WARN RedisSource: Skip 2 deleted entries of stream ${key} after 1-0 up to 4-0. Some data may have been lost because they are not available in Redis any more; either the data was aged out by Redis or the stream may have been deleted before all the data in the stream was processed. If you want your streaming query to fail on such cases, set the source option "failOnDataLoss" to "true".`,
              ])
              return true
            }, 'the warning'),
          ]
      await testStream(entries(options(key)))(
        CheckNewAnswer(row(key, '1-0', '1')),
        Execute('add three and trim two of them, at once', () =>
          admin.addAndTrim(
            key,
            [2, 3, 4].map((n) => ({ id: `${n}-0`, v: `${n}` })),
            '4-0',
          ),
        ),
        ...lost,
      )
    })

    it(`failOnDataLoss=${failOnDataLoss}: every unread entry trimmed while the query was stopped`, async () => {
      const key = `emptied-${failOnDataLoss}`
      await admin.add(key, [{ id: '1-0', v: '1' }])
      const checkpoint = tempDir()
      const lost = failOnDataLoss
        ? [
            ExpectFailure(
              IllegalStateException,
              `Reason: Every entry of stream ${key} after 1-0 was deleted before it was read.`,
            ),
          ]
        : [
            CheckNewAnswer(),
            Execute('add', () => admin.add(key, [{ id: '5-0', v: '5' }])),
            CheckNewAnswer(row(key, '5-0', '5')),
          ]
      await testStream(entries(options(key)))(
        StartStream({ checkpointLocation: checkpoint }),
        CheckNewAnswer(row(key, '1-0', '1')),
        StopStream,
        Execute('add and trim everything while stopped', () =>
          admin.addAndTrim(
            key,
            [2, 3].map((n) => ({ id: `${n}-0`, v: `${n}` })),
            '4-0',
          ),
        ),
        StartStream({ checkpointLocation: checkpoint }),
        ...lost,
      )
    })

    it(`failOnDataLoss=${failOnDataLoss}: the stream deleted while running, then created again`, async () => {
      const key = `deleted-${failOnDataLoss}`
      await admin.add(key, [{ id: '5-0', v: '5' }])
      const afterDelete = failOnDataLoss
        ? [ExpectFailure(IllegalStateException, `Reason: Stream ${key} has been deleted.`)]
        : [
            Execute('wait until the query noticed', async () => {
              while (!log.lines.some((line) => line.includes(`Stream ${key} is gone`))) await sleep(5)
            }),
            Execute('create again', () => admin.add(key, [{ id: '1-0', v: 'new' }])),
            CheckNewAnswer(row(key, '1-0', 'new')),
            AssertOnQuery(() => {
              expect(log.lines.map((line) => line.slice(0, line.indexOf('. ')))).toEqual([
                `WARN RedisSource: Stream ${key} is gone`,
                `WARN RedisSource: Stream ${key} was deleted and created again: its last id is 1-0, after 5-0 read`,
              ])
              return true
            }, 'the warnings'),
          ]
      await testStream(entries(options(key)))(
        CheckNewAnswer(row(key, '5-0', '5')),
        Execute('delete the stream', () => admin.delete(key)),
        ...afterDelete,
      )
    })

    it(`failOnDataLoss=${failOnDataLoss}: the stream created again with lower ids while the query was stopped`, async () => {
      const key = `recreated-${failOnDataLoss}`
      await admin.add(key, [{ id: '7-0', v: '7' }])
      const checkpoint = tempDir()
      const afterRestart = failOnDataLoss
        ? [
            ExpectFailure(
              IllegalStateException,
              `Reason: Stream ${key} was deleted and created again: its last id is 2-0, after 7-0 read.`,
            ),
          ]
        : [
            // The new stream is read from its first entry.
            CheckNewAnswer(row(key, '1-0', 'new 1'), row(key, '2-0', 'new 2')),
            Execute('add to the new stream', () => admin.add(key, [{ id: '3-0', v: 'new 3' }])),
            CheckNewAnswer(row(key, '3-0', 'new 3')),
          ]
      await testStream(entries(options(key)))(
        StartStream({ checkpointLocation: checkpoint }),
        CheckNewAnswer(row(key, '7-0', '7')),
        StopStream,
        Execute('create again with lower ids', async () => {
          await admin.delete(key)
          await admin.add(key, [
            { id: '1-0', v: 'new 1' },
            { id: '2-0', v: 'new 2' },
          ])
        }),
        StartStream({ checkpointLocation: checkpoint }),
        ...afterRestart,
      )
    })
  }
  dataLossCases(true)
  dataLossCases(false)
})
