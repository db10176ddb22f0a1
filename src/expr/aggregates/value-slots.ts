// Per-group storage of single values of any type: numbers in a Float64Array, strings and bytes in arrays, and
// (rare) nested values as JS values. Used by first/last, min/max of non-numbers, min_by/max_by.
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  columnFromValues,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  stringAt,
  Utf8Builder,
  validityOf,
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

/** Reads row values of one column in the representation slots keep. */
export function reader(column: Column, type: DataType): (row: number) => unknown {
  switch (slotKind(type)) {
    case 'number': {
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

/** One value per group. */
export class ValueSlots {
  private numbers = new Float64Array(0)
  private others: unknown[] = []
  private present = new Uint8Array(0)
  private readonly kind: SlotKind

  constructor(readonly type: DataType) {
    this.kind = slotKind(type)
  }

  grow(groups: number): void {
    if (this.present.length >= groups) return
    const size = Math.max(groups, this.present.length * 2, 16)
    const present = new Uint8Array(size)
    present.set(this.present)
    this.present = present
    if (this.kind === 'number') {
      const numbers = new Float64Array(size)
      numbers.set(this.numbers)
      this.numbers = numbers
    }
  }

  has(group: number): boolean {
    return this.present[group] === 1
  }

  get(group: number): unknown {
    return this.present[group] !== 1 ? null : this.kind === 'number' ? this.numbers[group] : this.others[group]
  }

  set(group: number, value: unknown): void {
    if (value === null || value === undefined) {
      this.present[group] = 0
      return
    }
    this.present[group] = 1
    if (this.kind === 'number') this.numbers[group] = value as number
    else this.others[group] = value
  }

  clear(group: number): void {
    this.present[group] = 0
    if (this.kind !== 'number') this.others[group] = undefined
  }

  column(groups: ArrayLike<number>): Column {
    return columnOfSlotValues(
      this.type,
      Array.from(groups, (g) => this.get(g)),
    )
  }

  memoryBytes(): number {
    return this.numbers.byteLength + this.present.byteLength + this.others.length * 16
  }
}

/** Rows of a column that are not null, as a predicate. */
export function validRows(column: Column): (row: number) => boolean {
  const validity = validityOf(column)
  return validity === null ? () => true : (row) => bitAt(validity, row)
}
