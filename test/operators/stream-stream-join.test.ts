// Stream-stream joins, ported from Spark's StreamingJoinSuite (inner, outer, full outer, left semi, self-joins,
// restarts): each scenario checks the rows every step emits and the state rows (numRowsTotal, and the rows updated
// and dropped by the watermark since the previous check), with the expectations Spark's suite states.
import { describe, expect, it } from 'vitest'
import {
  col,
  type DataFrame,
  expr,
  MemoryStream,
  type Row,
  type SparkSession,
  timestamp_seconds,
  window,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { stateRowsChecker } from '../support/state-rows.js'
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  CheckNewAnswer,
  MultiAddData,
  StartStream,
  StopStream,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

/** Rows from tuples, with the given column names. */
const rows =
  (...names: string[]) =>
  (...values: unknown[][]): Row[] =>
    values.map((v) => Object.fromEntries(names.map((n, i) => [n, v[i]])))

/** Spark's setupStream: key, `<prefix>Time` (key seconds, watermarked 10 s), `<prefix>Value` (key × multiplier). */
function setupStream(spark: SparkSession, prefix: string, multiplier: number): [MemoryStream, DataFrame] {
  const input = new MemoryStream(spark, 'value INT')
  const df = input
    .toDF()
    .select(
      col('value').alias('key'),
      timestamp_seconds(col('value')).alias(`${prefix}Time`),
      col('value').multiply(multiplier).alias(`${prefix}Value`),
    )
    .withWatermark(`${prefix}Time`, '10 seconds')
  return [input, df]
}

/** Spark's setupWindowedJoin: both sides by key and 10 s window. */
function setupWindowedJoin(joinType: string): [MemoryStream, MemoryStream, DataFrame] {
  const spark = newSession()
  const [input1, df1] = setupStream(spark, 'left', 2)
  const [input2, df2] = setupStream(spark, 'right', 3)
  const windowed1 = df1.select(col('key'), window(col('leftTime'), '10 second'), col('leftValue'))
  const windowed2 = df2.select(col('key'), window(col('rightTime'), '10 second'), col('rightValue'))
  const joined = windowed1.join(windowed2, ['key', 'window'], joinType)
  const columns = [col('key'), col('window.end').cast('long'), col('leftValue')]
  return [input1, input2, joined.select(...columns, ...(joinType === 'left_semi' ? [] : [col('rightValue')]))]
}

/** Spark's setupJoinWithRangeCondition: `leftTime BETWEEN rightTime - 5 s AND rightTime + 5 s`, watermarks 10 s. */
function setupJoinWithRangeCondition(joinType: string): [MemoryStream, MemoryStream, DataFrame] {
  const spark = newSession()
  const leftInput = new MemoryStream(spark, 'leftKey INT, time INT')
  const rightInput = new MemoryStream(spark, 'rightKey INT, time INT')
  const df1 = leftInput
    .toDF()
    .select(
      col('leftKey'),
      timestamp_seconds(col('time')).alias('leftTime'),
      col('leftKey').multiply(2).alias('leftValue'),
    )
    .withWatermark('leftTime', '10 seconds')
  const df2 = rightInput
    .toDF()
    .select(
      col('rightKey'),
      timestamp_seconds(col('time')).alias('rightTime'),
      col('rightKey').multiply(3).alias('rightValue'),
    )
    .withWatermark('rightTime', '10 seconds')
  const joined = df1.join(
    df2,
    expr('leftKey = rightKey AND leftTime BETWEEN rightTime - interval 5 seconds AND rightTime + interval 5 seconds'),
    joinType,
  )
  const select =
    joinType === 'left_semi'
      ? joined.select(col('leftKey'), col('leftTime').cast('int'))
      : joined.select(col('leftKey'), col('rightKey'), col('leftTime').cast('int'), col('rightTime').cast('int'))
  return [leftInput, rightInput, select]
}

/** Spark's setupSelfJoin: one stream as both sides (the right side only even values), range condition 0..5 s. */
function setupSelfJoin(joinType: string): [MemoryStream, DataFrame] {
  const input = new MemoryStream(newSession(), '_1 INT, _2 BIGINT')
  const df = input.toDF().select(col('_1').alias('value'), timestamp_seconds(col('_2')).alias('timestamp'))
  const leftStream = df.select(col('value').alias('leftId'), col('timestamp').alias('leftTime'))
  const rightStream = df
    .where(col('value').mod(2).eq(0))
    .select(col('value').alias('rightId'), col('timestamp').alias('rightTime'))
  const joined = leftStream
    .withWatermark('leftTime', '5 seconds')
    .join(
      rightStream.withWatermark('rightTime', '5 seconds'),
      expr('leftId = rightId AND rightTime >= leftTime AND rightTime <= leftTime + interval 5 seconds'),
      joinType,
    )
  return [
    input,
    joined.select(col('leftId'), col('leftTime').cast('int'), col('rightId'), col('rightTime').cast('int')),
  ]
}

const windowed = rows('key', 'end', 'leftValue', 'rightValue')
const ranged = rows('leftKey', 'rightKey', 'leftTime', 'rightTime')
const selfJoined = rows('leftId', 'leftTime', 'rightId', 'rightTime')

describe('stream-stream inner join', () => {
  it('on a non-time column keeps both sides forever, across restarts', async () => {
    const spark = newSession()
    const input1 = new MemoryStream(spark, 'value INT')
    const input2 = new MemoryStream(spark, 'value INT')
    const df1 = input1.toDF().select(col('value').alias('key'), col('value').multiply(2).alias('leftValue'))
    const df2 = input2.toDF().select(col('value').alias('key'), col('value').multiply(3).alias('rightValue'))
    const out = rows('key', 'leftValue', 'rightValue')
    await testStream(df1.join(df2, 'key'))(
      AddData(input1, [1]),
      CheckAnswer(),
      AddData(input2, [1], [10]), // 1 arrived on input1 first, then input2: they join
      CheckNewAnswer(...out([1, 2, 3])),
      AddData(input1, [10]), // 10 arrived on input2 first, then input1
      CheckNewAnswer(...out([10, 20, 30])),
      AddData(input2, [1]), // another 1 on input2 joins with the 1 of input1
      CheckNewAnswer(...out([1, 2, 3])),
      StopStream,
      StartStream(),
      AddData(input1, [1]), // both 1s of input2 are still in state
      CheckNewAnswer(...out([1, 2, 3], [1, 2, 3])),
      StopStream,
      StartStream(),
      AddData(input1, [100]),
      AddData(input2, [100]),
      CheckNewAnswer(...out([100, 200, 300])),
    )
  })

  it('joins a batch in both directions with a residual condition, strings carried, each pair once', async () => {
    const spark = newSession()
    const leftInput = new MemoryStream(spark, 'k INT, s STRING, v INT')
    const rightInput = new MemoryStream(spark, 'k INT, t STRING, w INT')
    const left = leftInput.toDF()
    const right = rightInput.toDF().withColumnRenamed('k', 'rk')
    const joined = left.join(right, expr('k = rk AND v < w')).select('k', 's', 'v', 't', 'w')
    const out = rows('k', 's', 'v', 't', 'w')
    await testStream(joined)(
      MultiAddData(
        [
          leftInput,
          [
            [1, 'a', 1],
            [2, 'b', 5],
          ],
        ],
        [rightInput, [[1, 'x', 0]]],
      ),
      CheckAnswer(), // 1 < 0 fails
      // Left rows probe the right state {1 x 0}: only e (-1 < 0) passes. Right rows then probe the left state,
      // which now holds this batch's left rows: y (5) with a, c and e; z (4) with d (3) but not b (5).
      MultiAddData(
        [
          leftInput,
          [
            [1, 'c', 2],
            [2, 'd', 3],
            [1, 'e', -1],
          ],
        ],
        [
          rightInput,
          [
            [1, 'y', 5],
            [2, 'z', 4],
          ],
        ],
      ),
      CheckNewAnswer(
        ...out(
          [1, 'e', -1, 'x', 0],
          [1, 'a', 1, 'y', 5],
          [1, 'c', 2, 'y', 5],
          [1, 'e', -1, 'y', 5],
          [2, 'd', 3, 'z', 4],
        ),
      ),
    )
  })

  it('on a watermarked window key evicts windows behind the watermark and drops late rows', async () => {
    const spark = newSession()
    const input1 = new MemoryStream(spark, 'value INT')
    const input2 = new MemoryStream(spark, 'value INT')
    const df1 = input1
      .toDF()
      .select(
        col('value').alias('key'),
        timestamp_seconds(col('value')).alias('timestamp'),
        col('value').multiply(2).alias('leftValue'),
      )
      .withWatermark('timestamp', '10 seconds')
      .select(col('key'), window(col('timestamp'), '10 second'), col('leftValue'))
    const df2 = input2
      .toDF()
      .select(
        col('value').alias('key'),
        timestamp_seconds(col('value')).alias('timestamp'),
        col('value').multiply(3).alias('rightValue'),
      )
      .select(col('key'), window(col('timestamp'), '10 second'), col('rightValue'))
    const joined = df1
      .join(df2, ['key', 'window'])
      .select(col('key'), col('window.end').cast('long'), col('leftValue'), col('rightValue'))
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      AddData(input1, [1]),
      CheckAnswer(),
      assertNumStateRows(1, 1),
      AddData(input2, [1]),
      CheckAnswer(...windowed([1, 10, 2, 3])),
      assertNumStateRows(2, 1),
      StopStream,
      StartStream(),
      AddData(input1, [25]),
      CheckNewAnswer(), // watermark = 15: a no-data batch removes the 2 rows of window [0, 10]
      assertNumStateRows(1, 1),
      AddData(input2, [25]),
      CheckNewAnswer(...windowed([25, 30, 50, 75])),
      assertNumStateRows(2, 1),
      StopStream,
      StartStream(),
      AddData(input2, [1]),
      CheckNewAnswer(), // no match: window [0, 10] was removed
      assertNumStateRows(2, 0), // not added: its window ends before the state key watermark 15
      AddData(input1, [5]),
      CheckNewAnswer(),
      assertNumStateRows(2, 0, 1), // late on the watermarked side: dropped
    )
  })

  it('reports operatorName symmetricHashJoin, 4 state stores per partition, and rows removed', async () => {
    const spark = newSession()
    const input1 = new MemoryStream(spark, 'value INT')
    const input2 = new MemoryStream(spark, 'value INT')
    const side = (input: MemoryStream, name: string, times: number, watermark: boolean) => {
      const df = input
        .toDF()
        .select(
          col('value').alias('key'),
          timestamp_seconds(col('value')).alias('timestamp'),
          col('value').multiply(times).alias(name),
        )
      return (watermark ? df.withWatermark('timestamp', '10 seconds') : df).select(
        col('key'),
        window(col('timestamp'), '10 second'),
        col(name),
      )
    }
    const joined = side(input1, 'leftValue', 2, true)
      .join(side(input2, 'rightValue', 3, false), ['key', 'window'])
      .select(col('key'), col('window.end').cast('long'), col('leftValue'), col('rightValue'))
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      StartStream({ additionalConfs: { 'spark.sql.shuffle.partitions': '3' } }),
      AddData(input1, [1]),
      CheckAnswer(),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({
          operatorName: 'symmetricHashJoin',
          numShufflePartitions: 3,
          numStateStoreInstances: 3 * 4,
        })
      }),
      assertNumStateRows(1, 1, 0, 0),
      AddData(input2, [1]),
      CheckAnswer(...windowed([1, 10, 2, 3])),
      assertNumStateRows(2, 1, 0, 0),
      AddData(input1, [25]),
      CheckNewAnswer(), // watermark = 15: the no-data batch removes the 2 rows of window [0, 10]
      assertNumStateRows(1, 1, 0, 2),
      AddData(input2, [25]),
      CheckNewAnswer(...windowed([25, 30, 50, 75])),
      assertNumStateRows(2, 1, 0, 0),
    )
  })

  it('with a one-sided time range drops the other side behind its state value watermark', async () => {
    const spark = newSession()
    const leftInput = new MemoryStream(spark, 'leftKey INT, time INT')
    const rightInput = new MemoryStream(spark, 'rightKey INT, time INT')
    const df1 = leftInput
      .toDF()
      .select(
        col('leftKey'),
        timestamp_seconds(col('time')).alias('leftTime'),
        col('leftKey').multiply(2).alias('leftValue'),
      )
      .withWatermark('leftTime', '10 seconds')
    const df2 = rightInput
      .toDF()
      .select(
        col('rightKey'),
        timestamp_seconds(col('time')).alias('rightTime'),
        col('rightKey').multiply(3).alias('rightValue'),
      )
      .withWatermark('rightTime', '10 seconds')
    const joined = df1
      .join(df2, expr('leftKey = rightKey AND leftTime < rightTime - interval 5 seconds'))
      .select(col('leftKey'), col('leftTime').cast('int'), col('rightTime').cast('int'))
    const out = rows('leftKey', 'leftTime', 'rightTime')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      AddData(leftInput, [1, 5]),
      CheckAnswer(),
      AddData(rightInput, [1, 11]),
      CheckNewAnswer(...out([1, 5, 11])),
      AddData(rightInput, [1, 10]),
      CheckNewAnswer(), // no match: leftTime 5 is not < rightTime 10 - 5
      assertNumStateRows(3, 3),
      // The event-time watermark goes to 20 s with data at 30 s on both inputs.
      AddData(leftInput, [1, 3], [1, 30]),
      CheckNewAnswer(...out([1, 3, 10], [1, 3, 11])),
      assertNumStateRows(5, 2),
      AddData(rightInput, [0, 30]),
      CheckNewAnswer(),
      // Watermark 20: left rows come only with leftTime > 20, so right rows need rightTime > 25; (1, 10) and
      // (1, 11) are removed from the right state.
      assertNumStateRows(4, 1),
      // (1, 20) is late (≤ 20); (1, 21) matches (1, 3) and (1, 5) but is not stored (21 ≤ state watermark 25);
      // (1, 28) matches both and is stored.
      AddData(rightInput, [1, 20], [1, 21], [1, 28]),
      CheckNewAnswer(...out([1, 3, 21], [1, 5, 21], [1, 3, 28], [1, 5, 28])),
      assertNumStateRows(5, 1, 1),
      // Left rows at or before the watermark 20 are late.
      AddData(leftInput, [1, 20], [1, 21]),
      CheckNewAnswer(...out([1, 21, 28])),
      assertNumStateRows(6, 1, 1),
    )
  })

  it('with a two-sided time range (BETWEEN) drops both sides behind their state value watermarks', async () => {
    const spark = newSession()
    const leftInput = new MemoryStream(spark, 'leftKey INT, time INT')
    const rightInput = new MemoryStream(spark, 'rightKey INT, time INT')
    const df1 = leftInput
      .toDF()
      .select(
        col('leftKey'),
        timestamp_seconds(col('time')).alias('leftTime'),
        col('leftKey').multiply(2).alias('leftValue'),
      )
      .withWatermark('leftTime', '20 seconds')
    const df2 = rightInput
      .toDF()
      .select(
        col('rightKey'),
        timestamp_seconds(col('time')).alias('rightTime'),
        col('rightKey').multiply(3).alias('rightValue'),
      )
      .withWatermark('rightTime', '30 seconds')
    // leftTime ∈ [rightTime - 10 s, rightTime + 5 s]: the left state keeps leftTime > watermark - 10 s, the right
    // state rightTime > watermark - 5 s (each a millisecond lower, the bounds being inclusive).
    const condition = expr(
      'leftKey = rightKey AND leftTime BETWEEN rightTime - interval 10 seconds AND rightTime + interval 5 seconds',
    )
    const joined = df1
      .join(df2, condition)
      .select(col('leftKey'), col('leftTime').cast('int'), col('rightTime').cast('int'))
    const out = rows('leftKey', 'leftTime', 'rightTime')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      AddData(leftInput, [1, 20]), // matches rightTime in [15, 30]
      CheckAnswer(),
      AddData(rightInput, [1, 14], [1, 15], [1, 25], [1, 26], [1, 30], [1, 31]),
      CheckNewAnswer(...out([1, 20, 15], [1, 20, 25], [1, 20, 26], [1, 20, 30])),
      assertNumStateRows(7, 7),
      AddData(rightInput, [1, 60]), // matches leftTime in [50, 65]
      CheckNewAnswer(),
      AddData(leftInput, [1, 49], [1, 50], [1, 65], [1, 66]),
      CheckNewAnswer(...out([1, 50, 60], [1, 65, 60])),
      // Watermark = min(66 - 20, 60 - 30) = 30: left state keeps > 19.999 s (none dropped), right state keeps
      // > 24.999 s (14 and 15 dropped).
      assertNumStateRows(10, 5),
      AddData(leftInput, [1, 30], [1, 31]), // 30 is late
      CheckNewAnswer(...out([1, 31, 26], [1, 31, 30], [1, 31, 31])),
      assertNumStateRows(11, 1, 1),
      AddData(rightInput, [1, 80]),
      CheckNewAnswer(),
      // Watermark = min(66 - 20, 80 - 30) = 46: left keeps > 35.999 (20 and 31 dropped), right keeps > 40.999
      // (25, 26, 30 and 31 dropped).
      assertNumStateRows(6, 1),
      AddData(rightInput, [1, 46], [1, 50]), // 46 is late
      CheckNewAnswer(...out([1, 49, 50], [1, 50, 50])),
      assertNumStateRows(7, 1, 1),
    )
  })

  it('joins a stream with itself (one source, both sides)', async () => {
    const input = new MemoryStream(newSession(), 'value INT')
    const df = input.toDF()
    const side = (name: string) => df.select(col('value').mod(5).alias('key'), col('value')).alias(name)
    const joined = side('l').join(side('r'), 'key').select(col('key'), col('l.value'), col('r.value').alias('value2'))
    const out = rows('key', 'value', 'value2')
    await testStream(joined)(
      AddData(input, [1], [2]),
      CheckAnswer(...out([1, 1, 1], [2, 2, 2])),
      StopStream,
      StartStream(),
      AddData(input, [3], [6]),
      // (1, 1), (2, 2), (1, 6) on both sides: key 1 pairs (1, 1), (1, 6), (6, 1), (6, 6)
      CheckAnswer(...out([3, 3, 3], [1, 1, 1], [1, 1, 6], [2, 2, 2], [1, 6, 1], [1, 6, 6])),
      AssertOnQuery((q) => q.lastProgress!.sources.length === 1, 'one source read on both sides'),
    )
  })

  it('joins three streams', async () => {
    const spark = newSession()
    const input1 = new MemoryStream(spark, 'value INT')
    const input2 = new MemoryStream(spark, 'value INT')
    const input3 = new MemoryStream(spark, 'value INT')
    const df1 = input1.toDF().select(col('value').alias('leftKey'), col('value').multiply(2).alias('leftValue'))
    const df2 = input2.toDF().select(col('value').alias('middleKey'), col('value').multiply(3).alias('middleValue'))
    const df3 = input3.toDF().select(col('value').alias('rightKey'), col('value').multiply(5).alias('rightValue'))
    const joined = df1.join(df2, expr('leftKey = middleKey')).join(df3, expr('rightKey = middleKey'))
    await testStream(joined)(
      MultiAddData([input1, [[1], [5]]], [input2, [[1], [5], [10]]], [input3, [[5], [10]]]),
      CheckNewAnswer(
        ...rows('leftKey', 'leftValue', 'middleKey', 'middleValue', 'rightKey', 'rightValue')([5, 10, 5, 15, 5, 25]),
      ),
    )
  })

  it('matches null keys under <=> only', async () => {
    const spark = newSession()
    const input1 = new MemoryStream(spark, 'value INT')
    const input2 = new MemoryStream(spark, 'value INT')
    const df1 = input1.toDF().selectExpr('value as leftKey', 'value * 2 as leftValue')
    const df2 = input2.toDF().selectExpr('value as rightKey', 'value * 3 as rightValue')
    const joined = df1.join(df2, expr('leftKey <=> rightKey')).select('leftKey', 'rightKey', 'leftValue', 'rightValue')
    await testStream(joined)(
      AddData(input1, [1], [5], [10], [null]),
      AddData(input2, [1], [5], [null]),
      CheckNewAnswer(
        ...rows(
          'leftKey',
          'rightKey',
          'leftValue',
          'rightValue',
        )([1, 1, 2, 3], [5, 5, 10, 15], [null, null, null, null]),
      ),
    )
  })
})

