// The queue between a batch's partition readers and the query consuming it: chunks in the order they arrive, readers
// held back while it holds more than a byte budget, and told to stop once the consumer goes away.

export class KafkaChunkQueue<T> {
  private items: (T | undefined)[] = []
  private head = 0
  private bytes = 0
  private failure: { readonly error: unknown } | undefined
  private closed = false
  private wakeConsumer: (() => void) | undefined
  private waiting: (() => void)[] = []

  /**
   * @param producers how many readers will call `done`
   * @param budget bytes queued past which a reader waits before reading on
   * @param size a chunk's bytes
   */
  constructor(
    private producers: number,
    private readonly budget: number,
    private readonly size: (item: T) => number,
  ) {}

  /** A reader's chunk: true (or a promise of it) when it may read on, false once the consumer went away. */
  push(item: T): boolean | Promise<boolean> {
    if (this.closed) return false
    this.items.push(item)
    this.bytes += this.size(item)
    this.wake()
    if (this.bytes <= this.budget) return true
    return new Promise((resolve) => this.waiting.push(() => resolve(!this.closed)))
  }

  /** A reader finished, or failed with `error` (the consumer then fails with the first such error). */
  done(error?: unknown): void {
    if (error !== undefined && this.failure === undefined) this.failure = { error }
    this.producers--
    this.wake()
  }

  /** The chunks until every reader is done; leaving the loop early (or failing) stops the readers. */
  async *drain(): AsyncGenerator<T, void, undefined> {
    try {
      for (;;) {
        if (this.failure) throw this.failure.error
        if (this.head < this.items.length) {
          const item = this.items[this.head]!
          this.items[this.head++] = undefined
          if (this.head === this.items.length) {
            this.items = []
            this.head = 0
          }
          this.bytes -= this.size(item)
          if (this.bytes <= this.budget) this.release()
          yield item
          continue
        }
        if (this.producers <= 0) return
        await new Promise<void>((resolve) => {
          this.wakeConsumer = resolve
        })
      }
    } finally {
      this.closed = true
      this.items = []
      this.release()
    }
  }

  private wake(): void {
    const wake = this.wakeConsumer
    this.wakeConsumer = undefined
    wake?.()
  }

  private release(): void {
    const waiting = this.waiting
    this.waiting = []
    for (const resume of waiting) resume()
  }
}
