// CST-to-AST conversion of queries and relations: SELECT blocks, set operations, GROUP BY, FROM and joins.
import type {
  Cte,
  DescriptorArgument,
  Expr,
  FrameBoundAst,
  GroupBy,
  GroupingAnalytics,
  GroupingItem,
  Join,
  JoinType,
  LateralView,
  Loc,
  NamedExpr,
  NamedWindow,
  Pivot,
  Query,
  QueryExpr,
  Relation,
  Select,
  SetOperation,
  SortItem,
  TableAlias,
  TableArgument,
  TableFunctionArg,
  Values,
  WindowFrameAst,
  WindowSpecAst,
} from './ast.js'
import {
  type Children,
  has,
  node,
  nodeLoc,
  nodes,
  optionalNode,
  optionalToken,
  soleNode,
  span,
  token,
  tokenLoc,
  tokens,
} from './cst-reading.js'
import { errorAtToken } from './error-reporting.js'
import { ExpressionAstBuilder } from './to-ast-expressions.js'

interface FromClause {
  readonly relations: readonly Relation[]
  readonly lateralViews: readonly LateralView[]
  readonly pivot?: Pivot
}

interface SetOperator {
  readonly op: SetOperation['op']
  readonly distinct: boolean
}

type QueryOrganization = Pick<Query, 'orderBy' | 'clusterBy' | 'distributeBy' | 'sortBy' | 'limit' | 'offset'>

export abstract class QueryAstBuilder extends ExpressionAstBuilder {
  // ── Queries ────────────────────────────────────────────────────────────────────────────────────────────────

  query(ctx: Children, loc: Loc): Query {
    const ctes = nodes(ctx, 'cte').map((cte) => this.ast<Cte>(cte))
    const body = this.ast<QueryExpr>(node(ctx, 'unionTerm'))
    const organization = this.ast<QueryOrganization>(node(ctx, 'queryOrganization'))
    const bare = ctes.length === 0 && Object.values(organization).every((clause) => isEmptyClause(clause))
    // `(query)` with nothing around it is the inner query itself, spanning the parentheses.
    if (bare && body.kind === 'Query') return { ...body, loc }
    return { kind: 'Query', ctes, body, ...organization, loc }
  }

  cte(ctx: Children, loc: Loc): Cte {
    const columns = optionalNode(ctx, 'identifierList')
    return {
      kind: 'Cte',
      name: this.name(token(ctx, 'Name')),
      columns: columns ? this.ast<string[]>(columns) : [],
      query: this.ast(node(ctx, 'query')),
      loc,
    }
  }

  private setOperations(ctx: Children, operandKey: string, operatorKey: string): QueryExpr {
    const operators = nodes(ctx, operatorKey).map((op) => this.ast<SetOperator>(op))
    return this.foldLeft<QueryExpr, SetOperator>(nodes(ctx, operandKey), operators, (left, op, right, loc) => ({
      kind: 'SetOperation',
      ...op,
      left,
      right,
      loc,
    }))
  }

  unionTerm(ctx: Children): QueryExpr {
    return this.setOperations(ctx, 'intersectTerm', 'unionOperator')
  }

  unionOperator(ctx: Children): SetOperator {
    const quantifier = optionalNode(ctx, 'setQuantifier')
    return { op: has(ctx, 'Union') ? 'union' : 'except', distinct: quantifier ? this.ast<boolean>(quantifier) : true }
  }

  intersectTerm(ctx: Children): QueryExpr {
    return this.setOperations(ctx, 'queryPrimary', 'intersectOperator')
  }

  intersectOperator(ctx: Children): SetOperator {
    const quantifier = optionalNode(ctx, 'setQuantifier')
    return { op: 'intersect', distinct: quantifier ? this.ast<boolean>(quantifier) : true }
  }

  /** true for DISTINCT, false for ALL */
  setQuantifier(ctx: Children): boolean {
    return has(ctx, 'Distinct')
  }

  queryPrimary(ctx: Children, loc: Loc): QueryExpr {
    if (has(ctx, 'Table')) return { kind: 'TableQuery', name: this.ast(node(ctx, 'multipartName')), loc }
    return this.ast(soleNode(ctx))
  }

