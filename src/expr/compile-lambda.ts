// A lambda argument compiled once per query into a per-batch evaluator: its body runs over whole columns of
// parameter values (every element of every array of the batch at once), with the row columns it reads gathered to
// one value per element.
import { columnsOf, makeBatch, take } from '../arrow/index.js'
import { StructField, StructType } from '../types/struct-type.js'
import { compileExpr, type Kernel } from './compile.js'
import { type Attribute, collect, type Expr, type Fn } from './expression.js'
import type { LambdaEvaluator } from './functions/higher-order.js'
import { materialize, Scalar } from './functions/vector.js'

/** The parameters of a resolved lambda_function(body, params...). */
const paramsOf = (lambda: Fn) => lambda.args.slice(1) as Attribute[]

/** The attributes the body reads that are not its own parameters (nor a nested lambda's). */
function rowReads(lambda: Fn): Attribute[] {
  const own = new Set<number>()
  for (const l of collect(lambda, (n): n is Fn => n.kind === 'Fn' && n.name === lambda.name)) {
    for (const p of paramsOf(l)) own.add(p.id)
  }
  const seen = new Map<number, Attribute>()
  for (const a of collect(lambda.args[0]!, (n): n is Attribute => n.kind === 'Attribute')) {
    if (!own.has(a.id)) seen.set(a.id, a)
  }
  return [...seen.values()]
}

export const lambdaReadsRow = (lambda: Expr): boolean => rowReads(lambda as Fn).length > 0

/** Compiles a lambda: each batch yields a Scalar holding the evaluator for that batch's rows. */
export function compileLambda(lambda: Fn, input: readonly Attribute[]): Kernel {
  const params = paramsOf(lambda)
  const reads = rowReads(lambda).filter((a) => input.some((i) => i.id === a.id))
  const positions = reads.map((a) => input.findIndex((i) => i.id === a.id))
  const scope = [...params, ...reads]
  const body = compileExpr(lambda.args[0]!, scope)
  const schema = StructType(scope.map((a, k) => StructField(`_${k}`, a.dataType)))
  return (batch, ctx) => {
    const evaluate: LambdaEvaluator = (values, rows, n) => {
      const row = columnsOf(batch)
      const gathered = positions.map((p) => take(materialize(row[p]!, ctx.length), rows))
      const lambdaBatch = makeBatch(schema, [...values.slice(0, params.length), ...gathered], n)
      return body(lambdaBatch, { ...ctx, length: n })
    }
    return new Scalar(evaluate, lambda.dataType)
  }
}
