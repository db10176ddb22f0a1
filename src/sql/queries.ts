// Queries as plans: WITH, the body (SELECT, set operations, VALUES, TABLE t), then ORDER BY and LIMIT.
import type * as ast from '../../grammar/index.js'
import { buildLimit, buildUnion } from '../analyzer/plan-builder.js'
import { buildSetOperation } from '../analyzer/set-operations.js'
import { AnalysisException } from '../common/errors.js'
import { dataTypeOf } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import type { LogicalPlan } from '../logical/plan.js'
import { sqlTypeName } from '../types/data-types.js'
import { type BindContext, withCte } from './bind-context.js'
import { constantValue } from './constants.js'
import { bindExpr } from './expressions.js'
import { bindOrderBy } from './order-by.js'
import { aliasedValues, renameColumns, tableRelation } from './relations.js'
import { type BoundSelect, bindSelect } from './select.js'
import { atLoc, resolveAt } from './source-locations.js'
import { buildDeduplicate } from './stateful-builders.js'

type BodyKind = ast.QueryExpr['kind']
type NodeOf<K extends BodyKind> = Extract<ast.QueryExpr, { kind: K }>

const notSupported = (what: string) => new AnalysisException(`${what} is not supported yet.`)

function bindSetOperation(node: ast.SetOperation, ctx: BindContext): BoundSelect {
  const left = bindBody(node.left, ctx).plan
  const right = bindBody(node.right, ctx).plan
  if (node.op !== 'union') return { plan: buildSetOperation(node.op, !node.distinct, left, right) }
  const union = buildUnion(left, right, false)
  // UNION [DISTINCT] is a union followed by a distinct, which on streams is a deduplication (as Dataset.distinct).
  return { plan: node.distinct ? buildDeduplicate(union, undefined, false) : union }
}

const bodies: { [K in BodyKind]: (node: NodeOf<K>, ctx: BindContext) => BoundSelect } = {
  Select: bindSelect,
  SetOperation: bindSetOperation,
  Values: (node, ctx) => ({ plan: aliasedValues(node, ctx) }),
  TableQuery: (node, ctx) => ({ plan: tableRelation(node.name, ctx) }),
  Query: (node, ctx) => ({ plan: bindQuery(node, ctx) }),
}

function bindBody(node: ast.QueryExpr, ctx: BindContext): BoundSelect {
  return atLoc(node.loc, () => bodies[node.kind](node as never, ctx))
}

/** LIMIT's count: a constant INT expression, at least 0 (Spark's INVALID_LIMIT_LIKE_EXPRESSION otherwise). */
function limitCount(node: ast.Expr, ctx: BindContext): number {
  const e = resolveAt(bindExpr(node, ctx), [], ctx.locs)
  const type = dataTypeOf(e)
  if (type.kind !== 'integer' && type.kind !== 'short' && type.kind !== 'byte') {
    throw new AnalysisException(
      `The limit like expression "${sqlText(e)}" is invalid. The limit expression must be integer type, but got "${sqlTypeName(type)}".`,
      { errorClass: 'INVALID_LIMIT_LIKE_EXPRESSION.DATA_TYPE' },
    )
  }
  const value = constantValue(e, ctx)
  if (value === null || value === undefined) {
    throw new AnalysisException(
      `The limit like expression "${sqlText(e)}" is invalid. The evaluated limit expression must not be null.`,
      { errorClass: 'INVALID_LIMIT_LIKE_EXPRESSION.IS_NULL' },
    )
  }
  return value as number
}

/** A query, with its CTEs in scope for its body. */
export function bindQuery(query: ast.Query, ctx: BindContext): LogicalPlan {
  let scope = ctx
  const seen = new Set<string>()
  for (const cte of query.ctes) {
    const name = cte.name.toLowerCase()
    if (seen.has(name)) {
      throw new AnalysisException(`CTE definition can't have duplicate names: \`${cte.name}\`.`, {
        errorClass: 'DUPLICATED_CTE_NAMES',
      }).at(cte.loc)
    }
    seen.add(name)
    const current = scope
    const plan = atLoc(cte.loc, () => renameColumns(bindQuery(cte.query, current), cte.columns))
    scope = withCte(scope, cte.name, plan)
  }
  const body = bindBody(query.body, scope)
  const [unsupported] = [
    ...query.clusterBy.map((e) => ['CLUSTER BY', e.loc] as const),
    ...query.distributeBy.map((e) => ['DISTRIBUTE BY', e.loc] as const),
    ...query.sortBy.map((e) => ['SORT BY', e.loc] as const),
  ]
  if (unsupported) throw notSupported(unsupported[0]).at(unsupported[1])
  let plan = query.orderBy.length > 0 ? bindOrderBy(body, query.orderBy, scope) : body.plan
  if (query.offset) throw notSupported('OFFSET').at(query.offset.loc)
  const limit = query.limit
  if (limit) {
    const count = atLoc(limit.loc, () => limitCount(limit, scope))
    const child = plan
    plan = atLoc(limit.loc, () => buildLimit(child, count))
  }
  return plan
}
