// Spark's pretty SQL of an expression (`toPrettySQL`): generated column names and the text inside error messages.
import { javaDoubleText, javaFloatText } from '../arrow/cell-text.js'
import { formatDate, formatTimestamp } from '../common/time.js'
import { sqlTypeName } from '../types/data-types.js'
import { dayTimeIntervalText, yearMonthIntervalText } from '../types/interval-format.js'
import {
  dataTypeOf,
  type Expr,
  type ExprOf,
  type ExprTable,
  type Fn,
  type FrameBound,
  handlerFor,
  type Literal,
  transformDown,
  type WindowExpr,
  type WindowFrame,
} from './expression.js'
import { literalSetTexts } from './literal-set.js'
import { displayNameOf } from './user-functions.js'

const infix: Record<string, string> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  remainder: '%',
  div: 'div',
  equal_to: '=',
  eq_null_safe: '<=>',
  less_than: '<',
  less_than_or_equal: '<=',
  greater_than: '>',
  greater_than_or_equal: '>=',
  and: 'AND',
  or: 'OR',
  bitwise_and: '&',
  bitwise_or: '|',
  bitwise_xor: '^',
  concat_op: '||',
  // The shift operators (`a << b`); the functions shiftleft(a, b), ... print their own names.
  '<<': '<<',
  '>>': '>>',
  '>>>': '>>>',
}

/** Calls Spark prints without parentheses around the operator form (`a LIKE b`). */
const bareInfix: Record<string, string> = { like: 'LIKE', rlike: 'RLIKE', ilike: 'ILIKE' }

/**
 * Functions whose Spark expression prints an upper-case name: the math expressions built directly by PySpark's
 * `functions` (UnaryMathExpression / BinaryMathExpression use their Java name, e.g. `Sqrt(child)` is `SQRT(x)`).
 */
const upperCaseNames: Record<string, string> = {
  floor: 'FLOOR',
  ceil: 'CEIL',
  sqrt: 'SQRT',
  cbrt: 'CBRT',
  exp: 'EXP',
  log10: 'LOG10',
  log2: 'LOG2',
  signum: 'SIGNUM',
  sin: 'SIN',
  cos: 'COS',
  tan: 'TAN',
  pow: 'POWER',
  log: 'LOG',
  spark_partition_id: 'SPARK_PARTITION_ID',
  // Partition transforms, registered under names SQL cannot call (expr/functions/partition-transforms.ts).
  'partition_transform:years': 'years',
  'partition_transform:months': 'months',
  'partition_transform:days': 'days',
  'partition_transform:hours': 'hours',
  'partition_transform:bucket': 'bucket',
}

function literalText(e: Literal): string {
  const { value, dataType } = e
  if (e.text !== undefined) return e.text
  if (value === null) return 'NULL'
  switch (dataType.kind) {
    case 'string':
      return String(value)
    case 'double':
      return javaDoubleText(value as number)
    case 'float':
      return javaFloatText(value as number)
    case 'timestamp':
      return `TIMESTAMP '${formatTimestamp(value as number, 'UTC')}'`
    case 'timestamp_ntz':
      return `TIMESTAMP_NTZ '${formatTimestamp(value as number, 'UTC')}'`
    case 'date':
      return `DATE '${formatDate(value as number)}'`
    case 'binary':
      return `X'${Array.from(value as Uint8Array, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join('')}'`
    case 'interval':
      return dayTimeIntervalText(value as number, dataType, 'ansi')
    case 'year_month_interval':
      return yearMonthIntervalText(value as number, dataType, 'ansi')
    default:
      return String(value)
  }
}

const texts: ExprTable<string> = {
  ColumnRef: (e) => e.name,
  Star: (e) => (e.qualifier ? `${e.qualifier}.*` : '*'),
  Attribute: (e) => e.name,
  Literal: literalText,
  Alias: (e) => (e.shown ? `${sqlText(e.child)} AS ${e.name}` : sqlText(e.child)),
  // Only a cast the user wrote prints; implicit casts from type coercion are invisible in names and errors (Spark's
  // usePrettyExpression strips casts without the USER_SPECIFIED_CAST tag, which `keepName` marks).
  Cast: (e) => (e.keepName ? `CAST(${sqlText(e.child)} AS ${sqlTypeName(e.to)})` : sqlText(e.child)),
  CaseWhen: (e) => {
    const branches = e.branches.map(([c, v]) => ` WHEN ${sqlText(c)} THEN ${sqlText(v)}`).join('')
    return `CASE${branches}${e.otherwise ? ` ELSE ${sqlText(e.otherwise)}` : ''} END`
  },
  InSet: (e) => `(${sqlText(e.child)} IN (${literalSetTexts(e.set).join(', ')}))`,
  TimeWindow: () => 'window',
  SessionWindow: () => 'session_window',
  SortOrder: (e) => `${sqlText(e.child)} ${e.ascending ? 'ASC' : 'DESC'} NULLS ${e.nullsFirst ? 'FIRST' : 'LAST'}`,
  Fn: (e) =>
    e.name === 'get_item' || e.name === 'get_field'
      ? extractText(e)
      : e.name === 'lambda_function'
        ? lambdaText(e)
        : e.name === 'date_part' || e.name === 'datepart'
          ? // Resolved as (source, field, delegate): Spark prints date_part(field, source).
            `${e.name}(${sqlText(e.args[1]!)}, ${sqlText(e.args[0]!)})`
          : fnText(e),
  Agg: aggregateText,
  Call: aggregateText,
  WindowExpr: (e) => `${windowFunctionText(e.function)} OVER ${windowSpecText(e)}`,
}

