// StreamingQueryListener and its four events, delivered in order per session (started before terminated).
import type { StreamingQueryProgress } from './progress.js'

export class QueryStartedEvent {
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly name: string | null,
    readonly timestamp: string,
  ) {}
}

export class QueryProgressEvent {
  constructor(readonly progress: StreamingQueryProgress) {}
}

export class QueryIdleEvent {
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly timestamp: string,
  ) {}
}

export class QueryTerminatedEvent {
  constructor(
    readonly id: string,
    readonly runId: string,
    readonly exception: string | null,
    readonly errorClassOnException: string | null,
  ) {}
}

/** Implement the callbacks you need (PySpark's abstract StreamingQueryListener). */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void
  onQueryProgress?(event: QueryProgressEvent): void
  onQueryIdle?(event: QueryIdleEvent): void
  onQueryTerminated?(event: QueryTerminatedEvent): void
}

type Event = QueryStartedEvent | QueryProgressEvent | QueryIdleEvent | QueryTerminatedEvent

/**
 * Delivers events to listeners. `started` is delivered synchronously (before `start()` returns, as in Spark);
 * the others asynchronously but in order. A listener that throws is reported and does not stop the others.
 */
export class ListenerBus {
  private readonly listeners = new Set<StreamingQueryListener>()
  private queue: Promise<void> = Promise.resolve()

  add(listener: StreamingQueryListener): void {
    this.listeners.add(listener)
  }

  remove(listener: StreamingQueryListener): void {
    this.listeners.delete(listener)
  }

  postStarted(event: QueryStartedEvent): void {
    this.deliver(event)
  }

  post(event: Event): void {
    this.queue = this.queue.then(() => this.deliver(event))
  }

  /** Resolves when every event posted so far was delivered. */
  drain(): Promise<void> {
    return this.queue
  }

  private deliver(event: Event): void {
    for (const listener of this.listeners) {
      try {
        if (event instanceof QueryStartedEvent) listener.onQueryStarted?.(event)
        else if (event instanceof QueryProgressEvent) listener.onQueryProgress?.(event)
        else if (event instanceof QueryIdleEvent) listener.onQueryIdle?.(event)
        else listener.onQueryTerminated?.(event)
      } catch (error) {
        console.error('StreamingQueryListener threw an exception:', error)
      }
    }
  }
}
