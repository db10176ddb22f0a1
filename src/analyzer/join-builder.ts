// Builds resolved joins for `df.join`, `crossJoin` and SQL's JOIN clauses: the join type from its name, the right
// side's columns made distinct from the left's (self-joins), the ON condition resolved over both sides, and USING /
// NATURAL joins as Spark's commonNaturalJoinProcessing does (key equalities, then one copy of each key).
import { AnalysisException, IllegalArgumentException } from '../common/errors.js'
import { type Attribute, alias, call, dataTypeOf, type Expr, type NamedExpr } from '../expr/expression.js'
import { sqlText } from '../expr/sql-text.js'
import { conjunction } from '../logical/join-conditions.js'
import { type JoinType, join, type LogicalPlan, project, subqueryAlias } from '../logical/plan.js'
import { sqlTypeName } from '../types/data-types.js'
import { quoteNameParts } from './identifiers.js'
import { resolveCall, resolveExpr } from './resolve-expr.js'

/** How the rows of the two sides are matched. */
export type JoinCriteria =
  | { readonly kind: 'none' }
  | { readonly kind: 'on'; readonly condition: Expr }
  | { readonly kind: 'using'; readonly columns: readonly string[] }
  | { readonly kind: 'natural' }

const JOIN_TYPES: Readonly<Record<string, JoinType>> = {
  inner: 'Inner',
  outer: 'FullOuter',
  full: 'FullOuter',
  fullouter: 'FullOuter',
  leftouter: 'LeftOuter',
  left: 'LeftOuter',
  rightouter: 'RightOuter',
  right: 'RightOuter',
  leftsemi: 'LeftSemi',
  semi: 'LeftSemi',
  leftanti: 'LeftAnti',
  anti: 'LeftAnti',
  cross: 'Cross',
}

const SUPPORTED_NAMES = [
  'inner',
  'outer',
  'full',
  'fullouter',
  'full_outer',
  'leftouter',
  'left',
  'left_outer',
  'rightouter',
  'right',
  'right_outer',
  'leftsemi',
  'left_semi',
  'semi',
  'leftanti',
  'left_anti',
  'anti',
  'cross',
]

