// The calls a bus client has under way, so that closing it first lets them finish: a query stops its sources while
// a trigger may still be asking them for offsets, and that request must not fail because the connection went away.

export class InFlight {
  private readonly pending = new Set<Promise<unknown>>()

  /** Runs `work`, remembered until it settles. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work()
    this.pending.add(promise)
    const forget = () => this.pending.delete(promise)
    promise.then(forget, forget)
    return promise
  }

  /** Resolves once every call under way now has settled (whatever its outcome). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending])
  }
}
