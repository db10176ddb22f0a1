// The offset and commit logs on disk, one file per batch in Spark's format (`v1`, then JSON lines), written
// atomically and exclusively — a second writer of the same batch id is detected, never interleaved — with Hadoop's
// `.N.crc` checksum beside each, verified on load.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { checksumMismatch, removeChecksumFile, writeChecksumFile } from '../../common/checksum.js'
import { IllegalStateException } from '../../common/errors.js'
import type { Offset } from '../../connectors/source.js'
import type { BatchLog, CommitRecord, OffsetSeq } from '../batch-log.js'

export interface LogCodec<T> {
  write(value: T): string
  /** Parses a file's text; throws with the file named when it is malformed. */
  read(text: string, path: string): T
}

const VERSION = 'v1'

function malformed(path: string, detail: string): IllegalStateException {
  return new IllegalStateException(
    `Log file was malformed: ${detail} in ${path}. The checkpoint is corrupt; restore it from a backup or delete it to start over.`,
  )
}

/** Splits a log file into its JSON lines after checking the version header. */
function bodyLines(text: string, path: string): string[] {
  const lines = text.split('\n')
  if (lines[0] !== VERSION) {
    if (/^v\d+$/.test(lines[0] ?? '')) {
      throw new IllegalStateException(
        `The log file was produced by a newer version of Spark and cannot be read by this version. Please upgrade. (${path})`,
      )
    }
    throw malformed(path, 'failed to read correct log version')
  }
  return lines.slice(1)
}

function parseJson(line: string | undefined, path: string, what: string): unknown {
  if (line === undefined) throw malformed(path, `missing ${what}`)
  try {
    return JSON.parse(line)
  } catch {
    throw malformed(path, `unreadable ${what} (${JSON.stringify(line.slice(0, 60))})`)
  }
}

export const offsetSeqCodec: LogCodec<OffsetSeq> = {
  write: (seq) =>
    [
      VERSION,
      JSON.stringify({
        batchWatermarkMs: seq.batchWatermarkMs,
        batchTimestampMs: seq.batchTimestampMs,
        conf: seq.conf,
      }),
      ...seq.offsets.map((o) => (o === null ? '-' : JSON.stringify(o))),
    ].join('\n'),
  read(text, path) {
    const [metadataLine, ...offsetLines] = bodyLines(text, path)
    const metadata = parseJson(metadataLine, path, 'offset metadata') as Partial<OffsetSeq>
    if (typeof metadata.batchWatermarkMs !== 'number' || typeof metadata.batchTimestampMs !== 'number') {
      throw malformed(path, 'offset metadata without batchWatermarkMs/batchTimestampMs')
    }
    const offsets = offsetLines.map((line) =>
      line === '-' ? null : (parseJson(line, path, 'source offset') as Offset),
    )
    return {
      batchWatermarkMs: metadata.batchWatermarkMs,
      batchTimestampMs: metadata.batchTimestampMs,
      conf: metadata.conf ?? {},
      offsets,
    }
  },
}

export const commitCodec: LogCodec<CommitRecord> = {
  write: (record) => `${VERSION}\n${JSON.stringify({ nextBatchWatermarkMs: record.nextBatchWatermarkMs })}`,
  read(text, path) {
    const record = parseJson(bodyLines(text, path)[0], path, 'commit metadata') as Partial<CommitRecord>
    if (typeof record.nextBatchWatermarkMs !== 'number') throw malformed(path, 'commit without nextBatchWatermarkMs')
    return { nextBatchWatermarkMs: record.nextBatchWatermarkMs }
  },
}

/** A batch log in a directory: file `N` holds batch N. */
export class FileBatchLog<T> implements BatchLog<T> {
  constructor(
    private readonly dir: string,
    private readonly codec: LogCodec<T>,
  ) {
    mkdirSync(dir, { recursive: true })
  }

  private pathOf(batchId: number): string {
    return join(this.dir, String(batchId))
  }

  describe(batchId: number): string {
    return this.pathOf(batchId)
  }

  /** Batch ids present, ascending (temporary files and other names are ignored). */
  batchIds(): number[] {
    return readdirSync(this.dir)
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .sort((a, b) => a - b)
  }

  /** Writes batch `batchId`'s entry unless it exists (false: another run wrote it first). */
  async add(batchId: number, value: T): Promise<boolean> {
    const path = this.pathOf(batchId)
    const bytes = Buffer.from(this.codec.write(value), 'utf8')
    if (!writeFileAtomic(path, bytes, true)) return false
    // Only the winner writes the checksum; a crash before it leaves an entry that is read unverified, as Hadoop does.
    writeChecksumFile(path, bytes)
    return true
  }

  async get(batchId: number): Promise<T | undefined> {
    return this.getSync(batchId)
  }

  getSync(batchId: number): T | undefined {
    const path = this.pathOf(batchId)
    if (!existsSync(path)) return undefined
    const bytes = readFileSync(path)
    // Parsed first, so text that is not a log entry at all gets the more specific error.
    const value = this.codec.read(bytes.toString('utf8'), path)
    const mismatch = checksumMismatch(path, bytes)
    if (mismatch !== undefined) throw malformed(path, mismatch)
    return value
  }

  async latest(): Promise<{ batchId: number; value: T } | undefined> {
    return this.latestSync()
  }

  /** The newest entry, read at query start before anything asynchronous runs. */
  latestSync(): { batchId: number; value: T } | undefined {
    const ids = this.batchIds()
    const batchId = ids[ids.length - 1]
    if (batchId === undefined) return undefined
    return { batchId, value: this.getSync(batchId)! }
  }

  async purge(threshold: number): Promise<void> {
    for (const id of this.batchIds()) {
      if (id >= threshold) continue
      rmSync(this.pathOf(id), { force: true })
      removeChecksumFile(this.pathOf(id))
    }
  }
}