  querySpecification(ctx: Children, loc: Loc): Select {
    const quantifier = optionalNode(ctx, 'setQuantifier')
    const from = optionalNode(ctx, 'fromClause')
    const { relations, lateralViews, pivot } = from
      ? this.ast<FromClause>(from)
      : { relations: [], lateralViews: [], pivot: undefined }
    const where = optionalNode(ctx, 'where')
    const groupBy = optionalNode(ctx, 'groupByClause')
    const having = optionalNode(ctx, 'having')
    const windows = nodes(ctx, 'namedWindow').map((w) => this.ast<NamedWindow>(w))
    return {
      kind: 'Select',
      distinct: quantifier ? this.ast<boolean>(quantifier) : false,
      items: nodes(ctx, 'namedExpression').map((item) => this.ast(item)),
      from: relations,
      lateralViews,
      ...(pivot && { pivot }),
      ...(where && { where: this.expr(where) }),
      ...(groupBy && { groupBy: this.ast<GroupBy>(groupBy) }),
      ...(having && { having: this.expr(having) }),
      ...(windows.length > 0 && { windows }),
      loc,
    }
  }

  namedWindow(ctx: Children, loc: Loc): NamedWindow {
    return { name: this.name(token(ctx, 'Name')), spec: this.ast(node(ctx, 'windowSpec')), loc }
  }

  // ── Window specifications ─────────────────────────────────────────────────────────────────────────────────

  windowSpec(ctx: Children, loc: Loc): WindowSpecAst {
    const name = optionalToken(ctx, 'Name')
    if (name) return { kind: 'WindowRef', name: this.name(name), loc }
    return this.ast(node(ctx, 'windowDefinition'))
  }

  windowDefinition(ctx: Children, loc: Loc): WindowSpecAst {
    const reference = optionalToken(ctx, 'reference')
    if (reference) return { kind: 'WindowRef', name: this.name(reference), loc }
    const frame = optionalNode(ctx, 'windowFrame')
    return {
      kind: 'WindowDefinition',
      partitionBy: this.exprs(nodes(ctx, 'partitionBy')),
      orderBy: nodes(ctx, 'sortItem').map((item) => this.ast<SortItem>(item)),
      ...(frame && { frame: this.ast<WindowFrameAst>(frame) }),
      loc,
    }
  }

  /** A single bound is the lower one; the upper is then CURRENT ROW (Spark's default). */
  windowFrame(ctx: Children): WindowFrameAst {
    const [lower, upper] = nodes(ctx, 'frameBound').map((b) => this.ast<FrameBoundAst>(b))
    return { type: has(ctx, 'Rows') ? 'rows' : 'range', lower: lower!, upper: upper ?? { kind: 'CurrentRow' } }
  }

  frameBound(ctx: Children): FrameBoundAst {
    const direction = optionalNode(ctx, 'boundDirection')
    const preceding = direction !== undefined && this.ast<boolean>(direction)
    if (has(ctx, 'Current')) return { kind: 'CurrentRow' }
    if (has(ctx, 'Unbounded')) return { kind: preceding ? 'UnboundedPreceding' : 'UnboundedFollowing' }
    return { kind: 'Offset', value: this.expr(node(ctx, 'expression')), preceding }
  }

  /** Whether the bound is PRECEDING. */
  boundDirection(ctx: Children): boolean {
    return has(ctx, 'Preceding')
  }

  groupByClause(ctx: Children, loc: Loc): GroupBy {
    const modifier = has(ctx, 'Rollup') ? 'rollup' : has(ctx, 'Cube') ? 'cube' : undefined
    return {
      kind: 'GroupBy',
      all: has(ctx, 'All'),
      items: nodes(ctx, 'groupingItem').map((item) => this.ast<GroupingItem>(item)),
      ...(modifier && { with: modifier }),
      ...(has(ctx, 'Sets') && { groupingSets: nodes(ctx, 'groupingSet').map((set) => this.ast<Expr[]>(set)) }),
      loc,
    }
  }

  groupingItem(ctx: Children): GroupingItem {
    return this.ast(soleNode(ctx))
  }

