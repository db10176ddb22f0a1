// What the live UI knows about a session's streaming queries, kept from the listener events as Spark's
// StreamingQueryStatusListener keeps it: each run's summary, its recent progress, and who to tell about changes.
import type {
  QueryProgressEvent,
  QueryStartedEvent,
  QueryTerminatedEvent,
  StreamingQueryListener,
} from '../runtime/listener.js'
import type { StreamingQueryProgress } from '../runtime/progress.js'

/** What the store asks the session about a run, beyond the listener events. */
export interface UiRunLookups {
  /** The run's checkpoint folder, whose state files the state browser reads. */
  readonly checkpointOf?: (runId: string) => string | undefined
  /** The running run's per-source watermarks (StreamingQuery.sourceWatermarks). */
  readonly sourceWatermarksOf?: (runId: string) => (string | null)[] | undefined
}

export interface UiQueryRun {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  /** Epoch ms of the start event. */
  readonly startTimestamp: number
  isActive: boolean
  exception: string | null
  /** Oldest first, at most `retained` long. */
  readonly progress: StreamingQueryProgress[]
  /** The run's checkpoint folder, when it has one (for the state browser). */
  readonly checkpoint: string | undefined
  /** Each source's own watermark as of the latest progress (null: under no withWatermark), in `sources` order. */
  sourceWatermarks: (string | null)[]
}

/** A change a page may want to show: a new batch's progress, or a run that started or ended. */
export type UiEvent =
  | { readonly kind: 'progress'; readonly run: UiQueryRun; readonly progress: StreamingQueryProgress }
  | { readonly kind: 'status'; readonly run: UiQueryRun }

export class UiQueryStore implements StreamingQueryListener {
  private readonly runs = new Map<string, UiQueryRun>()
  private readonly subscribers = new Set<(event: UiEvent) => void>()

  /** @param retained progress updates kept per run (Spark's spark.sql.streaming.ui.retainedProgressUpdates) */
  constructor(
    private readonly retained: number,
    private readonly retainedQueries: number,
    private readonly now: () => number = Date.now,
    private readonly lookups: UiRunLookups = {},
  ) {}

  onQueryStarted(event: QueryStartedEvent): void {
    const run: UiQueryRun = {
      id: event.id,
      runId: event.runId,
      name: event.name,
      startTimestamp: Date.parse(event.timestamp) || this.now(),
      isActive: true,
      exception: null,
      progress: [],
      checkpoint: this.lookups.checkpointOf?.(event.runId),
      sourceWatermarks: [],
    }
    this.runs.set(run.runId, run)
    this.forgetOldRuns()
    this.publish({ kind: 'status', run })
  }

  onQueryProgress(event: QueryProgressEvent): void {
    const run = this.runs.get(event.progress.runId)
    if (!run) return
    run.progress.push(event.progress)
    run.sourceWatermarks = this.lookups.sourceWatermarksOf?.(run.runId) ?? run.sourceWatermarks
    if (run.progress.length > this.retained) run.progress.splice(0, run.progress.length - this.retained)
    this.publish({ kind: 'progress', run, progress: event.progress })
  }

  onQueryTerminated(event: QueryTerminatedEvent): void {
    const run = this.runs.get(event.runId)
    if (!run) return
    run.isActive = false
    run.exception = event.exception
    this.publish({ kind: 'status', run })
  }

  /** Every run, the latest start first. */
  all(): UiQueryRun[] {
    return [...this.runs.values()].sort((a, b) => b.startTimestamp - a.startTimestamp)
  }

  /** A run by its run id, or the latest run of a query id. */
  find(id: string): UiQueryRun | undefined {
    return this.runs.get(id) ?? this.all().find((run) => run.id === id)
  }

  subscribe(subscriber: (event: UiEvent) => void): () => void {
    this.subscribers.add(subscriber)
    return () => this.subscribers.delete(subscriber)
  }

  private publish(event: UiEvent): void {
    for (const subscriber of this.subscribers) subscriber(event)
  }

  /** Spark keeps spark.sql.streaming.ui.retainedQueries inactive runs; active ones always stay. */
  private forgetOldRuns(): void {
    const inactive = this.all().filter((run) => !run.isActive)
    for (const run of inactive.slice(this.retainedQueries)) this.runs.delete(run.runId)
  }
}
