// GROUP BY and HAVING: ordinals and select aliases replaced by the expressions they stand for, then an Aggregate.

import type * as ast from '../../grammar/index.js'
import { exposeReferenced, resolutionInput } from '../analyzer/hidden-columns.js'
import { parseAttributeName } from '../analyzer/identifiers.js'
import { AnalysisException } from '../common/errors.js'
import { alias, call, type Expr } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import type { LogicalPlan } from '../logical/plan.js'
import type { BindContext } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { isAggregateExpr, substituteWindows } from './select.js'
import { atLoc, resolveAt, transformKeepingLocs } from './source-locations.js'
import { buildAggregate, buildGroupingSets, crossSets, cubeSets, rollupSets } from './stateful-builders.js'

const unaliased = (e: Expr): Expr => (e.kind === 'Alias' ? e.child : e)

/**
 * `e` with references to select-list aliases replaced by the aliased expressions. A name the input has wins over an
 * alias, as in Spark (`spark.sql.groupByAliases`).
 */
export function substituteAliases(e: Expr, input: LogicalPlan, items: readonly Expr[], ctx: BindContext): Expr {
  const aliases = new Map<string, Expr>()
  for (const item of items) {
    if (item.kind === 'Alias' && !aliases.has(item.name.toLowerCase())) aliases.set(item.name.toLowerCase(), item.child)
  }
  return transformKeepingLocs(e, ctx.locs, (node) => {
    if (node.kind !== 'ColumnRef') return undefined
    const parts = parseAttributeName(node.name)
    const name = parts[0]!.toLowerCase()
    if (parts.length !== 1 || input.output.some((a) => a.name.toLowerCase() === name)) return undefined
    return aliases.get(name)
  })
}

/**
 * Hive's virtual column `grouping__id` (when the input has no column of that name) is grouping_id(), named
 * `grouping__id` when it is a whole select item, as Spark resolves it.
 */
export function substituteGroupingId(e: Expr, input: LogicalPlan, ctx: BindContext, topLevel = false): Expr {
  const isRef = (n: Expr) => n.kind === 'ColumnRef' && n.name.toLowerCase() === 'grouping__id'
  if (input.output.some((a) => a.name.toLowerCase() === 'grouping__id')) return e
  if (topLevel && isRef(e)) return alias(call('grouping_id', []), 'grouping__id')
  return transformKeepingLocs(e, ctx.locs, (node) => (isRef(node) ? call('grouping_id', []) : undefined))
}

/** `GROUP BY 2`: the second select item (an integer literal is a position, as `spark.sql.groupByOrdinal` says). */
function ordinalItem(node: ast.NumericLiteral, select: ast.Select, items: readonly Expr[]): Expr {
  const position = Number(node.value)
  if (select.items.some((i) => i.expr.kind === 'Star')) {
    throw new AnalysisException('Star (*) is not allowed in a select list when GROUP BY an ordinal position is used.', {
      errorClass: 'STAR_GROUP_BY_POS',
    })
  }
  if (position < 1 || position > items.length) {
    throw new AnalysisException(
      `GROUP BY position ${position} is not in select list (valid range is [1, ${items.length}]).`,
      { errorClass: 'GROUP_BY_POS_OUT_OF_RANGE' },
    )
  }
  const item = unaliased(items[position - 1]!)
  if (isAggregateExpr(item)) {
    throw new AnalysisException(
      `GROUP BY ${position} refers to an expression ${sqlText(item)} that contains an aggregate function. Aggregate functions are not allowed in GROUP BY.`,
      { errorClass: 'GROUP_BY_POS_AGGREGATE' },
    )
  }
  return item
}

const isOrdinal = (node: ast.GroupingItem): node is ast.NumericLiteral =>
  node.kind === 'NumericLiteral' && node.numericKind === 'integer' && Math.abs(Number(node.value)) < 2 ** 31

