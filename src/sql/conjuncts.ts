// A subquery's WHERE clause taken apart for decorrelation: its conjuncts, whether each resolves over the subquery's
// own FROM (the rest name outer columns), and the clause rebuilt from the conjuncts that stay.
import type * as ast from '../../grammar/index.js'
import { operatorChain } from '../../grammar/index.js'
import { AnalysisException } from '../common/errors.js'
import type { Attribute } from '../expr/expression.js'
import type { BindContext } from './bind-context.js'
import { bindExpr } from './expressions.js'
import { resolveAt } from './source-locations.js'

/** The conjuncts of `a AND b AND …`, in order. */
export function conjuncts(node: ast.Expr): ast.Expr[] {
  return node.kind === 'BinaryOp' && node.op === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node]
}

/**
 * The conjunction of `parts` as the parser builds a written chain (grammar's operatorChain): left-deep as Spark's
 * for a few, balanced for a long one, so a chain of thousands stays shallow and a short one keeps Spark's names.
 */
export const allOf = (parts: readonly ast.Expr[]): ast.Expr => operatorChain(parts, 'and')

/** A WHERE clause of the conjuncts that stay (none when none stay), to spread into a rebuilt SELECT block. */
export function whereOf(parts: readonly ast.Expr[]): { where?: ast.Expr } {
  return parts.length > 0 ? { where: allOf(parts) } : {}
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
