// JS values ↔ columns: builds columns from user-supplied rows and reads rows back for collect().
//
// JS representations: numbers for all numeric types (longs exact up to 2^53), Date for timestamps and dates
// (timestamps also accept epoch milliseconds), Uint8Array for binary, arrays, Map (or plain objects) for maps,
// and plain objects (or positional arrays) for structs.
import { type List, type Map_, makeData, type Struct } from 'apache-arrow'
import { IllegalArgumentException } from '../common/errors.js'
import { MILLIS_PER_DAY } from '../common/interval.js'
import { type DataType, simpleString } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import { toArrowType } from './arrow-types.js'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  countUnset,
  newBitmap,
  nullColumn,
  numbersOf,
  numericColumn,
  setBit,
  validityOf,
} from './column.js'
import { stringAt, Utf8Builder } from './strings.js'

function reject(value: unknown, type: DataType, field: string): never {
  const shown = typeof value === 'string' ? `'${value}'` : String(value)
  throw new IllegalArgumentException(
    `field ${field}: ${simpleString(type)} can not accept object ${shown} in type ${typeof value}`,
  )
}

function toNumber(value: unknown, type: DataType, field: string): number {
  switch (type.kind) {
    case 'boolean':
      return value === true ? 1 : value === false ? 0 : reject(value, type, field)
    case 'timestamp':
    case 'timestamp_ntz':
      if (value instanceof Date) return value.getTime() * 1000
      if (typeof value === 'number') return Math.trunc(value * 1000)
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return Date.parse(value) * 1000
      return reject(value, type, field)
    case 'date':
      if (value instanceof Date) return Math.floor(value.getTime() / MILLIS_PER_DAY)
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(value) / MILLIS_PER_DAY
      return reject(value, type, field)
    default:
      if (typeof value === 'number') return value
      if (typeof value === 'bigint') return Number(value)
      return reject(value, type, field)
  }
}

/** A column of `type` holding `values` (undefined and null become nulls); throws on values of the wrong kind. */
export function columnFromValues(type: DataType, values: readonly unknown[], field = 'value'): Column {
  const length = values.length
  if (type.kind === 'null') return nullColumn(type, length)
  let validity: Uint8Array | null = null
  const valid = (i: number) => {
    const value = values[i]
    if (value === null || value === undefined) {
      validity ??= newBitmap(length).fill(255)
      validity[i >> 3]! &= ~(1 << (i & 7))
      return false
    }
    return true
  }
  switch (type.kind) {
    case 'string':
    case 'binary': {
      const builder = new Utf8Builder(length, length * 8, type.kind === 'binary')
      for (let i = 0; i < length; i++) {
        const value = values[i]
        if (value === null || value === undefined) builder.appendNull()
        else if (type.kind === 'string' && typeof value === 'string') builder.append(value)
        else if (type.kind === 'binary' && value instanceof Uint8Array) builder.appendBytes(value)
        else reject(value, type, field)
      }
      return builder.finish()
    }
    case 'boolean': {
      const bits = newBitmap(length)
      for (let i = 0; i < length; i++) if (valid(i) && toNumber(values[i], type, field) === 1) setBit(bits, i)
      return boolColumn(bits, length, validity)
    }
    case 'array':
    case 'map': {
      const offsets = new Int32Array(length + 1)
      const items: unknown[] = []
      for (let i = 0; i < length; i++) {
        if (valid(i)) {
          const value = values[i]
          if (type.kind === 'array') {
            if (!Array.isArray(value)) reject(value, type, field)
            for (const item of value as unknown[]) items.push(item)
          } else {
            const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object)
            for (const [key, item] of entries) items.push({ key, value: item })
          }
        }
        offsets[i + 1] = items.length
      }
      const child =
        type.kind === 'array'
          ? columnFromValues(type.elementType, items, `${field}.element`)
          : structColumnFromValues(
              [
                { name: 'key', dataType: type.keyType },
                { name: 'value', dataType: type.valueType },
              ],
              items,
              field,
            )
      const arrowType = toArrowType(type) as List | Map_
      const nullCount = validity ? countNulls(values) : 0
      return makeData({
        type: arrowType,
        length,
        nullCount,
        nullBitmap: validity ?? undefined,
        valueOffsets: offsets,
        child,
      } as never)
    }
    case 'struct':
      return structColumnFromValues(type.fields, values, field, toArrowType(type) as Struct)
    default: {
      const numbers = new (arrayTypeFor(type))(length)
      for (let i = 0; i < length; i++) if (valid(i)) numbers[i] = toNumber(values[i], type, field)
      return numericColumn(type, numbers, validity)
    }
  }
}

