// Results as the terminal shows them, in Flink's SQL client layout: a bordered table of right-aligned cells; a
// streaming result's widths come from its column types (its rows are not known in advance), a static one's from its
// rows. Cells longer than their column end in `...`.
import { cellText, columnsOf, type RecordBatch } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'

/** The widest text a value of the type prints as (strings and collections: a readable cap). */
function typeWidth(type: DataType): number {
  switch (type.kind) {
    case 'boolean':
      return 5
    case 'byte':
      return 4
    case 'short':
      return 6
    case 'integer':
      return 11
    case 'long':
      return 20
    case 'float':
    case 'double':
      return 22
    case 'decimal':
      return type.precision + 2
    case 'date':
      return 10
    case 'timestamp':
    case 'timestamp_ntz':
      return 26
    case 'struct':
      return Math.min(60, 2 + type.fields.reduce((sum, f) => sum + typeWidth(f.dataType) + 2, -2))
    case 'null':
      return 4
    default:
      return 25
  }
}

/** Column widths for rows that arrive later: the header or the type's width, whichever is wider. */
export function streamingWidths(names: readonly string[], types: readonly DataType[]): number[] {
  return names.map((name, i) => Math.max(name.length, typeWidth(types[i]!), 4))
}

/** Column widths that fit the header and every row. */
export function fittedWidths(names: readonly string[], rows: readonly (readonly string[])[]): number[] {
  return names.map((name, i) => Math.max(name.length, ...rows.map((r) => r[i]!.length)))
}

export function borderLine(widths: readonly number[]): string {
  return `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`
}

export function rowLine(cells: readonly string[], widths: readonly number[]): string {
  return `|${cells.map((cell, i) => ` ${fitCell(cell, widths[i]!)} `).join('|')}|`
}

function fitCell(cell: string, width: number): string {
  const flat = cell.replace(/\n/g, '\\n')
  if (flat.length <= width) return flat.padStart(width)
  return `${flat.slice(0, Math.max(0, width - 3))}...`
}

/** A whole static result: border, header, border, rows, border. */
export function tableText(names: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = fittedWidths(names, rows)
  const border = borderLine(widths)
  return [border, rowLine(names, widths), border, ...rows.map((r) => rowLine(r, widths)), border].join('\n')
}

/** Every row of a batch as the cells show() prints (Spark's value texts, NULL for nulls). */
export function cellRows(batch: RecordBatch, schema: StructType, zone: string): string[][] {
  const columns = columnsOf(batch)
  const options = { zone, nullText: 'NULL' }
  const rows: string[][] = []
  for (let i = 0; i < batch.numRows; i++) {
    rows.push(schema.fields.map((f, c) => cellText(columns[c]!, f.dataType, i, options)))
  }
  return rows
}
