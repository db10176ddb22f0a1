// StreamingQueryListener and its four events, delivered in order per session (started before terminated).
import { logError } from '../common/log.js'
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

/** Implement the callbacks you need (PySpark's abstract StreamingQueryListener); they may be `async`. */
export interface StreamingQueryListener {
  onQueryStarted?(event: QueryStartedEvent): void
  onQueryProgress?(event: QueryProgressEvent): void
  onQueryIdle?(event: QueryIdleEvent): void
  onQueryTerminated?(event: QueryTerminatedEvent): void
}

type Event = QueryStartedEvent | QueryProgressEvent | QueryIdleEvent | QueryTerminatedEvent

/**
 * Delivers events to listeners. `started` is delivered synchronously (before `start()` returns, as in Spark);
 * the others asynchronously but in order. A listener that throws, or returns a promise that rejects, is logged (as
 * Spark's listener bus does) and stops neither the query, the other listeners nor the process.
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
      const failed = (error: unknown) =>
        logError('StreamingQueryListenerBus', `Listener ${listenerName(listener)} threw an exception`, error)
      try {
        const result: unknown =
          event instanceof QueryStartedEvent
            ? listener.onQueryStarted?.(event)
            : event instanceof QueryProgressEvent
              ? listener.onQueryProgress?.(event)
              : event instanceof QueryIdleEvent
                ? listener.onQueryIdle?.(event)
                : listener.onQueryTerminated?.(event)
        // An async listener's rejection would otherwise be unhandled, which ends a Node process.
        if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
          ;(result as PromiseLike<unknown>).then(undefined, failed)
        }
      } catch (error) {
        failed(error)
      }
    }
  }
}

/** A listener's class name, as Spark's log names it (`StreamingQueryListener` for an object literal). */
function listenerName(listener: StreamingQueryListener): string {
  const name = (Object.getPrototypeOf(listener) as { constructor?: { name?: unknown } } | null)?.constructor?.name
  return typeof name === 'string' && name !== '' && name !== 'Object' ? name : 'StreamingQueryListener'
}
