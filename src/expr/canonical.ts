// Semantic identity of expressions: two expressions are the same computation when their canonical keys match
// (aliases and names ignored, attributes compared by id). Used to match SELECT items against GROUP BY items.
import type { Expr } from './expression.js'

export function canonicalKey(e: Expr): string {
  switch (e.kind) {
    case 'Alias':
      return canonicalKey(e.child)
    case 'Attribute':
      return `#${e.id}`
    case 'Literal':
      return `lit(${JSON.stringify(e.value)}:${JSON.stringify(e.dataType)})`
    case 'ColumnRef':
      return `ref(${e.name.toLowerCase()})`
    case 'Star':
      return `*${e.qualifier ?? ''}`
    case 'Cast':
      return `cast(${canonicalKey(e.child)}:${JSON.stringify(e.to)})`
    case 'CaseWhen':
      return `case(${e.branches.map(([c, v]) => `${canonicalKey(c)}→${canonicalKey(v)}`).join(';')}|${e.otherwise ? canonicalKey(e.otherwise) : ''})`
    case 'Fn':
    case 'Call':
      return `${e.name.toLowerCase()}(${e.args.map(canonicalKey).join(',')})`
    case 'Agg':
      return `agg:${e.name}(${e.distinct ? 'distinct ' : ''}${e.args.map(canonicalKey).join(',')})`
    case 'TimeWindow':
      return `window(${canonicalKey(e.timeColumn)},${e.windowMicros},${e.slideMicros},${e.startMicros})`
    case 'SessionWindow':
      return `session_window(${canonicalKey(e.timeColumn)},${canonicalKey(e.gap)})`
    case 'SortOrder':
      return `${canonicalKey(e.child)} ${e.ascending} ${e.nullsFirst}`
  }
}

export const semanticEquals = (a: Expr, b: Expr): boolean => canonicalKey(a) === canonicalKey(b)
