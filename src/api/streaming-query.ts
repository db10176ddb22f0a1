// StreamingQuery: the handle of a running query (PySpark's properties as getters; waits as promises).
import type { StreamingQueryException } from '../common/errors.js'
import type { StreamingQueryProgress, StreamingQueryStatus } from '../runtime/progress.js'
import type { StreamExecution } from '../runtime/stream-execution.js'

export class StreamingQuery {
  constructor(private readonly execution: StreamExecution) {}

  /** Stable across restarts from the same checkpoint. */
  get id(): string {
    return this.execution.id
  }

  /** New on every start. */
  get runId(): string {
    return this.execution.runId
  }

  get name(): string | null {
    return this.execution.name
  }

  get isActive(): boolean {
    return this.execution.isActive
  }

  get status(): StreamingQueryStatus {
    return this.execution.status
  }

  get lastProgress(): StreamingQueryProgress | null {
    return this.execution.lastProgress
  }

  get recentProgress(): StreamingQueryProgress[] {
    return this.execution.recentProgress
  }

  /**
   * Waits for the query to terminate: resolves true, or false when `timeoutMs` passes first; rejects with the
   * StreamingQueryException if the query failed.
   */
  awaitTermination(timeoutMs?: number): Promise<boolean> {
    return this.execution.awaitTermination(timeoutMs)
  }

  /** Waits until everything the sources had when called has been processed (mainly for tests). */
  processAllAvailable(): Promise<void> {
    return this.execution.processAllAvailable()
  }

  /** Stops the query; resolves once it has terminated. */
  stop(): Promise<void> {
    return this.execution.stop()
  }

  /** The failure that terminated the query, or null. */
  exception(): StreamingQueryException | null {
    return this.execution.exception
  }

  /**
   * Rivulet's: each source's own event-time watermark (ISO-8601, UTC), in the order of `lastProgress.sources`, as
   * the withWatermark above that source computes it; null for a source under none. Spark's progress reports only
   * the global watermark (`eventTime.watermark`, the minimum of these by default).
   */
  get sourceWatermarks(): (string | null)[] {
    return this.execution.sourceWatermarks
  }

  /** Prints the physical plan of the last execution. */
  explain(): void {
    process.stdout.write(`${this.explainString()}\n`)
  }

  /** The text `explain()` prints: the physical plan, with its exchanges and state partitions. */
  explainString(): string {
    return this.execution.explain()
  }

  toString(): string {
    const name = this.name === null ? '' : `${this.name} `
    return `Streaming Query ${name}[id = ${this.id}, runId = ${this.runId}] [state = ${this.isActive ? 'ACTIVE' : 'TERMINATED'}]`
  }
}