describe('stream-stream outer joins', () => {
  it('windowed left outer join: null rows come once the watermark passes the window', async () => {
    const [leftInput, rightInput, joined] = setupWindowedJoin('left_outer')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      MultiAddData([leftInput, [[1], [2], [3], [4], [5]]], [rightInput, [[3], [4], [5], [6], [7]]]),
      CheckNewAnswer(...windowed([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15])),
      MultiAddData([leftInput, [[21]]], [rightInput, [[22]]]), // watermark = 11: a no-data batch emits the nulls
      CheckNewAnswer(...windowed([1, 10, 2, null], [2, 10, 4, null])),
      assertNumStateRows(2, 12),
      AddData(leftInput, [22]),
      CheckNewAnswer(...windowed([22, 30, 44, 66])),
      assertNumStateRows(3, 1),
    )
  })

  it('windowed right outer join', async () => {
    const [leftInput, rightInput, joined] = setupWindowedJoin('right_outer')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      MultiAddData([leftInput, [[1], [2], [3], [4], [5]]], [rightInput, [[3], [4], [5], [6], [7]]]),
      CheckNewAnswer(...windowed([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15])),
      MultiAddData([leftInput, [[21]]], [rightInput, [[22]]]),
      CheckNewAnswer(...windowed([6, 10, null, 18], [7, 10, null, 21])),
      assertNumStateRows(2, 12),
      AddData(leftInput, [22]),
      CheckNewAnswer(...windowed([22, 30, 44, 66])),
      assertNumStateRows(3, 1),
    )
  })

  for (const [joinType, outer] of [
    ['left_outer', [3, null, 5, null]],
    ['right_outer', [null, 2, null, 5]],
  ] as const) {
    it(`${joinType.replace('_', ' ')} with a range condition: the null row only after the watermark passes`, async () => {
      const [leftInput, rightInput, joined] = setupJoinWithRangeCondition(joinType)
      const assertNumStateRows = stateRowsChecker()
      await testStream(joined)(
        AddData(leftInput, [1, 5], [3, 5]),
        CheckAnswer(),
        AddData(rightInput, [1, 10], [2, 5]),
        CheckNewAnswer(...ranged([1, 1, 5, 10])),
        AddData(rightInput, [1, 11]),
        CheckNewAnswer(), // no match: the left time is too low
        assertNumStateRows(5, 5),
        // The watermark goes to 20 s with data at 30 s on both inputs.
        AddData(leftInput, [1, 7], [1, 30]),
        CheckNewAnswer(...ranged([1, 1, 7, 10], [1, 1, 7, 11])),
        assertNumStateRows(7, 2),
        AddData(rightInput, [0, 30]), // watermark = 30 - 10 = 20: a no-data batch emits the null row
        CheckNewAnswer(...ranged(outer as unknown as unknown[])),
        assertNumStateRows(2, 1),
      )
    })
  }

  it('left outer join whose non-key condition fails: null rows although the keys match', async () => {
    const spark = newSession()
    const [leftInput, simpleLeft] = setupStream(spark, 'left', 2)
    const [rightInput, simpleRight] = setupStream(spark, 'right', 3)
    const left = simpleLeft.select(col('key'), window(col('leftTime'), '10 second'), col('leftValue'))
    const right = simpleRight.select(col('key'), window(col('rightTime'), '10 second'), col('rightValue'))
    const joined = left
      .join(
        right,
        left
          .col('key')
          .eq(right.col('key'))
          .and(left.col('window').eq(right.col('window')))
          .and(col('leftValue').gt(10))
          .and(col('rightValue').lt(300).or(col('rightValue').gt(1000))),
        'left_outer',
      )
      .select(left.col('key'), left.col('window.end').cast('long'), col('leftValue'), col('rightValue'))
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      // leftValue ≤ 10 gives null rows at once although right keys match
      MultiAddData([leftInput, [[1], [2], [3]]], [rightInput, [[1], [2], [3]]]),
      CheckNewAnswer(...windowed([1, 10, 2, null], [2, 10, 4, null], [3, 10, 6, null])),
      assertNumStateRows(3, 3), // only the right rows are stored
      MultiAddData([leftInput, [[20]]], [rightInput, [[21]]]), // watermark = 10: rows before 10 cleared
      CheckNewAnswer(),
      assertNumStateRows(2, 2),
      AddData(rightInput, [20]),
      CheckNewAnswer(...windowed([20, 30, 40, 60])),
      assertNumStateRows(3, 1),
      MultiAddData([leftInput, [[40], [41]]], [rightInput, [[40], [41]]]), // watermark = 31
      CheckNewAnswer(...windowed([40, 50, 80, 120], [41, 50, 82, 123])),
      assertNumStateRows(4, 4),
      MultiAddData([leftInput, [[70]]], [rightInput, [[71]]]), // watermark = 60
      CheckNewAnswer(),
      assertNumStateRows(2, 2),
      AddData(rightInput, [70]),
      CheckNewAnswer(...windowed([70, 80, 140, 210])),
      assertNumStateRows(3, 1),
      // rightValue between 300 and 1000 gives null rows although the left matches
      MultiAddData([leftInput, [[101], [102], [103]]], [rightInput, [[101], [102], [103]]]), // watermark = 91
      CheckNewAnswer(),
      assertNumStateRows(6, 3),
      MultiAddData([leftInput, [[1000]]], [rightInput, [[1001]]]),
      CheckNewAnswer(...windowed([101, 110, 202, null], [102, 110, 204, null], [103, 110, 206, null])),
      assertNumStateRows(2, 2),
    )
  })

  it('self left outer join: no null rows for left rows matched before (SPARK-26187)', async () => {
    const [input, joined] = setupSelfJoin('left_outer')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      AddData(input, [1, 1], [2, 2], [3, 3], [4, 4], [5, 5]),
      CheckNewAnswer(...selfJoined([2, 2, 2, 2], [4, 4, 4, 4])),
      assertNumStateRows(7, 7),
      AddData(input, [6, 6], [7, 7], [8, 8], [9, 9], [10, 10]),
      // watermark 5: right (2, 2) and (4, 4) evicted; the left keeps its rows 5 s longer (the condition)
      CheckNewAnswer(...selfJoined([6, 6, 6, 6], [8, 8, 8, 8], [10, 10, 10, 10])),
      assertNumStateRows(13, 8),
      AddData(input, [11, 11], [12, 12], [13, 13], [14, 14], [15, 15]),
      // watermark 10 for this batch's eviction: left (1..3) and right (6, 8) evicted; 2 had matched
      CheckNewAnswer(...selfJoined([12, 12, 12, 12], [14, 14, 14, 14], [1, 1, null, null], [3, 3, null, null])),
      assertNumStateRows(15, 7),
    )
  })

  it('windowed full outer join, restarted mid-stream with buffered state', async () => {
    const [leftInput, rightInput, joined] = setupWindowedJoin('full_outer')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      MultiAddData([leftInput, [[1], [2], [3], [4], [5]]], [rightInput, [[3], [4], [5], [6], [7]]]),
      CheckNewAnswer(...windowed([3, 10, 6, 9], [4, 10, 8, 12], [5, 10, 10, 15])),
      assertNumStateRows(10, 10),
      MultiAddData([leftInput, [[21]]], [rightInput, [[22]]]),
      // watermark = 11: window [0, 10] evicted on both sides, the unmatched rows with nulls
      CheckNewAnswer(...windowed([1, 10, 2, null], [2, 10, 4, null], [6, 10, null, 18], [7, 10, null, 21])),
      assertNumStateRows(2, 2),
      AddData(leftInput, [22]),
      CheckNewAnswer(...windowed([22, 30, 44, 66])),
      assertNumStateRows(3, 1),
      StopStream,
      StartStream(),
      AddData(leftInput, [1]),
      CheckNewAnswer(), // late: window [0, 10] ends before the watermark 12
      assertNumStateRows(3, 0, 1),
      AddData(rightInput, [5]),
      CheckNewAnswer(),
      assertNumStateRows(3, 0, 1),
    )
  })

  it('full outer join with a range condition', async () => {
    const [leftInput, rightInput, joined] = setupJoinWithRangeCondition('full_outer')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      AddData(leftInput, [1, 5], [3, 5]),
      CheckNewAnswer(),
      assertNumStateRows(2, 2),
      AddData(rightInput, [1, 10], [2, 5]),
      CheckNewAnswer(...ranged([1, 1, 5, 10])),
      assertNumStateRows(4, 2),
      AddData(rightInput, [1, 9]),
      CheckNewAnswer(...ranged([1, 1, 5, 9])),
      assertNumStateRows(5, 1),
      AddData(leftInput, [1, 7], [1, 30]),
      CheckNewAnswer(...ranged([1, 1, 7, 9], [1, 1, 7, 10])),
      assertNumStateRows(7, 2),
      AddData(rightInput, [0, 30]), // watermark = 20: unmatched rows of both sides come out
      CheckNewAnswer(...ranged([3, null, 5, null], [null, 2, null, 5])),
      assertNumStateRows(2, 1),
    )
  })

  it("full outer join: rows failing one side's own condition come out at once, the others at eviction", async () => {
    const spark = newSession()
    const [leftInput, df1] = setupStream(spark, 'left', 2)
    const [rightInput, df2] = setupStream(spark, 'right', 3)
    const left = df1.select(col('key'), window(col('leftTime'), '10 second'), col('leftValue'))
    const right = df2.select(col('key'), window(col('rightTime'), '10 second'), col('rightValue').cast('string'))
    const joined = left
      .join(
        right,
        left
          .col('key')
          .eq(right.col('key'))
          .and(left.col('window').eq(right.col('window')))
          .and(col('leftValue').gt(4)),
        'full_outer',
      )
      .select(
        left.col('key'),
        left.col('window.end').cast('long'),
        col('leftValue'),
        right.col('key').alias('rkey'),
        right.col('window.end').cast('long').alias('rend'),
        col('rightValue'),
      )
    const out = rows('key', 'end', 'leftValue', 'rkey', 'rend', 'rightValue')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      MultiAddData([leftInput, [[1], [2], [3]]], [rightInput, [[3], [4], [5]]]),
      CheckNewAnswer(...out([1, 10, 2, null, null, null], [2, 10, 4, null, null, null], [3, 10, 6, 3, 10, '9'])),
      assertNumStateRows(4, 4),
      MultiAddData([leftInput, [[20]]], [rightInput, [[21]]]),
      CheckNewAnswer(...out([null, null, null, 4, 10, '12'], [null, null, null, 5, 10, '15'])),
      assertNumStateRows(2, 2),
      AddData(rightInput, [20]),
      CheckNewAnswer(...out([20, 30, 40, 20, 30, '60'])),
      assertNumStateRows(3, 1),
    )
  })
})

