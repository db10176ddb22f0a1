// One side of a stream-stream join (Spark's OneSideHashJoiner): its buffered rows in Spark's join layout
// (`<side>-keyToNumValues`, `<side>-keyWithIndexToValue`; key `field0..N`, value the input row plus `matched`),
// the kernels over its input (keys, the conjuncts reading only it), and reading its state: candidate entries for
// probe keys, the `matched` flag, and the entries its state watermark lets go.
import {
  bitAt,
  boolColumn,
  type Column,
  numbersOf,
  type RecordBatch,
  TWO_32,
  unconvertedInt64Words,
  validityOf,
} from '../arrow/index.js'
import { compilePredicate } from '../expr/compile.js'
import { dataTypeOf, nullableOf } from '../expr/expression.js'
import { schemaOf } from '../logical/plan.js'
import type { ColumnPiece } from '../state/gather-pieces.js'
import type { IndexedRows } from '../state/indexed-rows.js'
import type { StateDeclarations } from '../state/operator-state.js'
import { SharedRowHashes } from '../state/shared-row-hashes.js'
import { BOOLEAN, type DataType } from '../types/data-types.js'
import { StructField, StructType } from '../types/struct-type.js'
import { JoinKeys } from './hashed-relation.js'
import type { JoinSideSpec, TimeColumn } from './symmetric-join-spec.js'

/** Leaves a type is stored as (structs flatten to their fields), as ColumnStore lays values out. */
const leafCount = (t: DataType): number =>
  t.kind === 'struct' ? t.fields.reduce((n, f) => n + leafCount(f.dataType), 0) : 1

/** The leaf index of a column (or of its struct field) among columns of `types`. */
function leafIndexOf(types: readonly DataType[], column: TimeColumn): number {
  let leaf = 0
  for (let c = 0; c < column.index; c++) leaf += leafCount(types[c]!)
  const type = types[column.index]!
  if (column.field >= 0 && type.kind === 'struct') {
    for (let f = 0; f < column.field; f++) leaf += leafCount(type.fields[f]!.dataType)
  }
  return leaf
}

/** Rows of a batch where a time column is at or before `limitMicros` (null times never are). */
export function rowsAtOrBefore(batch: RecordBatch, column: TimeColumn, limitMicros: number): Uint8Array {
  const out = new Uint8Array(batch.numRows)
  markAtOrBefore(batch.data.children[column.index]!, column.field, limitMicros, batch.numRows, out)
  return out
}

/**
 * Sets out[i] to 1 where row i's time (a timestamp column, or field `field` of a struct column) is at or before
 * `limitMicros` and not null, to 0 elsewhere; returns how many are set. An int64 column is read from its words, so
 * it is not converted to a column of numbers first.
 */
export function markAtOrBefore(
  column: Column,
  field: number,
  limitMicros: number,
  rows: number,
  out: Uint8Array,
): number {
  const times = field >= 0 ? column.children[field]! : column
  const own = validityOf(times)
  const parent = field >= 0 ? validityOf(column) : null
  const words = unconvertedInt64Words(times)
  const values = words === null ? numbersOf(times) : null
  let n = 0
  for (let i = 0; i < rows; i++) {
    const t = words !== null ? words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0) : values![i]!
    const at = t <= limitMicros && (own === null || bitAt(own, i)) && (parent === null || bitAt(parent, i)) ? 1 : 0
    out[i] = at
    n += at
  }
  return n
}

/** Row hashes shared by join sides' key tables (a batch's key columns are hashed once, whichever side's table first). */
const JOIN_KEY_HASHES = new SharedRowHashes()

export class JoinSideState {
  readonly rows: IndexedRows
  readonly keys: JoinKeys
  readonly only: ReturnType<typeof compilePredicate> | undefined
  /** The schema of a state row's value: the input columns, then `matched`. */
  readonly valueSchema: StructType
  private readonly matchedLeaf: number
  private readonly timeLeaf: number