function countNulls(values: readonly unknown[]): number {
  let nulls = 0
  for (const value of values) if (value === null || value === undefined) nulls++
  return nulls
}

interface FieldSpec {
  readonly name: string
  readonly dataType: DataType
}

function structColumnFromValues(
  fields: readonly FieldSpec[],
  values: readonly unknown[],
  field: string,
  arrowType: Struct = toArrowType({ kind: 'struct', fields } as unknown as StructType) as Struct,
): Column {
  const length = values.length
  let validity: Uint8Array | null = null
  if (countNulls(values) > 0) {
    validity = newBitmap(length)
    values.forEach((row, i) => {
      if (row != null) setBit(validity!, i)
    })
  }
  const children = fields.map((f, index) => {
    const column = values.map((row) => {
      if (row === null || row === undefined) return null
      return Array.isArray(row) ? row[index] : fieldOf(row as Record<string, unknown>, f.name)
    })
    return columnFromValues(f.dataType, column, `${field}.${f.name}`)
  })
  return structColumn(arrowType, children, length, validity)
}

/**
 * A row's field by name: only its own properties — a row without a `constructor` or `__proto__` field has none, as
 * what Object.prototype provides is not a value.
 */
export function fieldOf(row: Record<string, unknown>, name: string): unknown {
  return Object.hasOwn(row, name) ? row[name] : undefined
}

/** Sets a row's field; a field named `__proto__` becomes an own property instead of replacing the prototype. */
export function setField(row: Record<string, unknown>, name: string, value: unknown): void {
  if (name === '__proto__')
    Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true })
  else row[name] = value
}

/** The JS value at row `i` of a column of Spark type `type`. */
export function valueAt(column: Column, type: DataType, i: number): unknown {
  const bits = validityOf(column)
  if (type.kind === 'null' || (bits !== null && !bitAt(bits, i))) return null
  switch (type.kind) {
    case 'boolean':
      return bitAt(column.values as Uint8Array, i)
    case 'string':
      return stringAt(column, i)
    case 'binary': {
      const offsets = column.valueOffsets as Int32Array
      return (column.values as Uint8Array).slice(offsets[i]!, offsets[i + 1]!)
    }
    case 'date':
      return new Date(numbersOf(column)[i]! * MILLIS_PER_DAY)
    case 'timestamp':
    case 'timestamp_ntz':
      return new Date(Math.floor(numbersOf(column)[i]! / 1000))
    case 'array':
    case 'map': {
      const offsets = column.valueOffsets as Int32Array
      const child = column.children[0]!
      const out: unknown[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (type.kind === 'array') out.push(valueAt(child, type.elementType, j))
        else out.push([valueAt(child.children[0]!, type.keyType, j), valueAt(child.children[1]!, type.valueType, j)])
      }
      return type.kind === 'array' ? out : new Map(out as [unknown, unknown][])
    }
    case 'struct': {
      const row: Record<string, unknown> = {}
      type.fields.forEach((f, index) => {
        setField(row, f.name, valueAt(column.children[index]!, f.dataType, i))
      })
      return row
    }
    default:
      return numbersOf(column)[i]
  }
}

/** A struct column from its children (and an optional validity bitmap). */
export function structColumn(
  arrowType: Struct,
  children: Column[],
  length: number,
  validity: Uint8Array | null = null,
) {
  const nullCount = validity ? countUnset(validity, length) : 0
  return makeData({ type: arrowType, length, nullCount, nullBitmap: nullCount > 0 ? validity! : undefined, children })
}

/** A list column from offsets (length rows + 1) over a child column. */
export function listColumn(
  type: DataType,
  offsets: Int32Array,
  child: Column,
  validity: Uint8Array | null = null,
): Column {
  const length = offsets.length - 1
  const nullCount = validity ? countUnset(validity, length) : 0
  return makeData({
    type: toArrowType(type),
    length,
    nullCount,
    nullBitmap: nullCount > 0 ? validity! : undefined,
    valueOffsets: offsets,
    child,
  } as never)
}
