// The syntax tree of the Spark SQL subset: plain readonly data tagged by `kind`, each node with its source span.
//
// The AST records what was written, not what it means: names keep their case and are not resolved (`a.b.c` is one
// ColumnRef whose parts the binder splits into qualifier and struct fields), literals keep their source text, and
// type names are not checked. Optional fields are omitted rather than set to `undefined`.

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
  readonly where?: Expr
  readonly groupBy?: GroupBy
  readonly having?: Expr
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

// ── Expressions ────────────────────────────────────────────────────────────────────────────────────────────────

export type Expr =
  | Literal
  | ColumnRef
  | Star
  | FunctionCall
  | UnaryOp
  | Not
  | BinaryOp
  | Between
  | In
  | InSubquery
  | Like
  | IsNull
  | IsBoolean
  | IsDistinctFrom
  | Case
  | Cast
  | Extract
  | Trim
  | Subscript
  | FieldAccess
  | ScalarSubquery
  | Exists
  | Lambda
  | NamedArgument
  | Tuple

export type Literal =
  | NullLiteral
  | BooleanLiteral
  | NumericLiteral
  | StringLiteral
  | BinaryLiteral
  | TypedLiteral
  | IntervalLiteral

export interface NullLiteral {
  readonly kind: 'NullLiteral'
  readonly loc: Loc
}

export interface BooleanLiteral {
  readonly kind: 'BooleanLiteral'
  readonly value: boolean
  readonly loc: Loc
}

/** Spark's numeric literal kinds: `1`, `1L`, `1S`, `1Y`, `1.5`/`1.5BD`, `1e10`/`1.5D`, `1.5F`. */
export type NumericKind = 'integer' | 'bigint' | 'smallint' | 'tinyint' | 'decimal' | 'double' | 'float'

export interface NumericLiteral {
  readonly kind: 'NumericLiteral'
  readonly numericKind: NumericKind
  /** The digits as written with the sign, without the type suffix: `-1.5` for `-1.5BD`, `1e10` for `1e10`. */
  readonly value: string
  /** The source text, including sign and suffix. */
  readonly text: string
  readonly loc: Loc
}

/** A string after unescaping; adjacent literals (`'a' 'b'`) are concatenated. */
export interface StringLiteral {
  readonly kind: 'StringLiteral'
  readonly value: string
  readonly loc: Loc
}

/** `X'1F'`: the hex digits, unchecked for parity. */
export interface BinaryLiteral {
  readonly kind: 'BinaryLiteral'
  readonly hex: string
  readonly loc: Loc
}

/** `DATE '2024-01-01'`, `TIMESTAMP '…'`, `TIMESTAMP_NTZ '…'`, `TIMESTAMP_LTZ '…'`: the string is not validated. */
export interface TypedLiteral {
  readonly kind: 'TypedLiteral'
  readonly type: 'date' | 'timestamp' | 'timestamp_ntz' | 'timestamp_ltz'
  readonly value: string
  readonly loc: Loc
}

export type IntervalUnitName =
  | 'year'
  | 'month'
  | 'week'
  | 'day'
  | 'hour'
  | 'minute'
  | 'second'
  | 'millisecond'
  | 'microsecond'

/** One `value unit` pair of an interval literal. The unit is absent for `INTERVAL '10 seconds'` (the string holds
 * the units), and `toUnit` is set for `INTERVAL '1 02:03' DAY TO MINUTE`. */
export interface IntervalPart {
  readonly value: string
  readonly unit?: IntervalUnitName
  readonly toUnit?: IntervalUnitName
}

/** `INTERVAL '10' SECOND`, `INTERVAL 10 SECONDS`, `INTERVAL '1' HOUR '30' MINUTE`, `INTERVAL '10 seconds'`. Units
 * are singular and lower-case; the binder converts the parts. */
export interface IntervalLiteral {
  readonly kind: 'IntervalLiteral'
  readonly parts: readonly IntervalPart[]
  readonly text: string
  readonly loc: Loc
}

