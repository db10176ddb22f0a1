// The three ways the shell shows a streaming result, as Flink's SQL client does (`sql-client.execution.result-mode`):
// `tableau` prints each change below the last as it arrives; `changelog` and `table` take the whole terminal and
// redraw in place, the first listing the latest changes, the second the result table they amount to.

import type { DataType } from '../types/data-types.js'
import type { Change, ResultChanges } from './result-changes.js'
import { borderLine, fittedWidths, rowLine, streamingWidths } from './table-text.js'

export type ResultMode = 'tableau' | 'changelog' | 'table'

export const RESULT_MODES: readonly ResultMode[] = ['tableau', 'changelog', 'table']

/** Where a view draws. */
export interface ViewScreen {
  write(text: string): void
  readonly columns: number
  readonly rows: number
}

/** How a query's result ended: it was bounded (a LIMIT), the user stopped it, or it failed. */
export type ResultEnd = 'finished' | 'cancelled' | 'failed'

export interface ResultView {
  /** Called before the first batch. */
  start(): void
  /** One micro-batch's changes; `result` holds the table they were applied to. */
  update(changes: readonly Change[], result: ResultChanges): void
  /** The query is over; full-screen views keep showing the result until the user leaves. */
  end(how: ResultEnd, total: number): void
  /** Returns to the shell's screen (full-screen views leave the alternate screen). */
  close(total: number, how: ResultEnd): void
}

export function resultView(
  mode: ResultMode,
  screen: ViewScreen,
  names: readonly string[],
  types: readonly DataType[],
): ResultView {
  return mode === 'tableau' ? new TableauView(screen, names, types) : new FullScreenView(mode, screen, names)
}

const totalLine = (how: ResultEnd, total: number) =>
  how === 'finished'
    ? `Received a total of ${total} ${total === 1 ? 'row' : 'rows'}`
    : `Query terminated, received a total of ${total} ${total === 1 ? 'row' : 'rows'}`

/** Flink's tableau layout: a bordered table with an `op` column, one line per change, then the total. */
class TableauView implements ResultView {
  private readonly widths: number[]

  constructor(
    private readonly screen: ViewScreen,
    private readonly names: readonly string[],
    types: readonly DataType[],
  ) {
    this.widths = [2, ...streamingWidths(names, types)]
  }

  start(): void {
    const border = borderLine(this.widths)
    this.screen.write(`${border}\n${rowLine(['op', ...this.names], this.widths)}\n${border}\n`)
  }

  update(changes: readonly Change[]): void {
    if (changes.length === 0) return
    this.screen.write(`${changes.map((c) => rowLine([c.op, ...c.cells], this.widths)).join('\n')}\n`)
  }

  end(): void {}

  close(total: number, how: ResultEnd): void {
    this.screen.write(`${borderLine(this.widths)}\n${totalLine(how, total)}\n`)
  }
}

/** Flink keeps the last 1000 changes in its changelog view. */
const MAX_CHANGES = 1000
/** Redraws at most this often (ms): a fast source should not spend the process on repainting. */
const REDRAW_INTERVAL_MS = 100

const ENTER_SCREEN = '\x1b[?1049h\x1b[?25l'
const LEAVE_SCREEN = '\x1b[?25h\x1b[?1049l'

/** The `table` and `changelog` views: the alternate screen, redrawn in place; the last page shows. */
class FullScreenView implements ResultView {
  private changes: Change[] = []
  private result: ResultChanges | undefined
  private status = 'Query running'
  private updated = ''
  private timer: NodeJS.Timeout | undefined
  private dirty = false

  constructor(
    private readonly mode: 'table' | 'changelog',
    private readonly screen: ViewScreen,
    private readonly names: readonly string[],
  ) {}

  start(): void {
    this.screen.write(ENTER_SCREEN)
    this.draw()
  }

  update(changes: readonly Change[], result: ResultChanges): void {
    this.result = result
    if (this.mode === 'changelog') {
      this.changes.push(...changes)
      if (this.changes.length > MAX_CHANGES) this.changes = this.changes.slice(-MAX_CHANGES)
    }
    this.updated = new Date().toTimeString().slice(0, 8)
    this.dirty = true
    this.timer ??= setTimeout(() => {
      this.timer = undefined
      if (this.dirty) this.draw()
    }, REDRAW_INTERVAL_MS)
  }

  end(how: ResultEnd, total: number): void {
    this.status = `${totalLine(how, total)}; the query has ended`
    this.draw()
  }

  close(): void {
    clearTimeout(this.timer)
    this.timer = undefined
    this.screen.write(LEAVE_SCREEN)
  }

  private draw(): void {
    this.dirty = false
    const headerNames = this.mode === 'changelog' ? ['op', ...this.names] : [...this.names]
    const all =
      this.mode === 'changelog'
        ? this.changes.map((c) => [c.op, ...c.cells])
        : (this.result?.table() ?? []).map((cells) => [...cells])
    // Title, header (3 lines), bottom border, blank line and key line leave this many lines for rows.
    const pageRows = Math.max(1, this.screen.rows - 7)
    const pages = Math.max(1, Math.ceil(all.length / pageRows))
    const visible = all.slice((pages - 1) * pageRows)
    const widths = fittedWidths(headerNames, visible)
    const border = borderLine(widths)
    const what = this.mode === 'changelog' ? `Changes: ${all.length}` : `Rows: ${all.length}`
    const title = `${this.mode === 'table' ? 'Table' : 'Changelog'} result   Page: Last of ${pages}   ${what}   Updated: ${this.updated || '-'}   ${this.status}`
    const lines = [
      title,
      border,
      rowLine(headerNames, widths),
      border,
      ...visible.map((cells) => rowLine(cells, widths)),
      border,
      '',
      'Q Quit',
    ]
    const width = this.screen.columns
    this.screen.write(`\x1b[H${lines.map((line) => `${line.slice(0, width)}\x1b[K`).join('\r\n')}\x1b[J`)
  }
}
