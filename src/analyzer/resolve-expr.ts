// Resolves expressions against a plan's output: column names → attributes, calls → typed functions, coercion.
import { AnalysisException } from '../common/errors.js'
import { lookupAggregate } from '../expr/aggregates/registry.js'
import {
  type Attribute,
  agg,
  alias,
  caseWhen,
  cast,
  childrenOf,
  dataTypeOf,
  type Expr,
  type ExprOf,
  type ExprTable,
  filteredArgument,
  fn,
  handlerFor,
  literal,
  nullableOf,
  sortOrder,
  withChildren,
} from '../expr/expression.js'
import { canCast } from '../expr/functions/cast.js'
import { castTo, coerceToCommonType, unexpectedInputType } from '../expr/functions/coercion.js'
import { isLambda } from '../expr/functions/higher-order.js'
import { higherOrderOf, lookupFunction } from '../expr/functions/registry.js'
import { sqlText } from '../expr/sql-text.js'
import { lookupWindowFunction } from '../expr/window-functions.js'
import { BOOLEAN, INTEGER, STRING, sqlTypeName } from '../types/data-types.js'
import { allowAnyAccess, isQualifiedAccessOnly } from './hidden-columns.js'
import { parseAttributeName, quoteNameParts, unresolvedColumn } from './identifiers.js'
import { resolveInSet } from './resolve-in-set.js'
import { isUnresolvedLambda, lambdaOutsideHigherOrder, resolveHigherOrderArgs } from './resolve-lambda.js'
import { resolveWindowExpr } from './resolve-window.js'
import { resolveTimeWindow } from './time-windows.js'

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Wraps `base` in struct field accesses for the remaining name parts (`window.start`). */
function extractFields(base: Expr, fields: readonly string[]): Expr {
  let result = base
  for (const field of fields) result = resolveCall('get_field', [result, literal(field, STRING)], false)
  return result
}

/**
 * Resolves a (possibly dotted) column name: a qualified match (`t.col...`) wins over a plain one (`col.field...`).
 * A name that reaches into a struct is aliased by its last part, as Spark names `col('window.start')` `start`.
 */
export function resolveColumnName(name: string, input: readonly Attribute[]): Expr {
  const parts = parseAttributeName(name)
  // Hidden columns (a USING join's dropped keys) answer only a qualified name no visible column answers.
  const visible = input.filter((a) => !isQualifiedAccessOnly(a))
  const candidates = (qualified: boolean, among = visible) =>
    among.filter((a) =>
      qualified
        ? parts.length >= 2 &&
          a.qualifier.length > 0 &&
          same(a.qualifier[a.qualifier.length - 1]!, parts[0]!) &&
          same(a.name, parts[1]!)
        : same(a.name, parts[0]!),
    )
  let matches = candidates(true)
  let rest = parts.slice(2)
  if (matches.length === 0) {
    matches = candidates(false)
    rest = parts.slice(1)
  }
  if (matches.length === 0 && visible.length < input.length) {
    matches = candidates(true, input.filter(isQualifiedAccessOnly)).map(allowAnyAccess)
    rest = parts.slice(2)
  }
  if (matches.length > 1 && new Set(matches.map((m) => m.id)).size > 1) {
    throw new AnalysisException(
      `Reference ${quoteNameParts(parts)} is ambiguous, could be: [${matches.map((m) => quoteNameParts([...m.qualifier, m.name])).join(', ')}].`,
      { errorClass: 'AMBIGUOUS_REFERENCE' },
    )
  }
  const found = matches[0]
  if (!found)
    throw unresolvedColumn(
      name,
      visible.map((a) => [...a.qualifier, a.name]),
    )
  if (rest.length === 0) return found
  return alias(extractFields(found, rest), rest[rest.length - 1]!)
}

