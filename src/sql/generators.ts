// Generators bound to a Generate node with named outputs: LATERAL VIEW [OUTER] and `SELECT gen(x) AS (a, b)`.
import type * as ast from '../../grammar/index.js'
import { resolveCall } from '../analyzer/resolve-expr.js'
import { AnalysisException } from '../common/errors.js'
import { type Attribute, attribute, type Expr, type Fn } from '../expr/expression.js'
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
  const outerName = outerVariants[e.name]
  return outer && outerName ? (resolveCall(outerName, e.args, false) as Fn) : e
}

/** The generator's output columns, named by `names` (or its defaults: `col`, `pos`, `key`, `value`). */
function generatorOutput(generator: Fn, names: readonly string[], qualifier: readonly string[]): Attribute[] {
  const found = lookupFunction(generator.name)
  if (found?.kind !== 'generator') throw new Error(`${generator.name} is not a generator`)
  const { output } = found.spec.resolve(generator.args, generator.name)
  if (names.length > 0 && names.length !== output.length) {
    throw new AnalysisException(
      `The number of aliases supplied in the AS clause does not match the number of columns output by the UDTF. Expected ${output.length} aliases but got ${names.join(', ')}.`,
      { errorClass: 'UDTF_ALIAS_NUMBER_MISMATCH' },
    )
  }
  return output.map((o, i) => attribute(names[i] ?? o.name, o.dataType, o.nullable, {}, qualifier))
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
