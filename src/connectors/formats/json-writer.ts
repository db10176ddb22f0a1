// Writes batches as JSON Lines like Spark's JacksonGenerator: null fields omitted (ignoreNullFields), datetimes by
// pattern, non-finite doubles quoted, binary as base64.
import { bitAt, type Column, cellText, columnsOf, isNullAt, numbersOf, stringAt } from '../../arrow/index.js'
import { formatWithPattern } from '../../common/datetime-pattern.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import type { FileWriter, FormatContext } from './file-format.js'
import { type JsonOptions, jsonOptions } from './json-options.js'

const encoder = new TextEncoder()

/** The JSON text of row `i` of a column (not null). */
function jsonValue(column: Column, type: DataType, i: number, options: JsonOptions): string {
  switch (type.kind) {
    case 'string':
      return JSON.stringify(stringAt(column, i))
    case 'boolean':
      return bitAt(column.values as Uint8Array, i) ? 'true' : 'false'
    case 'float':
    case 'double': {
      const text = cellText(column, type, i, { zone: 'UTC', nullText: 'null' })
      return Number.isFinite(numbersOf(column)[i]!) ? text : `"${text}"`
    }
    case 'date':
      return JSON.stringify(formatWithPattern(numbersOf(column)[i]! * 86_400_000_000, options.writeDateFormat, 'UTC'))
    case 'timestamp':
      return JSON.stringify(formatWithPattern(numbersOf(column)[i]!, options.writeTimestampFormat, options.zone))
    case 'timestamp_ntz':
      return JSON.stringify(formatWithPattern(numbersOf(column)[i]!, options.writeTimestampNTZFormat, 'UTC'))
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      const bytes = (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
      return `"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}"`
    }
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const child = column.children[0]!
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        parts.push(isNullAt(child, j) ? 'null' : jsonValue(child, type.elementType, j, options))
      }
      return `[${parts.join(',')}]`
    }
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const key = cellText(keys, type.keyType, j, { zone: options.zone, nullText: 'null' })
        const value = isNullAt(values, j) ? 'null' : jsonValue(values, type.valueType, j, options)
        parts.push(`${JSON.stringify(key)}:${value}`)
      }
      return `{${parts.join(',')}}`
    }
    case 'struct':
      return jsonObject(column.children, type, i, options)
    default:
      return cellText(column, type, i, { zone: options.zone, nullText: 'null' })
  }
}

function jsonObject(children: readonly Column[], type: StructType, i: number, options: JsonOptions): string {
  const parts: string[] = []
  type.fields.forEach((f, k) => {
    const child = children[k]!
    if (isNullAt(child, i)) {
      if (!options.ignoreNullFields) parts.push(`${JSON.stringify(f.name)}:null`)
    } else parts.push(`${JSON.stringify(f.name)}:${jsonValue(child, f.dataType, i, options)}`)
  })
  return `{${parts.join(',')}}`
}

export function jsonWriter(options: Options, schema: StructType, context: FormatContext): FileWriter {
  const opts = jsonOptions(options, context)
  const lineSep = opts.lineSep ?? '\n'
  return {
    extension: '.json',
    write(batch) {
      const columns = columnsOf(batch)
      const lines: string[] = []
      for (let i = 0; i < batch.numRows; i++) lines.push(jsonObject(columns, schema, i, opts))
      return encoder.encode(lines.length === 0 ? '' : `${lines.join(lineSep)}${lineSep}`)
    },
  }
}
