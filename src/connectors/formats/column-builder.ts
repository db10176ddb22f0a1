// Growable Arrow column builders per Spark type, fed with already-converted values by the file format readers.
//
// Value conventions (what `append` takes): numbers for numeric types (a bigint for a BIGINT past 2^53, the exact
// text for a decimal wider than 15 digits), epoch days for dates, epoch microseconds for timestamps, strings, booleans, Uint8Array for binary; arrays for arrays, `[key, value][]` entries (or a Map) for
// maps, and positional arrays for structs. Nested values are collected and built once at `finish`.
import {
  arrayTypeFor,
  boolColumn,
  type Column,
  listColumn,
  makeBatch,
  type NumberArray,
  newBitmap,
  numericColumn,
  parseUnscaled,
  type RecordBatch,
  structColumn,
  toArrowType,
  Utf8Builder,
  writeUnscaledBigInt,
} from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'

export interface ColumnBuilder {
  readonly length: number
  appendNull(): void
  append(value: unknown): void
  finish(): Column
}

/** A builder for a column of `type`. */
export function columnBuilder(type: DataType, expectedRows = 64): ColumnBuilder {
  switch (type.kind) {
    case 'string':
    case 'binary':
      return new BytesBuilder(type.kind === 'binary', expectedRows)
    case 'boolean':
      return new BooleanBuilder(expectedRows)
    case 'array':
    case 'map':
    case 'struct':
    case 'null':
      return new NestedBuilder(type)
    default:
      return new NumberBuilder(type, expectedRows)
  }
}

/** A batch of `schema` from one builder per field. */
export function finishBatch(schema: StructType, builders: readonly ColumnBuilder[], rows: number): RecordBatch {
  return makeBatch(
    schema,
    builders.map((b) => b.finish()),
    rows,
  )
}

/** Marks row `i` null in a validity bitmap that starts out all-valid (created lazily). */
function clearBit(validity: Uint8Array, i: number): void {
  validity[i >> 3]! &= ~(1 << (i & 7))
}

function grownBitmap(bits: Uint8Array | null, rows: number, fill: number): Uint8Array {
  const grown = newBitmap(Math.max(64, rows * 2)).fill(fill)
  if (bits) grown.set(bits)
  return grown
}

class NumberBuilder implements ColumnBuilder {
  private values: NumberArray
  private validity: Uint8Array | null = null
  /** Rows whose value is not a double: a bigint BIGINT, or a wide decimal's text. */
  private readonly exact = new Map<number, bigint | string>()
  length = 0

  constructor(
    private readonly type: DataType,
    expectedRows: number,
  ) {
    this.values = new (arrayTypeFor(type))(Math.max(16, expectedRows))
  }

  appendNull(): void {
    this.reserve()
    this.validity ??= grownBitmap(null, this.values.length, 255)
    clearBit(this.validity, this.length)
    this.values[this.length++] = 0
  }

  append(value: unknown): void {
    this.reserve()
    if (typeof value === 'number') this.values[this.length++] = value
    else {
      this.exact.set(this.length, value as bigint | string)
      this.values[this.length++] = 0
    }
  }

  finish(): Column {
    const validity = this.validity ? this.validity.subarray(0, (this.length + 7) >> 3) : null
    const column = numericColumn(this.type, this.values.subarray(0, this.length) as NumberArray, validity)
    // The words of the rows a double could not hold are written exactly.
    const scale = this.type.kind === 'decimal' ? this.type.scale : 0
    for (const [row, value] of this.exact) {
      if (typeof value === 'bigint') (column.values as BigInt64Array)[row] = value
      else writeUnscaledBigInt(column.values as Uint32Array, row, parseUnscaled(value, scale)!)
    }
    return column
  }

  private reserve(): void {
    if (this.length < this.values.length) return
    const grown = new (arrayTypeFor(this.type))(this.values.length * 2)
    grown.set(this.values as never)
    this.values = grown
    if (this.validity) this.validity = grownBitmap(this.validity, grown.length, 255)
  }
}

class BooleanBuilder implements ColumnBuilder {
  private bits: Uint8Array
  private validity: Uint8Array | null = null
  length = 0

