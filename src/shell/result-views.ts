// The three ways the shell shows a streaming result, as Flink's SQL client does (`sql-client.execution.result-mode`):
// `tableau` prints each change below the last as it arrives; `changelog` and `table` take the whole terminal and
// redraw in place, the first listing the latest changes, the second the result table they amount to.

import type { DataType } from '../types/data-types.js'
import { FullScreenView } from './full-screen-view.js'
import type { Change, ResultChanges } from './result-changes.js'
import type { Key } from './streaming-select.js'
import { borderLine, rowLine, streamingWidths } from './table-text.js'

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
  /** A key pressed while the view shows; true when the view used it (paging, refresh rate, an open row). */
  key?(key: Key): boolean
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
