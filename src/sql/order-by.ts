// ORDER BY: ordinals, output names and aliases, and (as Spark) columns or aggregates the select list leaves out.

import type * as ast from '../../grammar/index.js'
import { resolutionInput } from '../analyzer/hidden-columns.js'
import { buildProject } from '../analyzer/plan-builder.js'
import { AnalysisException } from '../common/errors.js'
import {
  type Alias,
  type Attribute,
  alias,
  collect,
  type Expr,
  exists,
  sortOrder,
  toAttribute,
  transformDown,
} from '../expr/expression.js'
import { isGroupingCall, unsupportedGroupingExpression } from '../expr/functions/grouping.js'
import { sqlText } from '../expr/sql-text.js'
import { explainExpr } from '../logical/explain-expr.js'
import type { LogicalPlan } from '../logical/plan.js'
import { substituteAliases, substituteGroupingId } from './aggregation.js'
import type { BindContext } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { type BoundSelect, isAggregateExpr, type SelectScope, substituteWindows } from './select.js'
import { atLoc, resolveAt } from './source-locations.js'
import { buildSort } from './stateful-builders.js'

type Attempt = { readonly ok: true; readonly expr: Expr } | { readonly ok: false; readonly error: unknown }

const attempt = (body: () => Expr): Attempt => {
  try {
    return { ok: true, expr: body() }
  } catch (error) {
    if (error instanceof AnalysisException) return { ok: false, error }
    throw error
  }
}

/** A key Spark accepts that Rivulet cannot sort by yet: reported instead of the failed resolution's error. */
class UnsupportedSortKey extends AnalysisException {}

const unsupportedAggregate = (e: Expr) =>
  new UnsupportedSortKey(
    `ORDER BY ${sqlText(e)} is not supported yet: aggregate functions in ORDER BY must be in the select list.`,
  )

const isOrdinal = (node: ast.Expr): node is ast.NumericLiteral =>
  node.kind === 'NumericLiteral' && node.numericKind === 'integer' && Math.abs(Number(node.value)) < 2 ** 31

/** The sort key resolved against the output: a position, an output name or alias, or an expression over them. */
function againstOutput(item: ast.SortItem, output: readonly Attribute[], ctx: BindContext): Attempt {
  const node = item.expr
  if (isOrdinal(node)) {
    const position = Number(node.value)
    if (position < 1 || position > output.length) {
      throw new AnalysisException(
        `ORDER BY position ${position} is not in select list (valid range is [1, ${output.length}]).`,
        { errorClass: 'ORDER_BY_POS_OUT_OF_RANGE' },
      ).at(node.loc)
    }
    return { ok: true, expr: output[position - 1]! }
  }
  return attempt(() => {
    const resolved = resolveAt(bindExpr(node, ctx), output, ctx.locs)
    // An aggregate over the output's rows (`ORDER BY count(*)`) means the aggregation's value, matched below.
    if (isAggregateExpr(resolved)) throw unsupportedAggregate(resolved).at(node.loc)
    // grouping(e) is a value of the aggregation (grouping sets), never of the output's rows.
    if (exists(resolved, isGroupingCall)) throw unsupportedGroupingExpression().at(node.loc)
    return resolved
  })
}

const referencesOnly = (e: Expr, attributes: readonly Attribute[]) =>
  collect(e, (n): n is Attribute => n.kind === 'Attribute').every((a) => attributes.some((b) => b.id === a.id))

/**
 * After an aggregation: parts of the key equal to a select item become that item's output column; an aggregate the
 * select list lacks (`ORDER BY max(age)`) becomes a hidden item, added to `hidden`, computed by the aggregation and
 * projected away after the sort (Spark's ResolveAggregateFunctions).
 */
function againstAggregate(
  item: ast.SortItem,
  plan: LogicalPlan,
  scope: SelectScope,
  hidden: Alias[],
  ctx: BindContext,
): Attempt {
  return attempt(() => {
    const bound = substituteAliases(bindExpr(item.expr, ctx), scope.input, scope.items, ctx)
    const virtual = substituteGroupingId(substituteWindows(bound, scope.windows, ctx), scope.input, ctx)
    const resolved = resolveAt(virtual, scope.input.output, ctx.locs)
    const texts = scope.items.map((e) => explainExpr(e.kind === 'Alias' ? e.child : e))
    const added: Alias[] = []
    const mapped = transformDown(resolved, (node) => {
      const index = texts.indexOf(explainExpr(node))
      if (index >= 0) return plan.output[index]
      if (node.kind !== 'Agg' && !isGroupingCall(node)) return undefined
      const extra = alias(node, sqlText(node))
      added.push(extra)
      return toAttribute(extra)
    })
    if (added.length > 0 && !scope.withExtraItems) throw unsupportedAggregate(resolved).at(item.expr.loc)
    if (!referencesOnly(mapped, [...plan.output, ...added.map(toAttribute)])) {
      throw new AnalysisException('not in the aggregation output')
    }
    hidden.push(...added)
    return mapped
  })
}

const directed = (item: ast.SortItem, e: Expr): Expr => {
  const ascending = item.direction !== 'desc'
  return sortOrder(e, ascending, item.nulls === undefined ? ascending : item.nulls === 'first')
}

/** The body sorted by `items`. */
export function bindOrderBy(body: BoundSelect, items: readonly ast.SortItem[], ctx: BindContext): LogicalPlan {
  const { plan, scope } = body
  const first = items.map((item) => againstOutput(item, plan.output, ctx))
  const sorted = (child: LogicalPlan, keys: readonly Expr[]) =>
    atLoc(items[0]!.loc, () =>
      buildSort(
        child,
        keys.map((e, i) => directed(items[i]!, e)),
      ),
    )
  const failure = (attempts: readonly Attempt[]) => attempts.find((a) => !a.ok)
  if (!failure(first))
    return sorted(
      plan,
      first.map((a) => (a as { expr: Expr }).expr),
    )
  if (!scope) throw (failure(first) as { error: unknown }).error
  if (scope.aggregated) {
    const hidden: Alias[] = []
    const second = first.map((a, i) => (a.ok ? a : againstAggregate(items[i]!, plan, scope, hidden, ctx)))
    const failed = second.findIndex((a) => !a.ok)
    if (failed >= 0) {
      const { error } = second[failed] as { error: unknown }
      throw error instanceof UnsupportedSortKey ? error : (first[failed] as { error: unknown }).error
    }
    const keys = second.map((a) => (a as { expr: Expr }).expr)
    if (hidden.length === 0) return sorted(plan, keys)
    const widened = atLoc(items[0]!.loc, () => scope.withExtraItems!(hidden))
    return buildProject(sorted(widened, keys), widened.output.slice(0, plan.output.length))
  }
  // Keys over input columns the select list drops: project them too, sort, then project them away (Spark's
  // ResolveMissingReferences).
  const keys = first.map((a, i) => {
    if (a.ok) return a.expr
    const item = items[i]!
    return resolveAt(
      substituteAliases(bindExpr(item.expr, ctx), scope.input, scope.items, ctx),
      resolutionInput(scope.input),
      ctx.locs,
    )
  })
  const missing = keys
    .flatMap((k) => collect(k, (n): n is Attribute => n.kind === 'Attribute'))
    .filter((a, i, all) => !plan.output.some((b) => b.id === a.id) && all.findIndex((b) => b.id === a.id) === i)
  const widened = atLoc(items[0]!.loc, () => buildProject(scope.input, [...scope.items, ...missing]))
  return buildProject(sorted(widened, keys), widened.output.slice(0, plan.output.length))
}
