// ValueSlots: one value of any type per group, stored column by column — numbers in a Float64Array, booleans in
// bytes, strings and binary as their bytes, structs as one store per field, arrays and maps as one-row columns.
// Values are copied in from a row of a column and compared with a row in Spark's order without building JS values,
// so max(struct(price, ...)) or min_by(x, name) cost typed-array reads per row and a copy only when a row wins.
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  compareBytes,
  compareNumbers,
  concatColumns,
  newBitmap,
  nullColumn,
  numbersOf,
  numericColumn,
  rowComparator,
  setBit,
  structColumn,
  take,
  toArrowType,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'

/** A column bound to a store of its type. Rows passed in must be non-null. */
export interface SlotBinding {
  /** Sign of (the group's value − the row's value) in Spark's order; the group must hold a value. */
  compare(group: number, row: number): number
  /** Copies the row's value into the group. */
  store(group: number, row: number): void
}

/** The typed storage behind a ValueSlots (presence is tracked by the ValueSlots). */
interface Storage {
  grow(size: number): void
  clear(group: number): void
  copy(into: number, from: number): void
  compareGroups(a: number, b: number): number
  bind(column: Column): SlotBinding
  /** The values of `groups` (absent ones are null: `valid` has their bits unset). */
  column(groups: ArrayLike<number>, valid: Uint8Array | null): Column
  bytes(): number
}

export class ValueSlots {
  private present = new Uint8Array(0)
  private readonly storage: Storage

  constructor(readonly type: DataType) {
    this.storage = storageFor(type)
  }

  grow(groups: number): void {
    if (this.present.length >= groups) return
    const size = Math.max(groups, this.present.length * 2, 16)
    const present = new Uint8Array(size)
    present.set(this.present)
    this.present = present
    this.storage.grow(size)
  }

  has(group: number): boolean {
    return this.present[group] === 1
  }

  clear(group: number): void {
    this.present[group] = 0
    this.storage.clear(group)
  }

  /** Gives `into` the value of `from` (or none). */
  copy(into: number, from: number): void {
    if (this.present[from] !== 1) this.clear(into)
    else {
      this.present[into] = 1
      this.storage.copy(into, from)
    }
  }

  /** Sign of (value of a − value of b); both groups must hold a value. */
  compareGroups(a: number, b: number): number {
    return this.storage.compareGroups(a, b)
  }

  /** Binds a column: its null rows clear a group, others are copied in. */
  bind(column: Column): SlotBinding & { isNull(row: number): boolean } {
    const validity = validityOf(column)
    const inner = this.storage.bind(column)
    const present = this.present
    return {
      isNull: (row) => validity !== null && !bitAt(validity, row),
      compare: inner.compare,
      store: (group, row) => {
        if (validity !== null && !bitAt(validity, row)) this.clear(group)
        else {
          present[group] = 1
          inner.store(group, row)
        }
      },
    }
  }

  column(groups: ArrayLike<number>): Column {
    const valid = newBitmap(groups.length)
    let missing = false
    for (let i = 0; i < groups.length; i++) {
      if (this.present[groups[i]!] === 1) setBit(valid, i)
      else missing = true
    }
    return this.storage.column(groups, missing ? valid : null)
  }

  memoryBytes(): number {
    return this.present.byteLength + this.storage.bytes()
  }
}

function storageFor(type: DataType): Storage {
  switch (type.kind) {
    case 'boolean':
    case 'null':
      return new NumberStorage(type)
    case 'string':
    case 'binary':
      return new ByteStorage(type.kind === 'binary')
    case 'struct':
      return new StructStorage(type)
    case 'array':
    case 'map':
      return new RowColumnStorage(type)
    default:
      return new NumberStorage(type)
  }
}

/** Numbers (and dates, timestamps, decimals, booleans as 0/1) in a Float64Array. */
class NumberStorage implements Storage {
  private values = new Float64Array(0)

  constructor(private readonly type: DataType) {}

  grow(size: number): void {
    const values = new Float64Array(size)
    values.set(this.values)
    this.values = values
  }

  clear(): void {}

  copy(into: number, from: number): void {
    this.values[into] = this.values[from]!
  }

  compareGroups(a: number, b: number): number {
    return compareNumbers(this.values[a]!, this.values[b]!)
  }

  bind(column: Column): SlotBinding {
    const source =
      this.type.kind === 'boolean'
        ? Float64Array.from({ length: column.length }, (_, i) => (bitAt(column.values as Uint8Array, i) ? 1 : 0))
        : this.type.kind === 'null'
          ? new Float64Array(column.length)
          : numbersOf(column)
    return {
      compare: (group, row) => compareNumbers(this.values[group]!, source[row]!),
      store: (group, row) => {
        this.values[group] = source[row]!
      },
    }
  }

