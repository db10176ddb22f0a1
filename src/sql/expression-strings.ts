// Expression strings (`expr('…')`, `selectExpr`, `filter('…')`): parsed by the same grammar, bound like SQL.
import { parseExpression, parseNamedExpression } from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
import { parseOrThrow } from '../common/parse-errors.js'
import { type Attribute, alias, type Expr } from '../expr/expression.js'
import { type BindContext, bindContext, type SqlSession } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { resolveAt } from './source-locations.js'

const noQueries = (): never => {
  throw new AnalysisException('Expression strings cannot contain queries.')
}

/** Just enough of a session to bind an expression string: literals need the time zone, not the catalog. */
const sessionFor = (timeZone: string): SqlSession => ({
  timeZone,
  execute: noQueries,
  physicalPlanText: noQueries,
  conf: { set: noQueries, getOption: () => undefined, unset: noQueries, getAll: () => ({}) },
  catalog: {
    lookup: () => {
      throw new Error('expression strings read no tables')
    },
    register: () => undefined,
    tableExists: () => false,
    listTables: () => [],
  },
})

/** `a + 1 AS b`, `*`, `t.*`: an unresolved expression, aliased when the text names it. */
function namedExpr(text: string, ctx: BindContext): Expr {
  const node = parseOrThrow(() => parseNamedExpression(text))
  const bound = bindExpr(node.expr, ctx)
  if (node.aliases) throw new AnalysisException('Multiple aliases (AS (a, b)) are not supported here yet.')
  return node.alias === undefined ? bound : alias(bound, node.alias)
}

/** An expression string, unresolved (for `expr('…')`). */
export function unresolvedExpression(text: string, timeZone: string): Expr {
  return namedExpr(text, bindContext(sessionFor(timeZone), text))
}

/**
 * An expression string resolved against `input`, errors pointing into the text (`filter('…')`); stars are left for
 * the projection to expand.
 */
export function resolvedExpression(text: string, input: readonly Attribute[], timeZone: string): Expr {
  const ctx = bindContext(sessionFor(timeZone), text)
  const e = namedExpr(text, ctx)
  return e.kind === 'Star' ? e : resolveAt(e, input, ctx.locs)
}

/** A boolean condition string (`'age > 3'`), resolved against `input`. */
export function resolvedCondition(text: string, input: readonly Attribute[], timeZone: string): Expr {
  const ctx = bindContext(sessionFor(timeZone), text)
  const node = parseOrThrow(() => parseExpression(text))
  return resolveAt(bindExpr(node, ctx), input, ctx.locs)
}
