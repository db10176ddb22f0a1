// Values as Spark renders them in show() and CAST(... AS STRING): Java number formats, zoned timestamps, nesting.
import { formatDate, formatTimestamp } from '../common/time.js'
import type { DataType } from '../types/data-types.js'
import { dayTimeIntervalText, yearMonthIntervalText } from '../types/interval-format.js'
import { bitAt, type Column, numbersOf, validityOf } from './column.js'
import { decimalTextAt } from './decimal128.js'
import { stringAt } from './strings.js'

export interface CellTextOptions {
  /** Session time zone for `timestamp` values. */
  readonly zone: string
  /** How null renders: `NULL` in show() (Spark 3.5+), `null` inside CAST to string. */
  readonly nullText: string
}

/** Java's `Double.toString`: plain between 1e-3 and 1e7 (always with a fraction), else `d.dddE±n`. */
export function javaDoubleText(value: number): string {
  if (Number.isNaN(value)) return 'NaN'
  if (value === Number.POSITIVE_INFINITY) return 'Infinity'
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity'
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0'
  const abs = Math.abs(value)
  if (abs >= 1e-3 && abs < 1e7) {
    const text = String(value)
    return text.includes('.') ? text : `${text}.0`
  }
  const [mantissa, exponent] = value.toExponential().split('e') as [string, string]
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`
}

/** Java's `Float.toString`: the shortest decimal that reads back as the same float32. */
export function javaFloatText(value: number): string {
  if (!Number.isFinite(value) || value === 0) return javaDoubleText(value)
  for (let precision = 1; precision <= 9; precision++) {
    const candidate = Number(value.toPrecision(precision))
    if (Math.fround(candidate) === value) return javaDoubleText(candidate)
  }
  return javaDoubleText(value)
}

function hexByte(byte: number): string {
  return byte.toString(16).toUpperCase().padStart(2, '0')
}

/** The text of row `i` of a column of Spark type `type`. */
export function cellText(column: Column, type: DataType, i: number, options: CellTextOptions): string {
  const bits = validityOf(column)
  if (type.kind === 'null' || (bits !== null && !bitAt(bits, i))) return options.nullText
  switch (type.kind) {
    case 'string':
      return stringAt(column, i)!
    case 'boolean':
      return bitAt(column.values as Uint8Array, i) ? 'true' : 'false'
    case 'float':
      return javaFloatText(numbersOf(column)[i]!)
    case 'double':
      return javaDoubleText(numbersOf(column)[i]!)
    case 'decimal':
      return decimalTextAt(column, type.scale, i)
    case 'date':
      return formatDate(numbersOf(column)[i]!)
    case 'timestamp':
      return formatTimestamp(numbersOf(column)[i]!, options.zone)
    case 'timestamp_ntz':
      return formatTimestamp(numbersOf(column)[i]!, 'UTC')
    case 'interval':
      return dayTimeIntervalText(numbersOf(column)[i]!, type, 'ansi')
    case 'year_month_interval':
      return yearMonthIntervalText(numbersOf(column)[i]!, type, 'ansi')
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      const bytes = (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
      return `[${Array.from(bytes, hexByte).join(' ')}]`
    }
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++)
        parts.push(cellText(column.children[0]!, type.elementType, j, options))
      return `[${parts.join(', ')}]`
    }
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        parts.push(`${cellText(keys, type.keyType, j, options)} -> ${cellText(values, type.valueType, j, options)}`)
      }
      return `{${parts.join(', ')}}`
    }
    case 'struct':
      return `{${type.fields.map((f, k) => cellText(column.children[k]!, f.dataType, i, options)).join(', ')}}`
    case 'long': {
      const v = numbersOf(column)[i]!
      return Number.isSafeInteger(v) ? String(v) : String((column.values as BigInt64Array)[i]!)
    }
    default:
      return String(numbersOf(column)[i]!)
  }
}
