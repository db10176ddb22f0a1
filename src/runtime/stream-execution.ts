// A running streaming query: its trigger loop, lifecycle (start, stop, failure), status and progress history.
import { AsyncLocalStorage } from 'node:async_hooks'
import { messageOf, StreamingQueryException } from '../common/errors.js'
import { isoUtc } from '../common/time.js'
import type { Sink } from '../connectors/sink.js'
import type { Source } from '../connectors/source.js'
import { type ConsoleProgress, combinedBacklog } from './console-progress.js'
import {
  type ListenerBus,
  QueryIdleEvent,
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
} from './listener.js'
import type { MicroBatchRunner, TriggerResult } from './micro-batch-runner.js'
import { StreamingQueryProgress, type StreamingQueryStatus } from './progress.js'
import { nextTriggerTime, type Trigger } from './trigger.js'
import { Wakeup } from './wakeup.js'

export interface StreamExecutionSettings {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  readonly runner: MicroBatchRunner
  readonly sources: readonly Source[]
  readonly sink: Sink
  readonly trigger: Trigger
  readonly listenerBus: ListenerBus
  readonly clock: () => number
  /** `spark.sql.streaming.numRecentProgressUpdates`. */
  readonly recentProgressLimit: number
  /** `spark.sql.streaming.noDataProgressEventInterval` (ms). */
  readonly idleEventIntervalMs: number
  /** `spark.sql.streaming.pollingDelay` (ms): the wait between empty triggers for sources that cannot signal. */
  readonly pollingDelayMs: number
  /** The physical plan's text, for explain(). */
  readonly planText: () => string
  /** Called once, after the query terminated (the manager forgets it). */
  readonly onTerminated: (execution: StreamExecution) => void
  /** The terminal progress bar of a bounded run (Trigger.Once / AvailableNow on a TTY). */
  readonly consoleProgress?: ConsoleProgress
}

interface AllAvailableWaiter {
  /** triggersStarted when the call was made. */
  readonly registeredAt: number
  readonly resolve: () => void
}

/** The query whose trigger (its sources, operators and sink, including user code in foreachBatch) runs now. */
const runningTrigger = new AsyncLocalStorage<StreamExecution>()

export class StreamExecution {
  private active = true
  private stopRequested = false
  private failure: StreamingQueryException | undefined
  private asyncError: Error | undefined
  /** Triggers started so far: a processAllAvailable() call is satisfied only by a trigger started after it. */
  private triggersStarted = 0
  private readonly history: StreamingQueryProgress[] = []
  private currentStatus: StreamingQueryStatus = {
    message: 'Initializing StreamExecution',
    isDataAvailable: false,
    isTriggerActive: false,
  }
  private readonly wakeup = new Wakeup()
  private readonly waiters: AllAvailableWaiter[] = []
  /** For the progress bar: input rows so far, and when the loop started. */
  private rowsRead = 0
  private loopStartedAt = 0
  private readonly finished: Promise<void>
  private markFinished!: () => void
  private lastBatchAt: number
  private readonly settings: Omit<StreamExecutionSettings, 'runner'>
  /** The operators and their state: released once the query terminated (a stopped query keeps no state alive). */
  private runner: MicroBatchRunner | undefined

  constructor({ runner, ...settings }: StreamExecutionSettings) {
    this.settings = settings
    this.runner = runner
    this.finished = new Promise((resolve) => {
      this.markFinished = resolve
    })
    this.lastBatchAt = settings.clock()
  }

  get id(): string {
    return this.settings.id
  }

  get runId(): string {
    return this.settings.runId
  }

  get name(): string | null {
    return this.settings.name
  }

  get isActive(): boolean {
    return this.active
  }

  get status(): StreamingQueryStatus {
    return { ...this.currentStatus }
  }

  get recentProgress(): StreamingQueryProgress[] {
    return [...this.history]
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.history[this.history.length - 1] ?? null
  }

