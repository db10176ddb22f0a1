// The syntax tree of the Spark SQL subset: plain readonly data tagged by `kind`, each node with its source span.
// This file holds statements, queries and relations; expressions and data types live in ast-expressions.ts and
// ast-data-types.ts, and everything is re-exported from here.
//
// The AST records what was written, not what it means: names keep their case and are not resolved (`a.b.c` is one
// ColumnRef whose parts the binder splits into qualifier and struct fields), literals keep their source text, and
// type names are not checked. Optional fields are omitted rather than set to `undefined`.

import type { ColumnDefinitionAst, DataTypeAst } from './ast-data-types.js'
import type { Expr, FunctionCall, WindowSpecAst } from './ast-expressions.js'

export type * from './ast-data-types.js'
export type * from './ast-expressions.js'

/** Where a node is in the source: 1-based line and column of its first character, and its 0-based half-open
 * character range, so that `text.slice(loc.offset, loc.endOffset)` is the node's source text. */
export interface Loc {
  readonly line: number
  readonly column: number
  readonly offset: number
  readonly endOffset: number
}

// ── Statements ─────────────────────────────────────────────────────────────────────────────────────────────────

export type Statement = Query | ShowTables | DescribeTable | DescribeQuery | Explain | CreateView

/** `SHOW TABLES [IN|FROM db] [[LIKE] 'pattern']` */
export interface ShowTables {
  readonly kind: 'ShowTables'
  readonly namespace?: readonly string[]
  readonly pattern?: string
  readonly loc: Loc
}

/** `DESCRIBE [TABLE] [EXTENDED|FORMATTED] name` */
export interface DescribeTable {
  readonly kind: 'DescribeTable'
  readonly name: readonly string[]
  readonly extended: boolean
  readonly loc: Loc
}

/** `DESCRIBE [QUERY] query` */
export interface DescribeQuery {
  readonly kind: 'DescribeQuery'
  readonly query: Query
  readonly loc: Loc
}

export type ExplainMode = 'simple' | 'extended' | 'formatted' | 'codegen' | 'cost' | 'logical'

/** `EXPLAIN [EXTENDED|FORMATTED|CODEGEN|COST|LOGICAL] statement` */
export interface Explain {
  readonly kind: 'Explain'
  readonly mode: ExplainMode
  readonly statement: Statement
  readonly loc: Loc
}

/** `CREATE [OR REPLACE] [[GLOBAL] TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] AS query` */
export interface CreateView {
  readonly kind: 'CreateView'
  readonly name: readonly string[]
  readonly orReplace: boolean
  readonly global: boolean
  readonly temporary: boolean
  readonly ifNotExists: boolean
  readonly columns: readonly string[]
  readonly query: Query
  readonly loc: Loc
}

// ── Queries ────────────────────────────────────────────────────────────────────────────────────────────────────

/** A full query: CTEs, a body, and the clauses that apply to the body's result. */
export interface Query {
  readonly kind: 'Query'
  readonly ctes: readonly Cte[]
  readonly body: QueryExpr
  readonly orderBy: readonly SortItem[]
  readonly clusterBy: readonly Expr[]
  readonly distributeBy: readonly Expr[]
  readonly sortBy: readonly SortItem[]
  /** `LIMIT ALL` is recorded as no limit. */
  readonly limit?: Expr
  readonly offset?: Expr
  readonly loc: Loc
}

/** What a query computes before ORDER BY / LIMIT: a SELECT, a set operation, VALUES, `TABLE t` or `(query)`. */
export type QueryExpr = Select | SetOperation | Values | TableQuery | Query

/** `WITH name [(cols)] AS (query)` */
export interface Cte {
  readonly kind: 'Cte'
  readonly name: string
  readonly columns: readonly string[]
  readonly query: Query
  readonly loc: Loc
}

export interface Select {
  readonly kind: 'Select'
  readonly distinct: boolean
  readonly items: readonly NamedExpr[]
  readonly from: readonly Relation[]
  readonly lateralViews: readonly LateralView[]
  readonly pivot?: Pivot
  readonly where?: Expr
  readonly groupBy?: GroupBy
  readonly having?: Expr
  /** `WINDOW w AS (…), …` */
  readonly windows?: readonly NamedWindow[]
  readonly loc: Loc
}

/** `name AS spec` of a WINDOW clause. */
export interface NamedWindow {
  readonly name: string
  readonly spec: WindowSpecAst
  readonly loc: Loc
}

/** UNION, INTERSECT and EXCEPT (MINUS); `distinct` is false only for `ALL`. INTERSECT binds tighter. */
export interface SetOperation {
  readonly kind: 'SetOperation'
  readonly op: 'union' | 'intersect' | 'except'
  readonly distinct: boolean
  readonly left: QueryExpr
  readonly right: QueryExpr
  readonly loc: Loc
}

/** `VALUES (1, 'a'), (2, 'b') [AS t(id, name)]`, as a query or a relation. A row written without parentheses is
 * a one-column row. */
export interface Values {
  readonly kind: 'Values'
  readonly rows: readonly (readonly Expr[])[]
  readonly alias?: TableAlias
  readonly loc: Loc
}

/** `TABLE name` as a query. */
export interface TableQuery {
  readonly kind: 'TableQuery'
  readonly name: readonly string[]
  readonly loc: Loc
}

