// What an aggregate function is: a resolver plus a factory of columnar accumulators (state per group in arrays).
import type { Column } from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import type { Agg, Expr } from '../expression.js'
import type { Resolution } from '../functions/spec.js'
import type { Vec } from '../functions/vector.js'

/**
 * The running state of one aggregate call for many groups. Group ids are dense small integers handed out by the
 * key table; an accumulator grows with them. All methods work on whole batches except `merge`/`reset`.
 *   update(rows → groups) ; merge(g ← h) ; evaluate(groups) → result column
 * `merge` is what makes the state combinable: sessions merge, and a checkpointed state reloads into fresh groups.
 */
export interface Accumulator {
  /** Makes room for group ids below `groups`. */
  grow(groups: number): void
  /** Clears a (new or recycled) group. */
  reset(group: number): void
  /** Folds row i of the arguments into group `ids[i]`, for i < rows. */
  update(args: readonly Vec[], ids: Int32Array, rows: number): void
  /**
   * Folds row i into group `ids[i]` for each i < rows whose bit is set in `selected` (a FILTER clause's rows, as the
   * condition's bitmap): the same as `update` over those rows alone, without gathering them. Optional: callers
   * otherwise gather the selected rows and call `update`.
   */
  updateSelected?(args: readonly Vec[], ids: Int32Array, rows: number, selected: Uint8Array): void
  /** Folds group `from` into group `into`. */
  merge(into: number, from: number): void
  /**
   * Folds buffer row i (columns as `saveState` returns them, e.g. a partial aggregate's output) into group `ids[i]`,
   * for i < rows. Optional: without it, rows are loaded into spare groups and merged one by one.
   */
  mergeStates?(columns: readonly Column[], ids: Int32Array, rows: number): void
  /** The final values of the groups, as a column of the call's type. */
  evaluate(groups: ArrayLike<number>): Column
  /** Approximate bytes held. */
  memoryBytes(): number
  /** The types of the columns `saveState` returns (Spark's aggregation buffer), for checkpoints. */
  readonly stateTypes: readonly DataType[]
  /** The state of the groups as columns (row i = groups[i]). */
  saveState(groups: ArrayLike<number>): Column[]
  /** Replaces the state of groups[i] with row i of the columns (a reset group, or restored after a restart). */
  loadState(groups: ArrayLike<number>, columns: readonly Column[]): void
}

export interface AggregateFunction {
  readonly kind: 'aggregate'
  readonly arity: readonly [min: number, max: number]
  /** Coerces the arguments and computes the result type. */
  readonly resolve: (args: readonly Expr[], name: string, distinct: boolean) => Resolution
  /** A fresh accumulator for a resolved call. */
  readonly create: (call: Agg, argTypes: readonly DataType[]) => Accumulator
}
