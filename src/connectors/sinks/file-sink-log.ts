// The file sink's metadata log (Spark's FileStreamSinkLog in `<path>/_spark_metadata`): one file per batch listing
// the data files it committed, compacted every `compactInterval` batches into `<id>.compact`.
//
// Format of each log file: the line `v1`, then one JSON line per file:
//   {"path":"file:/out/part-00000-<uuid>-c000.csv","size":12,"isDir":false,"modificationTime":1700000000000,
//    "blockReplication":1,"blockSize":33554432,"action":"add"}
// A data file is visible to readers only once a log file names it, so files left by a crash before the log was
// written are never read. Batch N is compacted (`N.compact` holds every live entry up to N) when
// (N + 1) % compactInterval == 0.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalStateException } from '../../common/errors.js'

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

const LOG_NAME = /^(\d+)(\.compact)?$/

export class FileSinkLog {
  constructor(
    readonly dir: string,
    readonly compactInterval = 10,
  ) {}

  /** The log files present: batch id → whether it is a compaction file. */
  private files(): Map<number, boolean> {
    const files = new Map<number, boolean>()
    if (!existsSync(this.dir)) return files
    for (const name of readdirSync(this.dir)) {
      const match = LOG_NAME.exec(name)
      if (match) files.set(Number(match[1]), match[2] !== undefined)
    }
    return files
  }

  /** The last committed batch id, or -1. */
  latestBatchId(): number {
    return Math.max(-1, ...this.files().keys())
  }

  private read(batchId: number, compact: boolean): SinkFileStatus[] {
    const text = readFileSync(join(this.dir, compact ? `${batchId}.compact` : String(batchId)), 'utf8')
    const [version, ...lines] = text.split('\n')
    const match = /^v(\d+)$/.exec(version ?? '')
    if (!match) throw new IllegalStateException(`Log file was malformed: failed to detect the log file version line.`)
    if (Number(match[1]) > VERSION) {
      throw new IllegalStateException(
        `UnsupportedLogVersion: maximum supported log version is v${VERSION}, but encountered v${match[1]}. The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade.`,
      )
    }
    return lines.filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as SinkFileStatus)
  }

  /** The live files of every committed batch: the latest compaction plus the batches after it. */
  allFiles(): SinkFileStatus[] {
    const files = this.files()
    if (files.size === 0) return []
    const latest = Math.max(...files.keys())
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
      entries.push(...this.read(id, compact))
    }
    const deleted = new Set(entries.filter((e) => e.action === 'delete').map((e) => e.path))
    return entries.filter((e) => e.action === 'add' && !deleted.has(e.path))
  }

  /** Whether batch `batchId` is written as a compaction of everything before it. */
  isCompactionBatch(batchId: number): boolean {
    return (batchId + 1) % this.compactInterval === 0
  }

  /** Records batch `batchId`'s files atomically; throws if another writer already recorded this batch. */
  add(batchId: number, entries: readonly SinkFileStatus[]): void {
    const compact = this.isCompactionBatch(batchId)
    const all = compact ? [...this.allFiles(), ...entries] : entries
    const body = [`v${VERSION}`, ...all.map((e) => JSON.stringify(e))].join('\n')
    const name = compact ? `${batchId}.compact` : String(batchId)
    if (!writeFileAtomic(join(this.dir, name), body, true))
      throw new IllegalStateException(`Race while writing batch ${batchId}`)
  }
}
