// Spark's `Dataset.showString`: the ASCII table printed by df.show() and the console sink, byte for byte.
import type { StructType } from '../types/struct-type.js'
import type { RecordBatch } from './batch.js'
import { cellText } from './cell-text.js'

// Characters Spark counts as two columns wide (`Utils.stringHalfWidth`).
const fullWidth =
  /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE10-\uFE19\uFE30-\uFE6F\uFF00-\uFF60\uFFE0-\uFFE6]/g

function displayWidth(text: string): number {
  return text.length + (text.match(fullWidth)?.length ?? 0)
}

const metaCharacters: Record<string, string> = {
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\f': '\\f',
  '\b': '\\b',
  '\u000B': '\\v',
  '\u0007': '\\a',
}

/** Escapes control characters so a cell cannot break the table (`SchemaUtils.escapeMetaCharacters`). */
function escapeMeta(text: string): string {
  return text.replace(/[\n\r\t\f\b\u000B\u0007]/g, (c) => metaCharacters[c]!)
}

function truncateCell(text: string, truncate: number): string {
  if (truncate <= 0 || text.length <= truncate) return text
  return truncate < 4 ? text.slice(0, truncate) : `${text.slice(0, truncate - 3)}...`
}

export interface ShowOptions {
  /** Rows to show (default 20). */
  readonly numRows: number
  /** Maximum cell width; 0 shows cells whole and left-aligns them. */
  readonly truncate: number
  /** Session time zone for timestamps. */
  readonly zone: string
  /** One `-RECORD i-` block per row, a `name | value` line per column (Spark's `vertical = true`). */
  readonly vertical?: boolean
}

/** Spark's vertical layout: names and values left-aligned in columns at least 3 wide; `(0 rows)` when empty. */
function verticalString(header: readonly string[], rows: readonly string[][], more: string): string {
  if (rows.length === 0) return '(0 rows)\n'
  const nameWidth = Math.max(3, ...header.map(displayWidth))
  const dataWidth = Math.max(3, ...rows.flatMap((r) => r.map(displayWidth)))
  const padTo = (text: string, width: number) => text + ' '.repeat(width - displayWidth(text))
  let out = ''
  rows.forEach((row, i) => {
    out += `${`-RECORD ${i}`.padEnd(nameWidth + dataWidth + 5, '-')}\n`
    for (let k = 0; k < row.length; k++) out += ` ${padTo(header[k]!, nameWidth)} | ${padTo(row[k]!, dataWidth)} \n`
  })
  return out + more
}

/**
 * The table for the first `numRows` rows of `batch` (which may hold more, so the footer can say so):
 * right-aligned cells when truncating, left-aligned otherwise, column width at least 3, and
 * `only showing top N rows` when rows were left out. Ends with a newline, as Spark's does.
 */
export function showString(batch: RecordBatch, schema: StructType, options: ShowOptions): string {
  const numRows = Math.max(0, options.numRows)
  const shown = Math.min(numRows, batch.numRows)
  const columns = batch.data.children
  const textOptions = { zone: options.zone, nullText: 'NULL' }
  const header = schema.fields.map((f) => escapeMeta(f.name))
  const rows: string[][] = []
  for (let i = 0; i < shown; i++) {
    rows.push(
      schema.fields.map((f, k) =>
        truncateCell(escapeMeta(cellText(columns[k]!, f.dataType, i, textOptions)), options.truncate),
      ),
    )
  }
  const more = batch.numRows > numRows ? `only showing top ${numRows} ${numRows === 1 ? 'row' : 'rows'}\n` : ''
  if (options.vertical) return verticalString(header, rows, more)
  const widths = header.map((name, k) => Math.max(3, displayWidth(name), ...rows.map((r) => displayWidth(r[k]!))))
  const pad = (text: string, k: number) => {
    const fill = ' '.repeat(widths[k]! - displayWidth(text))
    return options.truncate > 0 ? fill + text : text + fill
  }
  const separator = `+${widths.map((w) => '-'.repeat(w)).join('+')}+\n`
  const line = (cells: string[]) => `|${cells.map(pad).join('|')}|\n`
  let out = separator + line(header) + separator
  for (const row of rows) out += line(row)
  out += separator
  return out + more
}
