// Semantic identity of expressions: two expressions are the same computation when their canonical keys match
// (aliases and names ignored, attributes compared by id). Used to match SELECT items against GROUP BY items.

import { valueKey } from '../common/value-key.js'
import { type Expr, type ExprTable, handlerFor } from './expression.js'
import { literalSetKey } from './literal-set.js'

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