/** A possibly qualified name, `a`, `t.a` or `t.s.field`: the binder decides which parts are qualifiers. */
export interface ColumnRef {
  readonly kind: 'ColumnRef'
  readonly parts: readonly string[]
  readonly loc: Loc
}

/** `*`, or `t.*` with qualifier `['t']`. */
export interface Star {
  readonly kind: 'Star'
  readonly qualifier: readonly string[]
  readonly loc: Loc
}

/** `f(args)`, `db.f(DISTINCT args) FILTER (WHERE cond)`, `count(*)` (a Star argument), and the special forms
 * `SUBSTRING(x FROM a FOR b)` → `substring(x, a, b)`, `POSITION(a IN b)` → `position(a, b)`, `CURRENT_DATE` →
 * `current_date()`. The name keeps its case. */
export interface FunctionCall {
  readonly kind: 'FunctionCall'
  readonly name: readonly string[]
  readonly args: readonly Expr[]
  readonly distinct: boolean
  readonly filter?: Expr
  readonly loc: Loc
}

export interface UnaryOp {
  readonly kind: 'UnaryOp'
  readonly op: '-' | '+' | '~'
  readonly operand: Expr
  readonly loc: Loc
}

/** `NOT x` or `!x` */
export interface Not {
  readonly kind: 'Not'
  readonly operand: Expr
  readonly loc: Loc
}

/** Operators as Spark spells them canonically: `==` is `=`, `<>` is `!=`, `MOD` does not exist, `DIV` is `div`. */
export type BinaryOperator =
  | 'or'
  | 'and'
  | '='
  | '<=>'
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | '|'
  | '^'
  | '&'
  | '<<'
  | '>>'
  | '>>>'
  | '+'
  | '-'
  | '||'
  | '*'
  | '/'
  | '%'
  | 'div'

export interface BinaryOp {
  readonly kind: 'BinaryOp'
  readonly op: BinaryOperator
  readonly left: Expr
  readonly right: Expr
  readonly loc: Loc
}

/** `x [NOT] BETWEEN low AND high` */
export interface Between {
  readonly kind: 'Between'
  readonly value: Expr
  readonly low: Expr
  readonly high: Expr
  readonly negated: boolean
  readonly loc: Loc
}

/** `x [NOT] IN (a, b)` */
export interface In {
  readonly kind: 'In'
  readonly value: Expr
  readonly list: readonly Expr[]
  readonly negated: boolean
  readonly loc: Loc
}

/** `x [NOT] IN (SELECT …)` */
export interface InSubquery {
  readonly kind: 'InSubquery'
  readonly value: Expr
  readonly query: Query
  readonly negated: boolean
  readonly loc: Loc
}

/** `x [NOT] LIKE|ILIKE p [ESCAPE 'c']` and `x [NOT] RLIKE|REGEXP p` (op `rlike`). */
export interface Like {
  readonly kind: 'Like'
  readonly op: 'like' | 'ilike' | 'rlike'
  readonly value: Expr
  readonly pattern: Expr
  readonly escape?: string
  readonly negated: boolean
  readonly loc: Loc
}

/** `x IS [NOT] NULL` */
export interface IsNull {
  readonly kind: 'IsNull'
  readonly value: Expr
  readonly negated: boolean
  readonly loc: Loc
}

/** `x IS [NOT] TRUE|FALSE` */
export interface IsBoolean {
  readonly kind: 'IsBoolean'
  readonly value: Expr
  readonly target: boolean
  readonly negated: boolean
  readonly loc: Loc
}

/** `a IS [NOT] DISTINCT FROM b` */
export interface IsDistinctFrom {
  readonly kind: 'IsDistinctFrom'
  readonly left: Expr
  readonly right: Expr
  readonly negated: boolean
  readonly loc: Loc
}

/** `WHEN condition THEN result` (not `when`/`then`: an object with `then` would pass for a promise). */
export interface WhenClause {
  readonly condition: Expr
  readonly result: Expr
}

/** `CASE [operand] WHEN … THEN … [ELSE …] END` */
export interface Case {
  readonly kind: 'Case'
  readonly operand?: Expr
  readonly branches: readonly WhenClause[]
  readonly else?: Expr
  readonly loc: Loc
}

