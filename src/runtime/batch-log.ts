// The write-ahead offset log and the commit log: what batch N read, and that batch N finished.
import { IllegalStateException } from '../common/errors.js'
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
  /** Where batch `batchId` is kept, for error messages (a file path, or a description). */
  describe(batchId: number): string
}

/** Spark's CONCURRENT_STREAM_LOG_UPDATE: another run wrote batch `batchId` of a log first. */
export function concurrentLogUpdate(batchId: number): IllegalStateException {
  return new IllegalStateException(
    `Concurrent update to the log. Multiple streaming jobs detected for ${batchId}.\nPlease make sure only one streaming job runs on a specific checkpoint location at a time.`,
    { errorClass: 'CONCURRENT_STREAM_LOG_UPDATE' },
  )
}

/**
 * The commit log never runs ahead of the offset log (commits/N is written after offsets/N): a commit without its
 * offsets means `offsets/N` was deleted, and resuming would silently skip that batch's data.
 */
export function checkLogsAgree(
  offsetLog: BatchLog<OffsetSeq>,
  latestOffsets: number | undefined,
  latestCommit: number | undefined,
): void {
  if (latestCommit === undefined || (latestOffsets !== undefined && latestCommit <= latestOffsets)) return
  throw new IllegalStateException(
    `The commit log holds batch ${latestCommit} but the offset log ${latestOffsets === undefined ? 'is empty' : `ends at batch ${latestOffsets}`}: ${offsetLog.describe(latestCommit)} is missing. The checkpoint is corrupt; restore it from a backup or delete it to start over.`,
  )
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
    let batchId = -1
    for (const id of this.entries.keys()) if (id > batchId) batchId = id
    return batchId < 0 ? undefined : { batchId, value: this.entries.get(batchId)! }
  }

  async purge(threshold: number): Promise<void> {
    for (const id of this.entries.keys()) if (id < threshold) this.entries.delete(id)
  }

  describe(batchId: number): string {
    return `batch ${batchId} of the in-memory log`
  }
}
