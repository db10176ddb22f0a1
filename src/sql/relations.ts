// FROM-clause relations as logical plans: views and CTEs by name, aliased subqueries, VALUES and window TVFs.
import type * as ast from '../../grammar/index.js'
import { quoteNameParts } from '../analyzer/identifiers.js'
import { buildJoin, type JoinCriteria } from '../analyzer/join-builder.js'
import { buildAlias } from '../analyzer/plan-builder.js'
import { AnalysisException } from '../common/errors.js'
import { alias } from '../expr/expression.js'
import { type JoinType, type LogicalPlan, project } from '../logical/plan.js'
import type { BindContext, SqlCatalog } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { bindQuery } from './queries.js'
import { atLoc } from './source-locations.js'
import { bindValues } from './values.js'
import { bindTableFunction } from './window-tvf.js'

type RelationKind = ast.Relation['kind']
type NodeOf<K extends RelationKind> = Extract<ast.Relation, { kind: K }>

/** Spark names an unaliased subquery in FROM this way. */
const AUTO_SUBQUERY_NAME = '__auto_generated_subquery_name'

function tableNotFound(name: readonly string[]): AnalysisException {
  return new AnalysisException(
    `The table or view ${quoteNameParts(name)} cannot be found. Verify the spelling and correctness of the schema and catalog.`,
    { errorClass: 'TABLE_OR_VIEW_NOT_FOUND' },
  )
}

/** A temporary view as SQL and `spark.table` see it: its plan under a SubqueryAlias of its name. */
export function viewRelation(catalog: SqlCatalog, name: string): LogicalPlan {
  return buildAlias(catalog.lookup(name), name)
}

/** A table name: a CTE in scope, else a temporary view (temporary views live in no namespace). */
export function tableRelation(name: readonly string[], ctx: BindContext): LogicalPlan {
  if (name.length === 1) {
    const cte = ctx.ctes.get(name[0]!.toLowerCase())
    if (cte) return buildAlias(cte, name[0]!)
    if (ctx.session.catalog.tableExists(name[0]!)) return viewRelation(ctx.session.catalog, name[0]!)
  }
  throw tableNotFound(name)
}

/** Columns renamed by an alias' column list (`AS t(x, y)`, `WITH c(x, y) AS …`), then qualified by its name. */
export function aliasRelation(plan: LogicalPlan, name: string, columns: readonly string[]): LogicalPlan {
  return buildAlias(renameColumns(plan, columns), name)
}

export function renameColumns(plan: LogicalPlan, columns: readonly string[]): LogicalPlan {
  if (columns.length === 0) return plan
  if (columns.length !== plan.output.length) {
    throw new AnalysisException(
      `Number of column aliases does not match number of columns. Number of column aliases: ${columns.length}; number of columns: ${plan.output.length}.`,
      { errorClass: 'ASSIGNMENT_ARITY_MISMATCH' },
    )
  }
  return project(
    plan,
    plan.output.map((a, i) => (a.name === columns[i] ? a : alias(a, columns[i]!))),
  )
}

/** `VALUES ... [AS t(a, b)]`, as a relation or a whole query. */
export function aliasedValues(node: ast.Values, ctx: BindContext): LogicalPlan {
  const width = node.rows[0]?.length ?? 0
  const names = node.alias?.columns ?? []
  // ResolveInlineTables compares the alias' column list with every row first.
  if (names.length > 0 && names.length !== width) {
    throw new AnalysisException(
      `Invalid inline table. Inline table expected ${names.length} columns but found ${width} columns in row 0.`,
      { errorClass: 'INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH' },
    ).at(node.alias!.loc)
  }
  return withAlias(bindValues(node, ctx), node.alias)
}

const withAlias = (plan: LogicalPlan, tableAlias: ast.TableAlias | undefined): LogicalPlan =>
  tableAlias ? atLoc(tableAlias.loc, () => aliasRelation(plan, tableAlias.name, tableAlias.columns)) : plan

const SQL_JOIN_TYPES: Readonly<Record<ast.JoinType, JoinType>> = {
  inner: 'Inner',
  cross: 'Cross',
  left: 'LeftOuter',
  right: 'RightOuter',
  full: 'FullOuter',
  left_semi: 'LeftSemi',
  left_anti: 'LeftAnti',
}

const handlers: { [K in RelationKind]: (node: NodeOf<K>, ctx: BindContext) => LogicalPlan } = {
  TableRef: (node, ctx) => withAlias(tableRelation(node.name, ctx), node.alias),
  SubqueryRelation: (node, ctx) => {
    const plan = bindQuery(node.query, ctx)
    return node.alias ? withAlias(plan, node.alias) : buildAlias(plan, AUTO_SUBQUERY_NAME)
  },
  Join: (node, ctx) => {
    const left = bindRelation(node.left, ctx)
    const right = bindRelation(node.right, ctx)
    const criteria: JoinCriteria = node.natural
      ? { kind: 'natural' }
      : node.using
        ? { kind: 'using', columns: node.using }
        : node.on
          ? { kind: 'on', condition: bindExpr(node.on, ctx) }
          : { kind: 'none' }
    const bind = () => buildJoin(left, right, SQL_JOIN_TYPES[node.joinType], criteria)
    return atLoc(node.on?.loc ?? node.loc, bind)
  },
  TableFunction: (node, ctx) => withAlias(bindTableFunction(node, ctx), node.alias),
  Values: (node, ctx) => aliasedValues(node, ctx),
}

/** One relation of a FROM clause; errors carry the relation's position. */
export function bindRelation(node: ast.Relation, ctx: BindContext): LogicalPlan {
  return atLoc(node.loc, () => handlers[node.kind](node as never, ctx))
}

/** The FROM clause: a comma-separated list of relations is their inner join without a condition (WHERE gives one). */
export function bindFrom(from: readonly ast.Relation[], ctx: BindContext): LogicalPlan {
  const [first, ...rest] = from
  return rest.reduce<LogicalPlan>(
    (left, relation) => buildJoin(left, bindRelation(relation, ctx), 'Inner', { kind: 'none' }),
    bindRelation(first!, ctx),
  )
}
