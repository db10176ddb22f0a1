// SQL expressions (grammar AST) as unresolved Rivulet expressions, built exactly as the DataFrame API builds them.
import type * as ast from '../../grammar/index.js'
import { quoteNameParts } from '../analyzer/identifiers.js'
import { AnalysisException } from '../common/errors.js'
import { own } from '../common/own.js'
import {
  call,
  caseWhen,
  cast,
  columnRef,
  type Expr,
  filteredArgument,
  inSet,
  literal,
  shownAlias,
  star,
} from '../expr/expression.js'
import { EXTRACT_FIELDS } from '../expr/functions/date-part.js'
import { lookupFunction } from '../expr/functions/registry.js'
import { integerSet, stringSet } from '../expr/literal-set.js'
import { BOOLEAN, INTEGER, STRING } from '../types/data-types.js'
import { dataTypeFromAst } from '../types/ddl.js'
import type { BindContext } from './bind-context.js'
import { bindLiteral } from './literals.js'
import { atLoc, parseErrorAt } from './source-locations.js'
import { scalarSubqueryValue } from './subqueries.js'
import { bindOver, withIgnoreNulls } from './windows.js'
import { inverseDistributionFunctions, withinGroupCall, withinGroupMissing } from './within-group.js'

type ExprKind = ast.Expr['kind']
type NodeOf<K extends ExprKind> = Extract<ast.Expr, { kind: K }>
type Handler<K extends ExprKind> = (node: NodeOf<K>, ctx: BindContext) => Expr

const notSupported = (what: string) => new AnalysisException(`${what} is not supported yet.`)

/** A name as the analyzer's `parseAttributeName` reads it: parts joined by dots, backquoted only when needed. */
export function attributeName(parts: readonly string[]): string {
  return parts.some((p) => p.includes('.') || p.includes('`') || p === '') ? quoteNameParts(parts) : parts.join('.')
}

const fn = (name: string, ...args: Expr[]) => call(name, args)
const negate = (e: Expr, negated: boolean) => (negated ? fn('not', e) : e)

/** Binary operators as registry functions; `!=` is NOT (a = b) and `||` is concat, as Spark's parser builds them. */
const binaryFunctions: Readonly<Record<ast.BinaryOperator, string>> = {
  or: 'or',
  and: 'and',
  '=': 'equal_to',
  '<=>': 'eq_null_safe',
  '!=': 'equal_to',
  '<': 'less_than',
  '<=': 'less_than_or_equal',
  '>': 'greater_than',
  '>=': 'greater_than_or_equal',
  '|': 'bitwise_or',
  '^': 'bitwise_xor',
  '&': 'bitwise_and',
  '<<': '<<',
  '>>': '>>',
  '>>>': '>>>',
  '+': 'add',
  '-': 'subtract',
  '||': 'concat',
  '*': 'multiply',
  '/': 'divide',
  '%': 'remainder',
  div: 'div',
}

const unaryFunctions: Readonly<Record<ast.UnaryOp['op'], string>> = {
  '-': 'negative',
  '+': 'positive',
  '~': 'bitwise_not',
}

/** An operator whose function the registry lacks is reported as the operator, not as an unknown function. */
function operatorCall(name: string, op: string, args: Expr[]): Expr {
  if (!lookupFunction(name)) throw notSupported(`The operator ${op}`)
  return call(name, args)
}

/** SQL spellings Spark accepts for functions the registry knows under another name. */
const functionNames: Readonly<Record<string, string>> = {
  isnull: 'is_null',
  isnotnull: 'is_not_null',
  negative: 'negative',
}

/**
 * Aggregates that skip NULL inputs, for which `agg(x) FILTER (WHERE c)` is `agg(CASE WHEN c THEN x END)`: a row the
 * filter drops reaches them as NULL, which they ignore (max_by/min_by ignore a NULL ordering).
 */
const nullSkippingAggregates = new Set([
  'count',
  'sum',
  'avg',
  'mean',
  'min',
  'max',
  'min_by',
  'max_by',
  'collect_list',
  'collect_set',
  'approx_count_distinct',
  'stddev',
  'stddev_samp',
  'stddev_pop',
  'std',
  'variance',
  'var_samp',
  'var_pop',
])

/** Aggregates whose arguments after the first are parameters (a percentage, a delimiter), which FILTER leaves alone. */
const firstArgumentOnly = new Set(['percentile_cont', 'percentile_disc', 'listagg', 'string_agg', 'mode'])

/** `agg(args) FILTER (WHERE c)` bound as the aggregate over `CASE WHEN c THEN arg END` arguments. */
function filteredAggregate(node: ast.FunctionCall, filter: ast.Expr, bound: Expr, ctx: BindContext): Expr {
  const name = node.name[node.name.length - 1]!.toLowerCase()
  if (node.name.length > 1 || !(nullSkippingAggregates.has(name) || firstArgumentOnly.has(name))) {
    throw notSupported(`The FILTER clause of ${node.name.join('.')}`)
  }
  if (bound.kind !== 'Call') return bound
  const condition = bindExpr(filter, ctx)
  const wrapped = firstArgumentOnly.has(name) ? 1 : bound.args.length
  return call(
    bound.name,
    bound.args.map((a, i) => (i < wrapped ? filteredArgument(condition, a) : a)),
    bound.distinct,
  )
}

