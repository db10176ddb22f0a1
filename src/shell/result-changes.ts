// A streaming result as a changelog (Flink's `+I`, `-U`, `+U`, `-D`) and as the table it amounts to. Append-mode
// batches are inserts; complete-mode batches are the whole result, diffed against the previous one by the grouping
// columns; update-mode batches are the rows whose aggregates changed.

export type RowKind = '+I' | '-U' | '+U' | '-D'

export interface Change {
  readonly op: RowKind
  readonly cells: readonly string[]
}

export type ResultOutputMode = 'append' | 'complete' | 'update'

/** Flink's default `sql-client.execution.max-table-result.rows` is far more than a terminal shows. */
const MAX_APPENDED_ROWS = 100_000

export class ResultChanges {
  /** The current result: by grouping key for aggregations, in arrival order otherwise. */
  private readonly keyed = new Map<string, readonly string[]>()
  private readonly appended: (readonly string[])[] = []

  /** @param keys the grouping columns' positions (undefined: rows are never updated) */
  constructor(
    private readonly mode: ResultOutputMode,
    private readonly keys: readonly number[] | undefined,
  ) {}

  /** The changes one micro-batch makes, applied to the current table. */
  apply(rows: readonly (readonly string[])[]): Change[] {
    if (this.mode === 'append' || this.keys === undefined) {
      for (const cells of rows) this.appended.push(cells)
      if (this.appended.length > MAX_APPENDED_ROWS) this.appended.splice(0, this.appended.length - MAX_APPENDED_ROWS)
      return rows.map((cells) => ({ op: '+I', cells }))
    }
    const changes: Change[] = []
    const seen = new Set<string>()
    for (const cells of rows) {
      const key = this.keyOf(cells)
      seen.add(key)
      const previous = this.keyed.get(key)
      if (previous === undefined) changes.push({ op: '+I', cells })
      else if (!sameCells(previous, cells)) changes.push({ op: '-U', cells: previous }, { op: '+U', cells })
      this.keyed.set(key, cells)
    }
    if (this.mode === 'complete') {
      for (const [key, cells] of this.keyed) {
        if (seen.has(key)) continue
        changes.push({ op: '-D', cells })
        this.keyed.delete(key)
      }
    }
    return changes
  }

  /** The rows of the result so far. */
  table(): (readonly string[])[] {
    return this.mode === 'append' || this.keys === undefined ? [...this.appended] : [...this.keyed.values()]
  }

  private keyOf(cells: readonly string[]): string {
    return JSON.stringify(this.keys!.map((k) => cells[k]))
  }
}

function sameCells(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((cell, i) => cell === b[i])
}
