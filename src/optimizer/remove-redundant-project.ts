// remove_redundant_project: a Project that outputs exactly its child's columns, in order, does nothing.
import type { LogicalPlan } from '../logical/plan.js'

export function removeRedundantProject(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'Project') return plan
  const { child, projectList } = plan
  const same =
    projectList.length === child.output.length &&
    projectList.every(
      (e, i) => e.kind === 'Attribute' && e.id === child.output[i]!.id && e.name === child.output[i]!.name,
    )
  return same ? child : plan
}
