// Generators bound to a Generate node with named outputs: LATERAL VIEW [OUTER] and `SELECT gen(x) AS (a, b)`.
import type * as ast from '../../grammar/index.js'
import { generatorOutput } from '../analyzer/plan-builder.js'
import { resolveCall } from '../analyzer/resolve-expr.js'
import { AnalysisException } from '../common/errors.js'
import { own } from '../common/own.js'
import type { Expr, Fn } from '../expr/expression.js'
import { lookupFunction } from '../expr/functions/registry.js'
import { sqlText } from '../expr/sql-text.js'
import { generate, type LogicalPlan } from '../logical/plan.js'
import type { BindContext } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { resolveAt } from './source-locations.js'

const outerVariants: Readonly<Record<string, string>> = { explode: 'explode_outer', posexplode: 'posexplode_outer' }

function asGenerator(e: Expr, outer: boolean): Fn {
  const found = e.kind === 'Fn' ? lookupFunction(e.name) : undefined
  if (e.kind !== 'Fn' || found?.kind !== 'generator') {
    throw new AnalysisException(
      `The generator is not supported: \`${e.kind === 'Fn' || e.kind === 'Agg' ? e.name : sqlText(e)}\` is expected to be a generator.`,
      { errorClass: 'UNSUPPORTED_GENERATOR.NOT_GENERATOR' },
    )
  }
  const outerName = own(outerVariants, e.name)
  return outer && outerName ? (resolveCall(outerName, e.args, false) as Fn) : e
}

/** A resolved generator call under `plan`, its outputs named `names`: the plan becomes a Generate. */
export function generateWith(
  plan: LogicalPlan,
  call: Expr,
  names: readonly string[],
  qualifier: readonly string[] = [],
  outer = false,
): LogicalPlan {
  const generator = asGenerator(call, outer)
  return generate(plan, generator, generatorOutput(generator, names, qualifier))
}

/** `LATERAL VIEW [OUTER] explode(xs) t AS x`: the rows of `plan` joined with what the generator yields for each. */
export function bindLateralView(plan: LogicalPlan, node: ast.LateralView, ctx: BindContext): LogicalPlan {
  const call = resolveAt(bindExpr(node.generator, ctx), plan.output, ctx.locs)
  return generateWith(plan, call, node.columnAliases, [node.tableAlias], node.outer)
}