/** Spark's JoinType(name): case-insensitive, underscores ignored (`left_outer`, `leftOuter`, `LEFT`). */
export function parseJoinType(name: string): JoinType {
  const found = JOIN_TYPES[name.toLowerCase().replace(/_/g, '')]
  if (found) return found
  throw new IllegalArgumentException(
    `Unsupported join type '${name}'. Supported join types include: ${SUPPORTED_NAMES.map((n) => `'${n}'`).join(', ')}.`,
  )
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/**
 * The right side with fresh ids for columns the left side also outputs (a DataFrame joined with itself, or with
 * something derived from it), as Spark's DeduplicateRelations: each output column is re-aliased under its name and
 * qualifier, so `a.x` and `b.x` stay two columns.
 */
export function distinctFromLeft(left: LogicalPlan, right: LogicalPlan): LogicalPlan {
  const leftIds = new Set(left.output.map((a) => a.id))
  if (!right.output.some((a) => leftIds.has(a.id))) return right
  if (right.kind === 'SubqueryAlias') return subqueryAlias(distinctFromLeft(left, right.child), right.alias)
  return project(
    right,
    right.output.map((a): NamedExpr => (leftIds.has(a.id) ? alias(a, a.name) : a)),
  )
}

/** The ON condition resolved over both sides; it must be BOOLEAN. */
function resolveCondition(condition: Expr, left: LogicalPlan, right: LogicalPlan): Expr {
  const resolved = resolveExpr(condition, [...left.output, ...right.output])
  const type = dataTypeOf(resolved)
  if (type.kind !== 'boolean') {
    throw new AnalysisException(
      `The join condition "${sqlText(resolved)}" has the invalid type "${sqlTypeName(type)}", expected "BOOLEAN".`,
      { errorClass: 'JOIN_CONDITION_IS_NOT_BOOLEAN_TYPE' },
    )
  }
  return resolved
}

/** A USING key on one side: the first column of that name, or Spark's UNRESOLVED_USING_COLUMN_FOR_JOIN. */
function usingKey(name: string, plan: LogicalPlan, side: 'left' | 'right'): Attribute {
  const found = plan.output.find((a) => sameName(a.name, name))
  if (found) return found
  throw new AnalysisException(
    `USING column ${quoteNameParts([name])} cannot be resolved on the ${side} side of the join. The ${side}-side columns: [${plan.output.map((a) => quoteNameParts([a.name])).join(', ')}].`,
    { errorClass: 'UNRESOLVED_USING_COLUMN_FOR_JOIN' },
  )
}

/**
 * A join on equal columns of the same names: the join keeps one copy of each key — the left's (inner, left outer,
 * semi, anti), the right's (right outer), or `coalesce(left, right)` (full outer) — then the left side's other
 * columns, then the right side's; the copies it drops are the projection's hidden output.
 */
function usingJoin(left: LogicalPlan, right: LogicalPlan, joinType: JoinType, names: readonly string[]): LogicalPlan {
  const leftKeys = names.map((n) => usingKey(n, left, 'left'))
  const rightKeys = names.map((n) => usingKey(n, right, 'right'))
  const equalities = leftKeys.map((l, i) => resolveCall('equal_to', [l, rightKeys[i]!], false))
  const joined = join(left, right, joinType, conjunction(equalities))
  // The join's own output attributes (nullable where the join made them so).
  const byId = new Map(joined.output.map((a) => [a.id, a]))
  const out = (a: Attribute) => byId.get(a.id)!
  const leftKeyIds = new Set(leftKeys.map((a) => a.id))
  const rightKeyIds = new Set(rightKeys.map((a) => a.id))
  const leftRest = left.output.filter((a) => !leftKeyIds.has(a.id)).map(out)
  const rightRest =
    joinType === 'LeftSemi' || joinType === 'LeftAnti'
      ? []
      : right.output.filter((a) => !rightKeyIds.has(a.id)).map(out)
  let keys: NamedExpr[]
  // The other copies stay reachable as `right.k` / `left.k` (Spark's hidden output): see hidden-columns.ts.
  let hidden: Attribute[]
  if (joinType === 'RightOuter') {
    keys = rightKeys.map(out)
    hidden = leftKeys.map(out)
  } else if (joinType === 'FullOuter') {
    keys = leftKeys.map((l, i) => alias(resolveCall('coalesce', [out(l), out(rightKeys[i]!)], false), l.name))
    hidden = [...leftKeys, ...rightKeys].map(out)
  } else {
    keys = leftKeys.map(out)
    hidden = joinType === 'LeftSemi' || joinType === 'LeftAnti' ? [] : rightKeys.map(out)
  }
  return project(joined, [...keys, ...leftRest, ...rightRest], hidden)
}

/** A resolved join of `left` and `right`. */
export function buildJoin(
  left: LogicalPlan,
  rightInput: LogicalPlan,
  joinType: JoinType,
  criteria: JoinCriteria,
): LogicalPlan {
  const right = distinctFromLeft(left, rightInput)
  switch (criteria.kind) {
    case 'none':
      return join(left, right, joinType, undefined)
    case 'on':
      return join(left, right, joinType, resolveCondition(criteria.condition, left, right))
    case 'using':
      return usingJoin(left, right, joinType, criteria.columns)
    case 'natural': {
      const names = left.output.filter((a) => right.output.some((b) => sameName(a.name, b.name))).map((a) => a.name)
      return usingJoin(left, right, joinType, names)
    }
  }
}

/** ON conditions given as several columns are ANDed (PySpark's `on=[c1, c2]`). */
export const allOf = (conditions: readonly Expr[]): Expr => conditions.reduce((acc, c) => call('and', [acc, c]))
