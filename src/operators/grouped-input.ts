// The input of a per-key operator (transformWithState, flatMapGroupsWithState) for one batch: rows grouped by key in
// one KeyTable pass and a counting sort, the distinct keys as columns (one row per key, for batched state lookups)
// and, on demand, as JS tuples; and rows as JS objects for user code, read through per-column readers.
import { type Column, columnsOf, type RecordBatch, type Row, take } from '../arrow/index.js'
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
      tuple = Object.freeze(this.readers.map((read) => read(k)))
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

/** The distinct keys among `n` rows of key columns (numbered in order of first appearance), and each row's key. */
export function distinctKeys(
  keyColumns: readonly Column[],
  keyTypes: readonly DataType[],
  n: number,
): { keys: KeyBatch; keyOf: Int32Array } {
  const table = new KeyTable(keyTypes)
  const keyOf = new Int32Array(n)
  const firstRows: number[] = []
  table.findOrInsert(keyColumns, n, keyOf, (_group, row) => firstRows.push(row))
  const keys = new KeyBatch(
    keyColumns.map((c) => take(c, firstRows)),
    keyTypes,
    firstRows.length,
  )
  return { keys, keyOf }
}

/** Groups a batch's rows by the columns at `keyIndexes` (keys numbered in order of first appearance). */
export function groupRows(
  batch: RecordBatch,
  keyIndexes: readonly number[],
  keyTypes: readonly DataType[],
): GroupedRows {
  const n = batch.numRows
  const columns = columnsOf(batch)
  const { keys, keyOf: groups } = distinctKeys(
    keyIndexes.map((i) => columns[i]!),
    keyTypes,
    n,
  )
  const count = keys.size
  const starts = new Int32Array(count + 1)
  for (let i = 0; i < n; i++) starts[groups[i]! + 1]!++
  for (let g = 0; g < count; g++) starts[g + 1]! += starts[g]!
  const next = starts.slice(0, count)
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[next[groups[i]!]!++] = i
  return { keys, order, starts }
}

/** Rows of a batch as JS objects (field name → value), each column converted once. */
export class RowObjects {
  private readonly readers: Reader[]
  private readonly names: string[]

  /** `schema` describes the batch's columns at `indexes`, the ones the rows carry. */
  constructor(batch: RecordBatch, schema: StructType, indexes: readonly number[]) {
    const columns = columnsOf(batch)
    this.readers = schema.fields.map((f, i) => valueReader(columns[indexes[i]!]!, f.dataType))
    this.names = schema.fields.map((f) => f.name)
  }

  at(i: number): Row {
    const row: Record<string, unknown> = {}
    for (let k = 0; k < this.names.length; k++) {
      const name = this.names[k]!
      if (name === '__proto__') Object.defineProperty(row, name, { value: this.readers[k]!(i), enumerable: true })
      else row[name] = this.readers[k]!(i)
    }
    return row
  }

  /** The rows at order[from] .. order[to - 1]. */
  *range(order: Int32Array, from: number, to: number): IterableIterator<Row> {
    for (let j = from; j < to; j++) yield this.at(order[j]!)
  }
}
