// The socket source's write-ahead log (beyond Spark, whose socket source cannot recover): received lines, with
// their index and receive time, made durable before an offset that covers them is handed to the runtime.
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  truncateSync,
} from 'node:fs'
import { join } from 'node:path'
import { writeFileAtomic } from '../../common/atomic-file.js'
import { IllegalStateException } from '../../common/errors.js'

export interface LoggedLine {
  readonly index: number
  readonly value: string
  readonly receivedAt: number
}

export class LineWal {
  private readonly path: string
  private pending: LoggedLine[] = []

  constructor(dir: string) {
    mkdirSync(dir, { recursive: true })
    this.path = join(dir, 'lines.wal')
  }

  /**
   * Lines logged by earlier runs. A crash mid-append can leave a torn last line; it was never fsynced, so no offset
   * covers it: it is cut off here, before this run appends after it.
   */
  read(): LoggedLine[] {
    if (!existsSync(this.path)) return []
    const bytes = readFileSync(this.path)
    const complete = bytes.lastIndexOf(0x0a) + 1
    if (complete < bytes.length) truncateSync(this.path, complete)
    const texts = bytes.toString('utf8', 0, complete).split('\n')
    texts.pop()
    return texts.map((text) => {
      try {
        const [index, value, receivedAt] = JSON.parse(text) as [number, string, number]
        return { index, value, receivedAt }
      } catch {
        throw new IllegalStateException(
          `The socket write-ahead log ${this.path} is corrupt at ${JSON.stringify(text.slice(0, 60))}`,
        )
      }
    })
  }

  append(line: LoggedLine): void {
    this.pending.push(line)
  }

  /** Writes pending lines and fsyncs: after this, every line received so far survives a crash. */
  flush(): void {
    if (this.pending.length === 0) return
    appendFileSync(this.path, this.pending.map((l) => `${JSON.stringify([l.index, l.value, l.receivedAt])}\n`).join(''))
    this.pending = []
    const fd = openSync(this.path, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  }

  /** Replaces the log with the lines still needed (those after the committed offset). */
  compact(remaining: readonly LoggedLine[]): void {
    this.flush()
    writeFileAtomic(this.path, remaining.map((l) => `${JSON.stringify([l.index, l.value, l.receivedAt])}\n`).join(''))
  }
}
