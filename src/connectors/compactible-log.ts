// What the file sink's and the file source's metadata logs share (Spark's CompactibleFileStreamLog): every
// `compactInterval`-th batch is written as `<id>.compact` holding every entry so far, after which the files before
// the compaction that keeps `minBatchesToRetain` batches readable are deleted once older than `cleanupDelay`.
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { IllegalArgumentException } from '../common/errors.js'

export interface CompactionSettings {
  /** `spark.sql.streaming.file{Sink,Source}.log.compactInterval`. */
  readonly compactInterval: number
  /** `….log.deletion`: whether files made redundant by a compaction are deleted. */
  readonly deletion: boolean
  /** `….log.cleanupDelay` (ms): how long a redundant file stays for readers that listed it. */
  readonly cleanupDelayMs: number
  /** `spark.sql.streaming.minBatchesToRetain`. */
  readonly minBatchesToRetain: number
}

/** Spark's defaults: compact every 10 batches, delete what compaction made redundant after 10 minutes, keep 100. */
export const DEFAULT_COMPACTION: CompactionSettings = {
  compactInterval: 10,
  deletion: true,
  cleanupDelayMs: 600_000,
  minBatchesToRetain: 100,
}

const TIME_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }

/** A Spark time conf in milliseconds (`600000`, `10m`, `30s`). */
function timeConfMs(key: string, text: string): number {
  const match = /^\s*(\d+)\s*(ms|s|m|min|h|d)?\s*$/i.exec(text)
  if (!match) throw new IllegalArgumentException(`${key} should be in time format (e.g. 10m), but was ${text}`)
  return Number(match[1]) * TIME_UNITS_MS[(match[2] ?? 'ms').toLowerCase()]!
}

/** The settings of the log named `prefix` (`spark.sql.streaming.fileSink.log`) from the session's confs. */
export function compactionSettings(
  prefix: string,
  conf: (key: string) => string | undefined,
  defaults: { compactInterval: number },
): CompactionSettings {
  const interval = Number(conf(`${prefix}.compactInterval`) ?? defaults.compactInterval)
  if (!Number.isInteger(interval) || interval <= 0) {
    throw new IllegalArgumentException(
      `requirement failed: Please set ${prefix}.compactInterval (was ${interval}) to a positive value.`,
    )
  }
  return {
    compactInterval: interval,
    deletion: (conf(`${prefix}.deletion`) ?? 'true').trim().toLowerCase() !== 'false',
    cleanupDelayMs: timeConfMs(`${prefix}.cleanupDelay`, conf(`${prefix}.cleanupDelay`) ?? '10m'),
    minBatchesToRetain: Number(conf('spark.sql.streaming.minBatchesToRetain') ?? 100),
  }
}

export const isCompactionBatch = (batchId: number, compactInterval: number) => (batchId + 1) % compactInterval === 0

const LOG_NAME = /^(\d+)(\.compact)?$/

/** The log files in `dir`: batch id → whether it is a compaction file. */
export function logFiles(dir: string): Map<number, boolean> {
  const files = new Map<number, boolean>()
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return files
  }
  for (const name of names) {
    const match = LOG_NAME.exec(name)
    if (match) files.set(Number(match[1]), match[2] !== undefined)
  }
  return files
}

/** The largest key, or -1 (never spread into Math.max: a log may hold more ids than a call has arguments). */
export function maxKey(keys: Iterable<number>): number {
  let max = -1
  for (const key of keys) if (key > max) max = key
  return max
}

/**
 * After compaction batch `batchId` was written: deletes the files of batches before the compaction that still
 * covers the last `minBatchesToRetain` batches, when older than the cleanup delay (Spark's deleteExpiredLog).
 */
export function deleteExpiredLogFiles(dir: string, batchId: number, settings: CompactionSettings, now: number): void {
  const { compactInterval, deletion, cleanupDelayMs, minBatchesToRetain } = settings
  if (!deletion || compactInterval > batchId + 1) return
  const minBatchId = Math.max(0, batchId + 1 - minBatchesToRetain)
  const minCompactionBatchId = minBatchId - (minBatchId % compactInterval) - 1
  const expiredBefore = now - cleanupDelayMs
  for (const [id, compact] of logFiles(dir)) {
    if (id >= minCompactionBatchId) continue
    const path = join(dir, compact ? `${id}.compact` : String(id))
    try {
      if (statSync(path).mtimeMs <= expiredBefore) rmSync(path, { force: true })
    } catch {
      // Deleted by another reader's cleanup.
    }
  }
}
