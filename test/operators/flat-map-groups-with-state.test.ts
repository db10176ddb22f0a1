// flatMapGroupsWithState and mapGroupsWithState with GroupState and each timeout kind, initial state, and Spark's
// checker texts. Expected rows follow Spark's FlatMapGroupsWithStateExec: a key times out when its timeout is
// strictly before the batch timestamp (ProcessingTimeTimeout) or the eviction watermark (EventTimeTimeout), and is
// then called with no rows and hasTimedOut set; a timeout lasts one call unless set again.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  count,
  type GroupState,
  MemoryStream,
  type Row,
  SparkException,
  UnsupportedOperationException,
} from '../../src/index.js'
import { ManualClock } from '../support/manual-clock.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckNewAnswer,
  ExpectFailure,
  StartStream,
  StopStream,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const at = (s: number) => new Date(s * 1000)
const rowsOf = (state: { numRowsTotal: number; numRowsUpdated: number }) => state

describe('mapGroupsWithState', () => {
  it('emits one row per key per batch with a running count (no timeout)', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const df = input
      .toDF()
      .groupBy('key')
      .mapGroupsWithState(
        ([key], rows, state: GroupState<number>) => {
          const total = (state.getOption ?? 0) + [...rows].length
          state.update(total)
          return { key, count: total }
        },
        { outputSchema: 'key STRING, count BIGINT', stateSchema: 'bigint' },
      )
    await testStream(df, 'update')(
      AddData(input, ['a'], ['a'], ['b']),
      CheckNewAnswer({ key: 'a', count: 2 }, { key: 'b', count: 1 }),
      AddData(input, ['a']),
      CheckNewAnswer({ key: 'a', count: 3 }),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({
          operatorName: 'flatMapGroupsWithState',
          ...rowsOf({ numRowsTotal: 2, numRowsUpdated: 1 }),
        })
      }),
    )
  })
})

describe('flatMapGroupsWithState timeouts', () => {
  /** Counts a key's rows with a 10 s processing-time timeout; on timeout emits -1 and forgets the key. */
  function countWithTimeout(key: readonly unknown[], rows: IterableIterator<Row>, state: GroupState<number>) {
    if (state.hasTimedOut) {
      state.remove()
      return [{ key: key[0], count: -1 }]
    }
    const total = (state.getOption ?? 0) + [...rows].length
    state.update(total)
    state.setTimeoutDuration('10 seconds')
    return [{ key: key[0], count: total }]
  }

  it('ProcessingTimeTimeout: a key times out once the batch time passes its timeout', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const df = input.toDF().groupBy('key').flatMapGroupsWithState(countWithTimeout, {
      outputSchema: 'key STRING, count BIGINT',
      stateSchema: 'bigint',
      outputMode: 'update',
      timeout: 'ProcessingTimeTimeout',
    })
    const clock = new ManualClock(0)
    await testStream(df, 'update')(
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AddData(input, ['a']),
      AdvanceManualClock(1_000), // a: 1, times out after 11000
      CheckNewAnswer({ key: 'a', count: 1 }),
      AddData(input, ['b']),
      AdvanceManualClock(1_000), // b: 1, after 12000
      CheckNewAnswer({ key: 'b', count: 1 }),
      AdvanceManualClock(9_000), // 11000: a's timeout is not before the batch time: no batch
      CheckNewAnswer(),
      AddData(input, ['b']),
      AdvanceManualClock(1_000), // 12000: b: 2 (after 22000); a: 11000 < 12000 times out
      CheckNewAnswer({ key: 'a', count: -1 }, { key: 'b', count: 2 }),
      StopStream,
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AddData(input, ['c']),
      AdvanceManualClock(11_000), // 23000: c: 1; b's restored timeout 22000 < 23000
      CheckNewAnswer({ key: 'b', count: -1 }, { key: 'c', count: 1 }),
      AssertOnQuery((q) => q.lastProgress!.stateOperators[0]!.numRowsTotal === 1, 'only c remains'),
    )
  })

  it('EventTimeTimeout: a key times out once the watermark is past its timeout, strictly', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP')
    function sessions(key: readonly unknown[], rows: IterableIterator<Row>, state: GroupState<number>) {
      if (state.hasTimedOut) {
        state.remove()
        return [{ key: key[0], n: -1 }]
      }
      const seen = [...rows]
      const latest = Math.max(...seen.map((r) => (r.ts as Date).getTime()), state.getOption ?? 0)
      state.update(latest + 5_000)
      state.setTimeoutTimestamp(latest + 5_000)
      return [{ key: key[0], n: seen.length }]
    }
    const df = input.toDF().withWatermark('ts', '10 seconds').groupBy('key').flatMapGroupsWithState(sessions, {
      outputSchema: 'key STRING, n INT',
      stateSchema: 'bigint',
      outputMode: 'update',
      timeout: 'EventTimeTimeout',
    })
    await testStream(df, 'update')(
      AddData(input, ['a', at(11)], ['a', at(13)], ['a', at(15)]), // a times out after 20 s; watermark 5 s
      CheckNewAnswer({ key: 'a', n: 3 }),
      AddData(input, ['a', at(4)]), // 4 s ≤ 5 s: late, dropped, a is not called
      CheckNewAnswer(),
      AddData(input, ['b', at(40)]), // b after 45 s; watermark 30 s: a (20 s < 30 s) times out
      CheckNewAnswer({ key: 'b', n: 1 }, { key: 'a', n: -1 }),
      AddData(input, ['c', at(55)]), // watermark 45 s: b's 45 s is not before it
      CheckNewAnswer({ key: 'c', n: 1 }),
      AddData(input, ['d', at(56)]), // watermark 46 s: b times out
      CheckNewAnswer({ key: 'd', n: 1 }, { key: 'b', n: -1 }),
    )
  })

  it('starts from an initial state, one row per key; keys without input are not called', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const initial = spark
      .createDataFrame(
        [
          ['a', 10],
          ['z', 99],
        ],
        'key STRING, seed BIGINT',
      )
      .groupBy('key')
    const calls: unknown[] = []
    const df = input
      .toDF()
      .groupBy('key')
      .flatMapGroupsWithState(
        (key, rows, state: GroupState<number>) => {
          calls.push(key[0])
          const total = (state.getOption ?? 0) + [...rows].length
          state.update(total)
          return [{ key: key[0], count: total }]
        },
        {
          outputSchema: 'key STRING, count BIGINT',
          stateSchema: 'bigint',
          outputMode: 'update',
          initialState: initial,
        },
      )
    await testStream(df, 'update')(
      AddData(input, ['a'], ['b']),
      CheckNewAnswer({ key: 'a', count: 11 }, { key: 'b', count: 1 }),
      AddData(input, ['z']),
      CheckNewAnswer({ key: 'z', count: 100 }),
    )
    expect(calls).toEqual(['a', 'b', 'z'])
    const twice = spark
      .createDataFrame(
        [
          ['a', 1],
          ['a', 2],
        ],
        'key STRING, seed BIGINT',
      )
      .groupBy('key')
    const duplicated = input
      .toDF()
      .groupBy('key')
      .flatMapGroupsWithState(() => [], {
        outputSchema: 'key STRING',
        stateSchema: 'bigint',
        outputMode: 'update',
        initialState: twice,
      })
    await testStream(duplicated, 'update')(
      AddData(input, ['a']),
      ExpectFailure(Error, 'The initial state provided contained multiple rows(state) with the same key.'),
    )
  })
})

