// Spark's ExtractWindowExpressions: window expressions leave the projection for Window nodes below it, one node per
// (partition keys, orderings), and the projection reads their output columns.
import { AnalysisException } from '../common/errors.js'
import { canonicalKey } from '../expr/canonical.js'
import {
  type Alias,
  alias,
  childrenOf,
  type Expr,
  exists,
  type NamedExpr,
  type SortOrder,
  toAttribute,
  transformDown,
  type WindowExpr,
  windowExpr,
  withChildren,
} from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { type LogicalPlan, project, window } from '../logical/plan.js'
import { toNamedExpr } from './naming.js'
import { resolveExpr } from './resolve-expr.js'

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

type BuildAggregate = (
  child: LogicalPlan,
  groupingExprs: readonly Expr[],
  aggregateExprs: readonly Expr[],
  having?: Expr,
) => LogicalPlan

const windowInAggregate = () =>
  new AnalysisException(
    'It is not allowed to use a window function inside an aggregate function. Please use the inner window function in a sub-query.',
  )

/**
 * An aggregation whose select list holds window expressions (`rank() OVER (ORDER BY sum(x))`): the Aggregate
 * computes the other items plus every aggregate and grouping column the windows read, and Window nodes above it
 * compute the windows over its rows (Spark's ExtractWindowExpressions on an Aggregate).
 */
export function aggregateWithWindows(
  child: LogicalPlan,
  groupingExprs: readonly Expr[],
  aggregateExprs: readonly Expr[],
  having: Expr | undefined,
  build: BuildAggregate,
): LogicalPlan {
  const items = aggregateExprs.map((e) => toNamedExpr(resolveExpr(e, child.output)))
  const extracted = new Map<string, NamedExpr>()
  /** An expression the Aggregate computes, as the attribute the Window nodes read. */
  const computed = (e: Expr): Expr => {
    if (e.kind === 'Literal') return e
    if (hasWindow(e)) throw windowInAggregate()
    const key = canonicalKey(e)
    let named = extracted.get(key)
    if (!named) {
      named = e.kind === 'Attribute' ? e : alias(e, sqlText(e))
      extracted.set(key, named)
    }
    return toAttribute(named)
  }
  const overAggregate = (e: Expr): Expr =>
    transformDown(e, (n) => {
      if (n.kind === 'WindowExpr') {
        const fn = withChildren(n.function, childrenOf(n.function).map(computed))
        const orderBy = n.orderBy.map((o) => withChildren(o, [computed(o.child)]) as SortOrder)
        return windowExpr(fn, n.partitionBy.map(computed), orderBy, n.frame, n.ignoreNulls)
      }
      return n.kind === 'Agg' || n.kind === 'Attribute' ? computed(n) : undefined
    })
  const plain = items.filter((item) => !hasWindow(item))
  const windowed = new Map(items.filter(hasWindow).map((item) => [item, overAggregate(item) as NamedExpr] as const))
  const aggregated = build(child, groupingExprs, [...plain, ...extracted.values()], having)
  const outputOf = new Map(plain.map((item, i) => [item, aggregated.output[i]!] as const))
  return buildWindowProject(
    aggregated,
    items.map((item) => windowed.get(item) ?? outputOf.get(item)!),
  )
}