  groupingAnalytics(ctx: Children, loc: Loc): GroupingAnalytics {
    const type = has(ctx, 'Rollup') ? 'rollup' : has(ctx, 'Cube') ? 'cube' : 'grouping_sets'
    return { kind: 'GroupingAnalytics', type, sets: nodes(ctx, 'groupingSet').map((set) => this.ast(set)), loc }
  }

  groupingSet(ctx: Children): Expr[] {
    return this.exprs(nodes(ctx, 'expression'))
  }

  queryOrganization(ctx: Children): QueryOrganization {
    const limit = optionalNode(ctx, 'limit')
    const offset = optionalNode(ctx, 'offset')
    return {
      orderBy: nodes(ctx, 'orderBy').map((item) => this.ast<SortItem>(item)),
      clusterBy: this.exprs(nodes(ctx, 'clusterBy')),
      distributeBy: this.exprs(nodes(ctx, 'distributeBy')),
      sortBy: nodes(ctx, 'sortBy').map((item) => this.ast<SortItem>(item)),
      ...(limit && { limit: this.expr(limit) }),
      ...(offset && { offset: this.expr(offset) }),
    }
  }

  sortItem(ctx: Children, loc: Loc): SortItem {
    const direction = has(ctx, 'Asc') ? 'asc' : has(ctx, 'Desc') ? 'desc' : undefined
    const nulls = has(ctx, 'First') ? 'first' : has(ctx, 'Last') ? 'last' : undefined
    return {
      kind: 'SortItem',
      expr: this.expr(node(ctx, 'expression')),
      ...(direction && { direction }),
      ...(nulls && { nulls }),
      loc,
    }
  }

  // ── Relations ──────────────────────────────────────────────────────────────────────────────────────────────

  fromClause(ctx: Children): FromClause {
    return {
      relations: nodes(ctx, 'relation').map((relation) => this.ast<Relation>(relation)),
      lateralViews: nodes(ctx, 'lateralView').map((view) => this.ast<LateralView>(view)),
      ...(has(ctx, 'pivotClause') && { pivot: this.ast<Pivot>(node(ctx, 'pivotClause')) }),
    }
  }

  pivotClause(ctx: Children, loc: Loc): Pivot {
    const [aggregates, values] = [nodes(ctx, 'namedExpression'), nodes(ctx, 'pivotValue')]
    return {
      kind: 'Pivot',
      aggregates: aggregates.map((n) => this.ast<NamedExpr>(n)),
      columns: tokens(ctx, 'Name').map((t) => this.name(t)),
      values: values.map((n) => this.ast<NamedExpr>(n)),
      loc,
    }
  }

  relation(ctx: Children): Relation {
    const [first] = nodes(ctx, 'relationPrimary')
    if (!first) throw new Error('internal error: a relation without a primary relation')
    const start = nodeLoc(first)
    return nodes(ctx, 'joinClause').reduce<Relation>(
      (left, join) => this.ast<(left: Relation, start: Loc) => Join>(join)(left, start),
      this.ast<Relation>(first),
    )
  }

  joinClause(ctx: Children, loc: Loc): (left: Relation, start: Loc) => Join {
    const joinType = optionalNode(ctx, 'joinType')
    const criteria = optionalNode(ctx, 'joinCriteria')
    return (left, start) => ({
      kind: 'Join',
      joinType: joinType ? this.ast<JoinType>(joinType) : 'inner',
      natural: has(ctx, 'Natural'),
      left,
      right: this.ast(node(ctx, 'relationPrimary')),
      ...(criteria && this.ast<Pick<Join, 'on' | 'using'>>(criteria)),
      loc: span(start, loc),
    })
  }

  joinType(ctx: Children): JoinType {
    if (has(ctx, 'Semi')) return 'left_semi'
    if (has(ctx, 'Anti')) return 'left_anti'
    if (has(ctx, 'Left')) return 'left'
    if (has(ctx, 'Right')) return 'right'
    if (has(ctx, 'Full')) return 'full'
    return has(ctx, 'Cross') ? 'cross' : 'inner'
  }

