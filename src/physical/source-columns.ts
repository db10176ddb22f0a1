// Column pruning into sources (Spark's SupportsPushDownRequiredColumns): the columns of each streaming source that a
// planned query reads, so a source that can leave the others out never builds them.
import { type Attribute, collect } from '../expr/expression.js'
import type { LogicalPlan, StreamingRelation } from '../logical/plan.js'
import { childrenOf } from '../logical/plan-spec.js'

/**
 * For each relation, the attributes of its output the plan reads, in output order. The optimizer's column pruning
 * leaves a projection right above a source whose consumers read fewer than all its columns: a relation read only
 * under projections needs what they reference; read anywhere else, all of it. A relation read in several places
 * (a self-union or self-join) needs what any of them reads; one whose reads need no column at all (a count) keeps
 * every column, so its batches still carry their row counts the usual way.
 */
export function sourceReadColumns(
  plan: LogicalPlan,
  relations: readonly StreamingRelation[],
): (readonly Attribute[])[] {
  const read = new Map<StreamingRelation, Set<number>>()
  const visit = (node: LogicalPlan): void => {
    for (const child of childrenOf(node)) {
      if (child.kind === 'StreamingRelation') {
        let ids = read.get(child)
        if (ids === undefined) read.set(child, (ids = new Set()))
        const referenced =
          node.kind === 'Project'
            ? node.projectList.flatMap((e) => collect(e, (n): n is Attribute => n.kind === 'Attribute'))
            : child.output
        for (const a of referenced) ids.add(a.id)
      } else visit(child)
    }
  }
  if (plan.kind !== 'StreamingRelation') visit(plan)
  return relations.map((relation) => {
    const ids = read.get(relation)
    const kept = ids === undefined ? [] : relation.output.filter((a) => ids.has(a.id))
    return kept.length === 0 ? relation.output : kept
  })
}
