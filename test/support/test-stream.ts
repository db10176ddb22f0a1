// testStream: runs a streaming DataFrame through a scenario of actions (after Spark's StreamTest) and, when a step
// fails, reports it with the whole scenario, the failing step marked, the rows, the sink and the last progress.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { assertNever } from '../../src/common/assert-never.js'
import {
  type DataFrame,
  type MemoryStream,
  type Row,
  type StreamingQuery,
  StreamingQueryException,
} from '../../src/index.js'
import { CapturedSink } from './captured-sink.js'
import type { ManualClock } from './manual-clock.js'
import { sameRows } from './same-rows.js'
import {
  type CheckScope,
  type ErrorClass,
  type Expected,
  mustBeRunning,
  type StartOptions,
  type StreamAction,
} from './stream-actions.js'
import { errorName, errorText, messageOf, streamTestReport } from './stream-test-report.js'

export type OutputMode = 'append' | 'update' | 'complete'

export interface TestStreamOptions {
  /** Options of the query's writer (`writeStream.option`). */
  readonly extraOptions?: Readonly<Record<string, string>>
  /** How long a step waits for the query (to catch up, stop or fail) before the test fails. */
  readonly timeoutMs?: number
}

/** A failed step of a testStream scenario. */
export class StreamTestFailure extends Error {
  override readonly name = 'StreamTestFailure'
}

// Real timers, taken before a ManualClock can install fake ones.
const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout
const sleep = (ms: number) => new Promise((resolve) => realSetTimeout(resolve, ms))

/**
 * `await testStream(df, 'update')(AddData(input, ...rows), CheckNewAnswer(...rows), StopStream, StartStream(), ...)`.
 * The query writes to a CapturedSink through foreachBatch. A scenario that starts the query more than once
 * checkpoints to a temporary directory (unless told otherwise), so a StartStream after a StopStream resumes where the
 * query stopped. Without a StartStream before the first action that needs a query, the query starts first.
 */
export function testStream(df: DataFrame, outputMode: OutputMode = 'append', options: TestStreamOptions = {}) {
  return (...actions: StreamAction[]): Promise<void> => new StreamTestRun(df, outputMode, options, actions).run()
}

class StreamTestRun {
  private readonly steps: StreamAction[]
  private readonly sink: CapturedSink
  private readonly timeoutMs: number
  /** Whether the scenario starts its query more than once (and so needs a checkpoint to resume from). */
  private readonly restarts: boolean
  private pos = 0
  private current: StreamingQuery | undefined
  private last: StreamingQuery | undefined
  private clock: ManualClock | undefined
  private restoreClock: (() => void) | undefined
  /** The last batch id any check has read (Spark's lastFetchedMemorySinkLastBatchId). */
  private fetchedUpTo = -1
  private defaultCheckpoint: string | undefined
  private readonly confsToRestore = new Map<string, string | undefined>()

  constructor(
    private readonly df: DataFrame,
    private readonly outputMode: OutputMode,
    private readonly options: TestStreamOptions,
    actions: readonly StreamAction[],
  ) {
    const firstRunning = actions.findIndex(mustBeRunning)
    const startedManually = actions
      .slice(0, firstRunning < 0 ? actions.length : firstRunning)
      .some((a) => a.kind === 'StartStream')
    this.steps = startedManually ? [...actions] : [{ kind: 'StartStream', options: {}, implicit: true }, ...actions]
    this.restarts = this.steps.filter((a) => a.kind === 'StartStream').length > 1
    this.sink = new CapturedSink(outputMode === 'complete')
    this.timeoutMs = options.timeoutMs ?? 15_000
  }

  async run(): Promise<void> {
    let failure: unknown
    try {
      for (const action of this.steps) {
        await this.execute(action)
        this.pos++
      }
    } catch (error) {
      failure = error
    }
    try {
      await this.finish(failure === undefined)
    } catch (error) {
      failure ??= error
    }
    if (failure !== undefined) throw failure
  }

  private async execute(action: StreamAction): Promise<void> {
    switch (action.kind) {
      case 'StartStream':
        return this.start(action.options)
      case 'AddData':
        return this.addData(action.source, action.rows)
      case 'CheckAnswer':
        return this.checkAnswer(action.scope, action.expected, action.ordered)
      case 'CheckNewBatches':
        return this.checkNewBatches(action.batches, action.ordered)
      case 'StopStream':
        return this.stop()
      case 'AdvanceManualClock':
        return this.advanceClock(action.ms)
      case 'ExpectFailure':
        return this.expectFailure(action.errorType, action.messagePart)
      case 'AssertOnQuery':
        return this.assertOnQuery(action.condition, action.message)
      default:
        assertNever(action, 'stream action')
    }
  }