/** `CAST(x AS t)`, `TRY_CAST(x AS t)`, `x::t` */
export interface Cast {
  readonly kind: 'Cast'
  readonly value: Expr
  readonly dataType: DataTypeAst
  readonly try: boolean
  readonly loc: Loc
}

/** `EXTRACT(field FROM source)`; the field name is as written (`YEAR`, `dow`, …). */
export interface Extract {
  readonly kind: 'Extract'
  readonly field: string
  readonly source: Expr
  readonly loc: Loc
}

/** `TRIM([BOTH|LEADING|TRAILING] [chars] FROM source)`; plain `trim(s)` is a FunctionCall. */
export interface Trim {
  readonly kind: 'Trim'
  readonly mode: 'both' | 'leading' | 'trailing'
  readonly chars?: Expr
  readonly source: Expr
  readonly loc: Loc
}

/** `value[index]` */
export interface Subscript {
  readonly kind: 'Subscript'
  readonly value: Expr
  readonly index: Expr
  readonly loc: Loc
}

/** `expr.field` after an expression that is not a plain name (`f(x).a`, `m['k'].b`); `a.b` is a ColumnRef. */
export interface FieldAccess {
  readonly kind: 'FieldAccess'
  readonly value: Expr
  readonly field: string
  readonly loc: Loc
}

export interface ScalarSubquery {
  readonly kind: 'ScalarSubquery'
  readonly query: Query
  readonly loc: Loc
}

export interface Exists {
  readonly kind: 'Exists'
  readonly query: Query
  readonly loc: Loc
}

/** `x -> body` or `(x, y) -> body`, only as a function argument. */
export interface Lambda {
  readonly kind: 'Lambda'
  readonly params: readonly string[]
  readonly body: Expr
  readonly loc: Loc
}

/** `name => value`, only as a function argument. */
export interface NamedArgument {
  readonly kind: 'NamedArgument'
  readonly name: string
  readonly value: Expr
  readonly loc: Loc
}

/** `(a, b)`: Spark's row constructor (a struct), also the left side of a multi-column IN. */
export interface Tuple {
  readonly kind: 'Tuple'
  readonly items: readonly Expr[]
  readonly loc: Loc
}

// ── Data types ─────────────────────────────────────────────────────────────────────────────────────────────────

export type DataTypeAst = PrimitiveTypeAst | ArrayTypeAst | MapTypeAst | StructTypeAst | IntervalTypeAst

/** A named type with optional integer parameters: `int`, `decimal(10, 2)`, `varchar(20)`. The name is lower-cased
 * but not checked or canonicalised (`long` stays `long`); the binder maps Spark's aliases. */
export interface PrimitiveTypeAst {
  readonly kind: 'PrimitiveType'
  readonly name: string
  readonly params: readonly number[]
  readonly loc: Loc
}

export interface ArrayTypeAst {
  readonly kind: 'ArrayType'
  readonly elementType: DataTypeAst
  readonly loc: Loc
}

export interface MapTypeAst {
  readonly kind: 'MapType'
  readonly keyType: DataTypeAst
  readonly valueType: DataTypeAst
  readonly loc: Loc
}

export interface StructTypeAst {
  readonly kind: 'StructType'
  readonly fields: readonly ColumnDefinitionAst[]
  readonly loc: Loc
}

/** `INTERVAL` alone (Spark's calendar interval), or `INTERVAL DAY TO SECOND`, `INTERVAL YEAR`, … */
export interface IntervalTypeAst {
  readonly kind: 'IntervalType'
  readonly from?: IntervalUnitName
  readonly to?: IntervalUnitName
  readonly loc: Loc
}

/** A struct field or a table column: `name [:] type [NOT NULL] [COMMENT 'text']`. */
export interface ColumnDefinitionAst {
  readonly kind: 'ColumnDefinition'
  readonly name: string
  readonly dataType: DataTypeAst
  readonly nullable: boolean
  readonly comment?: string
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