describe('stream-stream left semi join', () => {
  it('windowed: each left row once, matched left rows not stored, restarted mid-stream', async () => {
    const [leftInput, rightInput, joined] = setupWindowedJoin('left_semi')
    const out = rows('key', 'end', 'leftValue')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      MultiAddData([leftInput, [[1], [2], [3], [4], [5]]], [rightInput, [[3], [4], [5], [6], [7]]]),
      CheckNewAnswer(...out([3, 10, 6], [4, 10, 8], [5, 10, 10])),
      assertNumStateRows(10, 10),
      MultiAddData([leftInput, [[21]]], [rightInput, [[22]]]), // watermark = 11: window [0, 10] evicted
      CheckNewAnswer(),
      assertNumStateRows(2, 2),
      AddData(leftInput, [22]),
      CheckNewAnswer(...out([22, 30, 44])),
      assertNumStateRows(2, 0), // matched at once: not buffered
      StopStream,
      StartStream(),
      AddData(leftInput, [1]),
      CheckNewAnswer(),
      assertNumStateRows(2, 0, 1),
      AddData(rightInput, [5]),
      CheckNewAnswer(),
      assertNumStateRows(2, 0, 1),
    )
  })

  it('with a range condition: a left row matched once is not emitted again', async () => {
    const [leftInput, rightInput, joined] = setupJoinWithRangeCondition('left_semi')
    const out = rows('leftKey', 'leftTime')
    const assertNumStateRows = stateRowsChecker()
    await testStream(joined)(
      AddData(leftInput, [1, 5], [3, 5]),
      CheckNewAnswer(),
      assertNumStateRows(2, 2),
      AddData(rightInput, [1, 10], [2, 5]),
      CheckNewAnswer(...out([1, 5])),
      assertNumStateRows(4, 2),
      AddData(rightInput, [1, 9]),
      CheckNewAnswer(), // (1, 5) matched already
      assertNumStateRows(5, 1),
      AddData(leftInput, [1, 7], [1, 30]),
      CheckNewAnswer(...out([1, 7])),
      assertNumStateRows(6, 1),
      AddData(rightInput, [0, 30]), // watermark = 20
      CheckNewAnswer(),
      assertNumStateRows(2, 1),
    )
  })
})

// Spark's ProgressReporter reports one watermark operator's event-time statistics: the first in the executed plan
// (top down, the left side first) that saw rows in the batch — not the two sides merged.
describe('event-time statistics of a join with two watermarks', () => {
  it('are the left side’s when it saw rows, else the right side’s', async () => {
    const spark = newSession()
    const [left, leftDf] = setupStream(spark, 'left', 2)
    const [right, rightDf] = setupStream(spark, 'right', 3)
    const joined = leftDf.join(rightDf, 'key').select(col('key'), col('leftValue'), col('rightValue'))
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString()
    await testStream(joined)(
      MultiAddData([left, [[1], [2]]], [right, [[10]]]),
      CheckNewAnswer(),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.eventTime).toMatchObject({ max: iso(2), min: iso(1), avg: iso(1.5) })
      }, 'the left side’s 1 s and 2 s, not the right side’s 10 s'),
      AddData(right, [20]),
      CheckNewAnswer(),
      AssertOnQuery((q) => {
        const withRows = q.recentProgress.filter((p) => p.numInputRows > 0).at(-1)!
        expect(withRows.eventTime).toMatchObject({ max: iso(20), min: iso(20), avg: iso(20) })
      }, 'only the right side saw rows'),
    )
  })
})
