// prune_columns: below each operator keep only the columns something above still reads. Narrowing projections are
// zero-copy (columns pass by reference), and they make filters and sorts copy only the columns they carry on.

import { columnsOf, makeBatch } from '../arrow/index.js'
import type { Attribute, NamedExpr } from '../expr/expression.js'
import { generate, type LogicalPlan, localRelation, project, schemaOf } from '../logical/plan.js'
import { childrenOf, expressionsOf, withNewChildren } from '../logical/plan-spec.js'
import { referencedIds } from './references.js'

/** `child` narrowed to the attributes in `needed` (unchanged when it already is). */
function narrow(child: LogicalPlan, needed: ReadonlySet<number>): LogicalPlan {
  const kept = child.output.filter((a) => needed.has(a.id))
  if (kept.length === child.output.length || kept.length === 0) return child
  if (child.kind === 'Project')
    return project(
      child.child,
      child.projectList.filter((e) => needed.has(e.id)),
    )
  if (child.kind === 'LocalRelation') {
    // The relation itself narrows: its batches keep only the columns read (by reference, no copy).
    const positions = kept.map((a) => child.output.indexOf(a))
    const schema = schemaOf(kept)
    const batches = child.batches.map((b) =>
      makeBatch(
        schema,
        positions.map((p) => columnsOf(b)[p]!),
        b.numRows,
      ),
    )
    return localRelation(kept, batches)
  }
  return project(child, kept)
}

/** Prunes `plan`, whose consumers read only `required` of its output. */
function prune(plan: LogicalPlan, required: ReadonlySet<number>): LogicalPlan {
  switch (plan.kind) {
    case 'StreamingRelation':
    case 'LocalRelation':
      return plan
    case 'Project': {
      const kept = plan.projectList.filter((e: NamedExpr) => required.has(e.id))
      const list = kept.length > 0 ? kept : plan.projectList
      const child = prune(plan.child, referencedIds(list))
      return project(child, list)
    }
    case 'Union': {
      const positions = plan.output.map((a, i) => (required.has(a.id) ? i : -1)).filter((i) => i >= 0)
      if (positions.length === 0 || positions.length === plan.output.length) {
        return withNewChildren(
          plan,
          childrenOf(plan).map((c) => prune(c, new Set(c.output.map((a) => a.id)))),
        )
      }
      const children = childrenOf(plan).map((c) => {
        const needed = new Set(positions.map((i) => c.output[i]!.id))
        return narrow(prune(c, needed), needed)
      })
      return withNewChildren(plan, children)
    }
    case 'Generate': {
      const needed = new Set([...required, ...referencedIds([plan.generator])])
      const child = narrow(prune(plan.child, needed), needed)
      return child === plan.child ? plan : generate(child, plan.generator, plan.generatorOutput)
    }
    case 'Aggregate': {
      const needed = referencedIds([...plan.groupingExprs, ...plan.aggregateExprs])
      return withNewChildren(plan, [narrow(prune(plan.child, needed), needed)])
    }
    default: {
      // Filter, Sort, Limit, watermark, dedup, alias: their output is their child's; they also read their own
      // expressions.
      const needed = new Set([...required, ...referencedIds(expressionsOf(plan))])
      const [child] = childrenOf(plan) as [LogicalPlan]
      return withNewChildren(plan, [narrow(prune(child, needed), needed)])
    }
  }
}

export function pruneColumns(plan: LogicalPlan): LogicalPlan {
  return prune(plan, new Set(plan.output.map((a: Attribute) => a.id)))
}
