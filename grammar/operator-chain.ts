// Chains of AND/OR as the parser shapes them: left-deep when short (Spark's column names), balanced when long.
import type { Expr } from './ast.js'
import { span } from './cst-reading.js'

/**
 * Chains of more than this many ORs (or ANDs) become balanced trees: the same value (both are associative), but
 * depth log2(n), where a left-deep chain of a few thousand terms overflows the stack of every pass that walks it.
 * Shorter chains stay left-deep, so their generated column names are Spark's.
 */
export const BALANCED_FROM = 32

/** The balanced tree over `operands`: depth log2(n). */
export function balanced(operands: readonly Expr[], op: 'or' | 'and'): Expr {
  const build = (from: number, to: number): Expr => {
    if (to - from === 1) return operands[from]!
    const mid = (from + to) >>> 1
    const left = build(from, mid)
    const right = build(mid, to)
    return { kind: 'BinaryOp', op, left, right, loc: span(left.loc, right.loc) }
  }
  return build(0, operands.length)
}

/**
 * `a AND b AND …` (or OR) over operands already built, shaped as the parser shapes the same chain written out:
 * left-deep up to BALANCED_FROM operands, balanced beyond. For rewrites that take a chain apart and put it back.
 */
export function operatorChain(operands: readonly Expr[], op: 'or' | 'and'): Expr {
  if (operands.length > BALANCED_FROM) return balanced(operands, op)
  return operands.reduce((left, right) => ({ kind: 'BinaryOp', op, left, right, loc: span(left.loc, right.loc) }))
}
