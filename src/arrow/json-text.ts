// Arrow values as JSON text, as Spark's JacksonGenerator writes them — for to_json and the JSON file writer: NULL
// struct fields left out (ignoreNullFields), datetimes by pattern, non-finite floats quoted, binary as base64.
import { formatWithPattern } from '../common/datetime-pattern.js'
import { MICROS_PER_DAY } from '../common/interval.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import { cellText } from './cell-text.js'
import { bitAt, type Column, isNullAt, numbersOf } from './column.js'
import { stringAt } from './strings.js'

export interface JsonTextOptions {
  readonly zone: string
  readonly dateFormat: string
  readonly timestampFormat: string
  readonly timestampNTZFormat: string
  readonly ignoreNullFields: boolean
}

/** Spark's JSON defaults (to_json without options, and the JSON writer without date-time options). */
export function defaultJsonText(zone: string): JsonTextOptions {
  return {
    zone,
    dateFormat: 'yyyy-MM-dd',
    timestampFormat: "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
    timestampNTZFormat: "yyyy-MM-dd'T'HH:mm:ss.SSS",
    ignoreNullFields: true,
  }
}

/** Row `i` of a column as JSON text (`null` for a NULL). */
export function jsonText(column: Column, type: DataType, i: number, options: JsonTextOptions): string {
  if (type.kind === 'null' || isNullAt(column, i)) return 'null'
  switch (type.kind) {
    case 'string':
      return JSON.stringify(stringAt(column, i))
    case 'boolean':
      return bitAt(column.values as Uint8Array, i) ? 'true' : 'false'
    case 'float':
    case 'double': {
      const text = cellText(column, type, i, { zone: options.zone, nullText: 'null' })
      return Number.isFinite(numbersOf(column)[i]!) ? text : `"${text}"`
    }
    case 'date':
      return JSON.stringify(formatWithPattern(numbersOf(column)[i]! * MICROS_PER_DAY, options.dateFormat, 'UTC'))
    case 'timestamp':
      return JSON.stringify(formatWithPattern(numbersOf(column)[i]!, options.timestampFormat, options.zone))
    case 'timestamp_ntz':
      return JSON.stringify(formatWithPattern(numbersOf(column)[i]!, options.timestampNTZFormat, 'UTC'))
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      const bytes = (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
      return `"${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')}"`
    }
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        parts.push(jsonText(column.children[0]!, type.elementType, j, options))
      }
      return `[${parts.join(',')}]`
    }
    case 'map': {
      // Jackson writes a key as its text (a field name), whatever its type.
      const offsets = column.valueOffsets as Int32Array
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const key = cellText(keys, type.keyType, j, { zone: options.zone, nullText: 'null' })
        parts.push(`${JSON.stringify(key)}:${jsonText(values, type.valueType, j, options)}`)
      }
      return `{${parts.join(',')}}`
    }
    case 'struct':
      return jsonObject(column.children, type, i, options)
    default:
      return cellText(column, type, i, { zone: options.zone, nullText: 'null' })
  }
}

/** Row `i` of a struct's field columns as a JSON object. */
export function jsonObject(fields: readonly Column[], type: StructType, i: number, options: JsonTextOptions): string {
  const parts: string[] = []
  type.fields.forEach((f, k) => {
    const child = fields[k]!
    if (isNullAt(child, i) && options.ignoreNullFields) return
    parts.push(`${JSON.stringify(f.name)}:${jsonText(child, f.dataType, i, options)}`)
  })
  return `{${parts.join(',')}}`
}
