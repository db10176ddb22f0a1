// The hidden key columns of USING / NATURAL joins, as Spark keeps them: the key copy a join drops stays reachable by
// qualified name (`nt2.k`, `nt2.*`), never by a plain name or `*`, and joins a plan's output only where an
// expression references it (Spark's hidden output, qualifiedAccessOnly attributes and AddMetadataColumns).
import { type Attribute, attribute, collect, type Expr } from '../expr/expression.js'
import { type LogicalPlan, project } from '../logical/plan.js'
import { planSpecs } from '../logical/plan-spec.js'

/** Spark's metadata key for an attribute only a qualified name may reach. */
const QUALIFIED_ACCESS_ONLY = '__qualified_access_only'

export const isQualifiedAccessOnly = (a: Attribute): boolean => a.metadata[QUALIFIED_ACCESS_ONLY] === true

const withAccessFlag = (a: Attribute, metadata: Attribute['metadata']): Attribute =>
  attribute(a.name, a.dataType, a.nullable, metadata, a.qualifier, a.id)

const markQualifiedAccessOnly = (a: Attribute): Attribute =>
  withAccessFlag(a, { ...a.metadata, [QUALIFIED_ACCESS_ONLY]: true })

/** A hidden attribute as a reference to it resolves: an ordinary column again. */
export function allowAnyAccess(a: Attribute): Attribute {
  if (!isQualifiedAccessOnly(a)) return a
  const { [QUALIFIED_ACCESS_ONLY]: _flag, ...metadata } = a.metadata
  return withAccessFlag(a, metadata)
}

/** Spark's metadataOutput for hidden columns: a USING projection's own, else what its input passes up. */
function reachableHidden(plan: LogicalPlan): readonly Attribute[] {
  switch (plan.kind) {
    case 'Project':
      return plan.hiddenOutput ?? reachableHidden(plan.child)
    case 'Filter':
    case 'Sort':
    case 'Limit':
    case 'ResolvedHint':
    case 'Window':
    case 'Generate':
    case 'Deduplicate':
    case 'EventTimeWatermark':
      return reachableHidden(plan.child)
    case 'Join':
      return plan.joinType === 'LeftSemi' || plan.joinType === 'LeftAnti'
        ? reachableHidden(plan.left)
        : [...reachableHidden(plan.left), ...reachableHidden(plan.right)]
    default:
      // A SubqueryAlias (`FROM (…) AS t`), an aggregation, a union and the rest hide them for good.
      return []
  }
}

/** The hidden columns an expression over `plan` may reach by qualified name, flagged qualified-access-only. */
export function hiddenOutput(plan: LogicalPlan): Attribute[] {
  const hidden = reachableHidden(plan)
  if (hidden.length === 0) return []
  const shown = new Set(plan.output.map((a) => a.id))
  return hidden.filter((a) => !shown.has(a.id)).map(markQualifiedAccessOnly)
}

/** What expressions over `plan` resolve against: its output, then its hidden columns. */
export function resolutionInput(plan: LogicalPlan): readonly Attribute[] {
  const hidden = hiddenOutput(plan)
  return hidden.length === 0 ? plan.output : [...plan.output, ...hidden]
}

/** `plan` with the hidden columns `ids` added to its output, down to the USING projection (addMetadataCol). */
function expose(plan: LogicalPlan, ids: ReadonlySet<number>): LogicalPlan {
  switch (plan.kind) {
    case 'Project': {
      const child = expose(plan.child, ids)
      const shown = new Set(plan.output.map((a) => a.id))
      const added = child.output.filter((a) => ids.has(a.id) && !shown.has(a.id))
      if (added.length === 0) return plan
      return project(child, [...plan.projectList, ...added], plan.hiddenOutput)
    }
    case 'Filter':
    case 'Sort':
    case 'Limit':
    case 'ResolvedHint':
    case 'Window':
    case 'Generate':
    case 'Deduplicate':
    case 'EventTimeWatermark':
    case 'Join': {
      const spec = planSpecs[plan.kind] as { children(n: LogicalPlan): readonly LogicalPlan[] }
      const children = spec.children(plan)
      const exposed = children.map((c) => expose(c, ids))
      if (exposed.every((c, i) => c === children[i])) return plan
      return (
        planSpecs[plan.kind] as { withChildren(n: LogicalPlan, c: readonly LogicalPlan[]): LogicalPlan }
      ).withChildren(plan, exposed)
    }
    default:
      return plan
  }
}

/**
 * `child` with the hidden columns that `resolved` (expressions resolved against resolutionInput(child)) references
 * added to its output, so a node over it can read them; `child` itself when they reference none.
 */
export function exposeReferenced(child: LogicalPlan, resolved: readonly Expr[]): LogicalPlan {
  const hidden = hiddenOutput(child)
  if (hidden.length === 0) return child
  const hiddenIds = new Set(hidden.map((a) => a.id))
  const ids = new Set<number>()
  for (const e of resolved) {
    for (const a of collect(e, (n): n is Attribute => n.kind === 'Attribute')) if (hiddenIds.has(a.id)) ids.add(a.id)
  }
  return ids.size === 0 ? child : expose(child, ids)
}

/** A node that passes its child's output through, built over an exposed child: the columns it had before. */
export const withOutputOf = (original: LogicalPlan, built: LogicalPlan): LogicalPlan =>
  built.output.length === original.output.length ? built : project(built, original.output)
