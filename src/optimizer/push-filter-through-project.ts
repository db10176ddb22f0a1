// push_filter_through_project: Filter(Project(x)) → Project(Filter(x)), the condition rewritten over x, so rows a
// filter drops are never projected. Safe when the items the condition reads compute row-wise and deterministically:
// the other items (a time window, say) are computed above for the rows that pass, as they would have been.
import { filter, type LogicalPlan, project } from '../logical/plan.js'
import { isMovable, referencedIds, substituteAliases } from './references.js'

export function pushFilterThroughProject(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'Filter' || plan.child.kind !== 'Project') return plan
  const below = plan.child
  const read = referencedIds([plan.condition])
  if (!below.projectList.filter((e) => read.has(e.id)).every(isMovable)) return plan
  return project(filter(below.child, substituteAliases(plan.condition, below.projectList)), below.projectList)
}
