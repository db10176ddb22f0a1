// Output column names for unaliased expressions, as Spark generates them (`(a + 1)`, `upper(a)`, `count(1)`).
import { alias, type Expr, type ExprTable, handlerFor, type NamedExpr } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'

/** Named by Spark's pretty SQL text (`toPrettySQL`). */
const byText = (e: Expr): NamedExpr => alias(e, sqlText(e))

const names: ExprTable<NamedExpr> = {
  Attribute: (e) => e,
  Alias: (e) => e,
  // `col.cast(t)` keeps the column's name (Spark's USER_SPECIFIED_CAST alias rule).
  Cast: (e) =>
    e.keepName && (e.child.kind === 'Attribute' || e.child.kind === 'Alias') ? alias(e, e.child.name) : byText(e),
  TimeWindow: (e) => alias(e, 'window'),
  SessionWindow: (e) => alias(e, 'session_window'),
  ColumnRef: byText,
  Star: byText,
  Call: byText,
  Literal: byText,
  Fn: byText,
  Agg: byText,
  WindowExpr: byText,
  CaseWhen: byText,
  InSet: byText,
  SortOrder: byText,
}

/** The expression as a named output column: attributes and aliases keep their names; others get Spark's. */
export function toNamedExpr(e: Expr): NamedExpr {
  return handlerFor(names, e)(e)
}
