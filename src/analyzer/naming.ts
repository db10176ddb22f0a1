// Output column names for unaliased expressions, as Spark generates them (`(a + 1)`, `upper(a)`, `count(1)`).
import { alias, type Expr, type NamedExpr } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'

/** The expression as a named output column: attributes and aliases keep their names; others get Spark's. */
export function toNamedExpr(e: Expr): NamedExpr {
  switch (e.kind) {
    case 'Attribute':
    case 'Alias':
      return e
    case 'Cast':
      // `col.cast(t)` keeps the column's name (Spark's USER_SPECIFIED_CAST alias rule).
      if (e.keepName && (e.child.kind === 'Attribute' || e.child.kind === 'Alias')) return alias(e, e.child.name)
      return alias(e, sqlText(e))
    case 'TimeWindow':
      return alias(e, 'window')
    case 'SessionWindow':
      return alias(e, 'session_window')
    default:
      return alias(e, sqlText(e))
  }
}
