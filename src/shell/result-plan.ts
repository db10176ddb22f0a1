// What the shell reads from a streaming query's plan to show its result: the columns that key an aggregation's rows
// (so a changed row shows as -U/+U rather than as an unrelated insert) and a top-level LIMIT (which ends the query).
import { type Attribute, collect, type Expr, toAttribute } from '../expr/expression.js'
import type { LogicalPlan } from '../logical/plan.js'
import { childrenOf } from '../logical/plan-spec.js'

/** Nodes above an aggregation that keep its rows' identity (they select, filter, sort or rename). */
const passThrough = new Set(['Project', 'Filter', 'Sort', 'Limit', 'SubqueryAlias'])

const isAttribute = (e: Expr): e is Attribute => e.kind === 'Attribute'
const isAggregate = (e: Expr): e is Expr => e.kind === 'Agg'

/**
 * The output positions of an aggregation's grouping columns, or undefined when the plan has no aggregation on its
 * main path (its rows are only ever inserted). An empty list: a global aggregate, whose one row is updated in place.
 */
export function groupingColumns(plan: LogicalPlan): number[] | undefined {
  const path: LogicalPlan[] = []
  let node = plan
  while (node.kind !== 'Aggregate') {
    const children = childrenOf(node)
    if (!passThrough.has(node.kind) || children.length !== 1) return undefined
    path.push(node)
    node = children[0]!
  }
  let keys = new Set(
    node.aggregateExprs.filter((e) => collect(e, isAggregate).length === 0).map((e) => toAttribute(e).id),
  )
  for (const above of path.reverse()) {
    if (above.kind !== 'Project') continue
    // A projection keeps the key when every key column still determines some output computed from keys alone
    // (`window.start` keeps a window's identity); a key projected away leaves rows that cannot be told apart.
    const next = new Set<number>()
    const used = new Set<number>()
    for (const e of above.projectList) {
      const refs = collect(e, isAttribute)
      if (refs.length === 0 || !refs.every((r) => keys.has(r.id))) continue
      next.add(toAttribute(e).id)
      for (const r of refs) used.add(r.id)
    }
    if ([...keys].some((id) => !used.has(id))) return undefined
    keys = next
  }
  return plan.output.flatMap((a, i) => (keys.has(a.id) ? [i] : []))
}

/** The row limit of a top-level LIMIT (under projections and renames), if any. */
export function topLimit(plan: LogicalPlan): number | undefined {
  let node = plan
  for (;;) {
    if (node.kind === 'Limit') return node.limit
    if (node.kind !== 'Project' && node.kind !== 'SubqueryAlias') return undefined
    node = childrenOf(node)[0]!
  }
}

/** Whether the plan aggregates (then its result is updated, not only appended to). */
export function aggregates(plan: LogicalPlan): boolean {
  return plan.kind === 'Aggregate' || childrenOf(plan).some(aggregates)
}
