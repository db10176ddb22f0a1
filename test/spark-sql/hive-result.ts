// Results as Spark's golden files print them (HiveResult.toHiveString): schema line and tab-joined rows.
//
// Spark's rules: top-level NULL prints `NULL`, nested `null`; strings are bare at top level and double-quoted when
// nested; arrays `[a,b]`, maps `{k:v}` with entries sorted as text, structs `{"name":value}`; decimals in plain
// notation; doubles and floats as Java prints them; timestamps `yyyy-MM-dd HH:mm:ss[.ffffff]` in the session time
// zone; binary as its bytes read as UTF-8; day-time intervals in Hive's `d hh:mm:ss.nnnnnnnnn`. BIGINT and DECIMAL
// cells are read from their 64- and 128-bit words, so a value the engine stored exactly prints exactly.

import { javaFloatText } from '../../src/arrow/cell-text.js'
import {
  bitAt,
  type Column,
  columnsOf,
  javaDoubleText,
  numbersOf,
  type RecordBatch,
  stringAt,
  validityOf,
} from '../../src/arrow/index.js'
import { formatDate, formatTimestamp } from '../../src/common/time.js'
import type { DataType } from '../../src/types/data-types.js'
import { simpleString } from '../../src/types/data-types.js'
import { dayTimeIntervalText, yearMonthIntervalText } from '../../src/types/interval-format.js'
import type { StructType } from '../../src/types/struct-type.js'

/** Spark's `schema.catalogString`: `struct<name:type,...>`. */
export function schemaLine(schema: StructType): string {
  return `struct<${schema.fields.map((f) => `${f.name}:${simpleString(f.dataType)}`).join(',')}>`
}

/** One line per row, cells joined by tabs. */
export function resultRows(batch: RecordBatch, schema: StructType): string[] {
  const columns = columnsOf(batch)
  const rows: string[] = []
  for (let i = 0; i < batch.numRows; i++) {
    rows.push(schema.fields.map((f, k) => hiveString(columns[k]!, f.dataType, i, false)).join('\t'))
  }
  return rows
}

function hiveString(column: Column, type: DataType, i: number, nested: boolean): string {
  const bits = validityOf(column)
  if (type.kind === 'null' || (bits !== null && !bitAt(bits, i))) return nested ? 'null' : 'NULL'
  switch (type.kind) {
    case 'string': {
      const s = stringAt(column, i)!
      return nested ? `"${s}"` : s
    }
    case 'boolean':
      return bitAt(column.values as Uint8Array, i) ? 'true' : 'false'
    case 'float':
      return javaFloatText(numbersOf(column)[i]!)
    case 'double':
      return javaDoubleText(numbersOf(column)[i]!)
    case 'long':
      return int64Text(column, i)
    case 'decimal':
      return decimalText(column, i, type.scale)
    case 'date':
      return formatDate(numbersOf(column)[i]!)
    case 'timestamp':
      return formatTimestamp(numbersOf(column)[i]!, zone)
    case 'timestamp_ntz':
      return formatTimestamp(numbersOf(column)[i]!, 'UTC')
    case 'interval':
      return dayTimeIntervalText(numbersOf(column)[i]!, type, 'hive')
    case 'year_month_interval':
      return yearMonthIntervalText(numbersOf(column)[i]!, type, 'hive')
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      return new TextDecoder().decode((column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!))
    }
    case 'array': {
      const offsets = column.valueOffsets as Int32Array
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++)
        parts.push(hiveString(column.children[0]!, type.elementType, j, true))
      return `[${parts.join(',')}]`
    }
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const [keys, values] = column.children[0]!.children as [Column, Column]
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        parts.push(`${hiveString(keys, type.keyType, j, true)}:${hiveString(values, type.valueType, j, true)}`)
      }
      return `{${parts.sort().join(',')}}`
    }
    case 'struct':
      return `{${type.fields.map((f, k) => `"${f.name}":${hiveString(column.children[k]!, f.dataType, i, true)}`).join(',')}}`
    default:
      return String(numbersOf(column)[i]!)
  }
}

/** The session time zone of the golden files (SQLQueryTestSuite runs in America/Los_Angeles). */
export const zone = 'America/Los_Angeles'

function int64Text(column: Column, i: number): string {
  const values = column.values as unknown
  return values instanceof BigInt64Array ? String(values[i]!) : String(numbersOf(column)[i]!)
}

function decimalText(column: Column, i: number, scale: number): string {
  const words = column.values as unknown
  if (!(words instanceof Uint32Array)) return numbersOf(column)[i]!.toFixed(scale)
  let unscaled = 0n
  for (let w = 3; w >= 0; w--) unscaled = (unscaled << 32n) | BigInt(words[i * 4 + w]!)
  if (unscaled >= 1n << 127n) unscaled -= 1n << 128n
  const negative = unscaled < 0n
  const digits = (negative ? -unscaled : unscaled).toString().padStart(scale + 1, '0')
  const text = scale === 0 ? digits : `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  return negative ? `-${text}` : text
}
