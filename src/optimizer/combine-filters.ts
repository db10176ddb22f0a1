// combine_filters: Filter(a, Filter(b, x)) → Filter(b AND a, x) — one pass over the rows instead of two.
import { fn } from '../expr/expression.js'
import { filter, type LogicalPlan } from '../logical/plan.js'
import { BOOLEAN } from '../types/data-types.js'

export function combineFilters(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'Filter' || plan.child.kind !== 'Filter') return plan
  const inner = plan.child
  return filter(inner.child, fn('and', [inner.condition, plan.condition], BOOLEAN, true))
}
