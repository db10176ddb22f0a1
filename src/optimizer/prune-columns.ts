// prune_columns: below each operator keep only the columns something above still reads. Narrowing projections are
// zero-copy (columns pass by reference), and they make filters and sorts copy only the columns they carry on.

import { columnsOf, makeBatch } from '../arrow/index.js'
import type { Attribute, NamedExpr } from '../expr/expression.js'
import { expand, type LogicalPlan, localRelation, project, schemaOf } from '../logical/plan.js'
import { childrenOf, expressionsOf, type PlanTable, planHandlerFor, withNewChildren } from '../logical/plan-spec.js'
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
    const files = child.files && { ...child.files, columns: positions.map((p) => child.files!.columns[p]!) }
    return localRelation(kept, batches, files)
  }
  return project(child, kept)
}

/** Every child pruned and narrowed to `needed` (ids a child does not output are ignored by it). */
const pruneChildren = (plan: LogicalPlan, needed: ReadonlySet<number>): LogicalPlan =>
  withNewChildren(
    plan,
    childrenOf(plan).map((c) => narrow(prune(c, needed), needed)),
  )

/**
 * A node whose output carries its children's columns (Filter, Sort, Limit, a watermark, dedup, an alias, Generate):
 * below it, what is read above plus what the node reads itself.
 */
const passesThrough = (plan: LogicalPlan, required: ReadonlySet<number>): LogicalPlan =>
  pruneChildren(plan, new Set([...required, ...referencedIds(expressionsOf(plan))]))

/** A node that computes all its output from its expressions (Aggregate): below it, only what they read. */
const computesFromExpressions = (plan: LogicalPlan): LogicalPlan =>
  pruneChildren(plan, referencedIds(expressionsOf(plan)))

const pruners: PlanTable<LogicalPlan, [required: ReadonlySet<number>]> = {
  StreamingRelation: (plan) => plan,
  LocalRelation: (plan) => plan,
  Project: (plan, required) => {
    const kept = plan.projectList.filter((e: NamedExpr) => required.has(e.id))
    const list = kept.length > 0 ? kept : plan.projectList
    const child = prune(plan.child, referencedIds(list))
    return project(child, list)
  },
  // Columns match by position: the same positions are kept in every child.
  Union: (plan, required) => {
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
  },
  Aggregate: computesFromExpressions,
  // Its columns are new, by position in every projection: the positions read above are kept in each.
  Expand: (plan, required) => {
    const positions = plan.output.map((a, i) => (required.has(a.id) ? i : -1)).filter((i) => i >= 0)
    const kept = positions.length === 0 ? plan.output.map((_, i) => i) : positions
    const projections = plan.projections.map((p) => kept.map((i) => p[i]!))
    const needed = referencedIds(projections.flat())
    const child = narrow(prune(plan.child, needed), needed)
    return expand(
      child,
      projections,
      kept.map((i) => plan.output[i]!),
    )
  },
  // User code computes these from the columns they hand it (all of mapInArrow's input; the keys and data columns).
  MapInArrow: computesFromExpressions,
  TransformWithState: computesFromExpressions,
  FlatMapGroupsWithState: computesFromExpressions,
  Generate: passesThrough,
  Filter: passesThrough,
  Sort: passesThrough,
  // Its output adds columns to the child's: below it, what is read above plus what its expressions read.
  Window: passesThrough,
  Limit: passesThrough,
  SubqueryAlias: passesThrough,
  EventTimeWatermark: passesThrough,
  Deduplicate: passesThrough,
  // Each side keeps what is read above plus what the condition reads of it.
  Join: passesThrough,
  ResolvedHint: passesThrough,
}

/** Prunes `plan`, whose consumers read only `required` of its output. */
function prune(plan: LogicalPlan, required: ReadonlySet<number>): LogicalPlan {
  return planHandlerFor(pruners, plan)(plan, required)
}

export function pruneColumns(plan: LogicalPlan): LogicalPlan {
  return prune(plan, new Set(plan.output.map((a: Attribute) => a.id)))
}
