// `f(args) WITHIN GROUP (ORDER BY key)`: Spark's ordered-set aggregates. percentile_cont(p) / percentile_disc(p) become
// the aggregate over (key, p, descending); listagg / string_agg take their orderings as SortOrder arguments after the
// value and delimiter; any other function is refused with Spark's error classes.
import type * as ast from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
import { call, type Expr, literal, sortOrder } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { BOOLEAN, NULL } from '../types/data-types.js'

/** The inverse distribution functions, which need WITHIN GROUP and take exactly one ordering. */
export const inverseDistributionFunctions = new Set(['percentile_cont', 'percentile_disc'])

const withinGroupError = (subclass: string, message: string) =>
  new AnalysisException(`Invalid WITHIN GROUP expression: ${message}`, {
    errorClass: `INVALID_WITHIN_GROUP_EXPRESSION.${subclass}`,
  })

/** A call with WITHIN GROUP: `args` and `bindKey` are the bound arguments and a binder for the ordering keys. */
export function withinGroupCall(
  node: ast.FunctionCall,
  name: string,
  args: readonly Expr[],
  bindKey: (e: ast.Expr) => Expr,
): Expr {
  const lower = name.toLowerCase()
  const orderings = node.withinGroup ?? []
  if (lower === 'listagg' || lower === 'string_agg') return orderedListAgg(node, lower, args, bindKey)
  if (!inverseDistributionFunctions.has(lower)) {
    throw new AnalysisException(`Invalid SQL syntax: The function \`${lower}\` does not support WITHIN GROUP.`, {
      errorClass: 'INVALID_SQL_SYNTAX.FUNCTION_WITH_UNSUPPORTED_SYNTAX',
    })
  }
  if (node.distinct) {
    throw withinGroupError(
      'DISTINCT_UNSUPPORTED',
      `The function \`${lower}\` does not support DISTINCT with WITHIN GROUP.`,
    )
  }
  if (args.length !== 1) {
    throw new AnalysisException(
      `The \`${lower}\` requires 1 parameters but the actual number is ${args.length}. Please, refer to ` +
        `'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.`,
      { errorClass: 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION' },
    )
  }
  if (orderings.length !== 1) {
    throw withinGroupError(
      'WRONG_NUM_ORDERINGS',
      `The function \`${lower}\` requires 1 orderings in WITHIN GROUP but got ${orderings.length}.`,
    )
  }
  const [key] = orderings as [ast.SortItem]
  return call(lower, [bindKey(key.expr), args[0]!, literal(key.direction === 'desc', BOOLEAN)])
}

/**
 * listagg(value[, delimiter]) WITHIN GROUP (ORDER BY k1 [DESC] [NULLS …], …). Under DISTINCT the ordering must be
 * the value itself (Spark's FUNCTION_AND_ORDER_EXPRESSION_MISMATCH).
 */
function orderedListAgg(
  node: ast.FunctionCall,
  name: string,
  args: readonly Expr[],
  bindKey: (e: ast.Expr) => Expr,
): Expr {
  const orders = (node.withinGroup ?? []).map((item) => {
    const ascending = item.direction !== 'desc'
    return sortOrder(bindKey(item.expr), ascending, item.nulls === undefined ? ascending : item.nulls === 'first')
  })
  if (node.distinct && args.length > 0) {
    const keys = orders.map((o) => sqlText(o.child))
    if (keys.length !== 1 || keys[0] !== sqlText(args[0]!)) {
      throw new AnalysisException(
        `The function \`${name}\` arguments "${sqlText(args[0]!)}" should match the order by expression ` +
          `${keys.map((k) => `"${k}"`).join(', ')} when use DISTINCT.`,
        { errorClass: 'FUNCTION_AND_ORDER_EXPRESSION_MISMATCH' },
      )
    }
  }
  const [value, delimiter, ...rest] = args
  if (value === undefined) return call(name, [...orders], node.distinct)
  return call(name, [value, delimiter ?? literal(null, NULL), ...rest, ...orders], node.distinct)
}

/** percentile_cont(p) without WITHIN GROUP. */
export function withinGroupMissing(name: string): AnalysisException {
  return withinGroupError(
    'WITHIN_GROUP_MISSING',
    `WITHIN GROUP is required for inverse distribution function \`${name.toLowerCase()}\`.`,
  )
}