function functionCall(node: ast.FunctionCall, ctx: BindContext): Expr {
  if (node.over) return bindOver(plainCall({ ...node, ignoreNulls: false }, ctx), node, node.over, ctx, bindExpr)
  return withIgnoreNulls(plainCall(node, ctx), node)
}

function plainCall(node: ast.FunctionCall, ctx: BindContext): Expr {
  const bound = unfilteredCall(node, ctx)
  return node.filter ? filteredAggregate(node, node.filter, bound, ctx) : bound
}

function unfilteredCall(node: ast.FunctionCall, ctx: BindContext): Expr {
  if (node.name.length > 1) {
    throw new AnalysisException(
      `Cannot resolve function ${quoteNameParts(node.name)} on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].`,
      { errorClass: 'UNRESOLVED_ROUTINE' },
    )
  }
  const written = node.name[0]!
  const name = own(functionNames, written.toLowerCase()) ?? written
  if (node.withinGroup) {
    const args = node.args.map((a) => bindExpr(a, ctx))
    return withinGroupCall(node, name, args, (e) => bindExpr(e, ctx))
  }
  if (inverseDistributionFunctions.has(name.toLowerCase())) throw withinGroupMissing(name)
  // `count(*)` is `count(1)` in Spark, and so named.
  // (`count(DISTINCT *)` and `count(t.*)` expand to the columns instead.)
  const [only] = node.args
  const countStar = name.toLowerCase() === 'count' && node.args.length === 1 && only?.kind === 'Star'
  if (countStar && only.qualifier.length === 0 && !node.distinct) {
    return call(name, [literal(1, INTEGER)], node.distinct)
  }
  const bindArg = name.toLowerCase() === 'struct' ? structArgument : bindExpr
  return call(
    name,
    node.args.map((a) => bindArg(a, ctx)),
    node.distinct,
  )
}

/** `LIKE p ESCAPE 'c'`: the pattern rewritten to the default `\` escape (only for a literal pattern). */
function escapedPattern(node: ast.Like, ctx: BindContext): Expr {
  const pattern = bindExpr(node.pattern, ctx)
  const escapeChar = node.escape
  if (escapeChar === undefined || escapeChar === '\\') return pattern
  if (escapeChar.length !== 1) {
    throw new AnalysisException(`The escape character is not allowed to be '${escapeChar}'.`, {
      errorClass: 'INVALID_FORMAT.ESC_IN_THE_MIDDLE',
    })
  }
  if (node.pattern.kind !== 'StringLiteral') throw notSupported('ESCAPE with a pattern that is not a literal')
  let rewritten = ''
  const text = node.pattern.value
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === escapeChar && i + 1 < text.length) rewritten += `\\${text[++i]}`
    else rewritten += c === '\\' ? '\\\\' : c
  }
  return ctx.locs.mark(literal(rewritten, STRING), node.pattern.loc)
}

const trimFunctions = { both: 'trim', leading: 'ltrim', trailing: 'rtrim' } as const