function groupingExpr(
  node: ast.Expr,
  select: ast.Select,
  input: LogicalPlan,
  items: readonly Expr[],
  ctx: BindContext,
): Expr {
  return atLoc(node.loc, () => {
    if (isOrdinal(node)) return ordinalItem(node, select, items)
    return resolveAt(substituteAliases(bindExpr(node, ctx), input, items, ctx), resolutionInput(input), ctx.locs)
  })
}

/** HAVING's condition: select aliases and window names replaced, resolved against the aggregation's input. */
function havingCondition(
  node: ast.Expr,
  input: LogicalPlan,
  items: readonly Expr[],
  windows: ReadonlyMap<string, Expr>,
  ctx: BindContext,
): Expr {
  const bound = substituteGroupingId(
    substituteWindows(substituteAliases(bindExpr(node, ctx), input, items, ctx), windows, ctx),
    input,
    ctx,
  )
  return resolveAt(bound, resolutionInput(input), ctx.locs, node.loc)
}

/** An aggregating SELECT: GROUP BY (expressions, ordinals, aliases, ALL), the select list, HAVING. */
export function bindAggregation(
  select: ast.Select,
  input: LogicalPlan,
  items: readonly Expr[],
  windows: ReadonlyMap<string, Expr>,
  ctx: BindContext,
): LogicalPlan {
  const groupBy = select.groupBy
  const having = select.having && havingCondition(select.having, input, items, windows, ctx)
  // Hidden USING keys (`GROUP BY nt2.k`) become columns of what the aggregation reads.
  const over = (keys: readonly Expr[]) => exposeReferenced(input, [...keys, ...items, ...(having ? [having] : [])])
  const analytics = groupBy && groupingAnalytics(groupBy, (node) => groupingExpr(node, select, input, items, ctx))
  if (analytics) {
    const child = over(analytics.groupBy)
    return atLoc(select.loc, () => buildGroupingSets(child, analytics.groupBy, analytics.sets, items, having))
  }
  const grouping = !groupBy
    ? []
    : groupBy.all
      ? items.filter((e) => !isAggregateExpr(e)).map(unaliased)
      : groupBy.items.map((node) => groupingExpr(node as ast.Expr, select, input, items, ctx))
  const child = over(grouping)
  return atLoc(select.loc, () => buildAggregate(child, grouping, items, having))
}

/**
 * The grouping expressions and sets of `GROUP BY a, b WITH ROLLUP|CUBE`, `GROUP BY a, b GROUPING SETS(...)` or a list
 * with ROLLUP/CUBE/GROUPING SETS items (the sets are the combinations of the items'); undefined for a plain GROUP BY.
 */
function groupingAnalytics(
  groupBy: ast.GroupBy,
  bind: (node: ast.Expr) => Expr,
): { groupBy: Expr[]; sets: Expr[][] } | undefined {
  const analytic = groupBy.items.some((i) => i.kind === 'GroupingAnalytics')
  if (!groupBy.with && !groupBy.groupingSets && !analytic) return undefined
  if (!analytic) {
    const keys = groupBy.items.map((node) => bind(node as ast.Expr))
    if (groupBy.groupingSets) return { groupBy: keys, sets: groupBy.groupingSets.map((s) => s.map(bind)) }
    const singletons = keys.map((k) => [k])
    return { groupBy: keys, sets: groupBy.with === 'rollup' ? rollupSets(singletons) : cubeSets(singletons) }
  }
  // Each item bound once: its groups are both its grouping expressions and what its sets are made of.
  const bound = groupBy.items.map((item): { keys: Expr[]; sets: Expr[][] } => {
    if (item.kind !== 'GroupingAnalytics') {
      const key = bind(item)
      return { keys: [key], sets: [[key]] }
    }
    return atLoc(item.loc, () => {
      const groups = item.sets.map((s) => s.map(bind))
      const sets = item.type === 'rollup' ? rollupSets(groups) : item.type === 'cube' ? cubeSets(groups) : groups
      return { keys: groups.flat(), sets }
    })
  })
  return { groupBy: bound.flatMap((b) => b.keys), sets: crossSets(bound.map((b) => b.sets)) }
}