  constructor(expectedRows: number) {
    this.bits = newBitmap(Math.max(64, expectedRows))
  }

  appendNull(): void {
    this.reserve()
    this.validity ??= grownBitmap(null, this.bits.length * 8, 255)
    clearBit(this.validity, this.length++)
  }

  append(value: unknown): void {
    this.reserve()
    if (value === true) this.bits[this.length >> 3]! |= 1 << (this.length & 7)
    this.length++
  }

  finish(): Column {
    const bytes = (this.length + 7) >> 3
    return boolColumn(this.bits.subarray(0, bytes), this.length, this.validity?.subarray(0, bytes) ?? null)
  }

  private reserve(): void {
    if (this.length < this.bits.length * 8) return
    this.bits = grownBitmap(this.bits, this.length, 0)
    if (this.validity) this.validity = grownBitmap(this.validity, this.length, 255)
  }
}

class BytesBuilder implements ColumnBuilder {
  private readonly builder: Utf8Builder

  constructor(binary: boolean, expectedRows: number) {
    this.builder = new Utf8Builder(expectedRows, expectedRows * 16, binary)
  }

  get length(): number {
    return this.builder.length
  }

  appendNull(): void {
    this.builder.appendNull()
  }

  append(value: unknown): void {
    if (typeof value === 'string') this.builder.append(value)
    else this.builder.appendBytes(value as Uint8Array)
  }

  finish(): Column {
    return this.builder.finish()
  }
}

/** Arrays, maps and structs: values are kept and built recursively at the end. */
class NestedBuilder implements ColumnBuilder {
  private readonly values: unknown[] = []

  constructor(private readonly type: DataType) {}

  get length(): number {
    return this.values.length
  }

  appendNull(): void {
    this.values.push(null)
  }

  append(value: unknown): void {
    this.values.push(value)
  }

  finish(): Column {
    return nestedColumn(this.type, this.values)
  }
}

/**
 * A column from JS values in the conventions above (numbers are raw: days, microseconds). Unlike the arrow
 * layer's `columnFromValues` (which reads numbers as epoch milliseconds and objects by field name), maps are entry
 * lists and structs positional, so keys such as `__proto__` are plain data.
 */
export function nestedColumn(type: DataType, values: readonly unknown[]): Column {
  switch (type.kind) {
    case 'array':
    case 'map': {
      const length = values.length
      const offsets = new Int32Array(length + 1)
      const validity = newBitmap(length)
      let nulls = 0
      const items: unknown[] = []
      const keys: unknown[] = []
      for (let i = 0; i < length; i++) {
        const value = values[i]
        if (value === null || value === undefined) nulls++
        else {
          validity[i >> 3]! |= 1 << (i & 7)
          if (type.kind === 'array') for (const item of value as unknown[]) items.push(item)
          else {
            const entries = value instanceof Map ? value.entries() : (value as [unknown, unknown][])
            for (const [key, item] of entries) {
              keys.push(key)
              items.push(item)
            }
          }
        }
        offsets[i + 1] = items.length
      }
      const arrowType = toArrowType(type)
      const child =
        type.kind === 'array'
          ? nestedColumn(type.elementType, items)
          : structColumn(
              arrowType.children[0]!.type as never,
              [nestedColumn(type.keyType, keys), nestedColumn(type.valueType, items)],
              items.length,
            )
      return listColumn(type, offsets, child, nulls > 0 ? validity : null)
    }
    case 'struct': {
      const length = values.length
      const validity = newBitmap(length)
      let nulls = 0
      for (let i = 0; i < length; i++) {
        if (values[i] === null || values[i] === undefined) nulls++
        else validity[i >> 3]! |= 1 << (i & 7)
      }
      const children = type.fields.map((f, k) =>
        nestedColumn(
          f.dataType,
          values.map((v) => (v === null || v === undefined ? null : (v as unknown[])[k])),
        ),
      )
      return structColumn(toArrowType(type) as never, children, length, nulls > 0 ? validity : null)
    }
    default: {
      const builder = columnBuilder(type, values.length)
      for (const value of values) value === null || value === undefined ? builder.appendNull() : builder.append(value)
      return builder.finish()
    }
  }
}