export interface SortItem {
  readonly kind: 'SortItem'
  readonly expr: Expr
  readonly direction?: 'asc' | 'desc'
  readonly nulls?: 'first' | 'last'
  readonly loc: Loc
}

/** `GROUP BY ALL`, or a list of expressions (ordinals are integer literals) and grouping analytics, optionally
 * followed by the legacy `WITH ROLLUP|CUBE`. */
export interface GroupBy {
  readonly kind: 'GroupBy'
  readonly all: boolean
  readonly items: readonly GroupingItem[]
  readonly with?: 'rollup' | 'cube'
  /** The legacy `GROUP BY a, b GROUPING SETS ((a), (b))`: sets of the listed expressions. */
  readonly groupingSets?: readonly (readonly Expr[])[]
  readonly loc: Loc
}

export type GroupingItem = Expr | GroupingAnalytics

/** `ROLLUP(a, (b, c))`, `CUBE(…)` or `GROUPING SETS((a), (a, b), ())`: each set is a list of expressions. */
export interface GroupingAnalytics {
  readonly kind: 'GroupingAnalytics'
  readonly type: 'rollup' | 'cube' | 'grouping_sets'
  readonly sets: readonly (readonly Expr[])[]
  readonly loc: Loc
}

/** An expression in a select list, `selectExpr` or `expr()`, with its alias or aliases (`AS (k, v)`). */
export interface NamedExpr {
  readonly kind: 'NamedExpr'
  readonly expr: Expr
  readonly alias?: string
  readonly aliases?: readonly string[]
  readonly loc: Loc
}

// ── Relations ──────────────────────────────────────────────────────────────────────────────────────────────────

export type Relation = TableRef | SubqueryRelation | Join | TableFunction | Values

/** `PIVOT (sum(x) AS s, … FOR col IN (v1 AS a, …))` after the FROM clause; `columns` has several names for
 * `FOR (a, b) IN ((1, 2), …)`. */
export interface Pivot {
  readonly kind: 'Pivot'
  readonly aggregates: readonly NamedExpr[]
  readonly columns: readonly string[]
  readonly values: readonly NamedExpr[]
  readonly loc: Loc
}

/** `AS t(x, y)`: the name and optional column names. */
export interface TableAlias {
  readonly kind: 'TableAlias'
  readonly name: string
  readonly columns: readonly string[]
  readonly loc: Loc
}

export interface TableRef {
  readonly kind: 'TableRef'
  readonly name: readonly string[]
  readonly alias?: TableAlias
  readonly loc: Loc
}

export interface SubqueryRelation {
  readonly kind: 'SubqueryRelation'
  readonly query: Query
  readonly alias?: TableAlias
  readonly loc: Loc
}

export type JoinType = 'inner' | 'cross' | 'left' | 'right' | 'full' | 'left_semi' | 'left_anti'

/** A join; `NATURAL` joins have neither `on` nor `using`. */
export interface Join {
  readonly kind: 'Join'
  readonly joinType: JoinType
  readonly natural: boolean
  readonly left: Relation
  readonly right: Relation
  readonly on?: Expr
  readonly using?: readonly string[]
  readonly loc: Loc
}

/** A table-valued function in FROM: `range(10)`, `TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '10' SECOND)`. */
export interface TableFunction {
  readonly kind: 'TableFunction'
  readonly name: readonly string[]
  readonly args: readonly TableFunctionArg[]
  readonly alias?: TableAlias
  readonly loc: Loc
}

export type TableFunctionArg = Expr | TableArgument | DescriptorArgument | NamedTableArgument

/** `TABLE t` or `TABLE(t)` (a `name`), or `TABLE(query)` (a `query`). */
export interface TableArgument {
  readonly kind: 'TableArgument'
  readonly name?: readonly string[]
  readonly query?: Query
  readonly loc: Loc
}

/** `DESCRIPTOR(ts)` or `DESCRIPTOR(a, b.c)`: column names, unresolved. */
export interface DescriptorArgument {
  readonly kind: 'DescriptorArgument'
  readonly columns: readonly (readonly string[])[]
  readonly loc: Loc
}

/** `data => TABLE t` or `timecol => DESCRIPTOR(ts)`; a named scalar argument is a NamedArgument expression. */
export interface NamedTableArgument {
  readonly kind: 'NamedTableArgument'
  readonly name: string
  readonly value: TableArgument | DescriptorArgument
  readonly loc: Loc
}

/** `LATERAL VIEW [OUTER] explode(x) tbl [AS] c1, c2` */
export interface LateralView {
  readonly kind: 'LateralView'
  readonly outer: boolean
  readonly generator: FunctionCall
  readonly tableAlias: string
  readonly columnAliases: readonly string[]
  readonly loc: Loc
}

/** Every node kind, for exhaustive handler tables (`Record<NodeKind, …>`). */
export type Node =
  | Statement
  | QueryExpr
  | Cte
  | SortItem
  | GroupBy
  | GroupingAnalytics
  | NamedExpr
  | Relation
  | TableAlias
  | TableArgument
  | DescriptorArgument
  | NamedTableArgument
  | LateralView
  | Expr
  | DataTypeAst
  | ColumnDefinitionAst

export type NodeKind = Node['kind']
