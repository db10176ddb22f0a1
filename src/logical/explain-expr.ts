// Expressions as Spark prints them in plans: attributes with ids (`value#0`, `count#4L`), aliases (`... AS word#3`).

import {
  attribute,
  childrenOf,
  dataTypeOf,
  type Expr,
  type ExprTable,
  handlerFor,
  nullableOf,
  withChildren,
} from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { sqlTypeName } from '../types/data-types.js'
import { WATERMARK_DELAY_KEY } from './plan.js'

const explained: ExprTable<string> = {
  Attribute: (e) => {
    const delay = e.metadata[WATERMARK_DELAY_KEY]
    return `${e.name}#${e.id}${typeSuffix(e)}${typeof delay === 'number' ? `-T${delay}ms` : ''}`
  },
  Alias: (e) => `${explainExpr(e.child)} AS ${e.name}#${e.id}${typeSuffix(e)}`,
  Cast: (e) => `cast(${explainExpr(e.child)} as ${sqlTypeName(e.to).toLowerCase()})`,
  Literal: (e) => (e.value === null ? 'null' : sqlText(e)),
  SortOrder: (e) => `${explainExpr(e.child)} ${e.ascending ? 'ASC' : 'DESC'} NULLS ${e.nullsFirst ? 'FIRST' : 'LAST'}`,
  // The rest print as their SQL text, with the attributes inside showing their ids.
  ColumnRef: (e) => sqlTextWith(e),
  Star: (e) => sqlTextWith(e),
  Call: (e) => sqlTextWith(e),
  Fn: (e) => sqlTextWith(e),
  Agg: (e) => sqlTextWith(e),
  CaseWhen: (e) => sqlTextWith(e),
  InSet: (e) => sqlTextWith(e),
  TimeWindow: (e) => sqlTextWith(e),
  SessionWindow: (e) => sqlTextWith(e),
  WindowExpr: (e) => sqlTextWith(e),
}

/** Spark's `Expression.toString`-style rendering used in EXPLAIN output. */
export function explainExpr(e: Expr): string {
  return handlerFor(explained, e)(e)
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
  return withChildren(
    e,
    childrenOf(e).map((c) => markChildren(c, placeholders)),
  )
}
