// A SELECT block as a plan: FROM, LATERAL VIEW, WHERE, then a projection or an aggregation, then DISTINCT.
import type * as ast from '../../grammar/index.js'
import { hasAggregateOutsideWindows } from '../analyzer/extract-windows.js'
import { exposeReferenced, resolutionInput } from '../analyzer/hidden-columns.js'
import { parseAttributeName } from '../analyzer/identifiers.js'
import { buildFilter, buildProject, expandStars } from '../analyzer/plan-builder.js'
import { alias, call, type Expr, literal } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import type { LogicalPlan } from '../logical/plan.js'
import { STRING } from '../types/data-types.js'
import { bindAggregation, substituteGroupingId } from './aggregation.js'
import type { BindContext } from './bind-context.js'
import { oneRowRelation } from './constants.js'
import { joinScalarSubqueries } from './correlated-scalar.js'
import { bindExpr } from './expressions.js'
import { bindLateralView, generateWith } from './generators.js'
import { bindPivot } from './pivot.js'
import { bindFrom } from './relations.js'
import { atLoc, resolveAt, transformKeepingLocs } from './source-locations.js'
import { buildDeduplicate } from './stateful-builders.js'
import { applyPredicateSubqueries } from './subqueries.js'
import { windowDefinitions } from './windows.js'

/** What ORDER BY may reach besides the select's output: the plan the select list reads and the list itself. */
export interface SelectScope {
  readonly input: LogicalPlan
  /** The select list resolved against `input`, stars expanded, every item named. */
  readonly items: readonly Expr[]
  readonly aggregated: boolean
  /** `window` / `session_window` groupings by name (see windowGroupings). */
  readonly windows: ReadonlyMap<string, Expr>
  /** The aggregation again with `extra` items after the select list's (aggregates ORDER BY needs); when aggregated. */
  readonly withExtraItems?: (extra: readonly Expr[]) => LogicalPlan
}

export interface BoundSelect {
  readonly plan: LogicalPlan
  /** Absent after DISTINCT, where ORDER BY sees only the output. */
  readonly scope?: SelectScope
}

export const isAggregateExpr = hasAggregateOutsideWindows

const firstArgument = (e: Expr): Expr | undefined =>
  e.kind === 'Fn' ? e.args[0] : e.kind === 'Cast' ? firstArgument(e.child) : undefined

/** Spark's name for an unaliased item where it differs from the name of the expression it binds to. */
function writtenName(node: ast.Expr, resolved: Expr): string | undefined {
  const source = firstArgument(resolved)
  if (!source) return undefined
  if (node.kind === 'Extract') return `extract(${node.field} FROM ${sqlText(source)})`
  if (node.kind === 'Trim' && node.chars && resolved.kind === 'Fn') {
    return `TRIM(${node.mode.toUpperCase()} ${sqlText(resolved.args[1]!)} FROM ${sqlText(source)})`
  }
  return undefined
}

/**
 * `GROUP BY window(ts, …)` lets the select list, HAVING and ORDER BY say `window` or `window.start` (likewise
 * `session_window`): the grouping expressions by the name of the column they become, resolved against `input`.
 */
export function windowGroupings(select: ast.Select, input: LogicalPlan, ctx: BindContext): Map<string, Expr> {
  const windows = new Map<string, Expr>()
  for (const node of select.groupBy?.items ?? []) {
    if (node.kind !== 'FunctionCall' || node.name.length !== 1) continue
    const name = node.name[0]!.toLowerCase()
    if ((name === 'window' || name === 'session_window') && !input.output.some((a) => a.name.toLowerCase() === name)) {
      windows.set(name, resolveAt(bindExpr(node, ctx), input.output, ctx.locs))
    }
  }
  return windows
}

/** `e` with `window` / `window.start` references replaced by the window grouping (`window.start` named `start`). */
export function substituteWindows(e: Expr, windows: ReadonlyMap<string, Expr>, ctx: BindContext): Expr {
  if (windows.size === 0) return e
  return transformKeepingLocs(e, ctx.locs, (node) => {
    if (node.kind !== 'ColumnRef') return undefined
    const [first, ...fields] = parseAttributeName(node.name)
    const window = windows.get(first!.toLowerCase())
    if (!window) return undefined
    const value = fields.reduce<Expr>((acc, f) => call('get_field', [acc, literal(f, STRING)]), window)
    return fields.length === 0 ? value : alias(value, fields[fields.length - 1]!)
  })
}

