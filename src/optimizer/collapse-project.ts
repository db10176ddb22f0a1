// collapse_project: Project(Project(x)) → one Project over x, when no computed column of the inner projection is
// used more than once above (so nothing is computed twice) and everything is row-wise.
import { type Attribute, alias, collect, type NamedExpr } from '../expr/expression.js'
import { type LogicalPlan, project } from '../logical/plan.js'
import { isMovable, substituteAliases } from './references.js'

export function collapseProject(plan: LogicalPlan): LogicalPlan {
  if (plan.kind !== 'Project' || plan.child.kind !== 'Project') return plan
  const inner = plan.child
  if (!inner.projectList.every(isMovable) || !plan.projectList.every(isMovable)) return plan
  const computed = new Set(inner.projectList.filter((e) => e.kind === 'Alias').map((e) => e.id))
  const uses = new Map<number, number>()
  for (const e of plan.projectList) {
    for (const a of collect(e, (n): n is Attribute => n.kind === 'Attribute')) {
      if (computed.has(a.id)) uses.set(a.id, (uses.get(a.id) ?? 0) + 1)
    }
  }
  if ([...uses.values()].some((n) => n > 1)) return plan
  const merged = plan.projectList.map((e): NamedExpr => {
    if (e.kind === 'Attribute') {
      const source = inner.projectList.find((x) => x.id === e.id)
      // A pass-through of an inner alias keeps the outer attribute's id and name.
      return source && source.kind === 'Alias' ? alias(source.child, e.name, e.id) : (source ?? e)
    }
    return alias(substituteAliases(e.child, inner.projectList), e.name, e.id)
  })
  return project(inner.child, merged)
}
