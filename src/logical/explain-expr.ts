// Expressions as Spark prints them in plans: attributes with ids (`value#0`, `count#4L`), aliases (`... AS word#3`).

import { attribute, dataTypeOf, type Expr, nullableOf } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { sqlTypeName } from '../types/data-types.js'
import { WATERMARK_DELAY_KEY } from './plan.js'

/** Spark's `Expression.toString`-style rendering used in EXPLAIN output. */
export function explainExpr(e: Expr): string {
  switch (e.kind) {
    case 'Attribute': {
      const delay = e.metadata[WATERMARK_DELAY_KEY]
      return `${e.name}#${e.id}${typeSuffix(e)}${typeof delay === 'number' ? `-T${delay}ms` : ''}`
    }
    case 'Alias':
      return `${explainExpr(e.child)} AS ${e.name}#${e.id}${typeSuffix(e)}`
    case 'Cast':
      return `cast(${explainExpr(e.child)} as ${sqlTypeName(e.to).toLowerCase()})`
    case 'Literal':
      return e.value === null ? 'null' : sqlText(e)
    case 'SortOrder':
      return `${explainExpr(e.child)} ${e.ascending ? 'ASC' : 'DESC'} NULLS ${e.nullsFirst ? 'FIRST' : 'LAST'}`
    default:
      return sqlTextWith(e)
  }
}

/** Spark marks BIGINT attributes with `L` (`count#12L`). */
const typeSuffix = (e: Expr): string => (dataTypeOf(e).kind === 'long' ? 'L' : '')

/** sqlText with children rendered by explainExpr, so nested attributes show their ids. */
function sqlTextWith(e: Expr): string {
  const placeholders = new Map<string, string>()
  const marked = markChildren(e, placeholders)
  let text = sqlText(marked)
  for (const [key, value] of placeholders) text = text.split(key).join(value)
  return text
}

function markChildren(e: Expr, placeholders: Map<string, string>): Expr {
  if (e.kind === 'Attribute' || e.kind === 'Alias' || e.kind === 'Cast') {
    const key = `\u0000${placeholders.size}\u0000`
    placeholders.set(key, explainExpr(e))
    // A stand-in of the same type, so renderers that look at argument types still work.
    return attribute(key, dataTypeOf(e), nullableOf(e), {}, [], -1)
  }
  switch (e.kind) {
    case 'Fn':
    case 'Agg':
    case 'Call':
      return { ...e, args: e.args.map((a) => markChildren(a, placeholders)) } as Expr
    case 'CaseWhen':
      return {
        ...e,
        branches: e.branches.map(([c, v]) => [markChildren(c, placeholders), markChildren(v, placeholders)] as const),
        ...(e.otherwise ? { otherwise: markChildren(e.otherwise, placeholders) } : {}),
      }
    case 'TimeWindow':
    case 'SessionWindow':
      return e
    default:
      return e
  }
}