/** One select item resolved against `input`: stars expanded, aliases applied. */
function bindItem(
  item: ast.NamedExpr,
  input: LogicalPlan,
  windows: ReadonlyMap<string, Expr>,
  ctx: BindContext,
): Expr[] {
  return atLoc(item.loc, () => {
    const bound = bindExpr(item.expr, ctx)
    if (bound.kind === 'Star') {
      const hidden = ctx.hiddenColumns
      const columns = resolutionInput(input)
      return expandStars([bound], hidden ? columns.filter((a) => !hidden.has(a.id)) : columns)
    }
    const virtual = substituteGroupingId(substituteWindows(bound, windows, ctx), input, ctx, true)
    const resolved = resolveAt(virtual, resolutionInput(input), ctx.locs)
    const name = item.alias ?? writtenName(item.expr, resolved)
    return [name === undefined ? resolved : alias(resolved.kind === 'Alias' ? resolved.child : resolved, name)]
  })
}

/** The FROM clause with its lateral views and WHERE condition applied. */
function bindSource(select: ast.Select, ctx: BindContext): LogicalPlan {
  let plan = select.from.length > 0 ? bindFrom(select.from, ctx) : oneRowRelation()
  for (const view of select.lateralViews) {
    const current = plan
    plan = atLoc(view.loc, () => bindLateralView(current, view, ctx))
  }
  if (select.pivot) plan = bindPivot(plan, select.pivot, ctx)
  if (select.where) {
    // IN / EXISTS subqueries among the conjuncts become semi and anti joins; the rest filters.
    const { plan: joined, rest: where } = applyPredicateSubqueries(plan, select.where, ctx)
    plan = joined
    if (where) {
      const condition = resolveAt(bindExpr(where, ctx), resolutionInput(plan), ctx.locs)
      const current = plan
      plan = atLoc(where.loc, () => buildFilter(current, condition))
    }
  }
  return plan
}

/**
 * `SELECT gen(x) AS (a, b), …`: the generator becomes a Generate under the projection, its item the generated
 * columns. Returns the input to project from and the items.
 */
function bindProjection(
  select: ast.Select,
  source: LogicalPlan,
  windows: ReadonlyMap<string, Expr>,
  ctx: BindContext,
): { input: LogicalPlan; items: Expr[] } {
  let input = source
  const items = select.items.flatMap((item) => {
    if (!item.aliases) return bindItem(item, source, windows, ctx)
    return atLoc(item.loc, () => {
      const call = resolveAt(bindExpr(item.expr, ctx), source.output, ctx.locs)
      const before = input
      input = generateWith(before, call, item.aliases!)
      return input.output.slice(before.output.length)
    })
  })
  return { input, items }
}

/** A SELECT block. */
export function bindSelect(select: ast.Select, outer: BindContext): BoundSelect {
  const windowed = select.windows ? { ...outer, windows: windowDefinitions(select.windows, outer) } : outer
  const filtered = bindSource(select, windowed)
  // Scalar subqueries in the select list: computed now, or (correlated) joined to the source.
  const joined = joinScalarSubqueries(filtered, select.items, windowed)
  const source = joined?.plan ?? filtered
  const ctx = joined ? { ...windowed, scalarSubqueries: joined.values, hiddenColumns: joined.added } : windowed
  const windows = windowGroupings(select, source, ctx)
  const { input: projected, items } = bindProjection(select, source, windows, ctx)
  const aggregated = select.groupBy !== undefined || select.having !== undefined || items.some(isAggregateExpr)
  // A hidden USING key the list reads (`nt2.k`) is a column of what the aggregation reads (buildProject does this
  // itself).
  const input = aggregated ? exposeReferenced(projected, items) : projected
  const plan = aggregated
    ? bindAggregation(select, input, items, windows, ctx)
    : atLoc(select.loc, () => buildProject(input, items))
  const withExtraItems = aggregated
    ? (extra: readonly Expr[]) => bindAggregation(select, input, [...items, ...extra], windows, ctx)
    : undefined
  if (!select.distinct) return { plan, scope: { input, items, aggregated, windows, withExtraItems } }
  return { plan: atLoc(select.loc, () => buildDeduplicate(plan, undefined, false)) }
}
