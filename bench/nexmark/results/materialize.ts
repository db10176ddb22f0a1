// What a streaming query's output adds up to, per output mode: every row (append), the last row of each key
// (update: a key's newest row supersedes the older ones), or the last batch (complete).
import type { RecordBatch } from '../../../src/arrow/index.js'
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
  const latest = new Map<number, number>()
  const where: [number, number][] = []
  all.chunks.forEach((chunk, c) => {
    const columns = chunk.columns
    for (let row = 0; row < chunk.numRows; row++) {
      latest.set(fingerprint(columns, row, include), where.length)
      where.push([c, row])
    }
  })
  const kept = all.chunks.map(() => [] as number[])
  for (const position of latest.values()) kept[where[position]![0]]!.push(where[position]![1])
  return {
    names: all.names,
    chunks: all.chunks.map((chunk, c) => ({
      numRows: chunk.numRows,
      columns: chunk.columns,
      rows: Int32Array.from(kept[c]!.sort((x, y) => x - y)),
    })),
  }
}

function withNames(result: ResultSet, names: readonly string[]): ResultSet {
  return result.chunks.length === 0 ? { names, chunks: [] } : result
}
