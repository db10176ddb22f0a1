// Spark's ExtractWindowExpressions: window expressions leave the projection for Window nodes below it, one node per
// (partition keys, orderings), and the projection reads their output columns.
import { canonicalKey } from '../expr/canonical.js'
import {
  type Alias,
  alias,
  childrenOf,
  type Expr,
  exists,
  type NamedExpr,
  toAttribute,
  transformDown,
  type WindowExpr,
} from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { type LogicalPlan, project, window } from '../logical/plan.js'

export const hasWindow = (e: Expr): boolean => exists(e, (n) => n.kind === 'WindowExpr')

/** An aggregate outside any window expression (an aggregate inside `OVER` is the window's, not the query's). */
export const hasAggregateOutsideWindows = (e: Expr): boolean =>
  e.kind === 'Agg' || (e.kind !== 'WindowExpr' && childrenOf(e).some(hasAggregateOutsideWindows))

const specKey = (e: WindowExpr) =>
  `${e.partitionBy.map(canonicalKey).join(',')}|${e.orderBy.map(canonicalKey).join(',')}`

/** `project(child, items)` with the items' (resolved) window expressions computed by Window nodes under it. */
export function buildWindowProject(child: LogicalPlan, items: readonly NamedExpr[]): LogicalPlan {
  const bySpec = new Map<string, Alias[]>()
  const add = (named: Alias) => {
    const key = specKey(named.child as WindowExpr)
    const group = bySpec.get(key)
    if (group) group.push(named)
    else bySpec.set(key, [named])
    return toAttribute(named)
  }
  const projectList = items.map((item): NamedExpr => {
    // An aliased window expression keeps its name and id in the Window node (Spark's errors name that column).
    if (item.kind === 'Alias' && item.child.kind === 'WindowExpr') return add(item)
    if (item.kind !== 'Alias') return item
    const child = transformDown(item.child, (n) => (n.kind === 'WindowExpr' ? add(alias(n, sqlText(n))) : undefined))
    return alias(child, item.name, item.id)
  })
  let plan = child
  for (const group of bySpec.values()) {
    const { partitionBy, orderBy } = group[0]!.child as WindowExpr
    plan = window(plan, group, partitionBy, orderBy)
  }
  return project(plan, projectList)
}