  constructor(
    readonly name: 'left' | 'right',
    readonly spec: JoinSideSpec,
    nullSafe: readonly boolean[],
    state: StateDeclarations,
  ) {
    this.keys = new JoinKeys(spec.keys, spec.input, nullSafe)
    this.only = spec.only && compilePredicate(spec.only, spec.input)
    const key = StructType(spec.keys.map((k, i) => StructField(`field${i}`, dataTypeOf(k), nullableOf(k))))
    this.valueSchema = StructType([...schemaOf(spec.input).fields, StructField('matched', BOOLEAN)])
    this.rows = state.multiValue({ name, key, value: this.valueSchema })
    // A batch's keys probe the other side's table, then go into this side's: hashed once (JOIN_KEY_HASHES).
    this.rows.keyTable.shareHashes(JOIN_KEY_HASHES)
    const types = this.valueSchema.fields.map((f) => f.dataType)
    this.matchedLeaf = leafIndexOf(types, { index: spec.input.length, field: -1 })
    const eviction = spec.eviction
    this.timeLeaf = eviction?.kind === 'value' ? leafIndexOf(types, eviction.column) : -1
  }

  isMatched(entry: number): boolean {
    return this.rows.valueNumber(entry, this.matchedLeaf) === 1
  }

  setMatched(entry: number): void {
    this.rows.setValueNumber(entry, this.matchedLeaf, 1)
  }

  /** Appends rows of `batch` (its key columns given) with their `matched` flags. */
  append(batch: RecordBatch, keys: readonly Column[], matched: Uint8Array): void {
    const bits = new Uint8Array((batch.numRows + 7) >> 3)
    for (let i = 0; i < batch.numRows; i++) if (matched[i] === 1) bits[i >> 3]! |= 1 << (i & 7)
    this.rows.append(keys, [...batch.data.children, boolColumn(bits, batch.numRows, null, 0)], batch.numRows)
  }

  /** The input columns of entries (the `matched` flag left out). */
  read(entries: ArrayLike<number>): Column[] {
    return this.rows.read(entries).slice(0, -1)
  }

  /** Input column c of entries, as a piece of a column to gather. */
  piece(c: number, entries: Int32Array): ColumnPiece {
    return this.rows.valuePiece(c, entries)
  }

  /** Input columns `columns` of entries (the others left out: a sparse list indexed by column). */
  readColumns(columns: readonly number[], entries: Int32Array): Column[] {
    const out: Column[] = []
    for (const c of columns) out[c] = this.rows.readColumn(c, entries)
    return out
  }

  /** Whether a row is due for eviction under state watermark `watermarkMs` (Spark's key / value predicate). */
  evictable(batch: RecordBatch, keys: readonly Column[], watermarkMs: number | undefined): Uint8Array | null {
    const eviction = this.spec.eviction
    if (!eviction || watermarkMs === undefined) return null
    const limit = watermarkMs * 1000
    if (eviction.kind === 'value') return rowsAtOrBefore(batch, eviction.column, limit)
    const out = new Uint8Array(batch.numRows)
    markAtOrBefore(keys[eviction.keyIndex]!, eviction.field, limit, batch.numRows, out)
    return out
  }

  /** The entries the state watermark lets go (Spark's removeByKeyCondition / removeByValueCondition). */
  expired(watermarkMs: number | undefined): Int32Array {
    const eviction = this.spec.eviction
    if (!eviction || watermarkMs === undefined || this.rows.size === 0) return new Int32Array(0)
    const limit = watermarkMs * 1000
    if (eviction.kind === 'key') {
      const groups = this.rows.groups()
      const column = this.rows.keyTable.keyColumns(groups)[eviction.keyIndex]!
      const flags = new Uint8Array(groups.length)
      const due = new Int32Array(markAtOrBefore(column, eviction.field, limit, groups.length, flags))
      for (let i = 0, k = 0; i < groups.length; i++) if (flags[i] === 1) due[k++] = groups[i]!
      return this.rows.entriesOf(due)
    }
    const entries = this.rows.liveEntrySlots()
    const rows = this.rows
    const leaf = this.timeLeaf
    let n = 0
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i]!
      if (!rows.valueIsNull(e, leaf) && rows.valueNumber(e, leaf) <= limit) entries[n++] = e
    }
    return entries.subarray(0, n)
  }

  /** Removes entries (their groups' last entries take their places). */
  remove(entries: ArrayLike<number>): void {
    for (let i = 0; i < entries.length; i++) this.rows.remove(entries[i]!)
  }
}
