// The write-ahead offset log and the commit log: what batch N read, and that batch N finished.
import type { Offset } from '../connectors/source.js'

/** `offsets/N`: the offsets batch N reads up to, and the watermark and clock it runs with. */
export interface OffsetSeq {
  readonly offsets: readonly (Offset | null)[]
  readonly batchWatermarkMs: number
  readonly batchTimestampMs: number
  readonly conf: Readonly<Record<string, string>>
}

/** `commits/N`: batch N's output and state are durable; the watermark batch N+1 runs with. */
export interface CommitRecord {
  readonly nextBatchWatermarkMs: number
}

export interface BatchLog<T> {
  /** Records batch `batchId`; false if it already exists (another run wrote it). */
  add(batchId: number, value: T): Promise<boolean>
  get(batchId: number): Promise<T | undefined>
  latest(): Promise<{ batchId: number; value: T } | undefined>
  /** Forgets batches below `threshold`. */
  purge(threshold: number): Promise<void>
}

/** A log kept in memory, for queries without a checkpoint location. */
export class MemoryBatchLog<T> implements BatchLog<T> {
  private readonly entries = new Map<number, T>()

  async add(batchId: number, value: T): Promise<boolean> {
    if (this.entries.has(batchId)) return false
    this.entries.set(batchId, value)
    return true
  }

  async get(batchId: number): Promise<T | undefined> {
    return this.entries.get(batchId)
  }

  async latest(): Promise<{ batchId: number; value: T } | undefined> {
    if (this.entries.size === 0) return undefined
    const batchId = Math.max(...this.entries.keys())
    return { batchId, value: this.entries.get(batchId)! }
  }

  async purge(threshold: number): Promise<void> {
    for (const id of this.entries.keys()) if (id < threshold) this.entries.delete(id)
  }
}
