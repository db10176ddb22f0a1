// push_filter_through_join (Spark's PushPredicateThroughJoin): conjuncts that read one side only move below the join
// onto that side, where its rows are fewer, as far as the join type allows without changing its result:
//   a filter above:  inner — each side's conjuncts to it, conjuncts reading both into the join condition;
//                    left outer / semi / anti — the left side's; right outer — the right side's (a conjunct on the
//                    side that may be null-padded would drop padded rows, so it stays above); full outer — none
//   the join's condition:  inner, left semi — each side's; left outer, left anti — the right side's; right outer —
//                    the left side's (conjuncts on the preserved side decide which rows match, not which exist)
// Only deterministic conjuncts move (a nondeterministic one must run once per row of the join).

import type { Expr } from '../expr/expression.js'
import { conjunction, splitBySide, splitConjuncts } from '../logical/join-conditions.js'
import { filter, type Join, join, type LogicalPlan } from '../logical/plan.js'

const withFilter = (plan: LogicalPlan, conjuncts: readonly Expr[]): LogicalPlan => {
  const condition = conjunction(conjuncts)
  return condition ? filter(plan, condition) : plan
}

/** Conjuncts of a filter above the join pushed into it. */
function pushFilter(conjuncts: readonly Expr[], j: Join): LogicalPlan | undefined {
  const { left, right, joinType, condition, hint } = j
  const split = splitBySide(conjuncts, left.output, right.output)
  switch (joinType) {
    case 'Inner':
    case 'Cross': {
      const joined = join(
        withFilter(left, split.left),
        withFilter(right, split.right),
        joinType,
        conjunction([...split.both, ...splitConjuncts(condition)]),
        hint,
      )
      return joined
    }
    case 'RightOuter':
      if (split.right.length === 0) return undefined
      return withFilter(join(left, withFilter(right, split.right), joinType, condition, hint), [
        ...split.left,
        ...split.both,
      ])
    case 'LeftOuter':
    case 'LeftSemi':
    case 'LeftAnti':
      if (split.left.length === 0) return undefined
      return withFilter(join(withFilter(left, split.left), right, joinType, condition, hint), [
        ...split.right,
        ...split.both,
      ])
    case 'FullOuter':
      return undefined
  }
}

/** One-side conjuncts of the join's own condition pushed into its inputs. */
function pushCondition(j: Join): LogicalPlan {
  const { left, right, joinType, condition, hint } = j
  if (condition === undefined || joinType === 'FullOuter') return j
  const split = splitBySide(splitConjuncts(condition), left.output, right.output)
  switch (joinType) {
    case 'Inner':
    case 'Cross':
    case 'LeftSemi':
      if (split.left.length === 0 && split.right.length === 0) return j
      return join(withFilter(left, split.left), withFilter(right, split.right), joinType, conjunction(split.both), hint)
    case 'RightOuter':
      if (split.left.length === 0) return j
      return join(withFilter(left, split.left), right, joinType, conjunction([...split.right, ...split.both]), hint)
    case 'LeftOuter':
    case 'LeftAnti':
      if (split.right.length === 0) return j
      return join(left, withFilter(right, split.right), joinType, conjunction([...split.left, ...split.both]), hint)
  }
}

export function pushFilterThroughJoin(plan: LogicalPlan): LogicalPlan {
  if (plan.kind === 'Filter' && plan.child.kind === 'Join') {
    return pushFilter(splitConjuncts(plan.condition), plan.child) ?? plan
  }
  return plan.kind === 'Join' ? pushCondition(plan) : plan
}
