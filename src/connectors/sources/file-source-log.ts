// The file source's seen-files log (Spark's FileStreamSourceLog): which files each source batch (log offset) holds,
// in memory, or under `<checkpoint>/sources/<i>/<batchId>` as `v1` + JSON lines so replays read the same files.
//
//   v1
//   {"path":"file:/in/a.csv","timestamp":1700000000000,"batchId":0}
//
// Each batch file is written atomically and never overwritten; Spark's `<id>.compact` files are read too.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalStateException } from '../../common/errors.js'

export interface FileEntry {
  /** The qualified path (`file:/...`). */
  readonly path: string
  /** The file's modification time (ms). */
  readonly timestamp: number
  readonly batchId: number
}

const LOG_NAME = /^(\d+)(\.compact)?$/

export class FileSourceLog {
  private readonly batches = new Map<number, FileEntry[]>()

  /** With a `dir`, batches already logged there are loaded (a restart). */
  constructor(private readonly dir: string | undefined) {
    if (dir === undefined || !existsSync(dir)) return
    for (const name of readdirSync(dir)) {
      if (!LOG_NAME.test(name)) continue
      const [version, ...lines] = readFileSync(join(dir, name), 'utf8').split('\n')
      if (version !== 'v1')
        throw new IllegalStateException(`Log file ${join(dir, name)} was malformed: unknown version ${version}`)
      for (const line of lines) {
        if (line.trim() === '') continue
        const entry = JSON.parse(line) as FileEntry
        const batch = this.batches.get(entry.batchId) ?? []
        if (!batch.some((e) => e.path === entry.path)) batch.push(entry)
        this.batches.set(entry.batchId, batch)
      }
    }
  }

  /** The last batch id, or -1. */
  latestBatchId(): number {
    return Math.max(-1, ...this.batches.keys())
  }

  /** The files of batch `batchId` (empty if unknown). */
  get(batchId: number): readonly FileEntry[] {
    return this.batches.get(batchId) ?? []
  }

  /** Every logged file. */
  allEntries(): FileEntry[] {
    return [...this.batches.values()].flat()
  }

  /** Logs a new batch; a batch id logged before means another query is writing this checkpoint. */
  add(batchId: number, entries: readonly FileEntry[]): void {
    const taken = this.batches.has(batchId)
    const written =
      !taken &&
      (this.dir === undefined ||
        writeFileAtomic(
          join(this.dir, String(batchId)),
          ['v1', ...entries.map((e) => JSON.stringify(e))].join('\n'),
          true,
        ))
    if (!written) {
      throw new IllegalStateException(`Concurrent update to the log. Multiple streaming jobs detected for ${batchId}`)
    }
    this.batches.set(batchId, [...entries])
  }
}
