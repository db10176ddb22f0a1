// The expression nodes of the syntax tree: literals, names, calls, operators, predicates and special forms.
import type { Loc, Query, SortItem } from './ast.js'
import type { DataTypeAst } from './ast-data-types.js'

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
  | InLiterals
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
  | Aliased

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
  /** `WITHIN GROUP (ORDER BY …)` of an ordered-set aggregate (percentile_cont, listagg, ...). */
  readonly withinGroup?: readonly SortItem[]
  /** `IGNORE NULLS` (true) or `RESPECT NULLS` (false). */
  readonly ignoreNulls?: boolean
  readonly over?: WindowSpecAst
  readonly loc: Loc
}

/** `OVER w`, `OVER (w)`, or `OVER (PARTITION BY … ORDER BY … frame)`. */
export type WindowSpecAst = WindowRef | WindowDefinition

/** A window named in the query's WINDOW clause. */
export interface WindowRef {
  readonly kind: 'WindowRef'
  readonly name: string
  readonly loc: Loc
}

export interface WindowDefinition {
  readonly kind: 'WindowDefinition'
  readonly partitionBy: readonly Expr[]
  readonly orderBy: readonly SortItem[]
  readonly frame?: WindowFrameAst
  readonly loc: Loc
}

export interface WindowFrameAst {
  readonly type: 'rows' | 'range'
  readonly lower: FrameBoundAst
  readonly upper: FrameBoundAst
}

export type FrameBoundAst =
  | { readonly kind: 'UnboundedPreceding' }
  | { readonly kind: 'UnboundedFollowing' }
  | { readonly kind: 'CurrentRow' }
  | { readonly kind: 'Offset'; readonly value: Expr; readonly preceding: boolean }

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

/**
 * `x [NOT] IN (v1, v2, …)` over a long list of plain integers or of strings (NULLs among them), held compactly: a slot
 * per element in one array instead of a node per element, so a list of a million values parses in linear time.
 */
export interface InLiterals {
  readonly kind: 'InLiterals'
  readonly value: Expr
  readonly list: LiteralList
  readonly negated: boolean
  readonly loc: Loc
}

/**
 * The values of a literal list in written order, NULLs left out: integers (each a safe integer, a leading minus
 * applied) or strings (unescaped). `nulls` are the positions of the NULLs in the written list.
 */
export type LiteralList =
  | { readonly kind: 'integers'; readonly values: Float64Array; readonly nulls: readonly number[] }
  | { readonly kind: 'strings'; readonly values: readonly string[]; readonly nulls: readonly number[] }

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

/** `value AS name` among a row constructor's items or STRUCT's arguments (Spark's namedExpression there). */
export interface Aliased {
  readonly kind: 'Aliased'
  readonly value: Expr
  readonly name: string
  readonly loc: Loc
}

/** `(a, b)`: Spark's row constructor (a struct), also the left side of a multi-column IN. */
export interface Tuple {
  readonly kind: 'Tuple'
  readonly items: readonly Expr[]
  readonly loc: Loc
}