  private async start(options: StartOptions): Promise<void> {
    this.verify(!this.current?.isActive, 'stream already running')
    const session = this.df.sparkSession
    for (const [key, value] of Object.entries(options.additionalConfs ?? {})) {
      if (!this.confsToRestore.has(key)) this.confsToRestore.set(key, session.conf.getOption(key))
      session.conf.set(key, value)
    }
    let writer = this.df.writeStream.outputMode(this.outputMode).options(this.options.extraOptions ?? {})
    const location =
      options.checkpointLocation !== undefined
        ? options.checkpointLocation
        : this.restarts
          ? this.checkpointDir()
          : null
    if (location !== null) writer = writer.option('checkpointLocation', location)
    if (options.trigger) writer = writer.trigger(options.trigger)
    if (options.triggerClock) {
      this.clock = options.triggerClock
      this.restoreClock = options.triggerClock.install(session)
    }
    this.last = this.current
    try {
      this.current = writer.foreachBatch((batch, batchId) => this.sink.write(batchId, batch.collect())).start()
    } catch (error) {
      this.releaseClock()
      this.fail('Error starting the stream', error)
    }
  }

  private checkpointDir(): string {
    this.defaultCheckpoint ??= mkdtempSync(join(tmpdir(), 'rivulet-stream-test-'))
    return this.defaultCheckpoint
  }

  private async addData(source: MemoryStream, rows: readonly (Row | readonly unknown[])[]): Promise<void> {
    // On a manual clock, add data only while the query sleeps, so that it lands in the trigger after the next advance.
    if (this.clock && this.current?.isActive) await this.awaitTriggerDone('synchronizing with the manual clock')
    try {
      source.addData(rows)
    } catch (error) {
      this.fail('Error adding data', error)
    }
  }

  /** Waits until the query processed what it was given: all data, or (on a manual clock) this trigger's. */
  private async catchUp(): Promise<void> {
    const query = this.current
    if (!query) return
    if (this.clock) await this.awaitTriggerDone('the query to finish the trigger of the manual clock time')
    else {
      try {
        await this.within(query.processAllAvailable(), 'the query to process all available data')
      } catch (error) {
        if (error instanceof StreamTestFailure) throw error
        this.fail('Query terminated with exception', error)
      }
    }
  }

  private async fetch(scope: CheckScope): Promise<Row[]> {
    await this.catchUp()
    const rows =
      scope === 'all'
        ? this.sink.allData()
        : scope === 'last'
          ? this.sink.latestBatchData()
          : this.sink.dataSinceBatch(this.fetchedUpTo)
    this.fetchedUpTo = this.sink.latestBatchId
    return rows
  }

  private async checkAnswer(scope: CheckScope, expected: Expected, ordered: boolean): Promise<void> {
    const rows = await this.fetch(scope)
    if (typeof expected === 'function') {
      try {
        expected(rows)
      } catch (error) {
        this.fail('Check on the answer failed', error)
      }
      return
    }
    const mismatch = sameRows(expected, rows, ordered)
    if (mismatch) this.fail(mismatch)
  }

  private async checkNewBatches(expected: readonly (readonly Row[])[], ordered: boolean): Promise<void> {
    await this.catchUp()
    const batches = this.sink.batchesSince(this.fetchedUpTo)
    this.fetchedUpTo = this.sink.latestBatchId
    const countsDiffer = batches.length !== expected.length
    const report = Array.from({ length: Math.max(expected.length, batches.length) }, (_, i) => {
      const mismatch = sameRows(expected[i] ?? [], batches[i]?.rows ?? [], ordered)
      if (!mismatch && !countsDiffer) return undefined
      const written = batches[i] ? `batch id ${batches[i].batchId}` : 'not written'
      return `-- New batch ${i + 1} (${written}${i < expected.length ? '' : ', not expected'}) --\n${mismatch ?? 'rows as expected'}`
    }).filter((text) => text !== undefined)
    if (report.length > 0) {
      this.fail(`Expected ${expected.length} new batch(es), ${batches.length} written\n${report.join('\n')}`)
    }
  }

  private async stop(): Promise<void> {
    const query = this.current
    this.verify(query !== undefined, 'can not stop a stream that is not running')
    try {
      await this.within(
        query!.stop().catch((error: unknown) => this.fail('Error while stopping stream', error)),
        'the query to stop',
      )
      this.verify(!query!.isActive, 'query.isActive is true even after stopping')
      const exception = query!.exception()
      this.verify(exception === null, `query.exception() is not empty after clean stop: ${exception?.message}`)
    } finally {
      this.retire()
    }
  }

