// A manual trigger clock (Spark's StreamManualClock): a query started on it runs its processing-time triggers only
// when the test advances the clock, so the batches a test sees do not depend on how fast the machine is.
import { vi } from 'vitest'
import type { SparkSession } from '../../src/index.js'

/**
 * The query reads time from `session.clock`, and sleeps between triggers with `setTimeout`. While a query runs on
 * this clock, `session.clock` reads the manual time and `setTimeout` is vitest's fake timer, so `advance(ms)` moves
 * both together: the trigger loop wakes exactly when the manual time reaches its next trigger.
 */
export class ManualClock {
  constructor(private current = 0) {}

  /** The manual time in ms. */
  get time(): number {
    return this.current
  }

  /** Puts `session` on this clock; returns the function that puts it back. */
  install(session: SparkSession): () => void {
    const previous = session.clock
    session.clock = () => this.current
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    return () => {
      vi.useRealTimers()
      session.clock = previous
    }
  }

  /** Moves the time on and fires the fake timers that fall due. */
  async advance(ms: number): Promise<void> {
    this.current += ms
    await vi.advanceTimersByTimeAsync(ms)
  }

  /** Whether a timer is pending: a query on this clock is asleep until its next trigger. */
  hasPendingTimer(): boolean {
    return vi.getTimerCount() > 0
  }

  toString(): string {
    return `ManualClock(${this.current})`
  }
}
