// The file sink's metadata log (Spark's FileStreamSinkLog in `<path>/_spark_metadata`): one file per batch listing
// the data files it committed, compacted every `compactInterval` batches into `<id>.compact`.
//
// Format of each log file: the line `v1`, then one JSON line per file:
//   {"path":"file:/out/part-00000-<uuid>-c000.csv","size":12,"isDir":false,"modificationTime":1700000000000,
//    "blockReplication":1,"blockSize":33554432,"action":"add"}
// A data file is visible to readers only once a log file names it, so files left by a crash before the log was
// written are never read. Batch N is compacted (`N.compact` holds every live entry up to N) when
// (N + 1) % compactInterval == 0, and older log files are then deleted (see compactible-log.ts).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalStateException } from '../../common/errors.js'
import {
  type CompactionSettings,
  DEFAULT_COMPACTION,
  deleteExpiredLogFiles,
  isCompactionBatch,
  logFiles,
  maxKey,
} from '../compactible-log.js'

export const SINK_METADATA_DIR = '_spark_metadata'
const VERSION = 1

export interface SinkFileStatus {
  readonly path: string
  readonly size: number
  readonly isDir: boolean
  readonly modificationTime: number
  readonly blockReplication: number
  readonly blockSize: number
  readonly action: 'add' | 'delete'
}

/** Whether `dir` is the output of a file sink (it has a `_spark_metadata` directory). */
export function hasSinkMetadata(dir: string): boolean {
  const meta = join(dir, SINK_METADATA_DIR)
  return existsSync(meta) && statSync(meta).isDirectory()
}

/** One logged file, or an error naming the log file and the line. */
function parseStatus(line: string, path: string): SinkFileStatus {
  let status: Partial<SinkFileStatus> | undefined
  try {
    status = JSON.parse(line) as Partial<SinkFileStatus>
  } catch {
    status = undefined
  }
  if (typeof status?.path !== 'string' || (status.action !== 'add' && status.action !== 'delete')) {
    throw new IllegalStateException(
      `Log file was malformed: unreadable entry ${JSON.stringify(line.slice(0, 80))} in ${path}. Restore the output's _spark_metadata from a backup, or delete the output and its checkpoint to start over.`,
    )
  }
  return status as SinkFileStatus
}

export class FileSinkLog {
  private readonly settings: CompactionSettings

  /** `settings` matter to the writer (the sink); a reader needs only `dir`. */
  constructor(
    readonly dir: string,
    settings: Partial<CompactionSettings> = {},
  ) {
    this.settings = { ...DEFAULT_COMPACTION, ...settings }
  }

  get compactInterval(): number {
    return this.settings.compactInterval
  }

  /** The last committed batch id, or -1. */
  latestBatchId(): number {
    return maxKey(logFiles(this.dir).keys())
  }

  private read(batchId: number, compact: boolean): SinkFileStatus[] {
    const path = join(this.dir, compact ? `${batchId}.compact` : String(batchId))
    const text = readFileSync(path, 'utf8')
    const [version, ...lines] = text.split('\n')
    const match = /^v(\d+)$/.exec(version ?? '')
    if (!match) {
      throw new IllegalStateException(`Log file was malformed: failed to detect the log file version line. (${path})`)
    }
    if (Number(match[1]) > VERSION) {
      throw new IllegalStateException(
        `UnsupportedLogVersion: maximum supported log version is v${VERSION}, but encountered v${match[1]}. The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade.`,
      )
    }
    return lines.filter((line) => line.trim() !== '').map((line) => parseStatus(line, path))
  }

  /** The live files of every committed batch: the latest compaction plus the batches after it. */
  allFiles(): SinkFileStatus[] {
    const files = logFiles(this.dir)
    if (files.size === 0) return []
    const latest = maxKey(files.keys())
    let compacted = -1
    for (const [id, compact] of files) if (compact && id > compacted) compacted = id
    const entries: SinkFileStatus[] = compacted >= 0 ? this.read(compacted, true) : []
    for (let id = compacted + 1; id <= latest; id++) {
      const compact = files.get(id)
      if (compact === undefined) {
        throw new IllegalStateException(
          `${id} doesn't exist (latestId: ${latest}, compactInterval: ${this.compactInterval})`,
        )
      }
      for (const entry of this.read(id, compact)) entries.push(entry)
    }
    const deleted = new Set(entries.filter((e) => e.action === 'delete').map((e) => e.path))
    return entries.filter((e) => e.action === 'add' && !deleted.has(e.path))
  }

  /** Whether batch `batchId` is written as a compaction of everything before it. */
  isCompactionBatch(batchId: number): boolean {
    return isCompactionBatch(batchId, this.compactInterval)
  }

  /** Records batch `batchId`'s files atomically; throws if another writer already recorded this batch. */
  add(batchId: number, entries: readonly SinkFileStatus[], now = Date.now()): void {
    const compact = this.isCompactionBatch(batchId)
    const all = compact ? this.allFiles().concat(entries) : entries
    const lines = [`v${VERSION}`]
    for (const entry of all) lines.push(JSON.stringify(entry))
    const name = compact ? `${batchId}.compact` : String(batchId)
    if (!writeFileAtomic(join(this.dir, name), lines.join('\n'), true))
      throw new IllegalStateException(`Race while writing batch ${batchId}`)
    if (compact) deleteExpiredLogFiles(this.dir, batchId, this.settings, now)
  }
}
