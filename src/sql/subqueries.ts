// Subqueries in expressions: an uncorrelated scalar subquery is computed once, as a constant; IN, NOT IN, EXISTS
// and NOT EXISTS among a WHERE clause's conjuncts become semi and anti joins, as Spark's RewritePredicateSubquery
// makes them, with the subquery's correlated conjuncts (those naming outer columns) as part of the join condition.
import type * as ast from '../../grammar/index.js'
import { distinctFromLeft } from '../analyzer/join-builder.js'
import { resolveColumnName, resolveExpr } from '../analyzer/resolve-expr.js'
import { columnsOf } from '../arrow/index.js'
import { AnalysisException, SparkRuntimeException } from '../common/errors.js'
import { type Attribute, call, type Expr, type Literal, transformDown } from '../expr/expression.js'
import { scalarAt } from '../expr/functions/vector.js'
import { sqlText } from '../expr/sql-text.js'
import { join, type LogicalPlan } from '../logical/plan.js'
import type { BindContext } from './bind-context.js'
import { allOf, conjuncts, isUnresolvedColumn, resolvesOver, whereOf } from './conjuncts.js'
import { bindExpr } from './expressions.js'
import { bindQuery } from './queries.js'
import { bindFrom } from './relations.js'
import { resolveAt } from './source-locations.js'

/** A subquery over a stream would have to run as a batch query: Spark's error for running a streaming plan so. */
const streamingSubquery = () =>
  new AnalysisException('Queries with streaming sources must be executed with writeStream.start();', {
    errorClass: '_LEGACY_ERROR_TEMP_3102',
  })

/**
 * `(SELECT …)` as a value: the subquery runs once, now (it is uncorrelated, so every row sees the same value). No row
 * gives NULL; more than one is Spark's SCALAR_SUBQUERY_TOO_MANY_ROWS. The value prints as `scalarsubquery()`.
 */
export function scalarSubqueryValue(node: ast.ScalarSubquery, ctx: BindContext): Expr {
  const plan = bindQuery(node.query, ctx)
  if (plan.output.length !== 1) {
    throw new AnalysisException(
      `Invalid subquery: Scalar subquery must return only one column, but got ${plan.output.length}.`,
      { errorClass: 'INVALID_SUBQUERY_EXPRESSION.SCALAR_SUBQUERY_RETURN_MORE_THAN_ONE_OUTPUT_COLUMN' },
    )
  }
  if (plan.isStreaming) throw streamingSubquery()
  const batch = ctx.session.execute(plan)
  if (batch.numRows > 1) {
    throw new SparkRuntimeException('More than one row returned by a subquery used as an expression.', {
      errorClass: 'SCALAR_SUBQUERY_TOO_MANY_ROWS',
    })
  }
  const type = plan.output[0]!.dataType
  const value = batch.numRows === 0 ? null : scalarAt(columnsOf(batch)[0]!, type, 0).value
  const result: Literal = { kind: 'Literal', value, dataType: type, text: 'scalarsubquery()' }
  return Object.freeze(result)
}

/** A predicate subquery among a WHERE clause's conjuncts. */
interface PredicateSubquery {
  readonly query: ast.Query
  /** The IN value; absent for EXISTS. */
  readonly value?: ast.Expr
  readonly negated: boolean
}

function predicateSubquery(node: ast.Expr): PredicateSubquery | undefined {
  if (node.kind === 'Exists') return { query: node.query, negated: false }
  if (node.kind === 'InSubquery') return { query: node.query, value: node.value, negated: node.negated }
  if (node.kind === 'Not') {
    const inner = predicateSubquery(node.operand)
    return inner && { ...inner, negated: !inner.negated }
  }
  return undefined
}

interface BoundSubquery {
  readonly plan: LogicalPlan
  /** How many of the plan's columns are the subquery's own (the rest are its FROM's, for correlated conjuncts). */
  readonly ownColumns: number
  /** The conjuncts of its WHERE clause that name outer columns, unresolved. */
  readonly correlated: readonly Expr[]
}

/**
 * The subquery as a plan. When it names outer columns, its WHERE conjuncts that do not resolve over its own FROM are
 * lifted out (a plain SELECT block only: no aggregation, no lateral view), and the block also outputs its FROM's
 * columns, after its own, for the join condition to read.
 */
