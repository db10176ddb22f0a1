// The optimizer: rewrite rules applied bottom-up until the plan stops changing, then column pruning. Every rule
// keeps the plan's output (ids, names, types).
import type { LogicalPlan } from '../logical/plan.js'
import { transformPlanUp } from '../logical/plan-spec.js'
import { collapseProject } from './collapse-project.js'
import { combineFilters } from './combine-filters.js'
import { constantFolding } from './constant-folding.js'
import { eliminateResolvedHint } from './eliminate-resolved-hint.js'
import { eliminateSubqueryAliases } from './eliminate-subquery-aliases.js'
import { pruneColumns } from './prune-columns.js'
import { pushFilterThroughJoin } from './push-filter-through-join.js'
import { pushFilterThroughProject } from './push-filter-through-project.js'
import { pushFilterThroughWatermark } from './push-filter-through-watermark.js'
import { removeRedundantProject } from './remove-redundant-project.js'

export interface OptimizerRule {
  /** Shown in EXPLAIN, snake_case as DataFusion names rules. */
  readonly name: string
  readonly apply: (plan: LogicalPlan) => LogicalPlan
}

export const optimizerRules: readonly OptimizerRule[] = [
  { name: 'constant_folding', apply: constantFolding },
  { name: 'push_filter_through_project', apply: pushFilterThroughProject },
  { name: 'push_filter_through_join', apply: pushFilterThroughJoin },
  { name: 'push_filter_through_watermark', apply: pushFilterThroughWatermark },
  { name: 'combine_filters', apply: combineFilters },
  { name: 'collapse_project', apply: collapseProject },
  { name: 'remove_redundant_project', apply: removeRedundantProject },
]

const MAX_ITERATIONS = 100

export function optimize(plan: LogicalPlan): LogicalPlan {
  let current = eliminateResolvedHint(transformPlanUp(plan, eliminateSubqueryAliases))
  for (let i = 0; i < MAX_ITERATIONS; i++) {
    let next = current
    for (const rule of optimizerRules) next = transformPlanUp(next, rule.apply)
    if (next === current) break
    current = next
  }
  return transformPlanUp(pruneColumns(current), removeRedundantProject)
}
