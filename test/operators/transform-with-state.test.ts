// transformWithState's state variables: a running count in ValueState, ListState append/put/clear, MapState updates
// and removals, initial state, async handlers, and Spark's errors for misuse. Expected rows follow Spark's rules:
// handleInputRows runs once per key per batch with all of the key's rows; state written in a batch is read back in
// the next.
import { describe, expect, it } from 'vitest'
import {
  type ListState,
  type MapState,
  MemoryStream,
  type Row,
  SparkException,
  StatefulProcessor,
  type StatefulProcessorHandle,
  StatefulProcessorWithInitialState,
  UnsupportedOperationException,
  type ValueState,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, AssertOnQuery, CheckNewAnswer, ExpectFailure } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

class RunningCount extends StatefulProcessor<[string]> {
  private count!: ValueState<number>
  init(handle: StatefulProcessorHandle): void {
    this.count = handle.getValueState<number>('count', 'bigint')
  }
  *handleInputRows([key]: [string], rows: IterableIterator<Row>): Generator<Row> {
    let count = this.count.get() ?? 0
    for (const _ of rows) count++
    this.count.update(count)
    yield { key, count }
  }
}

const words = () => {
  const spark = newSession()
  return { spark, input: new MemoryStream(spark, 'key STRING, value STRING') }
}

