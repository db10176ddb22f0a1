// Arguments Spark evaluates only on the rows that need them (a CASE branch, if's two values, coalesce's later
// arguments, nvl2's, the right side of AND/OR): they are computed over the whole batch, and when that fails they are
// computed again over just the rows that need them, so an error on a row the condition skips (raise_error, a UDF's
// exception) is not raised, as in Spark, which evaluates them row by row.
import { bitAt, fromArrowSchema, type RecordBatch, take, takeRows, validityOf } from '../arrow/index.js'
import { type EvalContext, isScalar, materialize, type Vec } from './functions/vector.js'

type Kernel = (batch: RecordBatch, ctx: EvalContext) => Vec

/** Whether row `i` of `v` is NULL. */
function isNullAt(v: Vec, i: number): boolean {
  if (isScalar(v)) return v.value === null || v.value === undefined
  const validity = validityOf(v)
  return validity !== null && !bitAt(validity, i)
}

/** Whether row `i` of the boolean `v` is true (not false, not NULL). */
function isTrueAt(v: Vec, i: number): boolean {
  if (isScalar(v)) return v.value === true
  return !isNullAt(v, i) && bitAt(v.values as Uint8Array, i)
}

/** Whether row `i` of the boolean `v` is false (not true, not NULL). */
const isFalseAt = (v: Vec, i: number) => !isNullAt(v, i) && !isTrueAt(v, i)

/** The rows `0..n-1` where `test` holds. */
export function rowsWhere(n: number, test: (i: number) => boolean): Int32Array {
  const rows = new Int32Array(n)
  let count = 0
  for (let i = 0; i < n; i++) if (test(i)) rows[count++] = i
  return rows.subarray(0, count)
}

/** For a function whose argument k ≥ 1 only some rows need: those rows, from the arguments before it. */
export type RowsNeeding = (before: readonly Vec[], k: number, n: number) => Int32Array

const coalesceRows: RowsNeeding = (before, _, n) => rowsWhere(n, (i) => before.every((v) => isNullAt(v, i)))

/** The functions whose later arguments only some rows need, and which rows. */
export const GUARDED_ARGUMENTS: Readonly<Record<string, RowsNeeding>> = {
  coalesce: coalesceRows,
  nvl: coalesceRows,
  ifnull: coalesceRows,
  nvl2: ([value], k, n) => rowsWhere(n, (i) => isNullAt(value!, i) === (k === 2)),
  if: ([condition], k, n) => rowsWhere(n, (i) => isTrueAt(condition!, i) === (k === 1)),
  and: ([left], _, n) => rowsWhere(n, (i) => !isFalseAt(left!, i)),
  or: ([left], _, n) => rowsWhere(n, (i) => !isTrueAt(left!, i)),
}

/**
 * `kernel` over `batch`; if that throws and `needing()` (computed only then) are fewer than all rows, `kernel` over
 * just those rows instead, NULL in the others. An error on a row that needs the value is raised.
 */
export function computeGuarded(kernel: Kernel, batch: RecordBatch, ctx: EvalContext, needing: () => Int32Array): Vec {
  try {
    return kernel(batch, ctx)
  } catch (error) {
    const rows = needing()
    if (rows.length === ctx.length) throw error
    return computeOverRows(kernel, batch, ctx, rows)
  }
}

/** `kernel` over only `rows` (ascending) of `batch`, as a column of the batch's length, NULL in the other rows. */
function computeOverRows(kernel: Kernel, batch: RecordBatch, ctx: EvalContext, rows: Int32Array): Vec {
  const some = takeRows(batch, fromArrowSchema(batch.schema), rows)
  const result = materialize(kernel(some, { ...ctx, length: rows.length }), rows.length)
  const from = new Int32Array(ctx.length).fill(-1)
  for (let j = 0; j < rows.length; j++) from[rows[j]!] = j
  return take(result, from)
}