/** An argument under FILTER (a CASE WHEN marked `filter`, perhaps under an implicit cast): its condition. */
function filterOf(e: Expr): Expr | undefined {
  const inner = e.kind === 'Cast' && !e.keepName ? e.child : e
  return inner.kind === 'CaseWhen' && inner.filter ? inner.branches[0]![0] : undefined
}

/** The argument as written: without the FILTER's CASE WHEN. */
function unfiltered(e: Expr): Expr {
  const inner = e.kind === 'Cast' && !e.keepName ? e.child : e
  return inner.kind === 'CaseWhen' && inner.filter ? inner.branches[0]![1] : e
}

/** Ordered-set aggregates, whose first argument is the WITHIN GROUP ordering (its direction the last argument). */
const withinGroupAggregates = new Set(['percentile_cont', 'percentile_disc'])

/**
 * A function call: `agg(x) FILTER (WHERE c)` for an aggregate under FILTER, and
 * `percentile_cont(p) WITHIN GROUP (ORDER BY v DESC)` for an ordered-set aggregate.
 */
function aggregateText(e: ExprOf<'Agg'> | ExprOf<'Call'>): string {
  const condition = e.args.map(filterOf).find((c) => c !== undefined)
  const args = condition === undefined ? e.args : e.args.map(unfiltered)
  let text: string
  const orders = args.filter((a) => a.kind === 'SortOrder')
  if (withinGroupAggregates.has(e.name) && args.length === 3) {
    const [value, percentage, reverse] = args as [Expr, Expr, Expr]
    const descending = reverse.kind === 'Literal' && reverse.value === true
    text = `${e.name}(${sqlText(percentage)}) WITHIN GROUP (ORDER BY ${sqlText(value)}${descending ? ' DESC' : ''})`
  } else if (orders.length > 0) {
    // listagg(v, d) WITHIN GROUP (ORDER BY k ASC NULLS FIRST, …)
    const plain = args.filter((a) => a.kind !== 'SortOrder')
    text = `${callText(e.name, plain.map(sqlText), e.distinct)} WITHIN GROUP (ORDER BY ${orders.map(sqlText).join(', ')})`
  } else text = callText(e.name, args.map(sqlText), e.distinct)
  return condition === undefined ? text : `${text} FILTER (WHERE ${sqlText(condition)})`
}

type DisplayRule = (args: readonly string[], call: Fn) => string

/**
 * The function registry's name rules (`ScalarFunction.display`), installed by the registry when it loads: looked up
 * through this hook rather than imported, since the registry's functions import this module for their messages.
 */
let displayRuleOf: (name: string) => DisplayRule | undefined = () => undefined

export function setDisplayRules(lookup: (name: string) => DisplayRule | undefined): void {
  displayRuleOf = lookup
}

/** A built-in's own name rule when it has one, else Spark's default `name(args)`. */
function fnText(e: Fn): string {
  const args = e.args.map(sqlText)
  const display = displayRuleOf(e.name)
  return display ? display(args, e) : callText(displayNameOf(e.name), args, false)
}

/** Ranking functions print as `RANK()` (Spark's RankLike: their hidden children are the order keys). */
const upperCaseWindowFunctions = new Set(['rank', 'dense_rank', 'percent_rank'])

function windowFunctionText(e: Expr): string {
  if (e.kind === 'Fn' && upperCaseWindowFunctions.has(e.name)) return `${e.name.toUpperCase()}()`
  return sqlText(e)
}

