// AggregateArguments: feeds each aggregate call its rows of a batch. A call filtered by a condition (`FILTER (WHERE c)`,
// bound as `CASE WHEN c THEN x END` arguments, or `count(when(c, x))`) gets only the rows where c holds, with x itself,
// rather than every row with NULLs where c fails: the same result, as such calls skip rows with a NULL argument.

import type { Column, RecordBatch } from '../arrow/index.js'
import { take, validityOf } from '../arrow/index.js'
import type { Accumulator } from '../expr/aggregates/spec.js'
import { canonicalKey } from '../expr/canonical.js'
import { compileExprs, type Kernel, selectionOf } from '../expr/compile.js'
import type { Agg, Attribute, Expr } from '../expr/expression.js'
import { type EvalContext, isScalar, type Vec } from '../expr/functions/vector.js'

/** A call's argument kernels, and the index of the condition that selects its rows (-1 for every row). */
interface CallInput {
  readonly args: readonly Kernel[]
  readonly condition: number
}

/** `CASE WHEN c THEN x END`: one branch, no ELSE. */
const singleBranch = (e: Expr): e is Expr & { kind: 'CaseWhen' } =>
  e.kind === 'CaseWhen' && e.branches.length === 1 && e.otherwise === undefined

/**
 * The condition every CASE-wrapped argument of the call shares, when rows where it fails add nothing to the call: a
 * FILTER clause (only null-skipping aggregates take one, and it wraps their value arguments), or count, which skips a
 * row when any argument is NULL.
 */
function selectingCondition(call: Agg): Expr | undefined {
  const wrapped = call.args.filter(singleBranch)
  if (wrapped.length === 0) return undefined
  const filterClause = wrapped.every((a) => a.filter === true)
  if (!filterClause && call.name.toLowerCase() !== 'count') return undefined
  const key = canonicalKey(wrapped[0]!.branches[0]![0])
  return wrapped.every((a) => canonicalKey(a.branches[0]![0]) === key) ? wrapped[0]!.branches[0]![0] : undefined
}

/** The group ids of the selected rows. */
function idsOf(rows: Int32Array, ids: Int32Array): Int32Array {
  const out = new Int32Array(rows.length)
  for (let k = 0; k < rows.length; k++) out[k] = ids[rows[k]!]!
  return out
}

export class AggregateArguments {
  private readonly inputs: readonly CallInput[]
  private readonly conditions: readonly Kernel[]

  constructor(calls: readonly Agg[], input: readonly Attribute[]) {
    const conditionKeys: string[] = []
    const conditionExprs: Expr[] = []
    const plans = calls.map((call) => {
      const condition = selectingCondition(call)
      if (condition === undefined) return { args: call.args, condition: -1 }
      const key = canonicalKey(condition)
      let index = conditionKeys.indexOf(key)
      if (index < 0) {
        index = conditionKeys.push(key) - 1
        conditionExprs.push(condition)
      }
      return { args: call.args.map((a) => (singleBranch(a) ? a.branches[0]![1] : a)), condition: index }
    })
    // One compilation, so calls share their common subexpressions (each computed once per batch).
    const kernels = compileExprs([...conditionExprs, ...plans.flatMap((p) => p.args)], input)
    this.conditions = kernels.slice(0, conditionExprs.length)
    let at = conditionExprs.length
    this.inputs = plans.map((p) => {
      const args = kernels.slice(at, at + p.args.length)
      at += p.args.length
      return { args, condition: p.condition }
    })
  }

  /** Updates each accumulator with its rows of `batch` (row i belongs to group ids[i]). */
  update(accumulators: readonly Accumulator[], batch: RecordBatch, ctx: EvalContext, ids: Int32Array): void {
    const rows = ctx.length
    const selections = this.conditions.map((kernel) => new ConditionRows(kernel(batch, ctx), rows, ids))
    this.inputs.forEach(({ args, condition }, k) => {
      const values = args.map((kernel) => kernel(batch, ctx))
      const accumulator = accumulators[k]!
      if (condition < 0) {
        accumulator.update(values, ids, rows)
        return
      }
      const selection = selections[condition]!
      if (selection.none) return
      if (selection.all) accumulator.update(values, ids, rows)
      else if (accumulator.updateSelected) accumulator.updateSelected(values, ids, rows, selection.bits())
      else {
        const selected = selection.rows()
        if (selected === 'none') return
        if (selected === 'all') accumulator.update(values, ids, rows)
        else {
          const picked = values.map((v) => (isScalar(v) ? v : take(v, selected)))
          accumulator.update(picked, selection.ids(), selected.length)
        }
      }
    })
  }
}

/**
 * The rows where a condition holds, in the forms the calls it filters ask for — its bitmap (true and not NULL), or
 * the row numbers and their group ids — each computed once, when first asked for.
 */
class ConditionRows {
  readonly all: boolean
  readonly none: boolean
  private selectedBits: Uint8Array | undefined
  private selectedRows: Int32Array | 'all' | 'none' | undefined
  private selectedIds: Int32Array | undefined

  constructor(
    private readonly result: Vec,
    private readonly length: number,
    private readonly groupIds: Int32Array,
  ) {
    this.all = isScalar(result) && result.value === true
    this.none = isScalar(result) && result.value !== true
  }

  /** One bit per row, set where the condition is true (a column's values masked by its validity). */
  bits(): Uint8Array {
    if (this.selectedBits === undefined) {
      const values = (this.result as Column).values as Uint8Array
      const validity = validityOf(this.result as Column)
      const bytes = (this.length + 7) >> 3
      this.selectedBits =
        validity === null ? values.subarray(0, bytes) : values.subarray(0, bytes).map((b, i) => b & validity[i]!)
    }
    return this.selectedBits
  }

  rows(): Int32Array | 'all' | 'none' {
    this.selectedRows ??= selectionOf(this.result, this.length)
    return this.selectedRows
  }

  /** The group ids of `rows()`, when it is a list of rows. */
  ids(): Int32Array {
    this.selectedIds ??= idsOf(this.rows() as Int32Array, this.groupIds)
    return this.selectedIds
  }
}
