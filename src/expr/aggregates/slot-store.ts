// ValueSlots: one value of any type per group, stored column by column — numbers in a Float64Array, booleans in
// bytes, strings and binary as their bytes, structs as one store per field, arrays and maps as one-row columns.
// Values are copied in from a row of a column and compared with a row in Spark's order without building JS values,
// so max(struct(price, ...)) or min_by(x, name) cost typed-array reads per row and a copy only when a row wins.
// A ValueSlots is bound to one column at a time (held in fields, read by methods): no closures per batch, so the
// code that reads rows stays the same functions, optimized once — a worker thread's compiler would otherwise redo
// them for every batch's fresh closures.
import type { Struct } from 'apache-arrow'
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  compareBytes,
  compareNumbers,
  compareWords,
  concatColumns,
  copyBytes,
  exactWords,
  int64WordsOf,
  type NumberArray,
  newBitmap,
  nullColumn,
  numbersOf,
  numericColumn,
  rowComparator,
  setBit,
  structColumn,
  TWO_32,
  take,
  toArrowType,
  Utf8Builder,
  unconvertedInt64Words,
  validityOf,
} from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'

/** The rows of the column a ValueSlots is bound to, until it is bound to another one or unbound. */
export interface SlotBinding {
  isNull(row: number): boolean
  /** Sign of (the group's value − the row's value) in Spark's order; the group must hold a value, the row too. */
  compare(group: number, row: number): number
  /** Copies the row's value into the group (a null row clears it). */
  store(group: number, row: number): void
}

/** The typed storage behind a ValueSlots (presence is tracked by the ValueSlots), bound to one column at a time. */
interface Storage {
  grow(size: number): void
  clear(group: number): void
  copy(into: number, from: number): void
  compareGroups(a: number, b: number): number
  /** Reads its rows from `column` (null: lets go of the last one). */
  bind(column: Column | null): void
  /** Sign of (the group's value − the bound column's row); both non-null. */
  compareRow(group: number, row: number): number
  /** Copies the bound column's non-null row into the group. */
  storeRow(group: number, row: number): void
  /** The values of `groups` (absent ones are null: `valid` has their bits unset). */
  column(groups: ArrayLike<number>, valid: Uint8Array | null): Column
  bytes(): number
}

export class ValueSlots implements SlotBinding {
  private present = new Uint8Array(0)
  private readonly storage: Storage
  /** The bound column's validity (null: no nulls). */
  private validity: Uint8Array | null = null

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

  /**
   * For a struct whose first field is a number: that field's held values and presence per group (the live arrays,
   * valid until the next `grow`), for a quick first-field test before a full comparison; otherwise null.
   */
  leadingField(): { readonly values: Float64Array; readonly present: Uint8Array } | null {
    if (!(this.storage instanceof StructStorage)) return null
    const first = this.storage.firstField()
    if (first === undefined || !(first.storage instanceof NumberStorage) || first.type.kind === 'boolean') return null
    return { values: first.storage.held(), present: first.present }
  }

  /**
   * Binds a column, whose rows `isNull`, `compare` and `store` then read (this ValueSlots is the binding): its null
   * rows clear a group, others are copied in. Binding another column ends the binding; `unbind` lets go of the column.
   */
  bind(column: Column): SlotBinding {
    this.validity = validityOf(column)
    this.storage.bind(column)
    return this
  }

  /** Lets go of the bound column, so that the state does not keep a batch's buffers alive. */
  unbind(): void {
    this.validity = null
    this.storage.bind(null)
  }

  isNull(row: number): boolean {
    return this.validity !== null && !bitAt(this.validity, row)
  }

  compare(group: number, row: number): number {
    return this.storage.compareRow(group, row)
  }

