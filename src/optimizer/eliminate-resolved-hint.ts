// eliminate_resolved_hint (Spark's EliminateResolvedHint): a strategy hint on a join's input — a ResolvedHint node
// directly below the join, or below projections and filters on that side — becomes the join's hint for that side;
// hints nowhere near a join are dropped. Runs once, before the other rules.
import { filter, type JoinStrategy, join, type LogicalPlan, project } from '../logical/plan.js'
import { childrenOf, withNewChildren } from '../logical/plan-spec.js'

/** The plan without the hints at its top (through projections and filters), and the first of them. */
function takeHint(plan: LogicalPlan): { plan: LogicalPlan; strategy: JoinStrategy | undefined } {
  if (plan.kind === 'ResolvedHint') {
    const inner = takeHint(plan.child)
    return { plan: inner.plan, strategy: plan.strategy }
  }
  if (plan.kind === 'Project' || plan.kind === 'Filter') {
    const inner = takeHint(plan.child)
    if (inner.strategy === undefined) return { plan, strategy: undefined }
    const rebuilt = plan.kind === 'Project' ? project(inner.plan, plan.projectList) : filter(inner.plan, plan.condition)
    return { plan: rebuilt, strategy: inner.strategy }
  }
  return { plan, strategy: undefined }
}

/** The whole plan with its hints moved into joins, top down (a join sees its inputs' hints before they go). */
export function eliminateResolvedHint(plan: LogicalPlan): LogicalPlan {
  if (plan.kind === 'ResolvedHint') return eliminateResolvedHint(plan.child)
  if (plan.kind === 'Join') {
    const left = takeHint(plan.left)
    const right = takeHint(plan.right)
    return join(eliminateResolvedHint(left.plan), eliminateResolvedHint(right.plan), plan.joinType, plan.condition, {
      left: left.strategy ?? plan.hint.left,
      right: right.strategy ?? plan.hint.right,
    })
  }
  return withNewChildren(plan, childrenOf(plan).map(eliminateResolvedHint))
}