describe('transformWithState', () => {
  it('keeps a running count per key in ValueState', async () => {
    const { input } = words()
    const counts = input.toDF().groupBy('key').transformWithState(new RunningCount(), {
      outputSchema: 'key STRING, count BIGINT',
      outputMode: 'update',
      timeMode: 'None',
    })
    await testStream(counts, 'update')(
      AddData(input, ['a', 'x'], ['b', 'x'], ['a', 'y']),
      CheckNewAnswer({ key: 'a', count: 2 }, { key: 'b', count: 1 }),
      AddData(input, ['a', 'z'], ['c', 'z']),
      CheckNewAnswer({ key: 'a', count: 3 }, { key: 'c', count: 1 }),
      AssertOnQuery((q) => {
        expect(q.lastProgress!.stateOperators[0]).toMatchObject({
          operatorName: 'transformWithStateExec',
          numRowsTotal: 3,
          numRowsUpdated: 2,
          customMetrics: { numValueStateVars: 1 },
        })
      }, 'three keys held, two written'),
    )
  })

  it('appends to, replaces and clears ListState', async () => {
    const { input } = words()
    class Lists extends StatefulProcessor<[string]> {
      private items!: ListState<{ item: string }>
      init(handle: StatefulProcessorHandle): void {
        this.items = handle.getListState('items', 'item STRING')
      }
      *handleInputRows([key]: [string], rows: IterableIterator<Row>): Generator<Row> {
        for (const row of rows) {
          if (row.value === 'reset') this.items.put([{ item: 'r1' }, { item: 'r2' }])
          else if (row.value === 'clear') this.items.clear()
          else this.items.appendValue({ item: row.value as string })
        }
        const held = [...this.items.get()].map((i) => i.item)
        yield { key, items: held.join(','), exists: this.items.exists() }
      }
    }
    const df = input.toDF().groupBy('key').transformWithState(new Lists(), {
      outputSchema: 'key STRING, items STRING, exists BOOLEAN',
      outputMode: 'update',
      timeMode: 'None',
    })
    await testStream(df, 'update')(
      AddData(input, ['a', 'x'], ['a', 'y'], ['b', 'z']),
      CheckNewAnswer({ key: 'a', items: 'x,y', exists: true }, { key: 'b', items: 'z', exists: true }),
      AddData(input, ['a', 'w'], ['b', 'reset']),
      CheckNewAnswer({ key: 'a', items: 'x,y,w', exists: true }, { key: 'b', items: 'r1,r2', exists: true }),
      AddData(input, ['b', 'clear'], ['a', 'clear'], ['a', 'v']),
      CheckNewAnswer({ key: 'a', items: 'v', exists: true }, { key: 'b', items: '', exists: false }),
      AddData(input, ['b', 'u']),
      CheckNewAnswer({ key: 'b', items: 'u', exists: true }),
    )
  })

  it('updates and removes MapState entries', async () => {
    const { input } = words()
    class Tally extends StatefulProcessor<[string]> {
      private counts!: MapState<string, number>
      init(handle: StatefulProcessorHandle): void {
        this.counts = handle.getMapState<string, number>('counts', 'string', 'int')
      }
      *handleInputRows([key]: [string], rows: IterableIterator<Row>): Generator<Row> {
        for (const row of rows) {
          const value = row.value as string
          if (value.startsWith('-')) this.counts.removeKey(value.slice(1))
          else this.counts.updateValue(value, (this.counts.getValue(value) ?? 0) + 1)
        }
        const entries = [...this.counts.iterator()].sort(([a], [b]) => a.localeCompare(b))
        yield { key, tally: entries.map(([item, n]) => `${item}=${n}`).join(' '), hasX: this.counts.containsKey('x') }
      }
    }
    const df = input.toDF().groupBy('key').transformWithState(new Tally(), {
      outputSchema: 'key STRING, tally STRING, hasX BOOLEAN',
      outputMode: 'update',
      timeMode: 'None',
    })
    await testStream(df, 'update')(
      AddData(input, ['a', 'x'], ['a', 'y'], ['a', 'x'], ['b', 'y']),
      CheckNewAnswer({ key: 'a', tally: 'x=2 y=1', hasX: true }, { key: 'b', tally: 'y=1', hasX: false }),
      AddData(input, ['a', '-x'], ['a', 'z'], ['b', 'y']),
      CheckNewAnswer({ key: 'a', tally: 'y=1 z=1', hasX: false }, { key: 'b', tally: 'y=2', hasX: false }),
      AssertOnQuery((q) => q.lastProgress!.stateOperators[0]!.numRowsTotal === 3, 'entries a/y, a/z, b/y'),
    )
  })

  it('starts from an initial state in the first batch only', async () => {
    const { spark, input } = words()
    class Seeded extends StatefulProcessorWithInitialState<[string], Row, Row, Row> {
      private count!: ValueState<number>
      init(handle: StatefulProcessorHandle): void {
        this.count = handle.getValueState<number>('count', 'bigint')
      }
      handleInitialState(_key: [string], initial: Row): void {
        this.count.update((this.count.get() ?? 0) + (initial.seed as number))
      }
      *handleInputRows([key]: [string], rows: IterableIterator<Row>): Generator<Row> {
        let count = this.count.get() ?? 0
        for (const _ of rows) count++
        this.count.update(count)
        yield { key, count }
      }
    }
    const initial = spark
      .createDataFrame(
        [
          ['a', 10],
          ['b', 20],
          ['b', 5],
        ],
        'key STRING, seed BIGINT',
      )
      .groupBy('key')
    const df = input.toDF().groupBy('key').transformWithState(new Seeded(), {
      outputSchema: 'key STRING, count BIGINT',
      outputMode: 'update',
      timeMode: 'None',
      initialState: initial,
    })
    await testStream(df, 'update')(
      // a: 10 + 1; b (two initial rows, both handled): 25, untouched by input, so not emitted.
      AddData(input, ['a', 'x']),
      CheckNewAnswer({ key: 'a', count: 11 }),
      AddData(input, ['b', 'x'], ['a', 'y']),
      CheckNewAnswer({ key: 'a', count: 12 }, { key: 'b', count: 26 }),
    )
  })

  it('awaits async handlers: a promise of rows and an async generator', async () => {
    const { input } = words()
    class Slow extends StatefulProcessor<[string]> {
      private seen!: ValueState<string>
      init(handle: StatefulProcessorHandle): void {
        this.seen = handle.getValueState<string>('seen', 'string')
      }
      async *handleInputRows([key]: [string], rows: IterableIterator<Row>): AsyncGenerator<Row> {
        const before = this.seen.get()
        await new Promise((resolve) => setTimeout(resolve, 1))
        const values = [...rows].map((r) => r.value as string).join('')
        this.seen.update((before ?? '') + values)
        yield { key, seen: this.seen.get() }
      }
    }
    const df = input.toDF().groupBy('key').transformWithState(new Slow(), {
      outputSchema: 'key STRING, seen STRING',
      outputMode: 'append',
      timeMode: 'None',
    })
    await testStream(df)(
      AddData(input, ['a', '1'], ['b', '2'], ['a', '3']),
      CheckNewAnswer({ key: 'a', seen: '13' }, { key: 'b', seen: '2' }),
      AddData(input, ['a', '4']),
      CheckNewAnswer({ key: 'a', seen: '134' }),
    )
  })
})