  private async advanceClock(ms: number): Promise<void> {
    this.verify(this.current !== undefined, 'can not advance manual clock when a stream is not running')
    this.verify(this.clock !== undefined, 'can not advance the clock of a stream not started on a ManualClock')
    await this.awaitTriggerDone('the query to wait for the manual clock')
    await this.clock!.advance(ms)
  }

  private async expectFailure(errorType: ErrorClass, messagePart: string | undefined): Promise<void> {
    const query = this.current
    this.verify(query !== undefined, 'can not expect failure when stream is not running')
    try {
      const thrown = await this.within(
        query!.awaitTermination().then(
          () => undefined,
          (error: unknown) => error,
        ),
        'the query to fail',
      )
      this.verify(thrown !== undefined, 'the query terminated without a failure')
      this.verify(thrown instanceof StreamingQueryException, `awaitTermination() threw ${String(thrown)}`)
      this.verify(query!.exception() === thrown, 'incorrect exception returned by query.exception()')
      const cause = (thrown as Error).cause
      this.verify(
        cause instanceof errorType,
        `incorrect cause in exception returned by query.exception()\n\tExpected: ${errorType.name}\n\tReturned: ${errorName(cause)}: ${messageOf(cause)}`,
      )
      if (messagePart !== undefined) {
        this.verify(
          messageOf(cause).includes(messagePart),
          `the failure's message does not contain ${JSON.stringify(messagePart)}:\n\t${messageOf(cause)}`,
        )
      }
    } finally {
      this.retire()
    }
  }

  private async assertOnQuery(condition: (q: StreamingQuery, s: CapturedSink) => unknown, message: string) {
    const query = this.current ?? this.last
    this.verify(query !== undefined, 'cannot assert when no stream has been started')
    let outcome: unknown
    try {
      outcome = await this.within(Promise.resolve(condition(query!, this.sink)), `the condition of ${message}`)
    } catch (error) {
      if (error instanceof StreamTestFailure) throw error
      this.fail(`Assert on query failed: ${message}`, error)
    }
    this.verify(outcome !== false, `Assert on query failed: ${message}`)
  }

  /**
   * Waits until a query on the manual clock has finished the trigger of the current time and sleeps until the next:
   * no trigger is active and its wake-up timer is pending (Spark's `isStreamWaitingAt`).
   */
  private async awaitTriggerDone(what: string): Promise<void> {
    const query = this.current!
    const sleeping = () => {
      const status = query.status
      return !status.isTriggerActive && status.message === 'Waiting for data to arrive' && this.clock!.hasPendingTimer()
    }
    const deadline = Date.now() + this.timeoutMs
    while (query.isActive && !sleeping()) {
      if (Date.now() > deadline) this.fail(`Timed out waiting for ${what}`)
      await sleep(1)
    }
    const exception = query.exception()
    if (exception) this.fail(`Query terminated with exception while waiting for ${what}`, exception)
  }

  /** `promise`, or a StreamTestFailure naming `what` once the step timeout passes first. */
  private async within<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = realSetTimeout(
        () => reject(new StreamTestFailure(this.report(`Timed out waiting for ${what}`))),
        this.timeoutMs,
      )
    })
    try {
      return await Promise.race([promise, timeout])
    } finally {
      realClearTimeout(timer)
    }
  }

  /** The current query is done with (stopped or failed); the next StartStream starts a new run. */
  private retire(): void {
    this.last = this.current
    this.current = undefined
    this.releaseClock()
  }

  private releaseClock(): void {
    this.restoreClock?.()
    this.restoreClock = undefined
    this.clock = undefined
  }

  /** Stops a query still running (a failure it ended with fails the test) and undoes what the run changed. */
  private async finish(checkQuery: boolean): Promise<void> {
    try {
      const query = this.current
      if (query) {
        await this.within(query.stop(), 'the query to stop at the end of the test')
        const exception = query.exception()
        if (checkQuery && exception) this.fail('Query terminated with exception', exception)
      }
    } finally {
      this.releaseClock()
      const conf = this.df.sparkSession.conf
      for (const [key, value] of this.confsToRestore) {
        if (value === undefined) conf.unset(key)
        else conf.set(key, value)
      }
      if (this.defaultCheckpoint) rmSync(this.defaultCheckpoint, { recursive: true, force: true })
    }
  }

  private verify(condition: boolean, message: string): void {
    if (!condition) this.fail(message)
  }

  private fail(message: string, cause?: unknown): never {
    const because = cause === undefined ? '' : `: ${errorText(cause)}`
    throw new StreamTestFailure(this.report(`${message}${because}`), cause === undefined ? undefined : { cause })
  }

  private report(message: string): string {
    const { steps, pos, outputMode, sink } = this
    return streamTestReport({ message, steps, pos, query: this.current ?? this.last, outputMode, sink })
  }
}
