// User code that fails fails its query, not the program: a udf that throws, a transformWithState handler that
// rejects, and a state variable created outside init each end the query with a StreamingQueryException whose cause
// carries Spark's error class; a listener's onQueryTerminated sees that class; the session goes on to run other
// queries; and a restart from the checkpoint, with the fault gone, processes the failed batch once.
import { afterEach, describe, expect, it } from 'vitest'
import {
  MemoryStream,
  type QueryTerminatedEvent,
  type Row,
  SparkException,
  type SparkSession,
  StatefulProcessor,
  type StatefulProcessorHandle,
  UnsupportedOperationException,
  udf,
  type ValueState,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, CheckNewAnswer, Execute, ExpectFailure, StartStream, StopStream } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

/** A session with a listener recording how its queries terminated. */
function watched(): { spark: SparkSession; terminated: QueryTerminatedEvent[] } {
  const spark = newSession()
  const terminated: QueryTerminatedEvent[] = []
  spark.streams.addListener({ onQueryTerminated: (event) => terminated.push(event) })
  return { spark, terminated }
}

/** Listener events are delivered after the query settles: wait for `count` of them. */
async function terminations(events: QueryTerminatedEvent[], count: number): Promise<QueryTerminatedEvent[]> {
  while (events.length < count) await new Promise((resolve) => setImmediate(resolve))
  return events
}

/** The session still runs a query: the program is up after the failure. */
async function stillRuns(spark: SparkSession): Promise<void> {
  const input = new MemoryStream(spark, 'n INT')
  await testStream(input.toDF())(AddData(input, [7]), CheckNewAnswer({ n: 7 }), StopStream)
}

let unhandled: unknown[] = []
const onUnhandled = (reason: unknown) => unhandled.push(reason)
process.on('unhandledRejection', onUnhandled)
afterEach(() => {
  // A failing query leaves no promise rejected and unhandled behind (that would end a Node program).
  expect(unhandled).toEqual([])
  unhandled = []
})

/** transformWithState's running count, its handler failing while `fault` says so. */
class Counting extends StatefulProcessor<[string]> {
  private handle!: StatefulProcessorHandle
  private count!: ValueState<number>
  constructor(private readonly fault: { kind: 'reject' | 'late-state' | 'none' }) {
    super()
  }
  init(handle: StatefulProcessorHandle): void {
    this.handle = handle
    this.count = handle.getValueState<number>('count', 'bigint')
  }
  async handleInputRows([key]: [string], rows: IterableIterator<Row>): Promise<Row[]> {
    if (this.fault.kind === 'reject' && key === 'b') throw new Error('lookup of b failed')
    if (this.fault.kind === 'late-state') this.handle.getValueState('late', 'int')
    const count = (this.count.get() ?? 0) + [...rows].length
    this.count.update(count)
    return [{ key, count }]
  }
}

describe('failing user code', () => {
  it('a udf that throws: FAILED_EXECUTE_UDF to the listener; a restart processes the batch once', async () => {
    const { spark, terminated } = watched()
    const input = new MemoryStream(spark, 'n INT')
    let broken = true
    const tenfold = udf((n: number) => {
      if (broken && n === 2) throw new Error('no twos')
      return n * 10
    }, 'int')
    await testStream(input.toDF().select(tenfold('n').alias('x')))(
      AddData(input, [1]),
      CheckNewAnswer({ x: 10 }),
      AddData(input, [2], [3]),
      ExpectFailure(
        SparkException,
        '[FAILED_EXECUTE_UDF] User defined function (`UDF`: (int) => int) failed due to: Error: no twos.',
      ),
      Execute('the fault is fixed', () => {
        broken = false
      }),
      StartStream(),
      CheckNewAnswer({ x: 20 }, { x: 30 }),
      StopStream,
    )
    const [failed, restarted] = await terminations(terminated, 2)
    expect(failed!.errorClassOnException).toBe('FAILED_EXECUTE_UDF')
    expect(failed!.exception).toContain('failed due to: Error: no twos.')
    expect(restarted!.exception).toBeNull()
    await stillRuns(spark)
  })

  it('a handler that rejects: TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR; no state of the batch is kept', async () => {
    const { spark, terminated } = watched()
    const input = new MemoryStream(spark, 'key STRING')
    const fault = { kind: 'none' as 'reject' | 'none' }
    const counts = input.toDF().groupBy('key').transformWithState(new Counting(fault), {
      outputSchema: 'key STRING, count BIGINT',
      outputMode: 'update',
      timeMode: 'None',
    })
    await testStream(counts, 'update')(
      AddData(input, ['a'], ['b']),
      CheckNewAnswer({ key: 'a', count: 1 }, { key: 'b', count: 1 }),
      Execute('the handler starts failing for b', () => {
        fault.kind = 'reject'
      }),
      AddData(input, ['a'], ['b']),
      ExpectFailure(
        SparkException,
        '[TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR] An error occurred in the user-defined function handleInputRows of the StatefulProcessor. Reason: lookup of b failed.',
      ),
      Execute('the fault is fixed', () => {
        fault.kind = 'none'
      }),
      StartStream(),
      // a's count from the failed batch was not committed: the re-run counts each key's second row once.
      CheckNewAnswer({ key: 'a', count: 2 }, { key: 'b', count: 2 }),
      StopStream,
    )
    const [failed] = await terminations(terminated, 2)
    expect(failed!.errorClassOnException).toBe('TRANSFORM_WITH_STATE_USER_FUNCTION_ERROR')
    expect(failed!.exception).toContain('Reason: lookup of b failed.')
    await stillRuns(spark)
  })

  it('a state variable created outside init: Spark’s invalid-handle-state error to the listener', async () => {
    const { spark, terminated } = watched()
    const input = new MemoryStream(spark, 'key STRING')
    const counts = input
      .toDF()
      .groupBy('key')
      .transformWithState(new Counting({ kind: 'late-state' }), {
        outputSchema: 'key STRING, count BIGINT',
        outputMode: 'update',
        timeMode: 'None',
      })
    await testStream(counts, 'update')(
      AddData(input, ['a']),
      ExpectFailure(
        UnsupportedOperationException,
        '[STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE] Failed to perform stateful processor operation=get_value_state with invalid handle state=INITIALIZED.',
      ),
    )
    const [failed] = await terminations(terminated, 1)
    expect(failed!.errorClassOnException).toBe('STATEFUL_PROCESSOR_CANNOT_PERFORM_OPERATION_WITH_INVALID_HANDLE_STATE')
    await stillRuns(spark)
  })
})
