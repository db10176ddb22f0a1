// Lambda arguments of higher-order functions: `x -> body` becomes lambda_function(body, x) with x a fresh attribute
// of the type the function gives it (an array's element type, an index, an accumulator), and the body resolved
// with x in scope ahead of the row's columns. A plain expression in a function's place is a lambda without
// parameters (`transform(a, 0)`), as Spark treats it.
import { AnalysisException } from '../common/errors.js'
import {
  type Attribute,
  attribute,
  type Call,
  call,
  dataTypeOf,
  type Expr,
  fn,
  literal,
  nullableOf,
  transformDown,
} from '../expr/expression.js'
import { type HigherOrder, LAMBDA } from '../expr/functions/higher-order.js'
import { type DataType, STRING } from '../types/data-types.js'
import { parseAttributeName } from './identifiers.js'

/** The unresolved lambda the SQL binder builds: lambda_function(body, ColumnRef(param)...). */
export const isUnresolvedLambda = (e: Expr): e is Call => e.kind === 'Call' && e.name === LAMBDA

/** A lambda used as an argument of a function that takes none (Spark's NON_HIGHER_ORDER_FUNCTION). */
export function lambdaOutsideHigherOrder(name: string): AnalysisException {
  return new AnalysisException(
    `Invalid lambda function call. A lambda function should only be used in a higher order function. However, its class is \`${name}\`, which is not a higher order function.`,
    { errorClass: 'INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION' },
  )
}

const paramName = (p: Expr): string => (p.kind === 'ColumnRef' ? parseAttributeName(p.name)[0]! : '')

type Resolve = (e: Expr, input: readonly Attribute[]) => Expr

/** The arguments of a higher-order call, lambdas resolved with their parameters in scope. */
export function resolveHigherOrderArgs(
  spec: HigherOrder,
  args: readonly Expr[],
  input: readonly Attribute[],
  resolve: Resolve,
): Expr[] {
  const resolved: Expr[] = []
  args.forEach((a, position) => {
    const params = spec.lambdaParams(resolved, position)
    resolved.push(params === undefined ? resolve(a, input) : resolveLambda(a, params, input, resolve))
  })
  return resolved
}

function resolveLambda(e: Expr, types: readonly DataType[], input: readonly Attribute[], resolve: Resolve): Expr {
  const [body, params] = isUnresolvedLambda(e) ? [e.args[0]!, e.args.slice(1).map(paramName)] : [e, []]
  if (params.length > types.length) {
    throw new AnalysisException(
      `Invalid lambda function call. A higher order function expects ${types.length} arguments, but got ${params.length}.`,
      { errorClass: 'INVALID_LAMBDA_FUNCTION_CALL.NUM_ARGS_MISMATCH' },
    )
  }
  const vars = params.map((p, k) => attribute(p, types[k]!, true))
  const bound = bindParams(body, vars)
  const resolvedBody = resolve(bound, [...vars, ...input])
  return fn(LAMBDA, [resolvedBody, ...vars], dataTypeOf(resolvedBody), nullableOf(resolvedBody))
}

/** Replaces references to the parameters (`x`, `acc.sum`) with their attributes, except where a nested lambda
 * declares a parameter of the same name. */
function bindParams(body: Expr, vars: readonly Attribute[]): Expr {
  if (vars.length === 0) return body
  const byName = new Map(vars.map((v) => [v.name.toLowerCase(), v]))
  return transformDown(body, (n) => {
    if (isUnresolvedLambda(n)) {
      const inner = new Set(n.args.slice(1).map((p) => paramName(p).toLowerCase()))
      const visible = vars.filter((v) => !inner.has(v.name.toLowerCase()))
      if (visible.length === vars.length) return undefined
      return { ...n, args: [bindParams(n.args[0]!, visible), ...n.args.slice(1)] }
    }
    if (n.kind !== 'ColumnRef') return undefined
    const parts = parseAttributeName(n.name)
    const found = byName.get(parts[0]!.toLowerCase())
    if (!found) return undefined
    return parts.length === 1 ? found : fieldPath(found, parts.slice(1))
  })
}

/** `acc.sum` as get_field calls on the parameter (resolved later, with the parameter's struct type known). */
function fieldPath(base: Expr, fields: readonly string[]): Expr {
  let result = base
  for (const field of fields) result = call('get_field', [result, literal(field, STRING)])
  return result
}
