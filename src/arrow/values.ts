// JS values ↔ columns: builds columns from user-supplied rows and reads rows back for collect().
//
// JS representations: numbers for all numeric types (longs exact up to 2^53), Date for timestamps and dates
// (timestamps also accept epoch milliseconds), Uint8Array for binary, arrays, Map (or plain objects) for maps,
// and plain objects (or positional arrays) for structs.
import { type List, type Map_, makeData, type Struct } from 'apache-arrow'
import { IllegalArgumentException, SparkRuntimeException } from '../common/errors.js'
import { MILLIS_PER_DAY } from '../common/interval.js'
import { type DataType, type DecimalType, simpleString } from '../types/data-types.js'
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
import {
  decimalColumn,
  decimalTextAt,
  EXACT,
  POW10,
  POW10_BIG,
  parseUnscaled,
  storeUnscaled,
  unscaledOf,
} from './decimal128.js'
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
  if (type.kind === 'decimal') return decimalFromValues(type, values, valid, field)
  if (type.kind === 'long' && values.some((v) => typeof v === 'bigint')) {
    const words = new BigInt64Array(length)
    for (let i = 0; i < length; i++) {
      if (!valid(i)) continue
      const value = values[i]
      words[i] = typeof value === 'bigint' ? BigInt.asIntN(64, value) : BigInt(Math.trunc(toNumber(value, type, field)))
    }
    return numericColumn(type, words, validity)
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

/** Decimals from numbers (their shortest text), bigints (whole numbers) or exact decimal texts. */
function decimalFromValues(
  type: DecimalType,
  values: readonly unknown[],
  valid: (i: number) => boolean,
  field: string,
): Column {
  const unscaled = new Float64Array(values.length)
  const wide = new Map<number, bigint>()
  const factor = POW10[type.scale]!
  for (let i = 0; i < values.length; i++) {
    if (!valid(i)) continue
    const value = values[i]
    if (typeof value === 'number') {
      const u = Math.round(value * factor)
      // Exact when dividing back gives the same double; otherwise round the number's decimal text, as Spark does.
      if (Math.abs(u) < EXACT && u / factor === value) unscaled[i] = u
      else storeUnscaled(unscaled, wide, i, parseUnscaled(String(value), type.scale) ?? reject(value, type, field))
    } else if (typeof value === 'bigint') storeUnscaled(unscaled, wide, i, value * POW10_BIG[type.scale]!)
    else if (typeof value === 'string') {
      storeUnscaled(unscaled, wide, i, parseUnscaled(value, type.scale) ?? reject(value, type, field))
    } else reject(value, type, field)
  }
  let validity: Uint8Array | null = null
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null && values[i] !== undefined) continue
    validity ??= newBitmap(values.length).fill(255)
    validity[i >> 3]! &= ~(1 << (i & 7))
  }
  return decimalColumn(type, unscaled, wide, validity)
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

/** V8's limits: a JS array holds at most 2^27 - 3 elements (its backing store's 1 GB), a Map 2^24 entries. */
const MAX_JS_ARRAY_LENGTH = 2 ** 27 - 3
const MAX_JS_MAP_SIZE = 2 ** 24

/** The typed error for an array or map value too large to become a JS value (V8 would throw a RangeError). */
function checkJsCollectionSize(count: number, kind: 'array' | 'map'): void {
  const limit = kind === 'array' ? MAX_JS_ARRAY_LENGTH : MAX_JS_MAP_SIZE
  if (count <= limit) return
  throw new SparkRuntimeException(
    `A${kind === 'array' ? 'n array' : ' map'} value of ${count} ${kind === 'array' ? 'elements' : 'entries'} is larger than a JavaScript ${kind === 'array' ? 'Array' : 'Map'} can be (${limit}).`,
  )
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
      checkJsCollectionSize(offsets[i + 1]! - offsets[i]!, type.kind)
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
    case 'long': {
      // Beyond 2^53 a double would silently change the value: such a BIGINT comes back as a bigint.
      const v = numbersOf(column)[i]!
      return Number.isSafeInteger(v) ? v : (column.values as BigInt64Array)[i]!
    }
    case 'decimal': {
      // Up to 15 significant digits the nearest double reads back as the same decimal; wider values come back as
      // their exact text.
      const v = unscaledOf(column)[i]!
      return Math.abs(v) < 1e15 ? numbersOf(column)[i] : decimalTextAt(column, type.scale, i)
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
