// Constant SQL: the one-row relation of a FROM-less SELECT, and evaluating constant plans and expressions at bind time.

import { buildProject } from '../analyzer/plan-builder.js'
import { makeBatch, rowsOf } from '../arrow/index.js'
import { alias, type Expr, isResolved } from '../expr/expression.js'
import { attributesFor, type LogicalPlan, localRelation, schemaOf } from '../logical/plan.js'
import { StructType } from '../types/struct-type.js'
import type { BindContext } from './bind-context.js'

/** Spark's OneRowRelation: one row, no columns (what `SELECT 1` reads). */
export function oneRowRelation(): LogicalPlan {
  return localRelation([], [makeBatch(StructType([]), [], 1)])
}

/** A static plan computed now, as a LocalRelation of its rows under fresh attributes of the same names. */
export function evaluateToRelation(plan: LogicalPlan, ctx: BindContext): LogicalPlan {
  const batch = ctx.session.execute(plan)
  return localRelation(attributesFor(schemaOf(plan.output)), [batch])
}

/** The value of a resolved expression that reads no column (LIMIT's count), in its physical form. */
export function constantValue(e: Expr, ctx: BindContext): unknown {
  if (e.kind === 'Literal') return e.value
  if (!isResolved(e)) throw new Error('constantValue needs a resolved expression')
  const plan = buildProject(oneRowRelation(), [alias(e, 'value')])
  const batch = ctx.session.execute(plan)
  return rowsOf(batch, schemaOf(plan.output))[0]?.value
}
