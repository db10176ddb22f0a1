// Trigger.AvailableNow for a source that does not support it (Spark's AvailableNowDataStreamWrapper).
import type { RecordBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import { type ReadLimit, readAll } from './read-limit.js'
import type { Offset, Source } from './source.js'

/**
 * Wraps a source without `prepareForTriggerAvailableNow`: at preparation it asks the source for everything
 * available (ignoring the source's limit) and from then on always answers that offset, so the query reads the data
 * present at its start in one batch and nothing that arrives later.
 */
export class AvailableNowSource implements Source {
  readonly schema: StructType
  readonly description: string
  /** The delegate's limit does not apply: its data is read in one batch (Spark warns that it is ignored). */
  readonly defaultReadLimit: ReadLimit = readAll()
  private fixedEnd: Offset | null = null
  private prepared = false

  constructor(readonly delegate: Source) {
    this.schema = delegate.schema
    this.description = delegate.description
    if (delegate.onDataAvailable) this.onDataAvailable = (listener) => delegate.onDataAvailable!(listener)
    if (delegate.onError) this.onError = (listener) => delegate.onError!(listener)
    if (delegate.streamBatch) this.streamBatch = (start, end) => delegate.streamBatch!(start, end)
  }

  readonly onDataAvailable?: (listener: () => void) => void
  readonly streamBatch?: (start: Offset | null, end: Offset) => AsyncIterable<RecordBatch>
  readonly onError?: (listener: (error: Error) => void) => void

  async prepareForTriggerAvailableNow(): Promise<void> {
    this.fixedEnd = await this.delegate.latestOffset(null, readAll())
    this.prepared = true
  }

  async latestOffset(): Promise<Offset | null> {
    if (!this.prepared) await this.prepareForTriggerAvailableNow()
    return this.fixedEnd
  }

  backlog(): { done: number; total: number; unit: string } | undefined {
    return this.delegate.backlog?.()
  }

  /** The real latest offset, for progress only. */
  reportLatestOffset(): Offset | null {
    return this.delegate.reportLatestOffset ? this.delegate.reportLatestOffset() : this.fixedEnd
  }

  getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    return this.delegate.getBatch(start, end)
  }

  commit(end: Offset): void {
    this.delegate.commit(end)
  }

  stop(): Promise<void> {
    return this.delegate.stop()
  }
}
