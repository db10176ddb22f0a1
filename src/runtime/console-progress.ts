// The progress bar of a bounded run (Trigger.Once and AvailableNow queries, `rivulet sql -f`): done / total (files,
// offsets or statements) when known, rows/s and the time left, redrawn in place on stderr and erased when the run
// ends, as Spark's ConsoleProgressBar is; only on a terminal, and not when spark.ui.showConsoleProgress is false.

/** What a source (or a script) has done of what it must do before a bounded run ends. */
export interface Backlog {
  readonly done: number
  readonly total: number
  /** `files`, `offsets`, `statements`. */
  readonly unit: string
}

export interface ProgressLine {
  /** What runs: `batch 3`, `statement 2/5`. */
  readonly label: string
  readonly backlog?: Backlog
  /** Input rows so far (a query's; a script has none). */
  readonly rows?: number
  readonly elapsedMs: number
}

const count = (n: number) => Math.round(n).toLocaleString('en-US')

/** `0:42`, `12:05`, `1:02:05`. */
export function etaText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000))
  const [h, m, s] = [Math.floor(total / 3600), Math.floor(total / 60) % 60, total % 60]
  const two = (n: number) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`
}

/** The bar's text within `width` columns. */
export function progressText(line: ProgressLine, width: number): string {
  const seconds = line.elapsedMs / 1000
  const { rows } = line
  const facts = rows === undefined ? [] : [`${count(rows)} rows`, `${count(seconds > 0 ? rows / seconds : 0)} rows/s`]
  const head = `[${line.label}]`
  const { backlog } = line
  if (!backlog || backlog.total <= 0) return `${head} ${facts.join(', ')}`.slice(0, width - 1)
  const done = Math.min(backlog.done, backlog.total)
  facts.unshift(`${count(done)}/${count(backlog.total)} ${backlog.unit}`)
  if (done > 0 && done < backlog.total) facts.push(`ETA ${etaText((line.elapsedMs * (backlog.total - done)) / done)}`)
  const tail = facts.join(', ')
  const barWidth = Math.max(10, Math.min(50, width - head.length - tail.length - 5))
  const filled = Math.floor((done / backlog.total) * barWidth)
  const bar = `${'='.repeat(filled)}${filled < barWidth ? '>' : ''}`.padEnd(barWidth)
  return `${head} [${bar}] ${tail}`.slice(0, width - 1)
}

/** Where the bar draws: a terminal stream. */
export interface ProgressStream {
  readonly isTTY?: boolean
  readonly columns?: number
  write(text: string): unknown
}

export class ConsoleProgress {
  private text = ''
  private visible = false

  private constructor(private readonly stream: ProgressStream) {}

  /** A bar on `stream` (stderr) when it is a terminal and spark.ui.showConsoleProgress allows; else undefined. */
  static create(
    conf: (key: string) => string | undefined,
    stream: ProgressStream = process.stderr,
  ): ConsoleProgress | undefined {
    if (!stream.isTTY || (conf('spark.ui.showConsoleProgress') ?? 'true').toLowerCase() === 'false') return undefined
    return new ConsoleProgress(stream)
  }

  show(line: ProgressLine): void {
    this.text = progressText(line, this.stream.columns ?? 80)
    this.stream.write(`\r${this.text}\x1b[K`)
    this.visible = true
  }

  /** Erases the bar for a moment, so other output starts on a clean line; redraw() brings it back. */
  hide(): void {
    if (!this.visible) return
    this.stream.write('\r\x1b[K')
    this.visible = false
  }

  redraw(): void {
    if (this.visible || this.text === '') return
    this.stream.write(`\r${this.text}\x1b[K`)
    this.visible = true
  }

  /** Erases the bar for good: the run is over. */
  finish(): void {
    this.hide()
    this.text = ''
  }
}

/** The sources' backlogs summed, when they all count in one unit. */
export function combinedBacklog(backlogs: readonly (Backlog | undefined)[]): Backlog | undefined {
  const known = backlogs.filter((b): b is Backlog => b !== undefined)
  if (known.length === 0 || known.length !== backlogs.length) return undefined
  const unit = known[0]!.unit
  if (known.some((b) => b.unit !== unit)) return undefined
  return { unit, done: known.reduce((s, b) => s + b.done, 0), total: known.reduce((s, b) => s + b.total, 0) }
}