describe('GroupState misuse', () => {
  const run = (fn: (key: readonly unknown[], rows: IterableIterator<Row>, state: GroupState<number>) => Row[]) => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const df = input.toDF().groupBy('key').flatMapGroupsWithState(fn, {
      outputSchema: 'key STRING',
      stateSchema: 'bigint',
      outputMode: 'update',
    })
    return { input, df }
  }

  it('setting a timeout the query did not enable fails with Spark’s text', async () => {
    const { input, df } = run((_k, _r, state) => {
      state.setTimeoutDuration(1000)
      return []
    })
    await testStream(df, 'update')(
      AddData(input, ['a']),
      ExpectFailure(
        UnsupportedOperationException,
        'Cannot set timeout duration without enabling processing time timeout in [map|flatMap]GroupsWithState',
      ),
    )
  })

  it('reading an undefined state is the user function’s error', async () => {
    const { input, df } = run((_k, _r, state) => [{ key: String(state.get) }])
    await testStream(df, 'update')(
      AddData(input, ['a']),
      ExpectFailure(
        SparkException,
        '[FLATMAPGROUPSWITHSTATE_USER_FUNCTION_ERROR] An error occurred in the user provided function in flatMapGroupsWithState. Reason: State is either not defined or has already been removed',
      ),
    )
  })
})

describe('the streaming checker', () => {
  const spark = newSession()
  const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP')
  const start = (df: ReturnType<typeof input.toDF>, mode: string) =>
    df.writeStream.outputMode(mode).format('noop').start()
  const mapped = (options: { timeout?: string; watermark?: boolean } = {}) =>
    (options.watermark ? input.toDF().withWatermark('ts', '1 second') : input.toDF())
      .groupBy('key')
      .mapGroupsWithState((k) => ({ key: k[0] }), {
        outputSchema: 'key STRING',
        stateSchema: 'int',
        timeout: options.timeout,
      })
  const flat = (outputMode: string, timeout?: string) =>
    input
      .toDF()
      .withWatermark('ts', '1 second')
      .groupBy('key')
      .flatMapGroupsWithState(() => [], {
        outputSchema: 'key STRING, ts TIMESTAMP',
        stateSchema: 'int',
        outputMode,
        timeout,
      })

  it('applies Spark’s output-mode and timeout rules with its texts', () => {
    expect(() => start(mapped(), 'append')).toThrow(AnalysisException)
    expect(() => start(mapped(), 'append')).toThrow(
      'mapGroupsWithState is not supported with Append output mode on a streaming DataFrame/Dataset',
    )
    expect(() => start(flat('update'), 'append')).toThrow(
      'flatMapGroupsWithState in update mode is not supported with Append output mode on a streaming DataFrame/Dataset',
    )
    expect(() => start(flat('append'), 'update')).toThrow(
      'flatMapGroupsWithState in append mode is not supported with Update output mode on a streaming DataFrame/Dataset',
    )
    expect(() => start(mapped({ timeout: 'EventTimeTimeout' }), 'update')).toThrow(
      "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.",
    )
    expect(() => start(flat('update').union(flat('update')), 'update')).toThrow(
      'Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets',
    )
    expect(() => start(mapped().union(mapped()), 'update')).toThrow(
      'Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets',
    )
    expect(() => start(flat('update').groupBy('key').agg(count('*')), 'update')).toThrow(
      'flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset',
    )
    // An event-time timeout can emit rows behind the watermark: no stateful operator may follow it.
    expect(() => start(flat('append', 'EventTimeTimeout').groupBy('key').agg(count('*')), 'update')).toThrow(
      "Detected pattern of possible 'correctness' issue due to global watermark.",
    )
  })
})
