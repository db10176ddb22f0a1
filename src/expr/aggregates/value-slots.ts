// Values of any type as aggregates hold them in JS arrays (numbers, booleans, strings, or JS values for nested
// types): reading them from a column and building a column back. Used by collect_list/collect_set, sketches and
// numeric min/max; per-group values kept column by column live in slot-store.ts.
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  exactNumberReader,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  stringAt,
  Utf8Builder,
  valueAt,
} from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'

export type SlotKind = 'number' | 'boolean' | 'text' | 'bytes' | 'nested'

export function slotKind(type: DataType): SlotKind {
  switch (type.kind) {
    case 'boolean':
      return 'boolean'
    case 'string':
      return 'text'
    case 'binary':
      return 'bytes'
    case 'array':
    case 'map':
    case 'struct':
      return 'nested'
    default:
      return 'number'
  }
}

/** Decimals wider than 15 digits, held as exact values rather than doubles. */
const isWideValue = (type: DataType) => type.kind === 'decimal' && type.precision > 15

/** Reads row values of one column in the representation slots keep. */
export function reader(column: Column, type: DataType): (row: number) => unknown {
  switch (slotKind(type)) {
    case 'number': {
      if (isWideValue(type)) return (row) => valueAt(column, type, row)
      // A BIGINT past 2^53 is held as its bigint (columnOfSlotValues builds BIGINT columns from such values).
      if (type.kind === 'long') return exactNumberReader(column)
      const values = numbersOf(column)
      return (row) => values[row]
    }
    case 'boolean': {
      const bits = column.values as Uint8Array
      return (row) => bitAt(bits, row)
    }
    case 'text':
      return (row) => stringAt(column, row)
    default:
      return (row) => valueAt(column, type, row)
  }
}

/** A column of `type` from values in slot representation (null for missing). */
export function columnOfSlotValues(type: DataType, values: readonly unknown[]): Column {
  const n = values.length
  const validity = newBitmap(n)
  let nulls = 0
  values.forEach((v, i) => {
    if (v === null || v === undefined) nulls++
    else setBit(validity, i)
  })
  const bits = nulls > 0 ? validity : null
  switch (slotKind(type)) {
    case 'number': {
      if (type.kind === 'long' || isWideValue(type)) return columnFromValues(type, values)
      const out = new (arrayTypeFor(type))(n)
      values.forEach((v, i) => {
        out[i] = (v as number | null) ?? 0
      })
      return numericColumn(type, out, bits)
    }
    case 'boolean': {
      const out = newBitmap(n)
      values.forEach((v, i) => {
        if (v === true) setBit(out, i)
      })
      return boolColumn(out, n, bits)
    }
    case 'text': {
      const builder = new Utf8Builder(n, n * 8)
      for (const v of values) builder.append((v as string | null | undefined) ?? null)
      return builder.finish()
    }
    default:
      return columnFromValues(type, values)
  }
}