  column(groups: ArrayLike<number>, valid: Uint8Array | null): Column {
    if (this.type.kind === 'null') return nullColumn(this.type, groups.length)
    if (this.type.kind === 'boolean') {
      const bits = newBitmap(groups.length)
      for (let i = 0; i < groups.length; i++) if (this.values[groups[i]!] === 1) setBit(bits, i)
      return boolColumn(bits, groups.length, valid)
    }
    const out = new (arrayTypeFor(this.type))(groups.length)
    for (let i = 0; i < groups.length; i++) out[i] = this.values[groups[i]!]!
    return numericColumn(this.type, out, valid)
  }

  bytes(): number {
    return this.values.byteLength
  }
}

/** Strings (as UTF-8) and binary values, one byte array per group: compared byte by byte, as Spark does. */
class ByteStorage implements Storage {
  private values: (Uint8Array | undefined)[] = []

  constructor(private readonly binary: boolean) {}

  grow(): void {}

  clear(group: number): void {
    this.values[group] = undefined
  }

  copy(into: number, from: number): void {
    this.values[into] = this.values[from]
  }

  compareGroups(a: number, b: number): number {
    const x = this.values[a]!
    const y = this.values[b]!
    return compareBytes(x, 0, x.length, y, 0, y.length)
  }

  bind(column: Column): SlotBinding {
    const bytes = column.values as Uint8Array
    const offsets = column.valueOffsets as Int32Array
    return {
      compare: (group, row) => {
        const held = this.values[group]!
        return compareBytes(held, 0, held.length, bytes, offsets[row]!, offsets[row + 1]!)
      },
      store: (group, row) => {
        this.values[group] = bytes.slice(offsets[row]!, offsets[row + 1]!)
      },
    }
  }

  column(groups: ArrayLike<number>): Column {
    const builder = new Utf8Builder(groups.length, groups.length * 16, this.binary)
    for (let i = 0; i < groups.length; i++) {
      const value = this.values[groups[i]!]
      if (value === undefined) builder.appendNull()
      else builder.appendBytes(value)
    }
    return builder.finish()
  }

  bytes(): number {
    let total = this.values.length * 8
    for (const value of this.values) total += value?.byteLength ?? 0
    return total
  }
}

/** A struct as one ValueSlots per field; compared field by field, NULL fields first. */
class StructStorage implements Storage {
  private readonly fields: ValueSlots[]

  constructor(private readonly type: StructType) {
    this.fields = type.fields.map((f) => new ValueSlots(f.dataType))
  }

  grow(size: number): void {
    for (const field of this.fields) field.grow(size)
  }

  clear(group: number): void {
    for (const field of this.fields) field.clear(group)
  }

  copy(into: number, from: number): void {
    for (const field of this.fields) field.copy(into, from)
  }

  compareGroups(a: number, b: number): number {
    for (const field of this.fields) {
      const c = nullsFirst(field.has(a), field.has(b)) ?? field.compareGroups(a, b)
      if (c !== 0) return c
    }
    return 0
  }

  bind(column: Column): SlotBinding {
    const bound = this.fields.map((field, k) => field.bind(column.children[k]!))
    return {
      compare: (group, row) => {
        for (let k = 0; k < bound.length; k++) {
          const field = bound[k]!
          const c = nullsFirst(this.fields[k]!.has(group), !field.isNull(row)) ?? field.compare(group, row)
          if (c !== 0) return c
        }
        return 0
      },
      store: (group, row) => {
        for (const field of bound) field.store(group, row)
      },
    }
  }

  column(groups: ArrayLike<number>, valid: Uint8Array | null): Column {
    const children = this.fields.map((field) => field.column(groups))
    return structColumn(toArrowType(this.type) as Struct, children, groups.length, valid)
  }

  bytes(): number {
    return this.fields.reduce((sum, field) => sum + field.memoryBytes(), 0)
  }
}

/** The order of two nested values when either is NULL (NULL first), or undefined when both are present. */
function nullsFirst(a: boolean, b: boolean): number | undefined {
  if (a && b) return undefined
  return a === b ? 0 : a ? 1 : -1
}

/** Arrays and maps (rare as min/max or first/last values): one single-row column per group. */
class RowColumnStorage implements Storage {
  private values: (Column | undefined)[] = []

  constructor(private readonly type: DataType) {}

  grow(): void {}

  clear(group: number): void {
    this.values[group] = undefined
  }

  copy(into: number, from: number): void {
    this.values[into] = this.values[from]
  }

  compareGroups(a: number, b: number): number {
    return rowComparator(this.type, this.values[a]!, this.values[b]!)(0, 0)
  }

  bind(column: Column): SlotBinding {
    return {
      compare: (group, row) => rowComparator(this.type, this.values[group]!, column)(0, row),
      store: (group, row) => {
        this.values[group] = take(column, [row])
      },
    }
  }

  column(groups: ArrayLike<number>): Column {
    if (groups.length === 0) return nullColumn(this.type, 0)
    return concatColumns(Array.from(groups, (g) => this.values[g] ?? nullColumn(this.type, 1)))
  }

  bytes(): number {
    return this.values.length * 64
  }
}