function boundText(bound: FrameBound): string {
  switch (bound.kind) {
    case 'UnboundedPreceding':
      return 'UNBOUNDED PRECEDING'
    case 'UnboundedFollowing':
      return 'UNBOUNDED FOLLOWING'
    case 'CurrentRow':
      return 'CURRENT ROW'
    case 'Offset':
      return `${sqlText(bound.value)} ${bound.preceding ? 'PRECEDING' : 'FOLLOWING'}`
  }
}

/** `ROWS BETWEEN 1 PRECEDING AND CURRENT ROW` */
export function frameText(frame: WindowFrame): string {
  return `${frame.type.toUpperCase()} BETWEEN ${boundText(frame.lower)} AND ${boundText(frame.upper)}`
}

/** Spark's WindowSpecDefinition.sql: `(PARTITION BY a ORDER BY b ASC NULLS FIRST RANGE BETWEEN …)`. */
export function windowSpecText(e: WindowExpr): string {
  const parts: string[] = []
  if (e.partitionBy.length > 0) parts.push(`PARTITION BY ${e.partitionBy.map(sqlText).join(', ')}`)
  if (e.orderBy.length > 0) parts.push(`ORDER BY ${e.orderBy.map(sqlText).join(', ')}`)
  if (e.frame) parts.push(frameText(e.frame))
  return `(${parts.join(' ')})`
}

/** A lambda as Spark prints it: `lambdafunction((namedlambdavariable() + 1), namedlambdavariable())`. */
function lambdaText(e: Fn): string {
  const params = new Set(e.args.slice(1).map((p) => (p as { id: number }).id))
  const variable: Expr = { kind: 'ColumnRef', name: 'namedlambdavariable()' }
  const body = transformDown(e.args[0]!, (n) => (n.kind === 'Attribute' && params.has(n.id) ? variable : undefined))
  return `lambdafunction(${[body, ...e.args.slice(1).map(() => variable)].map(sqlText).join(', ')})`
}

/** The pretty SQL text of an expression, as Spark uses it to name unaliased columns. */
export function sqlText(e: Expr): string {
  return handlerFor(texts, e)(e)
}

/** ExtractValue prints by what it resolved to: `s.field` for struct fields (also of arrays of structs), else `a[i]`. */
function extractText(e: Fn): string {
  const [child, key] = e.args as [Expr, Expr | undefined]
  if (key === undefined) return callText(e.name, [sqlText(child)], false)
  const type = dataTypeOf(child)
  const fieldAccess = type.kind === 'struct' || (type.kind === 'array' && type.elementType.kind === 'struct')
  return fieldAccess ? `${sqlText(child)}.${sqlText(key)}` : `${sqlText(child)}[${sqlText(key)}]`
}

function callText(name: string, args: readonly string[], distinct: boolean): string {
  const [a, b] = args
  if (infix[name] !== undefined && args.length === 2) return `(${a} ${infix[name]} ${b})`
  if (bareInfix[name] !== undefined) return `${a} ${bareInfix[name]} ${b}`
  switch (name) {
    case 'not':
      return `(NOT ${a})`
    case 'negative':
      return `(- ${a})`
    case 'positive':
      return `(+ ${a})`
    case 'bitwise_not':
      return `~${a}`
    case 'is_null':
      return `(${a} IS NULL)`
    case 'is_not_null':
      return `(${a} IS NOT NULL)`
    case 'in':
      return `(${a} IN (${args.slice(1).join(', ')}))`
    case 'get_item':
      return `${a}[${b}]`
    case 'get_field':
      return `${a}.${b}`
    case 'count_star':
      return 'count(1)'
    // Parameters, not children, in Spark: first/last print `ignore nulls`, and the sketch's error is not shown.
    case 'first':
    case 'last':
      return `${name}(${a})${b === 'true' ? ' ignore nulls' : ''}`
    case 'approx_count_distinct':
      return `${name}(${distinct ? 'DISTINCT ' : ''}${a})`
    case 'if':
      return `(IF(${args.join(', ')}))`
    case 'log':
      // Logarithm(EulerNumber(), x) when called with one argument.
      return args.length === 1 ? `LOG(E(), ${a})` : `LOG(${a}, ${b})`
    case 'from_json':
    case 'from_csv':
    case 'to_json':
    case 'to_csv':
    case 'schema_of_json':
    case 'schema_of_csv':
      // They print only their input: the schema and the options map are parameters, not children, in Spark.
      return `${name}(${a})`
  }
  // ceil(x, scale) and floor(x, scale) are RoundCeil/RoundFloor, which print lower case.
  const upper = (name === 'ceil' || name === 'floor') && args.length === 2 ? undefined : upperCaseNames[name]
  return `${upper ?? name}(${distinct ? 'DISTINCT ' : ''}${args.join(', ')})`
}
