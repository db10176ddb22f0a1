// The shell's `table` and `changelog` result views, as Flink's SQL client draws them: the alternate screen, refreshed
// in place at a rate the user picks (+/-, R), paged (N/P, PgUp/PgDn, F/Home, L/End), with a selected row (↑/↓) that O
// or Enter opens to show its fields one per line.
import type { Change, ResultChanges } from './result-changes.js'
import type { ResultEnd, ResultView, ViewScreen } from './result-views.js'
import type { Key } from './streaming-select.js'
import { borderLine, fittedWidths, rowLine } from './table-text.js'

/** Flink keeps the last 1000 changes in its changelog view. */
const MAX_CHANGES = 1000

/** Flink's refresh intervals (CliResultView); `-` refreshes only on R. The default is 1 s. */
export const REFRESH_INTERVALS: readonly (readonly [string, number])[] = [
  ['100 ms', 100],
  ['500 ms', 500],
  ['1 s', 1000],
  ['5 s', 5000],
  ['10 s', 10_000],
  ['1 min', 60_000],
  ['-', -1],
]
const DEFAULT_REFRESH = 2

const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l'
const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l'
const INVERSE_ON = '\x1b[7m'
const INVERSE_OFF = '\x1b[27m'
const INVERSE = (text: string) => `${INVERSE_ON}${text}${INVERSE_OFF}`

/** Flink's key help, two lines: the options alternate between them. */
const HELP: readonly (readonly [string, string])[] = [
  ['Q', 'Quit'],
  ['R', 'Refresh'],
  ['+', 'Inc Refresh'],
  ['-', 'Dec Refresh'],
  ['N', 'Next Page'],
  ['P', 'Prev Page'],
  ['F', 'First Page'],
  ['L', 'Last Page'],
  ['O', 'Open Row'],
  ['↑↓', 'Select Row'],
]

function helpLines(): string[] {
  const cell = ([key, what]: readonly [string, string]) => `${key.padEnd(2)} ${what}`.padEnd(16)
  return [0, 1].map((line) =>
    HELP.filter((_, i) => i % 2 === line)
      .map(cell)
      .join(' ')
      .trimEnd(),
  )
}

const clock = () => {
  const now = new Date()
  return `${now.toTimeString().slice(0, 8)}.${String(now.getMilliseconds()).padStart(3, '0')}`
}

export class FullScreenView implements ResultView {
  private changes: Change[] = []
  private result: ResultChanges | undefined
  /** The rows the screen shows: taken from the result at each refresh, so paging does not move under the user. */
  private snapshot: string[][] = []
  private status = 'Query running'
  private updated = ''
  private dirty = false
  private refresh = DEFAULT_REFRESH
  private timer: NodeJS.Timeout | undefined
  /** 1-based, or `last`, which follows new rows as Flink's `Page: Last` does. */
  private page: number | 'last' = 'last'
  /** Index into the snapshot, or -1 when no row is selected. */
  private selected = -1
  private opened = false

  constructor(
    private readonly mode: 'table' | 'changelog',
    private readonly screen: ViewScreen,
    private readonly names: readonly string[],
  ) {}

  start(): void {
    this.screen.write(ENTER_SCREEN)
    this.schedule()
    this.draw()
  }

  update(changes: readonly Change[], result: ResultChanges): void {
    this.result = result
    if (this.mode === 'changelog') {
      this.changes.push(...changes)
      if (this.changes.length > MAX_CHANGES) this.changes = this.changes.slice(-MAX_CHANGES)
    }
    this.dirty = true
  }

  end(how: ResultEnd, total: number): void {
    const what = how === 'finished' ? 'Received a total of' : 'Query terminated, received a total of'
    this.status = `${what} ${total} ${total === 1 ? 'row' : 'rows'}; the query has ended`
    this.takeSnapshot()
    this.draw()
  }

  close(): void {
    clearInterval(this.timer)
    this.timer = undefined
    this.screen.write(LEAVE_SCREEN)
  }

  /** Handles a key; false for the keys it leaves to the caller (Q and Ctrl-C quit, unless a row is open). */
  key(key: Key): boolean {
    const name = key.name ?? key.sequence ?? ''
    if (this.opened) {
      if (key.ctrl) return false
      if (['q', 'escape', 'o', 'return', 'backspace'].includes(name)) this.opened = false
      this.draw()
      return true
    }
    const pages = this.pageCount()
    const current = this.currentPage()
    switch (name) {
      case 'r':
        this.takeSnapshot()
        break
      case '+':
        this.setRefresh(Math.min(REFRESH_INTERVALS.length - 1, this.refresh + 1))
        break
      case '-':
        this.setRefresh(Math.max(0, this.refresh - 1))
        break
      case 'n':
      case 'pagedown':
        this.goTo(Math.min(pages, current + 1))
        break
      case 'p':
      case 'pageup':
        this.goTo(Math.max(1, current - 1))
        break
      case 'f':
      case 'home':
        this.goTo(1)
        break
      case 'l':
      case 'end':
        this.goTo(pages)
        break
      case 'up':
      case 'w':
        this.select(this.selected === -1 ? this.pageStart(current) + this.pageRows(current) - 1 : this.selected - 1)
        break
      case 'down':
      case 's':
        this.select(this.selected === -1 ? this.pageStart(current) : this.selected + 1)
        break
      case 'o':
      case 'return':
        this.opened = this.selected >= 0 && this.selected < this.snapshot.length
        break
      default:
        return false
    }
    this.draw()
    return true
  }

