// transformWithState over time: processing-time timers on a manual clock, event-time timers as the watermark passes,
// TTL expiry, state and pending timers kept across a restart from the checkpoint, and deleteIfExists. Spark's rules:
// a timer fires in the first batch whose batch timestamp (ProcessingTime) or eviction watermark (EventTime) is ≥ its
// expiry (TimerStateImpl.getExpiredTimers: ts ≤ threshold); a TTL'd value expires once batch time ≥ write time + TTL.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type ExpiredTimerInfo,
  type ListState,
  type MapState,
  MemoryStream,
  type Row,
  StatefulProcessor,
  type StatefulProcessorHandle,
  type TimerValues,
  type ValueState,
} from '../../src/index.js'
import { ManualClock } from '../support/manual-clock.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AdvanceManualClock,
  AssertOnQuery,
  CheckNewAnswer,
  StartStream,
  StopStream,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-tws-'))
  dirs.push(dir)
  return dir
}

/** Counts a key's rows; 10 s of processing time after its last row, emits the count and forgets the key. */
class IdleTimeout extends StatefulProcessor<[string]> {
  private count!: ValueState<number>
  private handle!: StatefulProcessorHandle
  init(handle: StatefulProcessorHandle): void {
    this.handle = handle
    this.count = handle.getValueState<number>('count', 'bigint')
  }
  *handleInputRows([key]: [string], rows: IterableIterator<Row>, timers: TimerValues): Generator<Row> {
    let count = this.count.get() ?? 0
    for (const _ of rows) count++
    this.count.update(count)
    for (const t of this.handle.listTimers()) this.handle.deleteTimer(t)
    this.handle.registerTimer(timers.getCurrentProcessingTimeInMs() + 10_000)
    yield { key, count, event: 'seen' }
  }
  override *handleExpiredTimer([key]: [string], _timers: TimerValues, info: ExpiredTimerInfo): Generator<Row> {
    yield { key, count: this.count.get(), event: `expired@${info.getExpiryTimeInMs()}` }
    this.count.clear()
  }
}

const idleCounts = (input: MemoryStream) =>
  input.toDF().groupBy('key').transformWithState(new IdleTimeout(), {
    outputSchema: 'key STRING, count BIGINT, event STRING',
    outputMode: 'update',
    timeMode: 'ProcessingTime',
  })

