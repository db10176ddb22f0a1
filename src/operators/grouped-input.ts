// The input of a per-key operator (transformWithState, flatMapGroupsWithState) for one batch: rows grouped by key in
// one KeyTable pass and a counting sort, the distinct keys as columns (one row per key, for batched state lookups)
// and, on demand, as JS tuples; and rows as JS objects for user code, read through per-column readers.
import { type Column, columnsOf, grown, type RecordBatch, type Row, take } from '../arrow/index.js'
import { type Reader, valueReader } from '../expr/udf-kernels.js'
import { KeyTable } from '../state/key-table.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'

/** The distinct keys a phase of a batch works on, as key columns with one row per key. */
export class KeyBatch {
  private readonly tuples: (readonly unknown[] | undefined)[]
  private readers: Reader[] | undefined
  private single: { k: number; columns: Column[] } | undefined

  constructor(
    readonly columns: readonly Column[],
    readonly types: readonly DataType[],
    readonly size: number,
  ) {
    this.tuples = new Array(size)
  }

  /** Key k as a tuple of JS values. */
  tuple(k: number): readonly unknown[] {
    let tuple = this.tuples[k]
    if (!tuple) {
      this.readers ??= this.columns.map((c, i) => valueReader(c, this.types[i]!))
      tuple = this.readers.map((read) => read(k))
      this.tuples[k] = tuple
    }
    return tuple
  }

  /** The key columns of the keys at `indices`. */
  take(indices: ArrayLike<number>): Column[] {
    return this.columns.map((c) => take(c, indices))
  }

  /** The key columns of key k alone. */
  one(k: number): Column[] {
    if (this.single?.k !== k) this.single = { k, columns: this.take([k]) }
    return this.single.columns
  }
}

export interface GroupedRows {
  readonly keys: KeyBatch
  /** Row indexes, grouped by key: key g's rows are order[starts[g]] .. order[starts[g + 1] - 1], in input order. */
  readonly order: Int32Array
  readonly starts: Int32Array
}

/**
 * Groups rows by key batch after batch. The key table lives across batches (a fresh one per batch spends most of
 * its time growing); keys are renumbered densely per batch in order of first appearance. The table starts over
 * once it holds many more keys than batches bring.
 */
export class KeyGrouper {
  private table: KeyTable
  private stamps = new Int32Array(0)
  private local = new Int32Array(0)
  private stamp = 0

  constructor(private readonly keyTypes: readonly DataType[]) {
    this.table = new KeyTable(keyTypes)
  }

  /** The distinct keys among `n` rows of key columns, and each row's key (its index in the batch of keys). */
  group(keyColumns: readonly Column[], n: number): { keys: KeyBatch; keyOf: Int32Array } {
    if (this.table.size > Math.max(1 << 16, 4 * n)) this.table = new KeyTable(this.keyTypes)
    const keyOf = new Int32Array(n)
    this.table.findOrInsert(keyColumns, n, keyOf)
    if (this.stamps.length < this.table.capacity) {
      this.stamps = grown(this.stamps, this.table.capacity)
      this.local = grown(this.local, this.table.capacity)
    }
    const stamp = ++this.stamp
    const firstRows: number[] = []
    for (let i = 0; i < n; i++) {
      const group = keyOf[i]!
      if (this.stamps[group] !== stamp) {
        this.stamps[group] = stamp
        this.local[group] = firstRows.length
        firstRows.push(i)
      }
      keyOf[i] = this.local[group]!
    }
    const keys = new KeyBatch(
      keyColumns.map((c) => take(c, firstRows)),
      this.keyTypes,
      firstRows.length,
    )
    return { keys, keyOf }
  }

  /** Groups a batch's rows by the columns at `keyIndexes`. */
  groupRows(batch: RecordBatch, keyIndexes: readonly number[]): GroupedRows {
    const n = batch.numRows
    const columns = columnsOf(batch)
    const { keys, keyOf } = this.group(
      keyIndexes.map((i) => columns[i]!),
      n,
    )
    const count = keys.size
    const starts = new Int32Array(count + 1)
    for (let i = 0; i < n; i++) starts[keyOf[i]! + 1]!++
    for (let g = 0; g < count; g++) starts[g + 1]! += starts[g]!
    const next = starts.slice(0, count)
    const order = new Int32Array(n)
    for (let i = 0; i < n; i++) order[next[keyOf[i]!]!++] = i
    return { keys, order, starts }
  }
}

/** The distinct keys among `n` rows of key columns, once (see KeyGrouper). */
export function distinctKeys(
  keyColumns: readonly Column[],
  keyTypes: readonly DataType[],
  n: number,
): { keys: KeyBatch; keyOf: Int32Array } {
  return new KeyGrouper(keyTypes).group(keyColumns, n)
}

/** Groups a batch's rows by the columns at `keyIndexes`, once (see KeyGrouper). */
export function groupRows(
  batch: RecordBatch,
  keyIndexes: readonly number[],
  keyTypes: readonly DataType[],
): GroupedRows {
  return new KeyGrouper(keyTypes).groupRows(batch, keyIndexes)
}

/** Builds a row object of fixed shape from per-column readers (one object literal per schema, so V8 keeps it fast). */
type RowMaker = (readers: readonly Reader[], i: number) => Row

const makers = new Map<string, RowMaker>()

function rowMaker(names: readonly string[]): RowMaker {
  const key = JSON.stringify(names)
  let maker = makers.get(key)
  if (!maker) {
    // An object literal with the field names as constant keys: every row gets the same hidden class. (`__proto__`
    // as a computed key is an own property, not the prototype.)
    const fields = names.map((name, k) =>
      name === '__proto__' ? `["__proto__"]: r[${k}](i)` : `${JSON.stringify(name)}: r[${k}](i)`,
    )
    maker = new Function('r', 'i', `return { ${fields.join(', ')} }`) as RowMaker
    makers.set(key, maker)
  }
  return maker
}

/** Rows of a batch as JS objects (field name → value), each column converted once. */
export class RowObjects {
  private readonly readers: Reader[]
  private readonly make: RowMaker

  /** `schema` describes the batch's columns at `indexes`, the ones the rows carry. */
  constructor(batch: RecordBatch, schema: StructType, indexes: readonly number[]) {
    const columns = columnsOf(batch)
    this.readers = schema.fields.map((f, i) => valueReader(columns[indexes[i]!]!, f.dataType))
    this.make = rowMaker(schema.fields.map((f) => f.name))
  }

  at(i: number): Row {
    return this.make(this.readers, i)
  }

  /** The rows at order[from] .. order[to - 1]. */
  range(order: Int32Array, from: number, to: number): RowRange {
    return new RowRange(this, order, from, to)
  }
}

/** An iterator over some of a batch's rows (a class, not a generator: it allocates only the row objects). */
export class RowRange implements IterableIterator<Row> {
  constructor(
    private readonly rows: RowObjects,
    private readonly order: Int32Array,
    private at: number,
    private readonly to: number,
  ) {}

  /** The rows not read yet (Scala's `Iterator.size`), counted without building them. */
  get size(): number {
    return this.to - this.at
  }

  next(): IteratorResult<Row> {
    if (this.at >= this.to) return { done: true, value: undefined }
    return { done: false, value: this.rows.at(this.order[this.at++]!) }
  }

  [Symbol.iterator](): IterableIterator<Row> {
    return this
  }
}
