// GROUP BY and HAVING: ordinals and select aliases replaced by the expressions they stand for, then an Aggregate.
import type * as ast from '../../grammar/index.js'
import { parseAttributeName } from '../analyzer/identifiers.js'
import { AnalysisException } from '../common/errors.js'
import type { Expr } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import type { LogicalPlan } from '../logical/plan.js'
import type { BindContext } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { isAggregateExpr, substituteWindows } from './select.js'
import { atLoc, resolveAt, transformKeepingLocs } from './source-locations.js'
import { buildAggregate } from './stateful-builders.js'

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
  node: ast.GroupingItem,
  select: ast.Select,
  input: LogicalPlan,
  items: readonly Expr[],
  ctx: BindContext,
): Expr {
  return atLoc(node.loc, () => {
    if (node.kind === 'GroupingAnalytics')
      throw new AnalysisException('ROLLUP, CUBE and GROUPING SETS are not supported yet.')
    if (isOrdinal(node)) return ordinalItem(node, select, items)
    return resolveAt(substituteAliases(bindExpr(node, ctx), input, items, ctx), input.output, ctx.locs)
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
  const bound = substituteWindows(substituteAliases(bindExpr(node, ctx), input, items, ctx), windows, ctx)
  return resolveAt(bound, input.output, ctx.locs, node.loc)
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
  if (groupBy?.with) {
    throw new AnalysisException(`GROUP BY … WITH ${groupBy.with.toUpperCase()} is not supported yet.`).at(groupBy.loc)
  }
  const grouping = !groupBy
    ? []
    : groupBy.all
      ? items.filter((e) => !isAggregateExpr(e)).map(unaliased)
      : groupBy.items.map((node) => groupingExpr(node, select, input, items, ctx))
  const having = select.having && havingCondition(select.having, input, items, windows, ctx)
  return atLoc(select.loc, () => buildAggregate(input, grouping, items, having))
}
