// Correlated scalar subqueries in a SELECT list, rewritten as Spark's RewriteCorrelatedScalarSubquery does: the
// subquery grouped by its correlated columns, LEFT OUTER joined to the outer rows on the correlation equalities.
import type * as ast from '../../grammar/index.js'
import { distinctFromLeft } from '../analyzer/join-builder.js'
import { resolveExpr } from '../analyzer/resolve-expr.js'
import { AnalysisException } from '../common/errors.js'
import { alias, call, type Expr, literal } from '../expr/expression.js'
import { join, type LogicalPlan } from '../logical/plan.js'
import type { BindContext } from './bind-context.js'
import { conjuncts, isUnresolvedColumn, resolvesOver, whereOf } from './conjuncts.js'
import { attributeName, bindExpr } from './expressions.js'
import { bindQuery } from './queries.js'
import { bindFrom } from './relations.js'
import { resolveAt } from './source-locations.js'
import { scalarSubqueryValue } from './subqueries.js'

/** The scalar subqueries of an expression tree, not looking inside other subqueries. */
function scalarSubqueriesIn(node: unknown, found: ast.ScalarSubquery[] = []): ast.ScalarSubquery[] {
  if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node)) return found
  if (Array.isArray(node)) {
    for (const child of node) scalarSubqueriesIn(child, found)
    return found
  }
  const kind = (node as { kind?: string }).kind
  if (kind === 'ScalarSubquery') found.push(node as ast.ScalarSubquery)
  else if (kind !== 'InSubquery' && kind !== 'Exists' && kind !== 'Query') {
    for (const value of Object.values(node)) scalarSubqueriesIn(value, found)
  }
  return found
}

const notSupported = () =>
  new AnalysisException(
    'A correlated scalar subquery is supported as a plain SELECT block whose WHERE conjuncts correlate by equality ' +
      '(inner = outer); this one is not supported yet.',
  )

/**
 * The outer plan with each scalar subquery of the select list joined in, and each subquery's value: uncorrelated
 * ones computed once (subqueries.ts), correlated ones as a column of the join. Undefined when the list has none.
 */
export function joinScalarSubqueries(
  outer: LogicalPlan,
  items: readonly ast.NamedExpr[],
  ctx: BindContext,
): { plan: LogicalPlan; values: Map<ast.ScalarSubquery, Expr>; added: Set<number> } | undefined {
  const subqueries = scalarSubqueriesIn(items)
  if (subqueries.length === 0) return undefined
  const values = new Map<ast.ScalarSubquery, Expr>()
  const added = new Set<number>()
  let plan = outer
  for (const node of subqueries) {
    try {
      values.set(node, scalarSubqueryValue(node, ctx))
    } catch (error) {
      if (!isUnresolvedColumn(error)) throw error
      const before = plan.output.length
      const joined = correlatedJoin(plan, node, ctx, error)
      plan = joined.plan
      for (const a of plan.output.slice(before)) added.add(a.id)
      values.set(node, joined.value)
    }
  }
  return { plan, values, added }
}

/**
 * `(SELECT agg(x) FROM t WHERE t.k = outer.k AND own)` → outer LEFT OUTER JOIN (SELECT agg(x), k FROM t WHERE own
 * GROUP BY k) ON k = outer.k. An outer row without a group gets what the aggregate gives over no rows (count's 0;
 * NULL for most), Spark's fix for the "count bug". Named `scalarsubquery(outer columns)`, as Spark names it.
 */
function correlatedJoin(
  outer: LogicalPlan,
  node: ast.ScalarSubquery,
  ctx: BindContext,
  cause: unknown,
): { plan: LogicalPlan; value: Expr } {
  const select = node.query.body
  const plain =
    select.kind === 'Select' &&
    select.lateralViews.length === 0 &&
    !select.groupBy &&
    !select.having &&
    !select.distinct
  if (!plain || select.from.length === 0 || !select.where || node.query.ctes.length > 0 || select.items.length !== 1)
    throw cause
  const from = bindFrom(select.from, ctx)
  const own: ast.Expr[] = []
  const innerKeys: ast.Expr[] = []
  const outerKeys: ast.Expr[] = []
  for (const conjunct of conjuncts(select.where)) {
    if (resolvesOver(conjunct, from.output, ctx)) {
      own.push(conjunct)
      continue
    }
    if (conjunct.kind !== 'BinaryOp' || conjunct.op !== '=') throw notSupported()
    const leftInner = resolvesOver(conjunct.left, from.output, ctx)
    const rightInner = resolvesOver(conjunct.right, from.output, ctx)
    if (leftInner === rightInner) throw notSupported()
    innerKeys.push(leftInner ? conjunct.left : conjunct.right)
    outerKeys.push(leftInner ? conjunct.right : conjunct.left)
  }
  const outerBound = outerKeys.map((k) => resolveAt(bindExpr(k, ctx), outer.output, ctx.locs))
  const name = `scalarsubquery(${outerKeys.map((k) => (k.kind === 'ColumnRef' ? attributeName(k.parts.slice(-1)) : 'expr')).join(', ')})`
  const item: ast.NamedExpr = { ...select.items[0]!, alias: name }
  const keyItems = innerKeys.map(
    (k, i): ast.NamedExpr => ({ kind: 'NamedExpr', expr: k, alias: `__key${i}`, loc: k.loc }),
  )
  const groupBy: ast.GroupBy = { kind: 'GroupBy', all: false, items: innerKeys, loc: select.loc }
  const { where: _where, ...rest } = select
  const grouped: ast.Select = {
    ...rest,
    items: [item, ...keyItems],
    groupBy,
    ...whereOf(own),
  }
  const inner = distinctFromLeft(outer, bindQuery({ ...node.query, body: grouped }, ctx))
  const both = [...outer.output, ...inner.output]
  const equalities = outerBound.map((o, i) => resolveExpr(call('equal_to', [inner.output[i + 1]!, o]), both))
  const condition = equalities.reduce((a, b) => resolveExpr(call('and', [a, b]), both))
  const plan = join(outer, inner, 'LeftOuter', condition)
  const column = plan.output.find((a) => a.id === inner.output[0]!.id)!
  // What the subquery gives over no rows: its select item over an empty FROM (a global aggregate still has a row).
  const falseWhere: ast.Expr = { kind: 'BooleanLiteral', value: false, loc: select.loc }
  const empty = scalarSubqueryValue({ ...node, query: { ...node.query, body: { ...rest, where: falseWhere } } }, ctx)
  if (empty.kind !== 'Literal' || empty.value === null) return { plan, value: column }
  const patched = resolveExpr(call('coalesce', [column, literal(empty.value, empty.dataType)]), plan.output)
  return { plan, value: alias(patched, name) }
}