  store(group: number, row: number): void {
    if (this.isNull(row)) this.clear(group)
    else {
      this.present[group] = 1
      this.storage.storeRow(group, row)
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

/**
 * Numbers (and dates, timestamps, decimals, booleans as 0/1) in a Float64Array. Types whose distinct values can share
 * a double (BIGINT and timestamps past 2^53, decimals wider than 15 digits) also keep their exact words, which decide
 * ties and make the output.
 */
class NumberStorage implements Storage {
  private values = new Float64Array(0)
  /** `width` words per group: the exact value (empty when doubles are exact). */
  private words = new Uint32Array(0)
  private readonly width: number
  /** How the bound column's rows are read as numbers (see `bind`), and what from. */
  private read = READ_NUMBERS
  private rowNumbers: NumberArray = NO_NUMBERS
  private rowInt64: Int32Array = NO_INT64
  private rowBits: Uint8Array = NO_BITS
  /** The bound column's exact words (`width` per row), when this type keeps them. */
  private rowExact: Uint32Array = NO_EXACT

  constructor(private readonly type: DataType) {
    this.width = exactWords(type)
  }

  /** The held numbers per group (the live array). */
  held(): Float64Array {
    return this.values
  }

  grow(size: number): void {
    const values = new Float64Array(size)
    values.set(this.values)
    this.values = values
    if (this.width > 0) {
      const words = new Uint32Array(size * this.width)
      words.set(this.words)
      this.words = words
    }
  }

  clear(): void {}

  copy(into: number, from: number): void {
    this.values[into] = this.values[from]!
    const w = this.width
    for (let k = 0; k < w; k++) this.words[into * w + k] = this.words[from * w + k]!
  }

  compareGroups(a: number, b: number): number {
    const c = compareNumbers(this.values[a]!, this.values[b]!)
    if (c !== 0 || this.width === 0) return c
    return compareWords(this.words, a * this.width, this.words, b * this.width, this.width)
  }

  /**
   * Booleans are read from their bits and int64 columns nothing has decoded from their words, row by row: a struct's
   * later fields are read only on ties and for the rows stored, so decoding whole columns would be wasted.
   */
  bind(column: Column | null): void {
    this.rowNumbers = NO_NUMBERS
    this.rowInt64 = NO_INT64
    this.rowBits = NO_BITS
    this.rowExact = NO_EXACT
    if (column === null) return
    if (this.width > 0) this.rowExact = exactWordsOf(column, this.width)
    if (this.type.kind === 'null') this.read = READ_ZERO
    else if (this.type.kind === 'boolean') {
      this.read = READ_BITS
      this.rowBits = column.values as Uint8Array
    } else {
      const words = unconvertedInt64Words(column)
      if (words !== null) {
        this.read = READ_INT64_WORDS
        this.rowInt64 = words
      } else {
        this.read = READ_NUMBERS
        this.rowNumbers = numbersOf(column)
      }
    }
  }

  /** Row `row` of the bound column as a number. */
  private at(row: number): number {
    switch (this.read) {
      case READ_NUMBERS:
        return this.rowNumbers[row]!
      case READ_INT64_WORDS:
        return this.rowInt64[2 * row + 1]! * TWO_32 + (this.rowInt64[2 * row]! >>> 0)
      case READ_BITS:
        return (this.rowBits[row >> 3]! >> (row & 7)) & 1
      default:
        return 0
    }
  }

  compareRow(group: number, row: number): number {
    const c = compareNumbers(this.values[group]!, this.at(row))
    const w = this.width
    return c !== 0 || w === 0 ? c : compareWords(this.words, group * w, this.rowExact, row * w, w)
  }

  storeRow(group: number, row: number): void {
    this.values[group] = this.at(row)
    const w = this.width
    for (let k = 0; k < w; k++) this.words[group * w + k] = this.rowExact[row * w + k]!
  }

  column(groups: ArrayLike<number>, valid: Uint8Array | null): Column {
    if (this.type.kind === 'null') return nullColumn(this.type, groups.length)
    if (this.type.kind === 'boolean') {
      const bits = newBitmap(groups.length)
      for (let i = 0; i < groups.length; i++) if (this.values[groups[i]!] === 1) setBit(bits, i)
      return boolColumn(bits, groups.length, valid)
    }
    const w = this.width
    if (w > 0) {
      const words = new Uint32Array(groups.length * w)
      for (let i = 0; i < groups.length; i++) {
        for (let k = 0; k < w; k++) words[i * w + k] = this.words[groups[i]! * w + k]!
      }
      return numericColumn(this.type, w === 2 ? new BigInt64Array(words.buffer) : words, valid)
    }
    const out = new (arrayTypeFor(this.type))(groups.length)
    for (let i = 0; i < groups.length; i++) out[i] = this.values[groups[i]!]!
    return numericColumn(this.type, out, valid)
  }

  bytes(): number {
    return this.values.byteLength + this.words.byteLength
  }
}

// How NumberStorage reads a bound column's rows: from numbersOf (any numeric array); from an int64 column's words,
// low then high, nothing having decoded them; from a boolean column's bits; as 0 (the NULL type).
const READ_NUMBERS = 0
const READ_INT64_WORDS = 1
const READ_BITS = 2
const READ_ZERO = 3

const NO_NUMBERS = new Float64Array(0)
const NO_INT64 = new Int32Array(0)
const NO_BITS = new Uint8Array(0)
const NO_EXACT = new Uint32Array(0)

/** A column's values as `width` exact 32-bit words each (int64: 2, decimal128: 4). */
function exactWordsOf(column: Column, width: number): Uint32Array {
  if (width === 4) return column.values as Uint32Array
  const words = int64WordsOf(column)
  return new Uint32Array(words.buffer, words.byteOffset, words.length)
}

/**
 * Strings (as UTF-8) and binary values in one byte arena, a (start, length) span per group: no object per value.
 * A replaced value's bytes become garbage; the arena is compacted when garbage outweighs what is live.
 */
class ByteStorage implements Storage {
  private arena = new Uint8Array(1024)
  private used = 0
  private garbage = 0
  private starts = new Int32Array(0)
  private lengths = new Int32Array(0)
  /** The bound column's bytes and offsets. */
  private rowBytes: Uint8Array = NO_BITS
  private rowOffsets: Int32Array = NO_INT64

  constructor(private readonly binary: boolean) {}

  grow(size: number): void {
    const starts = new Int32Array(size)
    starts.set(this.starts)
    this.starts = starts
    const lengths = new Int32Array(size)
    lengths.set(this.lengths)
    this.lengths = lengths
  }

  clear(group: number): void {
    this.garbage += this.lengths[group]!
    this.lengths[group] = 0
  }

  copy(into: number, from: number): void {
    const start = this.starts[from]!
    const length = this.lengths[from]!
    this.write(into, this.arena, start, start + length)
  }

  compareGroups(a: number, b: number): number {
    const { arena, starts, lengths } = this
    return compareBytes(arena, starts[a]!, starts[a]! + lengths[a]!, arena, starts[b]!, starts[b]! + lengths[b]!)
  }

  bind(column: Column | null): void {
    this.rowBytes = column === null ? NO_BITS : (column.values as Uint8Array)
    this.rowOffsets = column === null ? NO_INT64 : (column.valueOffsets as Int32Array)
  }

  compareRow(group: number, row: number): number {
    const start = this.starts[group]!
    const end = start + this.lengths[group]!
    const offsets = this.rowOffsets
    return compareBytes(this.arena, start, end, this.rowBytes, offsets[row]!, offsets[row + 1]!)
  }

  storeRow(group: number, row: number): void {
    this.write(group, this.rowBytes, this.rowOffsets[row]!, this.rowOffsets[row + 1]!)
  }

  /** Gives `group` the bytes [start, end) of `source` (which may be the arena itself). */
  private write(group: number, source: Uint8Array, start: number, end: number): void {
    const length = end - start
    this.garbage += this.lengths[group]!
    this.lengths[group] = 0
    if (this.used + length > this.arena.length) {
      // Bytes from the arena must be read before it is replaced.
      const value = source === this.arena ? source.slice(start, end) : source
      const from = source === this.arena ? 0 : start
      this.makeRoom(length)
      this.write(group, value, from, from + length)
      return
    }
    copyBytes(source, start, end, this.arena, this.used)
    this.starts[group] = this.used
    this.lengths[group] = length
    this.used += length
  }

  /**
   * A larger arena: while garbage is under a third of what is held, the arena doubles with its bytes copied at once;
   * otherwise the live values are compacted into a new arena (doubled when they fill more than half).
   */
  private makeRoom(extra: number): void {
    const live = this.used - this.garbage
    if (this.garbage * 2 < live) {
      const arena = new Uint8Array(Math.max(1024, (this.used + extra) * 2))
      arena.set(this.arena.subarray(0, this.used))
      this.arena = arena
      return
    }
    const size = Math.max(1024, (live + extra) * 2, this.garbage > live ? this.arena.length : this.arena.length * 2)
    const arena = new Uint8Array(size)
    let used = 0
    for (let g = 0; g < this.lengths.length; g++) {
      const length = this.lengths[g]!
      if (length === 0) continue
      copyBytes(this.arena, this.starts[g]!, this.starts[g]! + length, arena, used)
      this.starts[g] = used
      used += length
    }
    this.arena = arena
    this.used = used
    this.garbage = 0
  }

  column(groups: ArrayLike<number>, valid: Uint8Array | null): Column {
    const builder = new Utf8Builder(groups.length, groups.length * 16, this.binary)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      if (valid !== null && !bitAt(valid, i)) builder.appendNull()
      else builder.appendBytes(this.arena, this.starts[g]!, this.starts[g]! + this.lengths[g]!)
    }
    return builder.finish()
  }

  bytes(): number {
    return this.arena.byteLength + this.starts.byteLength + this.lengths.byteLength
  }
}

/** A struct as one ValueSlots per field; compared field by field, NULL fields first. */
class StructStorage implements Storage {
  private readonly fields: ValueSlots[]

  constructor(private readonly type: StructType) {
    this.fields = type.fields.map((f) => new ValueSlots(f.dataType))
  }

  firstField(): ValueSlots | undefined {
    return this.fields[0]
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

  bind(column: Column | null): void {
    const fields = this.fields
    for (let k = 0; k < fields.length; k++) {
      if (column === null) fields[k]!.unbind()
      else fields[k]!.bind(column.children[k]!)
    }
  }

  compareRow(group: number, row: number): number {
    const fields = this.fields
    for (let k = 0; k < fields.length; k++) {
      const field = fields[k]!
      const c = nullsFirst(field.has(group), !field.isNull(row)) ?? field.compare(group, row)
      if (c !== 0) return c
    }
    return 0
  }

  storeRow(group: number, row: number): void {
    const fields = this.fields
    for (let k = 0; k < fields.length; k++) fields[k]!.store(group, row)
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
  private bound: Column | null = null

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

  bind(column: Column | null): void {
    this.bound = column
  }

  compareRow(group: number, row: number): number {
    return rowComparator(this.type, this.values[group]!, this.bound!)(0, row)
  }

  storeRow(group: number, row: number): void {
    this.values[group] = take(this.bound!, [row])
  }

  column(groups: ArrayLike<number>): Column {
    if (groups.length === 0) return nullColumn(this.type, 0)
    return concatColumns(Array.from(groups, (g) => this.values[g] ?? nullColumn(this.type, 1)))
  }

  bytes(): number {
    return this.values.length * 64
  }
}
