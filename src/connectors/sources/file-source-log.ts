// The file source's seen-files log (Spark's FileStreamSourceLog): which files each source batch (log offset) holds,
// in memory, or under `<checkpoint>/sources/<i>/<batchId>` as `v1` + JSON lines so replays read the same files.
//
//   v1
//   {"path":"file:/in/a.csv","timestamp":1700000000000,"batchId":0}
//
// Each batch file is written atomically and never overwritten; every `compactInterval`-th batch is a `<id>.compact`
// file holding every entry so far, as Spark's FileStreamSourceLog writes it.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalStateException } from '../../common/errors.js'
import {
  type CompactionSettings,
  DEFAULT_COMPACTION,
  deleteExpiredLogFiles,
  isCompactionBatch,
} from '../compactible-log.js'

export interface FileEntry {
  /** The qualified path (`file:/...`). */
  readonly path: string
  /** The file's modification time (ms). */
  readonly timestamp: number
  readonly batchId: number
}

const LOG_NAME = /^(\d+)(\.compact)?$/

/** One logged file, or an error naming the log file and the line. */
function parseEntry(line: string, path: string): FileEntry {
  let entry: Partial<FileEntry> | undefined
  try {
    entry = JSON.parse(line) as Partial<FileEntry>
  } catch {
    entry = undefined
  }
  if (typeof entry?.path !== 'string' || typeof entry.timestamp !== 'number' || typeof entry.batchId !== 'number') {
    throw new IllegalStateException(
      `Log file ${path} was malformed: unreadable entry ${JSON.stringify(line.slice(0, 80))}. The checkpoint is corrupt; restore it from a backup or delete it to start over.`,
    )
  }
  return entry as FileEntry
}

export class FileSourceLog {
  private readonly batches = new Map<number, FileEntry[]>()
  private latest = -1
  private readonly settings: CompactionSettings

  /** With a `dir`, batches already logged there are loaded (a restart). */
  constructor(
    private readonly dir: string | undefined,
    settings: Partial<CompactionSettings> = {},
  ) {
    this.settings = { ...DEFAULT_COMPACTION, ...settings }
    if (dir === undefined || !existsSync(dir)) return
    for (const name of readdirSync(dir)) {
      if (!LOG_NAME.test(name)) continue
      const path = join(dir, name)
      const [version, ...lines] = readFileSync(path, 'utf8').split('\n')
      if (version !== 'v1')
        throw new IllegalStateException(`Log file ${path} was malformed: unknown version ${version}`)
      for (const line of lines) {
        if (line.trim() === '') continue
        const entry = parseEntry(line, path)
        const batch = this.batches.get(entry.batchId) ?? []
        if (!batch.some((e) => e.path === entry.path)) batch.push(entry)
        this.batches.set(entry.batchId, batch)
        if (entry.batchId > this.latest) this.latest = entry.batchId
      }
    }
  }

  /** The last batch id, or -1. */
  latestBatchId(): number {
    return this.latest
  }

  /** The files of batch `batchId` (empty if unknown). */
  get(batchId: number): readonly FileEntry[] {
    return this.batches.get(batchId) ?? []
  }

  /** Every logged file. */
  allEntries(): FileEntry[] {
    return [...this.batches.values()].flat()
  }

  /**
   * Logs a new batch — every `compactInterval`-th as `<id>.compact` with every entry so far, after which redundant
   * files are deleted (see compactible-log.ts). A batch id logged before means another query writes this checkpoint.
   */
  add(batchId: number, entries: readonly FileEntry[], now = Date.now()): void {
    const compact = this.dir !== undefined && isCompactionBatch(batchId, this.settings.compactInterval)
    const lines = ['v1']
    for (const entry of compact ? this.allEntries().concat(entries) : entries) lines.push(JSON.stringify(entry))
    const written =
      !this.batches.has(batchId) &&
      (this.dir === undefined ||
        writeFileAtomic(join(this.dir, compact ? `${batchId}.compact` : String(batchId)), lines.join('\n'), true))
    if (!written) {
      throw new IllegalStateException(`Concurrent update to the log. Multiple streaming jobs detected for ${batchId}`)
    }
    this.batches.set(batchId, [...entries])
    if (batchId > this.latest) this.latest = batchId
    if (compact) deleteExpiredLogFiles(this.dir!, batchId, this.settings, now)
  }
}
