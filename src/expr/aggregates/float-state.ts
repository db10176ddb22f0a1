// An accumulator whose per-group state is a fixed set of doubles (counts, means, co-moments, bit words): the shape of
// every declarative Spark aggregate. A definition gives the fold of one row, the merge of two states and the result.
import {
  arrayTypeFor,
  bitAt,
  boolColumn,
  type Column,
  gather,
  grown,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  validityOf,
} from '../../arrow/index.js'
import { type DataType, DOUBLE } from '../../types/data-types.js'
import { materialize, type Vec } from '../functions/vector.js'
import type { Accumulator } from './spec.js'

/** The state arrays, indexed [slot][group]. */
export type State = Float64Array[]

export interface FloatAggregate {
  /** How many doubles of state a group holds. */
  readonly slots: number
  /** Initial values of the slots (zeros when absent). */
  readonly initial?: readonly number[]
  /**
   * Folds rows into groups: `inputs[k]` are argument k's numbers, `valid` the rows where every argument is non-null
   * (null: all rows). Implementations loop over the rows themselves, so no call or object is made per row.
   */
  readonly update: (
    state: State,
    ids: Int32Array,
    rows: number,
    inputs: readonly ArrayLike<number>[],
    valid: Uint8Array | null,
  ) => void
  /** Folds group `from`'s state into group `into`'s. */
  readonly merge: (state: State, into: number, from: number) => void
  /** The result for a group; null for SQL NULL. */
  readonly finish: (state: State, g: number) => number | null
  /** The result type when not DOUBLE (BIGINT counts, BOOLEAN, the input's integral type). */
  readonly resultType?: DataType
  /** Reads the arguments' numbers (default numbersOf): bitwise aggregates read int64 words instead. */
  readonly read?: (arg: Column, rows: number) => ArrayLike<number>
}

/** Rows where every argument is non-null, as a bitmap (null = all rows). */
export function rowsWithAll(columns: readonly Column[], rows: number): Uint8Array | null {
  let result: Uint8Array | null = null
  for (const column of columns) {
    const validity = validityOf(column)
    if (validity === null) continue
    if (result === null) result = validity.slice(0, (rows + 7) >> 3)
    else for (let b = 0; b < result.length; b++) result[b]! &= validity[b]!
  }
  return result
}

export class FloatStateAccumulator implements Accumulator {
  private state: State

  constructor(private readonly def: FloatAggregate) {
    this.state = Array.from({ length: def.slots }, () => new Float64Array(0))
  }

  grow(groups: number): void {
    this.state = this.state.map((slot) => grown(slot, groups))
  }

  reset(group: number): void {
    for (let k = 0; k < this.def.slots; k++) this.state[k]![group] = this.def.initial?.[k] ?? 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const columns = args.map((a) => materialize(a, rows))
    const read = this.def.read ?? ((c: Column) => numbersOf(c))
    this.def.update(
      this.state,
      ids,
      rows,
      columns.map((c) => read(c, rows)),
      rowsWithAll(columns, rows),
    )
  }

  merge(into: number, from: number): void {
    this.def.merge(this.state, into, from)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const n = groups.length
    const type = this.def.resultType ?? DOUBLE
    const out = type.kind === 'boolean' ? new Float64Array(n) : new (arrayTypeFor(type))(n)
    const valid = newBitmap(n)
    let nulls = 0
    for (let i = 0; i < n; i++) {
      const value = this.def.finish(this.state, groups[i]!)
      if (value === null) nulls++
      else {
        out[i] = value
        setBit(valid, i)
      }
    }
    if (type.kind === 'boolean') {
      const bits = newBitmap(n)
      for (let i = 0; i < n; i++) if (out[i] !== 0) setBit(bits, i)
      return boolColumn(bits, n, nulls > 0 ? valid : null)
    }
    return numericColumn(type, out, nulls > 0 ? valid : null)
  }

  memoryBytes(): number {
    return this.state.reduce((sum, slot) => sum + slot.byteLength, 0)
  }

  get stateTypes(): DataType[] {
    return this.state.map(() => DOUBLE)
  }

  saveState(groups: ArrayLike<number>): Column[] {
    return this.state.map((slot) => numericColumn(DOUBLE, gather(slot, groups), null, 0))
  }

  loadState(groups: ArrayLike<number>, columns: readonly Column[]): void {
    columns.forEach((column, k) => {
      const values = numbersOf(column)
      const validity = validityOf(column)
      for (let i = 0; i < groups.length; i++) {
        if (validity === null || bitAt(validity, i)) this.state[k]![groups[i]!] = values[i]!
      }
    })
  }
}
