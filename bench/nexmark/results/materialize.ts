// What a streaming query's output adds up to, per output mode: every row (append), the last row of each key
// (update: a key's newest row supersedes the older ones), or the last batch (complete).
import type { RecordBatch } from '../../../src/arrow/index.js'
import { ensureInt, IntKeyTable } from '../loop-kit.js'
import { arrowResult } from './arrow-result.js'
import type { ResultSet } from './cells.js'
import { fingerprint } from './fingerprint.js'

export type OutputMode = 'append' | 'update' | 'complete'

/** `batches` are the sink's batches in batch-id order; `names` are the output columns (for an empty output). */
export function materialize(
  mode: OutputMode,
  batches: readonly RecordBatch[],
  names: readonly string[],
  keyColumns: readonly string[] = [],
): ResultSet {
  if (mode === 'complete') {
    const last = batches[batches.length - 1]
    return withNames(arrowResult(last ? [last] : []), names)
  }
  const all = withNames(arrowResult(batches), names)
  if (mode === 'append') return all
  const include = names.map((n) => keyColumns.includes(n))
  if (!include.some(Boolean)) throw new Error('update mode needs key columns to materialize the result')
  // Row position p (in output order) → its key's slot; the slot keeps the newest position. Typed arrays only:
  // update-mode outputs can run to millions of rows.
  const keys = new IntKeyTable(1 << 16)
  let newest = new Int32Array(1 << 16)
  const firstOfChunk: number[] = []
  let position = 0
  for (const chunk of all.chunks) {
    firstOfChunk.push(position)
    const columns = chunk.columns
    for (let row = 0; row < chunk.numRows; row++, position++) {
      const slot = keys.slot(fingerprint(columns, row, include))
      newest = ensureInt(newest, slot)
      newest[slot] = position
    }
  }
  const kept = newest.subarray(0, keys.size).sort()
  return {
    names: all.names,
    chunks: all.chunks.map((chunk, c) => {
      const from = firstOfChunk[c]!
      const to = from + chunk.numRows
      const rows: number[] = []
      for (let k = lowerBound(kept, from); k < kept.length && kept[k]! < to; k++) rows.push(kept[k]! - from)
      return { numRows: chunk.numRows, columns: chunk.columns, rows: Int32Array.from(rows) }
    }),
  }
}

/** The first index of sorted `values` holding a value ≥ `target`. */
function lowerBound(values: Int32Array, target: number): number {
  let lo = 0
  let hi = values.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (values[mid]! < target) lo = mid + 1
    else hi = mid
  }
  return lo
}

function withNames(result: ResultSet, names: readonly string[]): ResultSet {
  return result.chunks.length === 0 ? { names, chunks: [] } : result
}
