// Resolves `fn OVER (…)`: the function (a window function or an aggregate), the keys, and Spark's frame rules.
import { AnalysisException } from '../common/errors.js'
import {
  type Attribute,
  agg,
  dataTypeOf,
  type Expr,
  type FrameBound,
  fn,
  literal,
  type SortOrder,
  type WindowExpr,
  type WindowFrame,
  windowExpr,
} from '../expr/expression.js'
import { callText } from '../expr/functions/coercion.js'
import { frameText, sqlText, windowSpecText } from '../expr/sql-text.js'
import { lookupWindowFunction } from '../expr/window-functions.js'
import { BOOLEAN, isNumeric, sqlTypeName } from '../types/data-types.js'

type Resolve = (e: Expr, input: readonly Attribute[]) => Expr

const unboundedPreceding: FrameBound = { kind: 'UnboundedPreceding' }
const unboundedFollowing: FrameBound = { kind: 'UnboundedFollowing' }
const currentRow: FrameBound = { kind: 'CurrentRow' }

/** Spark's default frame: running (RANGE … CURRENT ROW) with an ORDER BY, the whole partition without one. */
export const defaultFrame = (ordered: boolean): WindowFrame =>
  ordered
    ? { type: 'range', lower: unboundedPreceding, upper: currentRow }
    : { type: 'rows', lower: unboundedPreceding, upper: unboundedFollowing }

/** The signed offset of a bound: preceding rows (or key units) negative; unbounded as ±Infinity. */
export function boundOffset(bound: FrameBound): number {
  switch (bound.kind) {
    case 'UnboundedPreceding':
      return Number.NEGATIVE_INFINITY
    case 'UnboundedFollowing':
      return Number.POSITIVE_INFINITY
    case 'CurrentRow':
      return 0
    case 'Offset': {
      const value = Number(bound.value.value)
      return bound.preceding ? -value : value
    }
  }
}

const sameBound = (a: FrameBound, b: FrameBound) => a.kind === b.kind && boundOffset(a) === boundOffset(b)
const sameFrame = (a: WindowFrame, b: WindowFrame) =>
  a.type === b.type && sameBound(a.lower, b.lower) && sameBound(a.upper, b.upper)

/** Aggregates ordered within their group (Spark's SupportsOrderingWithinGroup): a window may only partition them. */
const withinGroupAggregates = new Set(['median', 'percentile_cont', 'percentile_disc', 'mode'])

/** The aggregates that take `ignoreNulls` as a second argument (`first(x) IGNORE NULLS` is `first(x, true)`). */
const ignoreNullsAggregates = new Set(['first', 'last', 'first_value', 'last_value', 'any_value'])

