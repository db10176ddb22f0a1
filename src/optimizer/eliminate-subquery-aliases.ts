// eliminate_subquery_aliases: SubqueryAlias only qualifies names for the analyzer; once analyzed, it is removed so
// the other rules see through it (Spark's EliminateSubqueryAliases, which runs first).
import type { LogicalPlan } from '../logical/plan.js'

export function eliminateSubqueryAliases(plan: LogicalPlan): LogicalPlan {
  return plan.kind === 'SubqueryAlias' ? plan.child : plan
}