describe('transformWithState timers', () => {
  it('fire processing-time timers once the batch timestamp reaches them', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const clock = new ManualClock(0)
    await testStream(idleCounts(input), 'update')(
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AddData(input, ['a']),
      AdvanceManualClock(1_000), // batch at 1000: a → timer 11000
      CheckNewAnswer({ key: 'a', count: 1, event: 'seen' }),
      AddData(input, ['a'], ['b']),
      AdvanceManualClock(1_000), // batch at 2000: a's timer moves to 12000, b's is 12000
      CheckNewAnswer({ key: 'a', count: 2, event: 'seen' }, { key: 'b', count: 1, event: 'seen' }),
      AdvanceManualClock(9_000), // 11000: nothing is due, no batch runs
      CheckNewAnswer(),
      AdvanceManualClock(1_000), // 12000 ≥ 12000: a no-data batch fires both
      CheckNewAnswer({ key: 'a', count: 2, event: 'expired@12000' }, { key: 'b', count: 1, event: 'expired@12000' }),
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0]!
        expect(op.customMetrics).toMatchObject({ numExpiredTimers: 2 })
        expect(op.numRowsTotal).toBe(0)
      }, 'both timers expired, both counts cleared'),
      AddData(input, ['a']),
      AdvanceManualClock(1_000),
      CheckNewAnswer({ key: 'a', count: 1, event: 'seen' }),
    )
  })

  it('keep state and pending timers across a restart from the checkpoint', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const clock = new ManualClock(0)
    await testStream(idleCounts(input), 'update')(
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AddData(input, ['a'], ['a']),
      AdvanceManualClock(1_000), // a: 2, timer 11000
      CheckNewAnswer({ key: 'a', count: 2, event: 'seen' }),
      StopStream,
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AddData(input, ['a']),
      AdvanceManualClock(2_000), // 3000: a: 3 from the restored count, timer moved to 13000
      CheckNewAnswer({ key: 'a', count: 3, event: 'seen' }),
      StopStream,
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AdvanceManualClock(10_000), // 13000: the restored timer fires with the restored count
      CheckNewAnswer({ key: 'a', count: 3, event: 'expired@13000' }),
    )
  })

  it('fire event-time timers when the watermark reaches them, and drop late rows', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING, ts TIMESTAMP')
    const at = (s: number) => new Date(s * 1000)
    class EventTimeout extends StatefulProcessor<[string]> {
      private handle!: StatefulProcessorHandle
      init(handle: StatefulProcessorHandle): void {
        this.handle = handle
      }
      *handleInputRows([key]: [string], rows: IterableIterator<Row>, timers: TimerValues): Generator<Row> {
        const latest = Math.max(...[...rows].map((r) => (r.ts as Date).getTime()))
        this.handle.registerTimer(latest + 5_000)
        yield { key, event: `timer@${latest + 5_000}`, watermark: timers.getCurrentWatermarkInMs() }
      }
      override *handleExpiredTimer([key]: [string], timers: TimerValues, info: ExpiredTimerInfo): Generator<Row> {
        yield { key, event: `fired@${info.getExpiryTimeInMs()}`, watermark: timers.getCurrentWatermarkInMs() }
      }
    }
    const df = input.toDF().withWatermark('ts', '10 seconds').groupBy('key').transformWithState(new EventTimeout(), {
      outputSchema: 'key STRING, event STRING, watermark BIGINT',
      outputMode: 'update',
      timeMode: 'EventTime',
    })
    await testStream(df, 'update')(
      AddData(input, ['a', at(15)]), // timer a@20000; the watermark becomes 15 - 10 = 5 s
      CheckNewAnswer({ key: 'a', event: 'timer@20000', watermark: 0 }),
      AddData(input, ['b', at(30)]), // timer b@35000; watermark 20 s; the no-data batch fires a (20000 ≤ 20000)
      CheckNewAnswer(
        { key: 'b', event: 'timer@35000', watermark: 5_000 },
        { key: 'a', event: 'fired@20000', watermark: 20_000 },
      ),
      AddData(input, ['c', at(19)], ['c', at(44)]), // 19 s ≤ 20 s is late, dropped; watermark 34 s: b not due
      CheckNewAnswer({ key: 'c', event: 'timer@49000', watermark: 20_000 }),
      AssertOnQuery((q) => q.recentProgress.some((p) => p.stateOperators[0]!.numRowsDroppedByWatermark === 1)),
      AddData(input, ['d', at(46)]), // watermark 36 s fires b@35000
      CheckNewAnswer(
        { key: 'd', event: 'timer@51000', watermark: 34_000 },
        { key: 'b', event: 'fired@35000', watermark: 36_000 },
      ),
    )
  })
})