  private setRefresh(index: number): void {
    this.refresh = index
    this.schedule()
  }

  private schedule(): void {
    clearInterval(this.timer)
    this.timer = undefined
    const interval = REFRESH_INTERVALS[this.refresh]![1]
    if (interval < 0) return
    this.timer = setInterval(() => {
      if (!this.dirty) return
      this.takeSnapshot()
      this.draw()
    }, interval)
    this.timer.unref()
  }

  private takeSnapshot(): void {
    this.dirty = false
    this.snapshot =
      this.mode === 'changelog'
        ? this.changes.map((c) => [c.op, ...c.cells])
        : (this.result?.table() ?? []).map((cells) => [...cells])
    if (this.selected >= this.snapshot.length) this.selected = -1
    this.updated = clock()
  }

  /** Title, header (3 lines), bottom border, blank line and two help lines leave this many lines for rows. */
  private get rowsPerPage(): number {
    return Math.max(1, this.screen.rows - 8)
  }

  private pageCount(): number {
    return Math.max(1, Math.ceil(this.snapshot.length / this.rowsPerPage))
  }

  private currentPage(): number {
    return this.page === 'last' ? this.pageCount() : Math.min(this.page, this.pageCount())
  }

  private pageStart(page: number): number {
    return (page - 1) * this.rowsPerPage
  }

  private pageRows(page: number): number {
    return Math.max(0, Math.min(this.rowsPerPage, this.snapshot.length - this.pageStart(page)))
  }

  private goTo(page: number): void {
    this.page = page === this.pageCount() ? 'last' : page
    const start = this.pageStart(page)
    if (this.selected >= 0) this.selected = Math.min(start + this.pageRows(page) - 1, Math.max(start, this.selected))
  }

  /** Selects a row, turning the page when it lies on another one. */
  private select(index: number): void {
    if (this.snapshot.length === 0) return
    this.selected = Math.max(0, Math.min(this.snapshot.length - 1, index))
    const page = Math.floor(this.selected / this.rowsPerPage) + 1
    this.page = page === this.pageCount() ? 'last' : page
  }

  private headerNames(): string[] {
    return this.mode === 'changelog' ? ['op', ...this.names] : [...this.names]
  }

  private draw(): void {
    const lines = this.opened ? this.rowLines() : this.tableLines()
    const width = this.screen.columns
    // A selected row is cut to the screen inside its inverse-video codes.
    const clip = (line: string) =>
      line.startsWith(INVERSE_ON)
        ? INVERSE(line.slice(INVERSE_ON.length, -INVERSE_OFF.length).slice(0, width))
        : line.slice(0, width)
    this.screen.write(`\x1b[H${lines.map((line) => `${clip(line)}\x1b[K`).join('\r\n')}\x1b[J`)
  }

  private tableLines(): string[] {
    const page = this.currentPage()
    const pages = this.pageCount()
    const start = this.pageStart(page)
    const visible = this.snapshot.slice(start, start + this.rowsPerPage)
    const names = this.headerNames()
    const widths = fittedWidths(names, visible)
    const border = borderLine(widths)
    const what = this.mode === 'changelog' ? `Changes: ${this.snapshot.length}` : `Rows: ${this.snapshot.length}`
    const shownPage = this.page === 'last' ? 'Last' : String(page)
    const title = [
      this.mode === 'table' ? 'Table result' : 'Changelog result',
      `Refresh: ${REFRESH_INTERVALS[this.refresh]![0]}`,
      `Page: ${shownPage} of ${pages}`,
      what,
      `Updated: ${this.updated || 'Unknown'}`,
      this.status,
    ].join('   ')
    const rows = visible.map((cells, i) => {
      const line = rowLine(cells, widths)
      return start + i === this.selected ? INVERSE(line) : line
    })
    return [title, border, rowLine(names, widths), border, ...rows, border, '', ...helpLines()]
  }

  /** Flink's row view: each field of the selected row on its own line. */
  private rowLines(): string[] {
    const names = this.headerNames()
    const cells = this.snapshot[this.selected] ?? []
    const width = Math.max(...names.map((n) => n.length))
    return [
      `Row ${this.selected + 1} of ${this.snapshot.length}`,
      '',
      ...names.map((name, i) => `${name.padStart(width)}: ${cells[i] ?? ''}`),
      '',
      'Q Back',
    ]
  }
}