  /**
   * Each source's own event-time watermark (ISO-8601, UTC), in the order of `lastProgress.sources`: that of the
   * withWatermark above it, or null for a source under none. Spark reports only the global one (eventTime.watermark).
   */
  get sourceWatermarks(): (string | null)[] {
    const byIndex = this.runner?.sourceWatermarksMs() ?? new Map<number, number>()
    return this.settings.sources.map((_, i) => {
      const ms = byIndex.get(i)
      return ms === undefined ? null : isoUtc(ms)
    })
  }

  get exception(): StreamingQueryException | null {
    return this.failure ?? null
  }

  explain(): string {
    return this.triggersStarted === 0 && this.history.length === 0
      ? 'No physical plan. Waiting for data.'
      : this.settings.planText()
  }

  /** Posts QueryStartedEvent (synchronously, like Spark) and starts the trigger loop in the background. */
  start(): void {
    const { listenerBus, id, runId, name, clock } = this.settings
    listenerBus.postStarted(new QueryStartedEvent(id, runId, name, isoUtc(clock())))
    void this.loop()
  }

  /**
   * Stops the query: the running batch completes, sources and the sink are closed. Idempotent. Called from inside
   * the query's own batch (foreachBatch), it resolves at once — waiting there for the batch to end would never end —
   * and the query stops after that batch commits.
   */
  async stop(): Promise<void> {
    this.stopRequested = true
    this.wakeup.signal()
    if (runningTrigger.getStore() === this) return
    await Promise.allSettled(this.settings.sources.map((s) => s.stop()))
    await this.finished
  }