describe('transformWithState TTL', () => {
  it('never returns expired values and removes them, for value, list and map state', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING, value STRING')
    class Remember extends StatefulProcessor<[string]> {
      private last!: ValueState<string>
      private all!: ListState<string>
      private byValue!: MapState<string, number>
      init(handle: StatefulProcessorHandle): void {
        const ttl = { ttlDurationMs: 10_000 }
        this.last = handle.getValueState<string>('last', 'string', ttl)
        this.all = handle.getListState<string>('all', 'string', ttl)
        this.byValue = handle.getMapState<string, number>('byValue', 'string', 'bigint', ttl)
      }
      *handleInputRows([key]: [string], rows: IterableIterator<Row>, timers: TimerValues): Generator<Row> {
        const before = this.last.get()
        for (const row of rows) {
          const value = row.value as string
          this.last.update(value)
          this.all.appendValue(value)
          this.byValue.updateValue(value, timers.getCurrentProcessingTimeInMs())
        }
        yield {
          key,
          before,
          all: [...this.all.get()].join(','),
          keys: [...this.byValue.keys()].sort().join(','),
        }
      }
    }
    const df = input.toDF().groupBy('key').transformWithState(new Remember(), {
      outputSchema: 'key STRING, before STRING, all STRING, keys STRING',
      outputMode: 'update',
      timeMode: 'ProcessingTime',
    })
    const clock = new ManualClock(0)
    await testStream(df, 'update')(
      StartStream({ trigger: { processingTime: '1 second' }, triggerClock: clock }),
      AddData(input, ['a', 'x'], ['b', 'y']),
      AdvanceManualClock(1_000), // written at 1000: expire at 11000
      CheckNewAnswer({ key: 'a', before: null, all: 'x', keys: 'x' }, { key: 'b', before: null, all: 'y', keys: 'y' }),
      AddData(input, ['a', 'z']),
      AdvanceManualClock(4_000), // 5000: a's last/z written, expire at 15000; x still alive
      CheckNewAnswer({ key: 'a', before: 'x', all: 'x,z', keys: 'x,z' }),
      AddData(input, ['a', 'w']),
      AdvanceManualClock(6_000), // 11000 ≥ 11000: x and all of b expired
      CheckNewAnswer({ key: 'a', before: 'z', all: 'z,w', keys: 'w,z' }),
      AssertOnQuery((q) => {
        const op = q.lastProgress!.stateOperators[0]!
        // b's value, list element and map entry; a's list element x and map entry x.
        expect(op.customMetrics).toMatchObject({ numValuesRemovedDueToTTLExpiry: 5, numValueStateWithTTLVars: 1 })
        // a's last, a's list (z, w) and a's map (z, w).
        expect(op.numRowsTotal).toBe(5)
      }, 'expired values removed'),
      AddData(input, ['b', 'v']),
      AdvanceManualClock(1_000),
      CheckNewAnswer({ key: 'b', before: null, all: 'v', keys: 'v' }),
    )
  })
})

describe('deleteIfExists', () => {
  it('deletes a state variable a previous run had; without it the restart is refused', async () => {
    const checkpoint = tempDir()
    const spark = newSession()
    const input = new MemoryStream(spark, 'key STRING')
    const processor = (declare: (h: StatefulProcessorHandle) => ValueState<number>) =>
      new (class Counter extends StatefulProcessor<[string]> {
        private count!: ValueState<number>
        init(handle: StatefulProcessorHandle): void {
          this.count = declare(handle)
        }
        *handleInputRows([key]: [string], rows: IterableIterator<Row>): Generator<Row> {
          const count = (this.count.get() ?? 0) + [...rows].length
          this.count.update(count)
          yield { key, count }
        }
      })()
    const start = (p: StatefulProcessor<[string]>) =>
      input
        .toDF()
        .groupBy('key')
        .transformWithState(p, { outputSchema: 'key STRING, count BIGINT', outputMode: 'update', timeMode: 'None' })
        .writeStream.outputMode('update')
        .format('noop')
        .option('checkpointLocation', checkpoint)
        .start()
    const first = start(
      processor((h) => {
        h.getValueState('old', 'string')
        return h.getValueState<number>('count', 'bigint')
      }),
    )
    input.addData([['a']])
    await first.processAllAvailable()
    await first.stop()
    expect(existsSync(join(checkpoint, 'state', '0', '0', 'old'))).toBe(true)
    expect(() => start(processor((h) => h.getValueState<number>('count', 'bigint')))).toThrow(
      'keeps the state tables [count (value)] but the checkpoint',
    )
    const second = start(
      processor((h) => {
        h.deleteIfExists('old')
        return h.getValueState<number>('count', 'bigint')
      }),
    )
    input.addData([['a']])
    await second.processAllAvailable()
    await second.stop()
    for (let p = 0; p < 4; p++) expect(existsSync(join(checkpoint, 'state', '0', String(p), 'old'))).toBe(false)
    const metadata = JSON.parse(readFileSync(join(checkpoint, 'state', '0', '_metadata', 'schema'), 'utf8'))
    expect(metadata.tables.map((t: { name: string }) => t.name)).toEqual(['count'])
  })
})
