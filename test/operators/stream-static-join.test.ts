// Stream–static joins: every batch of the stream joined with the static side as it is at that batch — stateless,
// each stream row settled in its own batch (inner; left outer, semi and anti with the stream on the left; right
// outer with the stream on the right); a file-backed static side read again when its files change, and hashed once
// for as long as they do not.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchFromRows, type RecordBatch } from '../../src/arrow/index.js'
import { attribute } from '../../src/expr/expression.js'
import { col, MemoryStream } from '../../src/index.js'
import type { BatchJoinSpec } from '../../src/operators/batch-join-exec.js'
import type { OperatorContext } from '../../src/operators/operator.js'
import { StreamStaticJoinExec } from '../../src/operators/stream-static-join-exec.js'
import { INTEGER, STRING } from '../../src/types/data-types.js'
import { StructField, StructType } from '../../src/types/struct-type.js'
import { newSession } from '../support/session.js'
import { AddData, CheckNewAnswer, Execute } from '../support/stream-actions.js'
import { tempDir } from '../support/temp-files.js'
import { testStream } from '../support/test-stream.js'

describe('stream–static joins', () => {
  it('enriches each batch of events from a table (inner), per batch', async () => {
    const spark = newSession()
    const events = new MemoryStream(spark, 'user INT, action STRING')
    const users = spark.createDataFrame(
      [
        [1, 'ann'],
        [2, 'bob'],
      ],
      'id INT, name STRING',
    )
    const joined = events
      .toDF()
      .join(users, col('user').eq(col('id')))
      .select('action', 'name')
    await testStream(joined)(
      AddData(events, [1, 'click'], [3, 'view'], [2, 'buy']),
      CheckNewAnswer({ action: 'click', name: 'ann' }, { action: 'buy', name: 'bob' }),
      AddData(events, [2, 'view']),
      CheckNewAnswer({ action: 'view', name: 'bob' }),
    )
  })

  it('left outer with the stream on the left: unmatched events come out at once with nulls', async () => {
    const spark = newSession()
    const events = new MemoryStream(spark, 'user INT, action STRING')
    const users = spark.createDataFrame([[1, 'ann']], 'id INT, name STRING')
    const joined = events
      .toDF()
      .join(users, col('user').eq(col('id')), 'left')
      .select('user', 'action', 'name')
    await testStream(joined)(
      AddData(events, [1, 'click'], [3, 'view'], [null, 'buy']),
      CheckNewAnswer(
        { user: 1, action: 'click', name: 'ann' },
        { user: 3, action: 'view', name: null },
        { user: null, action: 'buy', name: null },
      ),
    )
  })

  it('left semi and left anti with the stream on the left', async () => {
    const spark = newSession()
    const events = new MemoryStream(spark, 'user INT, action STRING')
    const users = spark.createDataFrame(
      [
        [1, 'ann'],
        [1, 'ann again'],
      ],
      'id INT, name STRING',
    )
    const condition = col('user').eq(col('id'))
    await testStream(events.toDF().join(users, condition, 'left_semi'))(
      AddData(events, [1, 'click'], [3, 'view']),
      CheckNewAnswer({ user: 1, action: 'click' }), // once, although two users match
    )
    const more = new MemoryStream(spark, 'user INT, action STRING')
    await testStream(more.toDF().join(users, condition, 'left_anti'))(
      AddData(more, [1, 'click'], [3, 'view'], [null, 'buy']),
      CheckNewAnswer({ user: 3, action: 'view' }, { user: null, action: 'buy' }),
    )
  })

  it('right outer with the stream on the right, and inner with the static side on the left', async () => {
    const spark = newSession()
    const events = new MemoryStream(spark, 'user INT, action STRING')
    const users = spark.createDataFrame(
      [
        [1, 'ann'],
        [2, 'bob'],
      ],
      'id INT, name STRING',
    )
    const rightOuter = users.join(events.toDF(), col('id').eq(col('user')), 'right').select('name', 'action')
    await testStream(rightOuter)(
      AddData(events, [2, 'buy'], [5, 'view']),
      CheckNewAnswer({ name: 'bob', action: 'buy' }, { name: null, action: 'view' }),
    )
    const more = new MemoryStream(spark, 'user INT, action STRING')
    const inner = users.join(more.toDF(), col('id').eq(col('user'))).select('name', 'action')
    await testStream(inner)(AddData(more, [1, 'click'], [5, 'view']), CheckNewAnswer({ name: 'ann', action: 'click' }))
  })

  it('reads a file-backed table as it is at each batch: a file added shows in the next batch (SQL over a view)', async () => {
    const spark = newSession()
    const dir = join(tempDir(), 'users')
    mkdirSync(dir)
    writeFileSync(join(dir, 'a.csv'), '1,ann\n')
    spark.read.csv(dir, 'id INT, name STRING').createOrReplaceTempView('users')
    const events = new MemoryStream(spark, 'user INT, action STRING')
    events.toDF().createOrReplaceTempView('events')
    const joined = spark.sql('SELECT action, name FROM events e JOIN users u ON e.user = u.id')
    await testStream(joined)(
      AddData(events, [1, 'click'], [2, 'view']),
      CheckNewAnswer({ action: 'click', name: 'ann' }),
      Execute('a second file of users is written', () => writeFileSync(join(dir, 'b.csv'), '2,bob\n')),
      AddData(events, [2, 'buy']),
      CheckNewAnswer({ action: 'buy', name: 'bob' }),
    )
  })

  it('hashes the static side once and again only when it changed', () => {
    const schema = (names: string[]) => StructType(names.map((n) => StructField(n, n === 'name' ? STRING : INTEGER)))
    const [user, action] = [attribute('user', INTEGER), attribute('action', INTEGER)]
    const [id, name] = [attribute('id', INTEGER), attribute('name', STRING)]
    const spec: BatchJoinSpec = {
      joinType: 'Inner',
      left: [user, action],
      right: [id, name],
      output: [user, action, id, name],
      keys: { leftKeys: [user], rightKeys: [id], nullSafe: [false] },
      condition: undefined,
      buildSide: 'right',
      strategy: 'BroadcastHashJoin',
    }
    let version = 'v1'
    let reads = 0
    const usersV1 = batchFromRows(schema(['id', 'name']), [[1, 'ann']])
    const usersV2 = batchFromRows(schema(['id', 'name']), [[1, 'anna']])
    const join = new StreamStaticJoinExec(spec, {
      read: () => {
        reads++
        return { batch: version === 'v1' ? usersV1 : usersV2, version }
      },
    })
    const out: RecordBatch[] = []
    const collector = { emit: (b: RecordBatch) => out.push(b) }
    const events = batchFromRows(schema(['user', 'action']), [[1, 10]])
    const ctx = (batchId: number) =>
      ({ batchId, zone: 'UTC', batchTimestampMicros: 0, watermarkMs: 0, lateWatermarkMs: 0 }) as OperatorContext
    join.process(events, ctx(0), collector)
    join.process(events, ctx(0), collector) // same batch: the static side is read once
    join.process(events, ctx(1), collector) // next batch, unchanged: read, not hashed again
    expect([reads, join.builds]).toEqual([2, 1])
    version = 'v2'
    join.process(events, ctx(2), collector)
    expect([reads, join.builds]).toEqual([3, 2])
    expect(out.map((b) => b.getChild('name')!.get(0))).toEqual(['ann', 'ann', 'ann', 'anna'])
  })
})
