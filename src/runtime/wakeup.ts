// A resettable signal: the query loop sleeps on it until new data, a stop request, or a timeout.
export class Wakeup {
  private pending: (() => void) | undefined
  private signalled = false

  /** Wakes the waiter (or the next one, if nobody waits yet). */
  signal(): void {
    this.signalled = true
    const resolve = this.pending
    this.pending = undefined
    resolve?.()
  }

  /** Resolves on the next signal, or after `timeoutMs` (no timeout when Infinity). */
  wait(timeoutMs: number): Promise<void> {
    if (this.signalled) {
      this.signalled = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(done, timeoutMs) : undefined
      const self = this
      function done() {
        if (timer) clearTimeout(timer)
        if (self.pending === done) self.pending = undefined
        self.signalled = false
        resolve()
      }
      this.pending = done
    })
  }
}