const handlers: { [K in ExprKind]: Handler<K> } = {
  NullLiteral: bindLiteral,
  BooleanLiteral: bindLiteral,
  NumericLiteral: bindLiteral,
  StringLiteral: bindLiteral,
  BinaryLiteral: bindLiteral,
  TypedLiteral: bindLiteral,
  IntervalLiteral: bindLiteral,
  ColumnRef: (node) => columnRef(attributeName(node.parts)),
  Star: (node) => (node.qualifier.length === 0 ? star() : star(attributeName(node.qualifier))),
  FunctionCall: functionCall,
  UnaryOp: (node, ctx) => operatorCall(unaryFunctions[node.op], node.op, [bindExpr(node.operand, ctx)]),
  Not: (node, ctx) => fn('not', bindExpr(node.operand, ctx)),
  BinaryOp: (node, ctx) => {
    const args = [bindExpr(node.left, ctx), bindExpr(node.right, ctx)]
    return negate(operatorCall(binaryFunctions[node.op], node.op, args), node.op === '!=')
  },
  // Spark 3.5's parser expands BETWEEN into two comparisons.
  Between: (node, ctx) => {
    const value = bindExpr(node.value, ctx)
    const range = fn(
      'and',
      fn('greater_than_or_equal', value, bindExpr(node.low, ctx)),
      fn('less_than_or_equal', value, bindExpr(node.high, ctx)),
    )
    return negate(range, node.negated)
  },
  In: (node, ctx) =>
    negate(call('in', [bindExpr(node.value, ctx), ...node.list.map((e) => bindExpr(e, ctx))]), node.negated),
  InLiterals: (node, ctx) => {
    const { list } = node
    const set = list.kind === 'integers' ? integerSet(list.values, list.nulls) : stringSet(list.values, list.nulls)
    return negate(inSet(bindExpr(node.value, ctx), set), node.negated)
  },
  // Among a WHERE clause's conjuncts they are joins (sql/subqueries.ts); elsewhere Spark needs an existence join.
  InSubquery: () => {
    throw notSupported('IN with a subquery outside the conjuncts of a WHERE clause')
  },
  Like: (node, ctx) => negate(fn(node.op, bindExpr(node.value, ctx), escapedPattern(node, ctx)), node.negated),
  IsNull: (node, ctx) => fn(node.negated ? 'is_not_null' : 'is_null', bindExpr(node.value, ctx)),
  IsBoolean: (node, ctx) =>
    negate(fn('eq_null_safe', bindExpr(node.value, ctx), literal(node.target, BOOLEAN)), node.negated),
  IsDistinctFrom: (node, ctx) =>
    negate(fn('eq_null_safe', bindExpr(node.left, ctx), bindExpr(node.right, ctx)), !node.negated),
  Case: (node, ctx) => {
    const operand = node.operand && bindExpr(node.operand, ctx)
    const branches = node.branches.map((b) => {
      const condition = bindExpr(b.condition, ctx)
      return [operand ? fn('equal_to', operand, condition) : condition, bindExpr(b.result, ctx)] as const
    })
    return caseWhen(branches, node.else && bindExpr(node.else, ctx))
  },
  // A written cast is Spark's USER_SPECIFIED_CAST: it prints in names, and `CAST(col AS t)` keeps col's name.
  Cast: (node, ctx) => {
    const value = bindExpr(node.value, ctx)
    return cast(
      value,
      atLoc(node.dataType.loc, () => dataTypeFromAst(node.dataType)),
      true,
    )
  },
  Extract: (node, ctx) => {
    const name = own(EXTRACT_FIELDS, node.field.toLowerCase())
    const source = bindExpr(node.source, ctx)
    if (!name) {
      throw new AnalysisException(
        `Cannot extract ${node.field} from ${ctx.text.slice(node.source.loc.offset, node.source.loc.endOffset)}.`,
        {
          errorClass: 'INVALID_EXTRACT_FIELD',
        },
      )
    }
    // date_part picks the datetime function, or an ANSI interval's part, once the source's type is known.
    return fn('date_part', literal(node.field, STRING), source)
  },
  Trim: (node, ctx) => {
    const source = bindExpr(node.source, ctx)
    return node.chars
      ? fn(trimFunctions[node.mode], source, bindExpr(node.chars, ctx))
      : fn(trimFunctions[node.mode], source)
  },
  Subscript: (node, ctx) => fn('get_item', bindExpr(node.value, ctx), bindExpr(node.index, ctx)),
  FieldAccess: (node, ctx) => fn('get_field', bindExpr(node.value, ctx), literal(node.field, STRING)),
  ScalarSubquery: (node, ctx) => ctx.scalarSubqueries?.get(node) ?? scalarSubqueryValue(node, ctx),
  Exists: () => {
    throw notSupported('EXISTS outside the conjuncts of a WHERE clause')
  },
  // Resolved by the higher-order function it is an argument of (analyzer/resolve-lambda.ts).
  Lambda: (node, ctx) =>
    call('lambda_function', [bindExpr(node.body, ctx), ...node.params.map((p) => columnRef(attributeName([p])))]),
  NamedArgument: () => {
    throw notSupported('A named function argument')
  },
  // Spark's row constructor is a named struct whose fields take their names from column references and field
  // accesses (`col<n>` otherwise), and which prints as `named_struct(a, a, b, b)`.
  Tuple: (node, ctx) =>
    call(
      'named_struct',
      node.items.flatMap((e, i) => [
        literal(tupleFieldName(e, i), STRING),
        bindExpr(e.kind === 'Aliased' ? e.value : e, ctx),
      ]),
    ),
  // `x AS name` names a field only in STRUCT(…) and a row constructor; Spark's grammar has no alias elsewhere.
  Aliased: (node, ctx) => {
    throw parseErrorAt(ctx.text, node.loc, "Syntax error at or near 'AS'.", 'PARSE_SYNTAX_ERROR')
  },
}

/** STRUCT's arguments: `x AS name` gives the field its name (struct() names fields by their aliases). */
function structArgument(node: ast.Expr, ctx: BindContext): Expr {
  return node.kind === 'Aliased' ? shownAlias(bindExpr(node.value, ctx), node.name) : bindExpr(node, ctx)
}

function tupleFieldName(e: ast.Expr, index: number): string {
  if (e.kind === 'Aliased') return e.name
  if (e.kind === 'ColumnRef') return e.parts[e.parts.length - 1]!
  if (e.kind === 'FieldAccess') return e.field
  return `col${index + 1}`
}

/**
 * An AST expression as an unresolved expression, its span recorded in `ctx.locs`. Errors found while binding
 * (unsupported forms, malformed literals) carry the node's position.
 */
export function bindExpr(node: ast.Expr, ctx: BindContext): Expr {
  const e = atLoc(node.loc, () => handlers[node.kind](node as never, ctx))
  return ctx.locs.mark(e, node.loc)
}
