// Sliding windows assembled from slices: when the window size is a multiple of the slide, an aggregation keeps one
// group per (slide-long pane, key) instead of one per (window, key) — each row is aggregated once, not size/slide
// times — and a window's result is its panes' accumulators merged when the window is emitted.
//
//   pane p = [p, p + slide)                    belongs to the windows starting at p, p − slide, ..., p − size + slide
//   window [s, s + size)                        = merge of panes s, s + slide, ..., s + size − slide (those present)
import { type Column, numbersOf, take } from '../arrow/index.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { windowColumn } from '../expr/functions/windows.js'
import { KeyTable } from '../state/key-table.js'
import type { DataType } from '../types/data-types.js'

export interface WindowSlicing {
  readonly size: number
  readonly slide: number
  /** Position of the pane (window-typed) column among the grouping keys. */
  readonly keyIndex: number
}

export class WindowSlices {
  private readonly panesPerWindow: number

  constructor(
    private readonly slicing: WindowSlicing,
    private readonly keyTypes: readonly DataType[],
    private readonly table: KeyTable,
    private readonly accumulators: readonly Accumulator[],
  ) {
    this.panesPerWindow = slicing.size / slicing.slide
  }

  /**
   * The rows (window and other keys, then one column per accumulator) of every window that contains one of `panes`
   * and ends in (after, upTo] (µs), or null when there is none. `complete` says `panes` holds every live pane of
   * those windows (append and complete mode), so a window's panes are the ones it was found from; otherwise (update
   * mode: only changed panes) they are looked up in the table.
   */
  windows(panes: ArrayLike<number>, after: number, upTo: number, complete: boolean): Column[] | null {
    const { size, slide, keyIndex } = this.slicing
    const k = this.panesPerWindow
    const paneKeys = this.table.keyColumns(panes)
    const paneStarts = numbersOf(paneKeys[keyIndex]!.children[0]!)
    // Candidate windows: each pane's windows ending in range, as (start, pane row); at most k per pane.
    const allStarts = new Float64Array(panes.length * k)
    const allSources = new Int32Array(panes.length * k)
    let candidates = 0
    for (let i = 0; i < panes.length; i++) {
      for (let j = 0; j < k; j++) {
        const start = paneStarts[i]! - j * slide
        if (start + size > after && start + size <= upTo) {
          allStarts[candidates] = start
          allSources[candidates++] = i
        }
      }
    }
    if (candidates === 0) return null
    const starts = allStarts.subarray(0, candidates)
    const sources = allSources.subarray(0, candidates)
    const windowKeys = this.keysAt(paneKeys, sources, starts, size)
    // One row per distinct (window, other keys).
    const distinct = new KeyTable(this.keyTypes)
    const ids = new Int32Array(candidates)
    const firstRows: number[] = []
    distinct.findOrInsert(windowKeys, candidates, ids, (_, row) => firstRows.push(row))
    const keys = windowKeys.map((c) => take(c, firstRows))
    const windowStarts = numbersOf(keys[keyIndex]!.children[0]!)
    const n = firstRows.length
    if (complete) {
      const found = new Int32Array(n * k).fill(-1)
      for (let c = 0; c < starts.length; c++) {
        const j = Math.round((paneStarts[sources[c]!]! - starts[c]!) / slide)
        found[ids[c]! * k + j] = panes[sources[c]!]!
      }
      return [...keys, ...this.merged(found, n)]
    }
    // Each window's panes, looked up by (pane start, other keys).
    const paneRows = new Int32Array(n * k)
    const lookupStarts = new Float64Array(n * k)
    for (let d = 0; d < n; d++) {
      for (let j = 0; j < k; j++) {
        paneRows[d * k + j] = d
        lookupStarts[d * k + j] = windowStarts[d]! + j * slide
      }
    }
    const found = new Int32Array(n * k)
    this.table.find(this.keysAt(keys, paneRows, lookupStarts, slide), n * k, found)
    return [...keys, ...this.merged(found, n)]
  }

  /** `columns` taken at `rows`, with the window column replaced by windows of `length` at `starts`. */
  private keysAt(columns: readonly Column[], rows: ArrayLike<number>, starts: Float64Array, length: number): Column[] {
    const { keyIndex } = this.slicing
    return columns.map((c, i) => (i === keyIndex ? windowColumn(starts, length) : take(c, rows)))
  }

  /** Each window's value: its panes merged into scratch groups past the table's, evaluated, then reset. */
  private merged(panes: Int32Array, windows: number): Column[] {
    const k = this.panesPerWindow
    const base = this.table.capacity
    const scratch = new Int32Array(windows)
    for (let d = 0; d < windows; d++) scratch[d] = base + d
    return this.accumulators.map((accumulator) => {
      accumulator.grow(base + windows)
      for (let d = 0; d < windows; d++) {
        accumulator.reset(base + d)
        for (let j = 0; j < k; j++) {
          const pane = panes[d * k + j]!
          if (pane >= 0) accumulator.merge(base + d, pane)
        }
      }
      const column = accumulator.evaluate(scratch)
      for (let d = 0; d < windows; d++) accumulator.reset(base + d)
      return column
    })
  }
}
