// constant_folding: a cast or function call whose inputs are all literals becomes the literal it evaluates to, as in
// Spark's ConstantFolding (`cast(123 as bigint)` → `123`), so no batch computes it and plans print what runs; with
// it, Spark's simplifications of AND/OR over a boolean literal and of a filter that is always true. Only numbers and
// booleans are folded: their values depend neither on the session (time zone) nor on how a decimal's scale prints.
import { compileExpr } from '../expr/compile.js'
import type { NamedExpr, SortOrder } from '../expr/expression.js'
import { dataTypeOf, type Expr, literal, transformUp } from '../expr/expression.js'
import { lookupFunction } from '../expr/functions/registry.js'
import { isScalar } from '../expr/functions/vector.js'
import { aggregate, filter, join, type LogicalPlan, project, sort } from '../logical/plan.js'
import { type PlanTable, planHandlerFor } from '../logical/plan-spec.js'
import type { DataType } from '../types/data-types.js'

const FOLDABLE_KINDS = new Set(['boolean', 'byte', 'short', 'integer', 'long', 'float', 'double'])
const foldableType = (t: DataType) => FOLDABLE_KINDS.has(t.kind)

const unchanged = (plan: LogicalPlan): LogicalPlan => plan

const folders: PlanTable<LogicalPlan> = {
  Project: (plan) => {
    const list = plan.projectList.map(fold)
    return changed(list, plan.projectList) ? project(plan.child, list as NamedExpr[]) : plan
  },
  Filter: (plan) => {
    const condition = fold(plan.condition)
    // Spark's PruneFilters: a condition that is always true filters nothing.
    if (condition.kind === 'Literal' && condition.value === true) return plan.child
    return condition !== plan.condition ? filter(plan.child, condition) : plan
  },
  Aggregate: (plan) => {
    const grouping = plan.groupingExprs.map(fold)
    const aggregates = plan.aggregateExprs.map(fold)
    return changed(grouping, plan.groupingExprs) || changed(aggregates, plan.aggregateExprs)
      ? aggregate(plan.child, grouping, aggregates as NamedExpr[])
      : plan
  },
  Sort: (plan) => {
    const order = plan.order.map(fold)
    return changed(order, plan.order) ? sort(plan.child, order as SortOrder[]) : plan
  },
  Join: (plan) => {
    const condition = plan.condition && fold(plan.condition)
    return condition !== plan.condition ? join(plan.left, plan.right, plan.joinType, condition, plan.hint) : plan
  },
  // No expressions, or only attributes (dedup keys, the event-time column).
  StreamingRelation: unchanged,
  LocalRelation: unchanged,
  Union: unchanged,
  Limit: unchanged,
  SubqueryAlias: unchanged,
  EventTimeWatermark: unchanged,
  Deduplicate: unchanged,
  ResolvedHint: unchanged,
  // The generator call is left as written.
  Generate: unchanged,
  // Attributes, null literals and grouping ids.
  Expand: unchanged,
  // Window functions' arguments are literals or columns; the frame is literal already.
  Window: unchanged,
  // User code over attributes.
  MapInArrow: unchanged,
  TransformWithState: unchanged,
  FlatMapGroupsWithState: unchanged,
}

export function constantFolding(plan: LogicalPlan): LogicalPlan {
  return planHandlerFor(folders, plan)(plan)
}

const changed = (next: readonly Expr[], previous: readonly Expr[]) => next.some((e, i) => e !== previous[i])

function fold(e: Expr): Expr {
  return transformUp(e, (node) => (isConstant(node) ? (evaluate(node) ?? node) : simplifyBoolean(node)))
}

const isBooleanLiteral = (e: Expr, value: boolean) => e.kind === 'Literal' && e.value === value

/**
 * Spark's BooleanSimplification for a literal operand, exact under three-valued logic: `x AND true` and
 * `x OR false` are x; `x AND false` is false and `x OR true` is true whatever x is, NULL included.
 */
function simplifyBoolean(e: Expr): Expr {
  if (e.kind !== 'Fn' || (e.name !== 'and' && e.name !== 'or') || e.args.length !== 2) return e
  const [a, b] = e.args as [Expr, Expr]
  const identity = e.name === 'and'
  if (isBooleanLiteral(b, identity)) return a
  if (isBooleanLiteral(a, identity)) return b
  if (isBooleanLiteral(a, !identity)) return a
  if (isBooleanLiteral(b, !identity)) return b
  return e
}

/** A cast or a deterministic, row-wise scalar call over literals, all of foldable types. */
function isConstant(e: Expr): boolean {
  if (e.kind === 'Cast') return e.child.kind === 'Literal' && foldableType(e.to) && foldableType(e.child.dataType)
  if (e.kind !== 'Fn' || e.args.length === 0 || !foldableType(e.dataType)) return false
  const found = lookupFunction(e.name)
  if (found?.kind !== 'scalar' || found.spec.perBatch) return false
  return e.args.every((a) => a.kind === 'Literal' && foldableType(a.dataType))
}

/** The literal `e` evaluates to, or undefined when evaluating it fails (the error then happens at run time). */
function evaluate(e: Expr): Expr | undefined {
  try {
    const result = compileExpr(e, [])(undefined as never, { length: 1, zone: 'UTC', batchTimestampMicros: 0 })
    return isScalar(result) ? literal(result.value, dataTypeOf(e)) : undefined
  } catch {
    return undefined
  }
}
