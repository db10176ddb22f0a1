// Query results in one shape whatever produced them (Rivulet's or the loop's Arrow batches, DuckDB's chunks):
// named columns of numbers, booleans or strings, read per cell only by the comparison, never in timed code.

/** One column of a chunk. Numbers cover every numeric, decimal and timestamp type (timestamps in µs). */
export type CellColumn =
  | { readonly kind: 'number'; readonly values: ArrayLike<number>; readonly isNull: (row: number) => boolean }
  | { readonly kind: 'boolean'; readonly value: (row: number) => boolean; readonly isNull: (row: number) => boolean }
  | {
      readonly kind: 'utf8'
      readonly offsets: Int32Array
      readonly bytes: Uint8Array
      readonly isNull: (row: number) => boolean
    }
  | { readonly kind: 'text'; readonly values: readonly (string | null)[] }

/**
 * Rows [0, numRows) of some columns; `rows`, when set, selects (and orders) the rows that count. `columns` may be
 * a getter that converts on each access (DuckDB's strings), so readers fetch it once per pass.
 */
export interface CellChunk {
  readonly numRows: number
  readonly columns: readonly CellColumn[]
  readonly rows?: Int32Array
}

/** A whole result: column names and the chunks holding its rows. */
export interface ResultSet {
  readonly names: readonly string[]
  readonly chunks: readonly CellChunk[]
}

export type Cell = number | string | boolean | null

const decoder = new TextDecoder()

/** The value of one cell (for printing rows and for small post-processing such as q12's fold). */
export function cellAt(column: CellColumn, row: number): Cell {
  switch (column.kind) {
    case 'number':
      return column.isNull(row) ? null : column.values[row]!
    case 'boolean':
      return column.isNull(row) ? null : column.value(row)
    case 'utf8':
      return column.isNull(row)
        ? null
        : decoder.decode(column.bytes.subarray(column.offsets[row]!, column.offsets[row + 1]!))
    case 'text':
      return column.values[row] ?? null
  }
}

/** The rows of a chunk that count, in order. */
export function rowsOfChunk(chunk: CellChunk): ArrayLike<number> {
  if (chunk.rows) return chunk.rows
  const all = new Int32Array(chunk.numRows)
  for (let i = 0; i < all.length; i++) all[i] = i
  return all
}

/** The number of rows a result holds. */
export function rowCount(result: ResultSet): number {
  return result.chunks.reduce((sum, c) => sum + (c.rows ? c.rows.length : c.numRows), 0)
}

/** A result from plain JS columns (small derived results, e.g. a fold). */
export function resultFromValues(names: readonly string[], columns: readonly (readonly Cell[])[]): ResultSet {
  const numRows = columns[0]?.length ?? 0
  const cellColumns: CellColumn[] = columns.map((values) => {
    const sample = values.find((v) => v !== null)
    if (typeof sample === 'string' || sample === undefined) return { kind: 'text', values: values as (string | null)[] }
    if (typeof sample === 'boolean') {
      return { kind: 'boolean', value: (i) => values[i] === true, isNull: (i) => values[i] === null }
    }
    return {
      kind: 'number',
      values: values.map((v) => (v === null ? 0 : Number(v))),
      isNull: (i) => values[i] === null,
    }
  })
  return { names, chunks: [{ numRows, columns: cellColumns }] }
}