function resolveFunction(e: WindowExpr, input: readonly Attribute[], resolve: Resolve): Expr {
  const call = e.function
  if (call.kind === 'Call') {
    const spec = lookupWindowFunction(call.name)
    const name = call.name.toLowerCase()
    if (spec) {
      const args = call.args.map((a) => resolve(a, input))
      if (args.length < spec.arity[0] || args.length > spec.arity[1]) {
        throw new AnalysisException(
          `The \`${name}\` requires ${spec.arity[0] === spec.arity[1] ? spec.arity[0] : `[${spec.arity[0]}, ${spec.arity[1]}]`} parameters but the actual number is ${args.length}.`,
          { errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' },
        )
      }
      const resolved = spec.resolve(args, name)
      return fn(name, resolved.args, resolved.dataType, resolved.nullable ?? true)
    }
    if (e.ignoreNulls && ignoreNullsAggregates.has(name) && call.args.length === 1) {
      const resolved = resolve({ ...call, args: [...call.args, literal(true, BOOLEAN)] }, input)
      return resolved
    }
  }
  const resolved = resolve(call, input)
  if (resolved.kind === 'Agg') {
    if (resolved.distinct) {
      throw new AnalysisException(
        `Distinct window functions are not supported: ${sqlText(windowExpr(resolved, [], [], e.frame))}.`,
        { errorClass: 'DISTINCT_WINDOW_FUNCTION_UNSUPPORTED' },
      )
    }
    return agg(resolved.name, resolved.args, false, resolved.dataType, resolved.nullable)
  }
  if (resolved.kind === 'Fn' && lookupWindowFunction(resolved.name)) return resolved
  throw new AnalysisException(`Expression "${sqlText(resolved)}" not supported within a window function.`, {
    errorClass: 'UNSUPPORTED_EXPR_FOR_WINDOW',
  })
}

/** Resolves a window expression and fills in its frame, with Spark's checks (WindowSpecDefinition, ResolveWindowFrame). */
export function resolveWindowExpr(e: WindowExpr, input: readonly Attribute[], resolve: Resolve): WindowExpr {
  const partitionBy = e.partitionBy.map((p) => resolve(p, input))
  const orderBy = e.orderBy.map((o) => resolve(o, input) as SortOrder)
  const function_ = resolveFunction(e, input, resolve)
  const windowFn = function_.kind === 'Fn' ? lookupWindowFunction(function_.name) : undefined
  // nth_value(x, n, ignoreNulls): the flag is the window's (as IGNORE NULLS is).
  const flag =
    function_.kind === 'Fn' && function_.name === 'nth_value' && e.function.kind === 'Call'
      ? e.function.args[2]
      : undefined
  const ignoreNulls = e.ignoreNulls || (flag !== undefined && isTrue(resolve(flag, input)))
  const display = () => `${sqlText(function_)}`
  if (windowFn?.ordered && orderBy.length === 0) {
    throw new AnalysisException(
      `Window function ${display()} requires window to be ordered, please add ORDER BY clause. For example SELECT ${display()}(value_expr) OVER (PARTITION BY window_partition ORDER BY window_ordering) from table`,
    )
  }
  const required = windowFn?.frame?.(function_.kind === 'Fn' ? function_.args : [])
  if (required && e.frame && !sameFrame(required, e.frame)) {
    throw new AnalysisException(
      `Cannot specify window frame for ${function_.kind === 'Fn' ? function_.name : ''} function: ${frameText(e.frame)} must match the required frame ${frameText(required)}.`,
      { errorClass: 'WINDOW_FUNCTION_AND_FRAME_MISMATCH' },
    )
  }
  // (A frame equal to the default whole-partition one is what an earlier resolution of the same window filled in.)
  const framed = e.frame !== undefined && !sameFrame(e.frame, defaultFrame(false))
  const ordered = function_.kind === 'Agg' && function_.args.some((a) => a.kind === 'SortOrder')
  if (
    function_.kind === 'Agg' &&
    (withinGroupAggregates.has(function_.name) || ordered) &&
    (orderBy.length > 0 || framed)
  ) {
    // Spark names an ordered listagg by its children: listagg(a, NULL, a).
    const name = ordered
      ? `"${callText(
          function_.name,
          function_.args.map((a) => (a.kind === 'SortOrder' ? a.child : a)),
        )}"`
      : function_.name
    throw new AnalysisException(`Cannot specify ORDER BY or a window frame for ${name}.`, {
      errorClass: 'INVALID_WINDOW_SPEC_FOR_AGGREGATION_FUNC',
    })
  }
  const frame = required ?? e.frame ?? defaultFrame(orderBy.length > 0)
  const resolved = windowExpr(function_, partitionBy, orderBy, frame, ignoreNulls)
  checkFrame(resolved, frame)
  return resolved
}

const isTrue = (e: Expr) => e.kind === 'Literal' && e.value === true

function mismatch(_e: WindowExpr, subject: string, detail: string, errorClass: string): AnalysisException {
  return new AnalysisException(`Cannot resolve "${subject}" due to data type mismatch: ${detail}`, {
    errorClass: `DATATYPE_MISMATCH.${errorClass}`,
  })
}

const boundName = (b: FrameBound) =>
  b.kind === 'Offset' ? `"${boundOffset(b)}"` : `"${b.kind.toLowerCase().replace('row', 'row')}$()"`

/** Spark's SpecifiedWindowFrame and WindowSpecDefinition type checks. */
function checkFrame(e: WindowExpr, frame: WindowFrame): void {
  const { lower, upper } = frame
  const frameSql = frameText(frame)
  const specSql = windowSpecText(e)
  if (lower.kind === 'UnboundedFollowing' || upper.kind === 'UnboundedPreceding') {
    throw mismatch(
      e,
      frameSql,
      `Window frame upper bound ${boundName(upper)} does not follow the lower bound ${boundName(lower)}.`,
      'SPECIFIED_WINDOW_FRAME_INVALID_BOUND',
    )
  }
  const offsets = [lower, upper].filter((b): b is Extract<FrameBound, { kind: 'Offset' }> => b.kind === 'Offset')
  if (frame.type === 'rows') {
    for (const [bound, location] of [
      [lower, 'lower'],
      [upper, 'upper'],
    ] as const) {
      if (bound.kind !== 'Offset') continue
      const type = dataTypeOf(bound.value)
      if (type.kind !== 'integer' && type.kind !== 'short' && type.kind !== 'byte') {
        throw mismatch(
          e,
          frameSql,
          `The data type of the ${location} bound "${sqlTypeName(type)}" does not match the expected data type "INT".`,
          'SPECIFIED_WINDOW_FRAME_UNACCEPTED_TYPE',
        )
      }
    }
  } else {
    if (e.orderBy.length === 0 && !(lower.kind === 'UnboundedPreceding' && upper.kind === 'UnboundedFollowing')) {
      throw mismatch(
        e,
        specSql,
        'A range window frame cannot be used in an unordered window specification.',
        'RANGE_FRAME_WITHOUT_ORDER',
      )
    }
    if (offsets.length > 0 && e.orderBy.length > 1) {
      throw mismatch(
        e,
        specSql,
        `A range window frame with value boundaries cannot be used in a window specification with multiple order by expressions: ${e.orderBy.map(sqlText).join(',')}.`,
        'RANGE_FRAME_MULTI_ORDER',
      )
    }
    const orderType = e.orderBy[0] && dataTypeOf(e.orderBy[0].child)
    for (const bound of offsets) {
      const valueType = dataTypeOf(bound.value)
      if (orderType && !rangeTypesMatch(orderType.kind, valueType.kind)) {
        throw mismatch(
          e,
          specSql,
          `The data type "${sqlTypeName(orderType)}" used in the order specification does not match the data type "${sqlTypeName(valueType)}" which is used in the range frame.`,
          'RANGE_FRAME_INVALID_TYPE',
        )
      }
    }
  }
  if (boundOffset(lower) > boundOffset(upper)) {
    throw mismatch(
      e,
      frameSql,
      'The lower bound of a window frame must be less than or equal to the upper bound.',
      'SPECIFIED_WINDOW_FRAME_WRONG_COMPARISON',
    )
  }
}

const integralKinds = new Set(['byte', 'short', 'integer', 'long'])

/** RANGE offsets: a number for a numeric key, whole days for a date, a day-time interval for a timestamp. */
function rangeTypesMatch(order: string, value: string): boolean {
  if (order === 'date') return integralKinds.has(value)
  if (order === 'timestamp' || order === 'timestamp_ntz') return value === 'interval'
  return isNumeric({ kind: order } as never) && isNumeric({ kind: value } as never)
}
