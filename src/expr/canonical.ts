// Semantic identity of expressions: two expressions are the same computation when their canonical keys match
// (aliases and names ignored, attributes compared by id). Used to match SELECT items against GROUP BY items, and to
// compute a repeated subexpression once (compile.ts) — only a deterministic one, whose two evaluations are equal.

import { valueKey } from '../common/value-key.js'
import { childrenOf, type Expr, type ExprTable, exists, handlerFor } from './expression.js'
import { isLambda } from './functions/higher-order.js'
import { literalSetKey } from './literal-set.js'
import { lookupUserFunction } from './user-functions.js'

const call = (e: { readonly name: string; readonly args: readonly Expr[] }) =>
  `${e.name.toLowerCase()}(${e.args.map(canonicalKey).join(',')})`

const keys: ExprTable<string> = {
  Alias: (e) => canonicalKey(e.child),
  Attribute: (e) => `#${e.id}`,
  Literal: (e) => `lit(${valueKey(e.value)}:${JSON.stringify(e.dataType)})`,
  ColumnRef: (e) => `ref(${e.name.toLowerCase()})`,
  Star: (e) => `*${e.qualifier ?? ''}`,
  Cast: (e) => `cast(${canonicalKey(e.child)}:${JSON.stringify(e.to)})`,
  CaseWhen: (e) =>
    `case(${e.branches.map(([c, v]) => `${canonicalKey(c)}→${canonicalKey(v)}`).join(';')}|${e.otherwise ? canonicalKey(e.otherwise) : ''})`,
  InSet: (e) => `inset(${canonicalKey(e.child)}|${literalSetKey(e.set)})`,
  Fn: call,
  Call: call,
  Agg: (e) => `agg:${e.name}(${e.distinct ? 'distinct ' : ''}${e.args.map(canonicalKey).join(',')})`,
  TimeWindow: (e) => `window(${canonicalKey(e.timeColumn)},${e.windowMicros},${e.slideMicros},${e.startMicros})`,
  SessionWindow: (e) => `session_window(${canonicalKey(e.timeColumn)},${canonicalKey(e.gap)})`,
  SortOrder: (e) => `${canonicalKey(e.child)} ${e.ascending} ${e.nullsFirst}`,
  WindowExpr: (e) =>
    `over(${canonicalKey(e.function)}|${e.partitionBy.map(canonicalKey).join(',')}|${e.orderBy.map(canonicalKey).join(',')}|${JSON.stringify(e.frame ?? null, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}|${e.ignoreNulls})`,
}

export function canonicalKey(e: Expr): string {
  return handlerFor(keys, e)(e)
}

export const semanticEquals = (a: Expr, b: Expr): boolean => canonicalKey(a) === canonicalKey(b)

/** Spark's Nondeterministic built-ins: each evaluation draws anew (or counts rows), so two calls are not one value. */
const NONDETERMINISTIC = new Set([
  'rand',
  'randn',
  'random',
  'uniform',
  'randstr',
  'uuid',
  'shuffle',
  'monotonically_increasing_id',
])

const drawsAnew = (e: Expr): boolean =>
  (e.kind === 'Fn' || e.kind === 'Call') &&
  (NONDETERMINISTIC.has(e.name.toLowerCase()) || lookupUserFunction(e.name)?.deterministic === false)

/** Whether every evaluation of `e` on a row gives the same value (no nondeterministic call in it). */
export const isDeterministic = (e: Expr): boolean => !exists(e, drawsAnew)

/**
 * The computations (calls, casts, CASE, IN sets: not columns, literals or names) found in both `first` and `second`
 * that are deterministic, by canonical key: what a filter can hand on to the projection above it. Lambda bodies are
 * left out: they are evaluated per element, not per row.
 */
export function commonSubexpressions(first: readonly Expr[], second: readonly Expr[]): Expr[] {
  const keysOf = (roots: readonly Expr[]) => {
    const found = new Map<string, Expr>()
    const visit = (e: Expr) => {
      if (isLambda(e)) return
      if (e.kind !== 'Attribute' && e.kind !== 'Literal' && e.kind !== 'Alias' && isDeterministic(e))
        found.set(canonicalKey(e), e)
      childrenOf(e).forEach(visit)
    }
    roots.forEach(visit)
    return found
  }
  const inSecond = keysOf(second)
  return [...keysOf(first)].filter(([key]) => inSecond.has(key)).map(([, e]) => e)
}
