// User code stays on the driver: at local[2] with the stages moved to the worker threads from the first batch, a
// query calling a udf (above an aggregation, so the aggregation runs on the workers; below one, so nothing moves),
// an arrow_udf filter, and a transformWithState running count give the answers worked out from their input.
import { describe, expect, it } from 'vitest'
import {
  arrow_udf,
  col,
  MemoryStream,
  type Row,
  StatefulProcessor,
  type StatefulProcessorHandle,
  sum,
  udf,
  type ValueState,
} from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import { AddData, AssertOnQuery, CheckNewAnswer, StopStream } from '../../support/stream-actions.js'
import { testStream } from '../../support/test-stream.js'

const PARALLEL = {
  'spark.master': 'local[2]',
  'rivulet.parallel.minBatchRows': '0',
  // A memory source's rows are shipped from the driver: stages move with them only when asked to.
  'rivulet.parallel.shipSourceRows': 'true',
  'spark.sql.shuffle.partitions': '4',
}

const input = () => new MemoryStream(newSession(PARALLEL), 'key STRING, v INT')

/** Whether the query runs stages on worker threads (explain() says so once it does). */
const onWorkers = (runs: boolean) =>
  AssertOnQuery(
    (query) => expect(query.explainString().includes('worker threads')).toBe(runs),
    runs ? 'stages run on the worker threads' : 'everything runs on the driver',
  )

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

describe('user code at local[2]', () => {
  it('a udf above an aggregation runs on the driver over what the workers aggregated', async () => {
    const events = input()
    const label = udf((total: number) => `total ${total}`, 'string')
    const totals = events
      .toDF()
      .groupBy('key')
      .agg(sum('v').alias('total'))
      .select(col('key'), label('total').alias('label'))
    await testStream(totals, 'update', { timeoutMs: 60_000 })(
      AddData(events, ['a', 1], ['b', 2], ['a', 3]),
      CheckNewAnswer({ key: 'a', label: 'total 4' }, { key: 'b', label: 'total 2' }),
      AddData(events, ['b', 5], ['c', 1]),
      CheckNewAnswer({ key: 'b', label: 'total 7' }, { key: 'c', label: 'total 1' }),
      onWorkers(true),
      StopStream,
    )
  }, 60_000)

  it('a udf and an arrow_udf below an aggregation keep the whole query on the driver', async () => {
    const events = input()
    const twice = udf((v: number) => v * 2, 'int')
    const isOdd = arrow_udf((v) => Array.from(v.toArray() as Int32Array, (x) => x % 2 === 1), 'boolean')
    const totals = events
      .toDF()
      .filter(isOdd('v'))
      .select(col('key'), twice('v').alias('d'))
      .groupBy('key')
      .agg(sum('d').alias('total'))
    await testStream(totals, 'update', { timeoutMs: 60_000 })(
      // Odd values only, doubled: a 2·(1 + 3) = 8; b's 2 is dropped.
      AddData(events, ['a', 1], ['b', 2], ['a', 3]),
      CheckNewAnswer({ key: 'a', total: 8 }),
      AddData(events, ['b', 5], ['c', 1], ['c', 4]),
      CheckNewAnswer({ key: 'b', total: 10 }, { key: 'c', total: 2 }),
      onWorkers(false),
      StopStream,
    )
  }, 60_000)

  it('transformWithState keeps its running counts on the driver while the exchange below runs on the workers', async () => {
    const events = input()
    const counts = events.toDF().groupBy('key').transformWithState(new RunningCount(), {
      outputSchema: 'key STRING, count BIGINT',
      outputMode: 'update',
      timeMode: 'None',
    })
    await testStream(counts, 'update', { timeoutMs: 60_000 })(
      AddData(events, ['a', 1], ['b', 2], ['a', 3]),
      CheckNewAnswer({ key: 'a', count: 2 }, { key: 'b', count: 1 }),
      AddData(events, ['a', 4], ['c', 5], ['c', 6], ['c', 7]),
      CheckNewAnswer({ key: 'a', count: 3 }, { key: 'c', count: 3 }),
      onWorkers(true),
      StopStream,
    )
  }, 60_000)
})
