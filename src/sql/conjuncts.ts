// A subquery's WHERE clause taken apart for decorrelation: its conjuncts, whether each resolves over the subquery's
// own FROM (the rest name outer columns), and the clause rebuilt from the conjuncts that stay.
import type * as ast from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
import type { Attribute } from '../expr/expression.js'
import type { BindContext } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { resolveAt } from './source-locations.js'

/** The conjuncts of `a AND b AND …`, in order. */
export function conjuncts(node: ast.Expr): ast.Expr[] {
  return node.kind === 'BinaryOp' && node.op === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node]
}

const and = (left: ast.Expr, right: ast.Expr): ast.Expr => ({ kind: 'BinaryOp', op: 'and', left, right, loc: left.loc })

/** The conjunction of `parts` as a balanced tree (a chain of thousands stays shallow). */
export function allOf(parts: readonly ast.Expr[]): ast.Expr {
  if (parts.length === 1) return parts[0]!
  const middle = parts.length >> 1
  return and(allOf(parts.slice(0, middle)), allOf(parts.slice(middle)))
}

/** A WHERE clause of the conjuncts that stay (none when none stay), to spread into a rebuilt SELECT block. */
export function whereOf(parts: readonly ast.Expr[]): { where?: ast.Expr } {
  return parts.length > 0 ? { where: parts.reduce(and) } : {}
}

export const isUnresolvedColumn = (error: unknown) =>
  error instanceof AnalysisException && (error.errorClass ?? '').startsWith('UNRESOLVED_COLUMN')

/** Whether every column an expression names resolves over `columns`. */
export function resolvesOver(node: ast.Expr, columns: readonly Attribute[], ctx: BindContext): boolean {
  try {
    resolveAt(bindExpr(node, ctx), columns, ctx.locs)
    return true
  } catch (error) {
    if (isUnresolvedColumn(error)) return false
    throw error
  }
}