describe('transformWithState errors', () => {
  const run = (processor: StatefulProcessor<[string]>, timeMode = 'None') => {
    const { input } = words()
    const df = input.toDF().groupBy('key').transformWithState(processor, {
      outputSchema: 'key STRING',
      outputMode: 'update',
      timeMode,
    })
    return { input, df }
  }

  it('refuses a state variable created outside init, failing the query with Spark’s error', async () => {
    class Late extends StatefulProcessor<[string]> {
      private handle!: StatefulProcessorHandle
      init(handle: StatefulProcessorHandle): void {
        this.handle = handle
      }
      handleInputRows(): undefined {
        this.handle.getValueState('late', 'int')
        return undefined
      }
    }
    const { input, df } = run(new Late())
    await testStream(df, 'update')(
      AddData(input, ['a', 'x']),
      ExpectFailure(
        UnsupportedOperationException,
        '[STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE] Failed to perform stateful processor operation=get_value_state with invalid handle state=INITIALIZED.',
      ),
    )
  })

  it('wraps a handler’s rejection in TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR', async () => {
    class Rejecting extends StatefulProcessor<[string]> {
      init(): void {}
      async handleInputRows(): Promise<undefined> {
        throw new Error('lookup failed')
      }
    }
    const { input, df } = run(new Rejecting())
    await testStream(df, 'update')(
      AddData(input, ['a', 'x']),
      ExpectFailure(
        SparkException,
        '[TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR] An error occurred in the user-defined function handleInputRows of the StatefulProcessor. Reason: lookup failed.',
      ),
    )
  })

  it('checks timers against the time mode and TTL, names and duplicates in init', () => {
    class Timed extends StatefulProcessor<[string]> {
      private handle!: StatefulProcessorHandle
      init(handle: StatefulProcessorHandle): void {
        this.handle = handle
      }
      handleInputRows(): undefined {
        this.handle.registerTimer(1)
        return undefined
      }
    }
    const declaring = (declare: (h: StatefulProcessorHandle) => void) =>
      new (class extends StatefulProcessor<[string]> {
        init(handle: StatefulProcessorHandle): void {
          declare(handle)
        }
        handleInputRows(): undefined {
          return undefined
        }
      })()
    const start = (processor: StatefulProcessor<[string]>, timeMode = 'None') =>
      run(processor, timeMode).df.writeStream.outputMode('update').format('noop').start()
    expect(() => start(declaring((h) => h.getValueState('v', 'int', { ttlDurationMs: 1000 })))).toThrow(
      '[STATEFUL_PROCESSOR_INCORRECT_TIME_MODE_TO_ASSIGN_TTL] Cannot use TTL for state=v in timeMode=NoTime, use TimeMode.ProcessingTime() instead.',
    )
    expect(() =>
      start(
        declaring((h) => h.getValueState('v', 'int', { ttlDurationMs: -1 })),
        'ProcessingTime',
      ),
    ).toThrow(
      '[STATEFUL_PROCESSOR_TTL_DURATION_MUST_BE_POSITIVE] TTL duration must be greater than zero for State store operation=update on state=v.',
    )
    expect(() =>
      start(
        declaring((h) => {
          h.getValueState('v', 'int')
          h.getListState('v', 'int')
        }),
      ),
    ).toThrow(
      '[STATEFUL_PROCESSOR_DUPLICATE_STATE_VARIABLE_DEFINED] State variable with name v has already been defined',
    )
    expect(() => start(declaring((h) => h.getValueState('default', 'int')))).toThrow(
      'STATE_STORE_CANNOT_USE_COLUMN_FAMILY_WITH_INVALID_NAME',
    )
    expect(() =>
      start(
        declaring((h) => h.registerTimer(5)),
        'ProcessingTime',
      ),
    ).toThrow('Failed to perform stateful processor operation=register_timer with invalid handle state=CREATED.')
    const { input, df } = run(new Timed())
    return testStream(df, 'update')(
      AddData(input, ['a', 'x']),
      ExpectFailure(
        UnsupportedOperationException,
        '[STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_TIME_MODE] Failed to perform stateful processor operation=register_timer with invalid timeMode=NoTime',
      ),
    )
  })

  it('accepts only append and update as its output mode and Spark’s time modes', () => {
    const { input } = words()
    const grouped = input.toDF().groupBy('key')
    const options = { outputSchema: 'key STRING', outputMode: 'update', timeMode: 'None' }
    expect(() => grouped.transformWithState(new RunningCount(), { ...options, timeMode: 'wallclock' })).toThrow(
      "[STATEFUL_PROCESSOR_UNKNOWN_TIME_MODE] Unknown time mode wallclock. Accepted timeMode modes are 'none', 'processingTime', 'eventTime'",
    )
    expect(() => grouped.transformWithState(new RunningCount(), { ...options, outputMode: 'complete' })).toThrow(
      'This output mode is not supported for transformWithState on streaming DataFrames/DataSets.',
    )
  })
})
