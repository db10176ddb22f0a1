// The optimizer: rewrite rules applied bottom-up until the plan stops changing. Each rule keeps the plan's output.
import type { LogicalPlan } from '../logical/plan.js'
import { transformPlanUp } from '../logical/plan-spec.js'
import { combineFilters } from './combine-filters.js'
import { removeRedundantProject } from './remove-redundant-project.js'

export interface OptimizerRule {
  /** Shown in EXPLAIN, snake_case as DataFusion names rules. */
  readonly name: string
  readonly apply: (plan: LogicalPlan) => LogicalPlan
}

export const optimizerRules: readonly OptimizerRule[] = [
  { name: 'combine_filters', apply: combineFilters },
  { name: 'remove_redundant_project', apply: removeRedundantProject },
]

const MAX_ITERATIONS = 100

export function optimize(plan: LogicalPlan): LogicalPlan {
  let current = plan
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    let next = current
    for (const rule of optimizerRules) next = transformPlanUp(next, rule.apply)
    if (next === current) return current
    current = next
  }
  return current
}