  joinCriteria(ctx: Children): Pick<Join, 'on' | 'using'> {
    const on = optionalNode(ctx, 'expression')
    return on ? { on: this.expr(on) } : { using: this.ast<string[]>(node(ctx, 'identifierList')) }
  }

  relationPrimary(ctx: Children): Relation {
    return this.ast(soleNode(ctx))
  }

  parenthesizedRelation(ctx: Children, loc: Loc): Relation {
    const aliasNode = optionalNode(ctx, 'tableAlias')
    const alias = aliasNode && this.ast<TableAlias>(aliasNode)
    const query = optionalNode(ctx, 'query')
    if (query) return { kind: 'SubqueryRelation', query: this.ast(query), ...(alias && { alias }), loc }
    const inner = this.ast<Relation>(node(ctx, 'relation'))
    if (!alias) return inner
    if (inner.kind === 'Join' || inner.alias) {
      throw errorAtToken(
        this.sqlText,
        token(aliasNode.children, 'Name'),
        'a parenthesized join cannot be aliased; alias a subquery instead',
      )
    }
    return { ...inner, alias, loc }
  }

  tableOrFunction(ctx: Children, loc: Loc): Relation {
    const name = this.ast<string[]>(node(ctx, 'multipartName'))
    const aliasNode = optionalNode(ctx, 'tableAlias')
    const alias = aliasNode && { alias: this.ast<TableAlias>(aliasNode) }
    if (!has(ctx, 'LParen')) return { kind: 'TableRef', name, ...alias, loc }
    const args = nodes(ctx, 'tableFunctionArgument').map((arg) => this.ast<TableFunctionArg>(arg))
    return { kind: 'TableFunction', name, args, ...alias, loc }
  }

  tableFunctionArgument(ctx: Children, loc: Loc): TableFunctionArg {
    const value = this.ast<TableFunctionArg>(soleNode(ctx))
    const name = optionalToken(ctx, 'Name')
    if (!name) return value
    return {
      kind: 'NamedTableArgument',
      name: this.name(name),
      value: value as TableArgument | DescriptorArgument,
      loc,
    }
  }

  tableArgument(ctx: Children, loc: Loc): TableArgument {
    const query = optionalNode(ctx, 'query')
    if (query) return { kind: 'TableArgument', query: this.ast(query), loc }
    return { kind: 'TableArgument', name: this.ast(node(ctx, 'multipartName')), loc }
  }

  descriptorArgument(ctx: Children, loc: Loc): DescriptorArgument {
    return { kind: 'DescriptorArgument', columns: nodes(ctx, 'multipartName').map((name) => this.ast(name)), loc }
  }

  tableAlias(ctx: Children, loc: Loc): TableAlias {
    const columns = optionalNode(ctx, 'identifierList')
    return {
      kind: 'TableAlias',
      name: this.name(token(ctx, 'Name')),
      columns: columns ? this.ast<string[]>(columns) : [],
      loc,
    }
  }

  values(ctx: Children, loc: Loc): Values {
    // A row's `x AS name` items are plain values: the VALUES alias names the columns.
    const rows = this.exprs(nodes(ctx, 'expression')).map((row) =>
      (row.kind === 'Tuple' ? row.items : [row]).map((item) => (item.kind === 'Aliased' ? item.value : item)),
    )
    const alias = optionalNode(ctx, 'tableAlias')
    return { kind: 'Values', rows, ...(alias && { alias: this.ast<TableAlias>(alias) }), loc }
  }

  lateralView(ctx: Children, loc: Loc): LateralView {
    const generatorName = node(ctx, 'multipartName')
    return {
      kind: 'LateralView',
      outer: has(ctx, 'Outer'),
      generator: {
        kind: 'FunctionCall',
        name: this.ast(generatorName),
        args: this.exprs(nodes(ctx, 'expression')),
        distinct: false,
        loc: span(nodeLoc(generatorName), tokenLoc(token(ctx, 'RParen'))),
      },
      tableAlias: this.name(token(ctx, 'tableName')),
      columnAliases: tokens(ctx, 'columnName').map((column) => this.name(column)),
      loc,
    }
  }
}

function isEmptyClause(clause: unknown): boolean {
  return clause === undefined || (Array.isArray(clause) && clause.length === 0)
}
