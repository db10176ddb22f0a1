// Long IN lists of plain literals, read flat: the gate that recognises one and the decoding of its tokens.
import { type IToken, tokenMatcher } from 'chevrotain'
import type { LiteralList } from './ast-expressions.js'
import type { Children } from './cst-reading.js'
import { stringValue } from './literals.js'
import * as T from './tokens.js'

/**
 * Lists longer than Spark's `spark.sql.optimizer.inSetConversionThreshold` (10) are read flat; shorter ones stay
 * expressions, so their plans and names are the ones the expression path gives.
 */
const MIN_ELEMENTS = 11

/** Integers that fit a double exactly; longer digit strings are checked one by one. */
const SAFE_DIGITS = 15

/**
 * Whether the tokens from `LA(first)` are `v, v, …, v )` with at least MIN_ELEMENTS values, every value a NULL or
 * a value of one kind: a plain integer (optional minus, no suffix, a safe integer) or a single quoted string. A
 * linear scan of the token vector, made once when the IN list starts.
 */
export function isLiteralListAt(la: (k: number) => IToken, first = 1): boolean {
  let kind: 'integers' | 'strings' | undefined
  let count = 0
  for (let k = first; ; k++) {
    let token = la(k)
    let itemKind: typeof kind
    if (tokenMatcher(token, T.Minus)) {
      token = la(++k)
      if (!tokenMatcher(token, T.IntegerLiteral)) return false
    }
    if (tokenMatcher(token, T.IntegerLiteral)) {
      if (!isSafeDigits(token.image)) return false
      itemKind = 'integers'
    } else if (tokenMatcher(token, T.QuotedString)) itemKind = 'strings'
    else if (!tokenMatcher(token, T.Null)) return false
    if (itemKind) {
      if (kind && kind !== itemKind) return false
      kind = itemKind
    }
    count++
    const next = la(++k)
    if (tokenMatcher(next, T.RParen)) return count >= MIN_ELEMENTS && kind !== undefined
    if (!tokenMatcher(next, T.Comma)) return false
  }
}

const isSafeDigits = (digits: string) => digits.length <= SAFE_DIGITS || Number.isSafeInteger(Number(digits))

/**
 * The values of a `literalList` node in written order. Chevrotain groups a node's tokens by type, so the groups
 * (each in source order) are merged by offset: a minus applies to the integer after it.
 */
export function literalListOf(ctx: Children): LiteralList {
  const integers = (ctx.IntegerLiteral ?? []) as IToken[]
  const strings = (ctx.QuotedString ?? []) as IToken[]
  const nullTokens = (ctx.Null ?? []) as IToken[]
  const minuses = (ctx.Minus ?? []) as IToken[]
  const valueTokens = integers.length > 0 ? integers : strings
  const nulls: number[] = []
  // Positions of the NULLs among all values: merge the value and NULL groups by offset.
  for (let v = 0, n = 0; n < nullTokens.length; ) {
    if (v < valueTokens.length && valueTokens[v]!.startOffset < nullTokens[n]!.startOffset) v++
    else nulls.push(v + n++)
  }
  if (integers.length === 0) return { kind: 'strings', values: strings.map(stringValue), nulls }
  const values = new Float64Array(integers.length)
  for (let i = 0, m = 0; i < integers.length; i++) {
    const token = integers[i]!
    const value = Number(token.image)
    // Each integer has at most one minus, and it comes after the integer before it.
    const negative = m < minuses.length && minuses[m]!.startOffset < token.startOffset
    if (negative) m++
    values[i] = negative && value !== 0 ? -value : value
  }
  return { kind: 'integers', values, nulls }
}
