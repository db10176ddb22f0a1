// push_filter_through_project: Filter(Project(x)) → Project(Filter(x)), the condition rewritten over x, so rows a
// filter drops are never projected. Safe when the projection only computes row-wise, deterministic expressions.
import { filter, type LogicalPlan, project } from '../logical/plan.js'
import { isMovable, substituteAliases } from './references.js'

export function pushFilterThroughProject(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'Filter' || plan.child.kind !== 'Project') return plan
  const below = plan.child
  if (!below.projectList.every(isMovable)) return plan
  return project(filter(below.child, substituteAliases(plan.condition, below.projectList)), below.projectList)
}
