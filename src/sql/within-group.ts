// `f(args) WITHIN GROUP (ORDER BY key)`: Spark's ordered-set aggregates. percentile_cont(p) / percentile_disc(p) become
// the aggregate over (key, p, descending); any other function is refused with Spark's error classes.
import type * as ast from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
import { call, type Expr, literal } from '../expr/expression.js'
import { BOOLEAN } from '../types/data-types.js'

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

/** percentile_cont(p) without WITHIN GROUP. */
export function withinGroupMissing(name: string): AnalysisException {
  return withinGroupError(
    'WITHIN_GROUP_MISSING',
    `WITHIN GROUP is required for inverse distribution function \`${name.toLowerCase()}\`.`,
  )
}
