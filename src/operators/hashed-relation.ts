// The build side of a hash join: its key columns hashed into a KeyTable (one group per distinct key; one integer key
// over a small range is indexed directly instead, DirectKeys: a group per value in the range) and the rows
// of each group listed contiguously (CSR: `starts[g]` .. `starts[g + 1]` in `rows`), all in typed arrays. Probing
// maps each probe row to its key's group, or -1. Null keys follow SQL: under `=` a row with a null key matches
// nothing (it is left out of the table and probes as -1); under `<=>` null equals null (the KeyTable compares
// nulls as equal).
import { bitAt, type Column, type RecordBatch, validityOf } from '../arrow/index.js'
import { compileExprs, type Kernel } from '../expr/compile.js'
import { type Attribute, dataTypeOf, type Expr } from '../expr/expression.js'
import { type EvalContext, materialize } from '../expr/functions/vector.js'
import { KeyTable } from '../state/key-table.js'
import { DirectKeys } from './direct-keys.js'

/** Join key expressions over one side, evaluated to columns. */
export class JoinKeys {
  private readonly kernels: readonly Kernel[]
  readonly types

  constructor(
    keys: readonly Expr[],
    input: readonly Attribute[],
    /** Per key: compared with `<=>`. */
    readonly nullSafe: readonly boolean[],
  ) {
    this.kernels = compileExprs(keys, input)
    this.types = keys.map(dataTypeOf)
  }

  evaluate(batch: RecordBatch, ctx: EvalContext): Column[] {
    return this.kernels.map((k) => materialize(k(batch, ctx), ctx.length))
  }

  /** Rows that can match nothing: a null in a key compared with `=` (null when every row can match). */
  unmatchable(keys: readonly Column[], rows: number): Uint8Array | null {
    let mask: Uint8Array | null = null
    keys.forEach((column, k) => {
      if (this.nullSafe[k]) return
      const validity = validityOf(column)
      if (validity === null) return
      mask ??= new Uint8Array(rows)
      for (let i = 0; i < rows; i++) if (!bitAt(validity, i)) mask[i] = 1
    })
    return mask
  }
}

export class HashedRelation {
  /** The groups' index: a direct one for a small range of integer keys, else a hash table of the keys. */
  private table: KeyTable | undefined
  private direct: DirectKeys | undefined
  /** Per group: where its rows start in `rows` (length: groups + 1). */
  private starts = new Int32Array(1)
  /** Build row indexes, grouped by key. */
  private rows = new Int32Array(0)
  /**
   * Whether group g's only row is row g (every key unique and matchable, as a primary key is): `starts` and `rows`
   * are then the identity, and loops may take the group for the row without reading them.
   */
  private identity = false

  private constructor(
    readonly keys: JoinKeys | undefined,
    /** All build rows, as one batch. */
    readonly batch: RecordBatch,
  ) {}

  /** Hashes the rows of `batch` by their keys. */
  static build(keys: JoinKeys, batch: RecordBatch, ctx: EvalContext): HashedRelation {
    const relation = new HashedRelation(keys, batch)
    relation.index(keys.evaluate(batch, ctx), batch.numRows)
    return relation
  }

  /** Every row of `batch` in one group (group 0): what a nested-loop join probes against. */
  static all(batch: RecordBatch): HashedRelation {
    const relation = new HashedRelation(undefined, batch)
    relation.starts = Int32Array.of(0, batch.numRows)
    relation.rows = Int32Array.from({ length: batch.numRows }, (_, i) => i)
    return relation
  }

  get numRows(): number {
    return this.batch.numRows
  }

  private index(columns: readonly Column[], n: number): void {
    const keys = this.keys!
    const direct =
      keys.types.length === 1 && !keys.nullSafe[0] ? DirectKeys.build(columns[0]!, keys.types[0]!, n) : undefined
    let groups: Int32Array
    let groupCount: number
    if (direct) {
      this.direct = direct.keys
      groups = direct.groups
      groupCount = direct.keys.range
    } else {
      const table = new KeyTable(keys.types)
      this.table = table
      groups = new Int32Array(n)
      if (n > 0) table.findOrInsert(columns, n, groups)
      groupCount = table.capacity
    }
    const unmatchable = keys.unmatchable(columns, n)
    const starts = new Int32Array(groupCount + 1)
    for (let i = 0; i < n; i++) {
      if (unmatchable !== null && unmatchable[i] === 1) groups[i] = -1
      else starts[groups[i]! + 1]!++
    }
    for (let g = 0; g < groupCount; g++) starts[g + 1]! += starts[g]!
    const next = starts.slice(0, groupCount)
    const rows = new Int32Array(starts[groupCount]!)
    for (let i = 0; i < n; i++) if (groups[i]! >= 0) rows[next[groups[i]!]!++] = i
    this.starts = starts
    this.rows = rows
    let identity = groupCount === n
    for (let i = 0; i < n && identity; i++) identity = groups[i] === i
    this.identity = identity
  }

  /** Each probe row's group (its key's build rows), or -1 when no build row can match it. */
  probe(columns: readonly Column[], n: number): Int32Array {
    if (n === 0) return new Int32Array(0)
    let groups: Int32Array
    if (this.direct) groups = this.direct.probe(columns[0]!, n)
    else {
      groups = new Int32Array(n)
      this.table!.find(columns, n, groups)
    }
    const unmatchable = this.keys!.unmatchable(columns, n)
    if (this.identity) {
      // Every group has its one row: only a probe key that can match nothing is left out.
      if (unmatchable !== null) for (let i = 0; i < n; i++) if (unmatchable[i] === 1) groups[i] = -1
      return groups
    }
    for (let i = 0; i < n; i++) {
      const g = groups[i]!
      if (g >= 0 && (this.starts[g + 1] === this.starts[g] || (unmatchable !== null && unmatchable[i] === 1))) {
        groups[i] = -1
      }
    }
    return groups
  }

  /** The build rows of `group` are `rowAt(start(group))` .. `rowAt(start(group + 1) - 1)`. */
  start(group: number): number {
    return this.starts[group]!
  }

  rowAt(position: number): number {
    return this.rows[position]!
  }

  /** Whether group g's only row is row g (keys unique): a group is then its build row. */
  get oneRowPerGroup(): boolean {
    return this.identity
  }

  /** `start` for every group (and one past the last), for loops over many groups: do not modify. */
  get groupStarts(): Int32Array {
    return this.starts
  }

  /** `rowAt` for every position, for loops over many groups: do not modify. */
  get groupedRows(): Int32Array {
    return this.rows
  }
}