function bindSubquery(query: ast.Query, ctx: BindContext): BoundSubquery {
  try {
    const plan = bindQuery(query, ctx)
    return { plan, ownColumns: plan.output.length, correlated: [] }
  } catch (error) {
    const select = query.body
    const plain = select.kind === 'Select' && select.lateralViews.length === 0 && !select.groupBy && !select.having
    if (!isUnresolvedColumn(error) || !plain || !select.where) throw error
    const from = bindFrom(select.from, ctx)
    const own: ast.Expr[] = []
    const correlated: Expr[] = []
    for (const conjunct of conjuncts(select.where)) {
      if (resolvesOver(conjunct, from.output, ctx)) own.push(conjunct)
      else correlated.push(bindExpr(conjunct, ctx))
    }
    if (correlated.length === 0) throw error
    const star: ast.NamedExpr = {
      kind: 'NamedExpr',
      expr: { kind: 'Star', qualifier: [], loc: select.loc },
      loc: select.loc,
    }
    const { where: _where, ...rest } = select
    const body: ast.Select = {
      ...rest,
      items: [...select.items, star],
      ...whereOf(own),
    }
    const plan = bindQuery({ ...query, body }, ctx)
    return { plan, ownColumns: plan.output.length - from.output.length, correlated }
  }
}

/** Column names resolved in the subquery's FROM first (Spark looks in the subquery before the outer query). */
function resolveCorrelated(e: Expr, innerColumns: readonly Attribute[], outerColumns: readonly Attribute[]): Expr {
  return transformDown(e, (node) => {
    if (node.kind !== 'ColumnRef') return undefined
    try {
      return resolveColumnName(node.name, innerColumns)
    } catch (error) {
      if (!isUnresolvedColumn(error)) throw error
      return resolveColumnName(node.name, outerColumns)
    }
  })
}

/**
 * The outer plan semi- or anti-joined with the subquery. IN is a semi join on `value = column`; NOT IN an anti
 * join on `value = column OR (value = column) IS NULL`, Spark's null-aware rule (a row is kept only when its value
 * is unequal to every subquery value, so a NULL on either side drops it unless the subquery is empty); EXISTS and
 * NOT EXISTS join on the correlated conjuncts alone.
 */
function subqueryJoin(outer: LogicalPlan, predicate: PredicateSubquery, ctx: BindContext): LogicalPlan {
  const { plan, ownColumns, correlated } = bindSubquery(predicate.query, ctx)
  if (plan.isStreaming) throw streamingSubquery()
  const inner = distinctFromLeft(outer, plan)
  const both = [...outer.output, ...inner.output]
  const resolve = (e: Expr) => resolveExpr(e, both)
  const conditions = correlated.map((c) => resolve(resolveCorrelated(c, inner.output.slice(ownColumns), outer.output)))
  if (predicate.value) {
    const value = resolveAt(bindExpr(predicate.value, ctx), outer.output, ctx.locs)
    if (ownColumns !== 1) {
      throw new AnalysisException(
        `Cannot resolve "(${sqlText(value)} IN (listquery()))" due to data type mismatch: The number of columns in ` +
          'the left hand side of an IN subquery does not match the number of columns in the output of subquery. ' +
          `Left hand side columns(length: 1): [${sqlText(value)}], right hand side columns(length: ${ownColumns}): ` +
          `[${inner.output
            .slice(0, ownColumns)
            .map((a) => a.name)
            .join(', ')}].`,
        { errorClass: 'DATATYPE_MISMATCH.INVALID_IN_SUBQUERY_NUMBER_OF_COLUMNS' },
      )
    }
    const equal = resolve(call('equal_to', [value, inner.output[0]!]))
    conditions.unshift(predicate.negated ? resolve(call('or', [equal, call('is_null', [equal])])) : equal)
  }
  const condition = conditions.length === 0 ? undefined : conditions.reduce((a, b) => resolve(call('and', [a, b])))
  return join(outer, inner, predicate.negated ? 'LeftAnti' : 'LeftSemi', condition)
}

/**
 * A WHERE clause over `plan`: its predicate subqueries applied as joins, in order; the rest of the condition (what
 * remains to filter on) returned as AST, or undefined when nothing remains.
 */
export function applyPredicateSubqueries(
  plan: LogicalPlan,
  where: ast.Expr,
  ctx: BindContext,
): { plan: LogicalPlan; rest?: ast.Expr } {
  let out = plan
  const rest: ast.Expr[] = []
  for (const conjunct of conjuncts(where)) {
    const predicate = predicateSubquery(conjunct)
    if (predicate) out = subqueryJoin(out, predicate, ctx)
    else rest.push(conjunct)
  }
  // Without subqueries the condition stays as parsed (a long chain is a balanced tree, which a rebuild would lose).
  if (out === plan) return { plan, rest: where }
  return rest.length > 0 ? { plan: out, rest: allOf(rest) } : { plan: out }
}