function wrongArgumentCount(name: string, arity: readonly [number, number], actual: number): AnalysisException {
  const [min, max] = arity
  // Spark lists every valid count (one per constructor), `[1, 2, 3]`; varargs functions check their own count.
  const counts = () => Array.from({ length: max - min + 1 }, (_, i) => min + i).join(', ')
  const expected = min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `> ${min - 1}` : `[${counts()}]`
  return new AnalysisException(
    `The \`${name}\` requires ${expected} parameters but the actual number is ${actual}. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.`,
    { errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' },
  )
}

/** Resolves a call whose arguments are already resolved. */
export function resolveCall(name: string, args: readonly Expr[], distinct: boolean): Expr {
  const lower = name.toLowerCase()
  if (lower === 'window' || lower === 'session_window') return resolveTimeWindow(lower, args)
  const aggregate = lookupAggregate(name)
  if (aggregate) {
    const { arity } = aggregate.spec
    // (WITHIN GROUP orderings travel as SortOrder arguments and are not counted.)
    const count = args.filter((a) => a.kind !== 'SortOrder').length
    if (count < arity[0] || count > arity[1]) throw wrongArgumentCount(aggregate.name, arity, count)
    const resolved = aggregate.spec.resolve(args, aggregate.name, distinct)
    return agg(aggregate.name, resolved.args, distinct, resolved.dataType, resolved.nullable ?? true)
  }
  const found = lookupFunction(name)
  if (!found) {
    throw new AnalysisException(
      `Cannot resolve function \`${name}\` on search path [\`system\`.\`builtin\`, \`system\`.\`session\`, \`spark_catalog\`.\`default\`].`,
      { errorClass: 'UNRESOLVED_ROUTINE' },
    )
  }
  const { arity } = found.spec
  if (args.length < arity[0] || args.length > arity[1]) throw wrongArgumentCount(found.name, arity, args.length)
  if (distinct) {
    throw new AnalysisException(`DISTINCT specified, but ${found.name} is not an aggregate function.`, {
      errorClass: 'INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX',
    })
  }
  const resolved = found.spec.resolve(args, found.name)
  const nullable = resolved.nullable ?? resolved.args.some(nullableOf)
  return fn(found.name, resolved.args, resolved.dataType, nullable)
}

/** A node that needs nothing itself, over resolved children. */
const resolveChildren = (e: Expr, input: readonly Attribute[]): Expr =>
  withChildren(
    e,
    childrenOf(e).map((c) => resolveExpr(c, input)),
  )

const resolvers: ExprTable<Expr, [input: readonly Attribute[]]> = {
  ColumnRef: (e, input) => resolveColumnName(e.name, input),
  // A column taken from a DataFrame (`df.col('x')`): by id, else by name if the plan re-created it.
  Attribute: (e, input) => {
    const found = input.find((a) => a.id === e.id)
    return found ? allowAnyAccess(found) : resolveColumnName(quoteNameParts([e.name]), input)
  },
  Star: (e) => {
    throw new AnalysisException(`Invalid usage of '*' in expression '${sqlText(e)}'.`, {
      errorClass: 'INVALID_USAGE_OF_STAR_OR_REGEX',
    })
  },
  Call: (e, input) => {
    if (lookupWindowFunction(e.name)) {
      throw new AnalysisException(`Window function "${e.name.toLowerCase()}()" requires an OVER clause.`, {
        errorClass: 'WINDOW_FUNCTION_WITHOUT_OVER_CLAUSE',
      })
    }
    // count(*) is count(1), as Spark's analyzer rewrites it.
    const countStar = isCountStar(e)
    const higherOrder = higherOrderOf(e.name)
    if (higherOrder) return resolveCall(e.name, resolveHigherOrderArgs(higherOrder, e.args, input, resolveExpr), false)
    if (e.args.some(isUnresolvedLambda)) throw lambdaOutsideHigherOrder(e.name)
    const args = countStar ? [literal(1, INTEGER)] : expandCallStars(e, input).args.map((a) => resolveExpr(a, input))
    return resolveCall(e.name, args, e.distinct)
  },
  Cast: (e, input) => {
    const child = resolveExpr(e.child, input)
    const from = dataTypeOf(child)
    if (!canCast(from, e.to)) {
      throw new AnalysisException(
        `Cannot resolve "${sqlText(cast(child, e.to, true))}" due to data type mismatch: cannot cast "${sqlTypeName(from)}" to "${sqlTypeName(e.to)}".`,
        { errorClass: 'DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION' },
      )
    }
    return cast(child, e.to, e.keepName)
  },
  CaseWhen: resolveCaseWhen,
  InSet: (e, input) => resolveInSet(e, input, resolveExpr),
  SortOrder: (e, input) => sortOrder(resolveExpr(e.child, input), e.ascending, e.nullsFirst),
  // Already resolved themselves (built by the analyzer or the API); their children may not be.
  Literal: resolveChildren,
  Alias: resolveChildren,
  // A resolved lambda's body sees its parameters too.
  Fn: (e, input) => {
    if (!isLambda(e)) return resolveChildren(e, input)
    const params = e.args.slice(1) as Attribute[]
    return withChildren(e, [resolveExpr(e.args[0]!, [...params, ...input]), ...params])
  },
  Agg: resolveChildren,
  TimeWindow: resolveChildren,
  SessionWindow: resolveChildren,
  WindowExpr: (e, input) => resolveWindowExpr(e, input, resolveExpr),
}

/** `*`, `t.*` and `struct.*` expanded into the columns they stand for. */
export function expandStars(exprs: readonly Expr[], input: readonly Attribute[]): Expr[] {
  return exprs.flatMap((e): Expr[] => {
    if (e.kind !== 'Star') return [e]
    // `*` never shows hidden columns; `t.*` shows t's hidden ones first (Spark's UnresolvedStar.expand).
    const visible = input.filter((a) => !isQualifiedAccessOnly(a))
    if (e.qualifier === undefined) return visible
    const hiddenFirst = [...input.filter(isQualifiedAccessOnly).map(allowAnyAccess), ...visible]
    const qualified = hiddenFirst.filter((a) => a.qualifier.some((q) => same(q, e.qualifier!)))
    if (qualified.length > 0) return qualified
    const target = resolveColumnName(e.qualifier, input)
    const type = dataTypeOf(target)
    if (type.kind !== 'struct') {
      throw new AnalysisException(
        `Cannot resolve ${quoteNameParts(parseAttributeName(e.qualifier))}.* given input columns ${visible.map((a) => quoteNameParts([a.name])).join(', ')}.`,
        { errorClass: 'CANNOT_RESOLVE_STAR_EXPAND' },
      )
    }
    return type.fields.map((f) =>
      alias(
        resolveExpr(
          {
            kind: 'Call',
            name: 'get_field',
            args: [target, { kind: 'Literal', value: f.name, dataType: { kind: 'string' } }],
            distinct: false,
          },
          input,
        ),
        f.name,
      ),
    )
  })
}

/** `count(*)` (not `count(t.*)` nor `count(DISTINCT *)`): Spark's count(1). */
function isCountStar(e: ExprOf<'Call'>): boolean {
  const only = e.args.length === 1 ? e.args[0]! : undefined
  return e.name.toLowerCase() === 'count' && only?.kind === 'Star' && only.qualifier === undefined && !e.distinct
}

/**
 * A call with its star arguments expanded into the columns (or struct fields) they stand for, as Spark's
 * expandStarExpression does for function arguments: count(t.*) is count(a, b), struct(s.*) has s's fields.
 */
export function expandCallStars(e: ExprOf<'Call'>, input: readonly Attribute[]): ExprOf<'Call'> {
  if (isCountStar(e) || !e.args.some((a) => a.kind === 'Star')) return e
  return { ...e, args: expandStars(e.args, input) }
}

/** Resolves every unresolved node of `e` against `input` (the child plan's output attributes). */
export function resolveExpr(e: Expr, input: readonly Attribute[]): Expr {
  return handlerFor(resolvers, e)(e, input)
}

/** CASE WHEN: each condition must be BOOLEAN; the values are coerced to one type. */
function resolveCaseWhen(e: ExprOf<'CaseWhen'>, input: readonly Attribute[]): Expr {
  const conditions = e.branches.map(([c]) => resolveExpr(c, input))
  const values = [
    ...e.branches.map(([, v]) => resolveExpr(v, input)),
    ...(e.otherwise ? [resolveExpr(e.otherwise, input)] : []),
  ]
  const pair = (cs: readonly Expr[], vs: readonly Expr[]) =>
    e.filter
      ? filteredArgument(cs[0]!, vs[0]!)
      : caseWhen(
          cs.map((c, i) => [c, vs[i]!] as const),
          e.otherwise ? vs[vs.length - 1] : undefined,
        )
  const callSql = () => sqlText(pair(conditions, values))
  // Spark does not cast conditions: each must already be BOOLEAN (a NULL literal is typed as one).
  const booleans = conditions.map((c, i) => {
    const type = dataTypeOf(c)
    if (type.kind === 'boolean') return c
    if (type.kind === 'null') return castTo(c, BOOLEAN)
    throw unexpectedInputType(callSql(), i, BOOLEAN, c)
  })
  const { args: coerced } = coerceToCommonType('casewhen', values, 'list', callSql)
  return pair(booleans, coerced)
}