  /** Resolves true when the query terminates (false on timeout); rejects with the failure if it failed. */
  async awaitTermination(timeoutMs?: number): Promise<boolean> {
    if (timeoutMs === undefined) {
      await this.finished
    } else {
      let timer: NodeJS.Timeout | undefined
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), timeoutMs)
      })
      const outcome = await Promise.race([this.finished.then(() => 'done' as const), timedOut])
      clearTimeout(timer)
      if (outcome === 'timeout') return false
    }
    if (this.failure) throw this.failure
    return true
  }

  /** Resolves once a trigger started after this call found no new data (everything available was processed). */
  async processAllAvailable(): Promise<void> {
    if (this.active) {
      await new Promise<void>((resolve) => {
        this.waiters.push({ registeredAt: this.triggersStarted, resolve })
        this.wakeup.signal()
      })
    }
    if (this.failure) throw this.failure
  }

  private setStatus(
    message: string,
    isTriggerActive: boolean,
    isDataAvailable = this.currentStatus.isDataAvailable,
  ): void {
    this.currentStatus = { message, isDataAvailable, isTriggerActive }
  }

  private async loop(): Promise<void> {
    const { sources, trigger, clock } = this.settings
    const runner = this.runner!
    this.loopStartedAt = clock()
    try {
      this.setStatus('Initializing sources', false)
      for (const source of sources) {
        source.onDataAvailable?.(() => this.wakeup.signal())
        source.onError?.((error) => {
          this.asyncError ??= error
          this.wakeup.signal()
        })
      }
      // Trigger.AvailableNow: every source fixes the end of what is available now (Spark does so before recovery).
      if (trigger.kind === 'availableNow') for (const source of sources) await source.prepareForTriggerAvailableNow?.()
      await runner.recover()
      let nextTrigger = clock()
      while (!this.stopRequested) {
        if (trigger.kind === 'processingTime' && trigger.intervalMs > 0) {
          await this.sleepUntil(nextTrigger)
          if (this.stopRequested) break
          nextTrigger = nextTriggerTime(clock(), trigger.intervalMs)
        }
        const started = ++this.triggersStarted
        this.setStatus('Processing new data', true)
        const result = await runningTrigger.run(this, () => runner.runTrigger())
        if (this.asyncError) throw this.asyncError
        this.record(result)
        for (const waiter of this.waiters.splice(0)) {
          if (!result.hadNewData && started > waiter.registeredAt) waiter.resolve()
          else this.waiters.push(waiter)
        }
        if (trigger.kind === 'once' || (trigger.kind === 'availableNow' && !result.ranBatch)) break
        if (!result.ranBatch && !(trigger.kind === 'processingTime' && trigger.intervalMs > 0)) {
          const canSignal = sources.every((s) => s.onDataAvailable !== undefined) && this.waiters.length === 0
          const idle = canSignal ? this.settings.idleEventIntervalMs : this.settings.pollingDelayMs
          // A processing-time timer due sooner wakes the loop for its no-data batch.
          const due = runner.processingTimeDueMs()
          await this.wakeup.wait(due === undefined ? idle : Math.max(0, Math.min(idle, due - clock())))
        }
      }
    } catch (error) {
      const { id, runId } = this.settings
      this.failure = new StreamingQueryException(
        `Query [id = ${id}, runId = ${runId}] terminated with exception: ${messageOf(error)}`,
        id,
        runId,
        { errorClass: 'STREAM_FAILED', cause: error },
      )
    } finally {
      await this.terminate()
    }
  }

  private async sleepUntil(time: number): Promise<void> {
    while (!this.stopRequested) {
      const remaining = time - this.settings.clock()
      if (remaining <= 0) return
      await this.wakeup.wait(remaining)
    }
  }

  private record(result: TriggerResult): void {
    const { id, runId, name, clock, listenerBus, recentProgressLimit, idleEventIntervalMs } = this.settings
    const progress = new StreamingQueryProgress({ id, runId, name, ...result.progress })
    if (result.ranBatch) {
      this.lastBatchAt = clock()
      this.push(progress, recentProgressLimit)
      listenerBus.post(new QueryProgressEvent(progress))
      this.showProgress(progress)
      this.setStatus('Waiting for data to arrive', false, result.hadNewData)
    } else {
      this.setStatus('Waiting for data to arrive', false, false)
      if (clock() - this.lastBatchAt >= idleEventIntervalMs) {
        this.lastBatchAt = clock()
        this.push(progress, recentProgressLimit)
        listenerBus.post(new QueryIdleEvent(id, runId, progress.timestamp))
      }
    }
  }

  private showProgress(progress: StreamingQueryProgress): void {
    const bar = this.settings.consoleProgress
    if (!bar) return
    this.rowsRead += progress.numInputRows
    const backlog = combinedBacklog(this.settings.sources.map((s) => s.backlog?.()))
    bar.show({
      label: `${this.settings.name ?? 'query'}: batch ${progress.batchId}`,
      rows: this.rowsRead,
      elapsedMs: this.settings.clock() - this.loopStartedAt,
      ...(backlog ? { backlog } : {}),
    })
  }

  private push(progress: StreamingQueryProgress, limit: number): void {
    this.history.push(progress)
    while (this.history.length >= limit) this.history.shift()
  }

  private async terminate(): Promise<void> {
    const { sources, sink, listenerBus, id, runId } = this.settings
    await Promise.allSettled([...sources.map((s) => s.stop()), sink.stop?.()])
    this.settings.consoleProgress?.finish()
    this.runner = undefined
    this.active = false
    this.setStatus(
      this.failure ? `Terminated with exception: ${messageOf(this.failure.cause)}` : 'Stopped',
      false,
      false,
    )
    for (const waiter of this.waiters.splice(0)) waiter.resolve()
    listenerBus.post(
      new QueryTerminatedEvent(
        id,
        runId,
        this.failure ? (this.failure.stack ?? this.failure.message) : null,
        errorClassOf(this.failure?.cause),
      ),
    )
    this.settings.onTerminated(this)
    this.markFinished()
  }
}

function errorClassOf(error: unknown): string | null {
  const errorClass = (error as { errorClass?: unknown } | undefined)?.errorClass
  return typeof errorClass === 'string' ? errorClass : null
}
