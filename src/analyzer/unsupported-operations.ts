// Spark's UnsupportedOperationChecker for streaming queries: which plans each output mode can run, checked at
// start(), with Spark's messages (reference §2.4).
import { AnalysisException } from '../common/errors.js'
import type { OutputMode } from '../connectors/sink.js'
import { collect, type Expr, type ExprOf, inheritedMetadata } from '../expr/expression.js'
import { sqlText, windowSpecText } from '../expr/sql-text.js'
import {
  type Aggregate,
  type FlatMapGroupsWithState,
  type LogicalPlan,
  WATERMARK_DELAY_KEY,
  watermarkDelayOf,
} from '../logical/plan.js'
import { type PlanTable, planHandlerFor, planNodes as planNodesOf } from '../logical/plan-spec.js'
import { checkStreamingJoin } from './streaming-join-checks.js'

const fail = (message: string) => new AnalysisException(message, { errorClass: '_LEGACY_ERROR_TEMP_3102' })

const hasWatermark = (e: Expr) => inheritedMetadata(e)[WATERMARK_DELAY_KEY] !== undefined

/** An aggregation is keyed on event time when a grouping key is (or windows) a watermarked column. */
const keyedOnEventTime = (node: Aggregate) =>
  node.groupingExprs.some((g) =>
    g.kind === 'SessionWindow' || g.kind === 'TimeWindow' ? hasWatermark(g.timeColumn) : hasWatermark(g),
  )

const isSessionAggregate = (node: Aggregate) => node.groupingExprs.some((g) => g.kind === 'SessionWindow')

const stateless = () => false

/** Stateful operators whose state, evicted by watermark, can make downstream rows late (the correctness check). */
const evictsByWatermark: PlanTable<boolean> = {
  Aggregate: () => true,
  TransformWithState: () => true,
  FlatMapGroupsWithState: () => true,
  Deduplicate: (n) => n.withinWatermark || n.keys.some((k) => watermarkDelayOf(k) !== undefined),
  // Limit keeps a count, not rows evicted by watermark.
  Limit: stateless,
  StreamingRelation: stateless,
  LocalRelation: stateless,
  Project: stateless,
  Filter: stateless,
  Generate: stateless,
  Expand: stateless,
  Union: stateless,
  SubqueryAlias: stateless,
  EventTimeWatermark: stateless,
  Sort: stateless,
  Window: stateless,
  MapInArrow: stateless,
  // A stream-stream join buffers both sides and evicts them by watermark; a stream-static join keeps no state.
  Join: (n) => n.left.isStreaming && n.right.isStreaming,
  ResolvedHint: stateless,
}

const isStatefulNode = (n: LogicalPlan): boolean => n.isStreaming && planHandlerFor(evictsByWatermark, n)(n)

const supported = () => {}

/** What each node kind allows in a streaming plan, given the output mode and the plan's streaming aggregations. */
const nodeChecks: PlanTable<void, [mode: OutputMode, aggregates: readonly Aggregate[]]> = {
  Aggregate: (node) => {
    const aggs = node.aggregateExprs.flatMap((e) => collect(e, (n): n is ExprOf<'Agg'> => n.kind === 'Agg'))
    if (node.isStreaming && aggs.some((a) => a.distinct)) {
      throw fail(
        'Distinct aggregations are not supported on streaming DataFrames/Datasets. Consider using approx_count_distinct() instead.',
      )
    }
  },
  Union: (node) => {
    if (node.children.some((c) => c.isStreaming) && node.children.some((c) => !c.isStreaming)) {
      throw fail('Union between streaming and batch DataFrames/Datasets is not supported')
    }
  },
  Limit: (node, mode) => {
    if (node.isStreaming && mode === 'update')
      throw fail('Limits are not supported on streaming DataFrames/Datasets in Update output mode')
  },
  Sort: (node, mode, aggregates) => {
    if (node.isStreaming && !(aggregates.length > 0 && mode === 'complete')) {
      throw fail(
        'Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode',
      )
    }
  },
  Window: (node) => {
    if (!node.isStreaming) return
    const first = node.windowExpressions[0]!
    const over = first.child as ExprOf<'WindowExpr'>
    throw new AnalysisException(
      `Window function is not supported in ${sqlText(over.function).toUpperCase()} (as column \`${first.name}\`) on streaming DataFrames/Datasets. Structured Streaming only supports time-window aggregation using the WINDOW function. (window specification: ${windowSpecText(over).toUpperCase()})`,
      { errorClass: 'NON_TIME_WINDOW_NOT_SUPPORTED_IN_STREAMING' },
    )
  },
  Deduplicate: (node) => {
    if (node.withinWatermark && !node.child.output.some((a) => watermarkDelayOf(a) !== undefined)) {
      throw fail('dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark')
    }
  },
  Join: (node, mode) => {
    if (node.isStreaming) checkStreamingJoin(node, mode)
  },
  ResolvedHint: supported,
  StreamingRelation: supported,
  LocalRelation: supported,
  Project: supported,
  Filter: supported,
  Generate: supported,
  // Grouping sets over a stream: each row once per set, before a streaming aggregation (Spark allows it).
  Expand: supported,
  SubqueryAlias: supported,
  EventTimeWatermark: supported,
  MapInArrow: supported,
  // (flat)mapGroupsWithState's rules span the plan (checkGroupsWithState); transformWithState allows every mode.
  TransformWithState: supported,
  FlatMapGroupsWithState: supported,
}

/** Spark's ifCannotBeFollowedByStatefulOperation. */
function cannotBeFollowedByStateful(n: LogicalPlan, mode: OutputMode): boolean {
  if (!n.isStreaming) return false
  if (n.kind === 'FlatMapGroupsWithState') return n.timeout === 'EventTimeTimeout'
  return n.kind === 'Aggregate' && mode !== 'append'
}

/** Spark prints output modes capitalized (`Append`). */
const modeText = (mode: OutputMode) => mode[0]!.toUpperCase() + mode.slice(1)

/** Spark's rules for (flat)mapGroupsWithState: how many, which output modes, event-time timeouts. */
function checkGroupsWithState(nodes: readonly LogicalPlan[], mode: OutputMode, hasAggregates: boolean): void {
  const all = nodes.filter((n): n is FlatMapGroupsWithState => n.kind === 'FlatMapGroupsWithState' && n.isStreaming)
  const maps = all.filter((n) => n.isMapGroupsWithState)
  const flatMaps = all.filter((n) => !n.isMapGroupsWithState)
  if (maps.length >= 2) throw fail('Multiple mapGroupsWithStates are not supported on a streaming DataFrames/Datasets')
  if (maps.length > 0 && flatMaps.length > 0) {
    throw fail(
      'Mixing mapGroupsWithStates and flatMapGroupsWithStates are not supported on a streaming DataFrames/Datasets',
    )
  }
  if (flatMaps.length >= 2 && (mode !== 'append' || flatMaps.some((n) => n.operatorOutputMode !== 'append'))) {
    throw fail(
      'Multiple flatMapGroupsWithStates are not supported when they are not all in append mode or the output mode is not append on a streaming DataFrames/Datasets',
    )
  }
  for (const node of all) {
    if (node.isMapGroupsWithState) {
      if (mode !== 'update') {
        throw fail(
          `mapGroupsWithState is not supported with ${modeText(mode)} output mode on a streaming DataFrame/Dataset`,
        )
      }
    } else if (!hasAggregates) {
      if (node.operatorOutputMode !== mode) {
        throw fail(
          `flatMapGroupsWithState in ${node.operatorOutputMode} mode is not supported with ${modeText(mode)} output mode on a streaming DataFrame/Dataset`,
        )
      }
    } else if (node.operatorOutputMode === 'update') {
      throw fail(
        'flatMapGroupsWithState in update mode is not supported with aggregation on a streaming DataFrame/Dataset',
      )
    }
    if (node.timeout === 'EventTimeTimeout' && !node.child.output.some((a) => watermarkDelayOf(a) !== undefined)) {
      throw fail(
        "Watermark must be specified in the query using '[Dataset/DataFrame].withWatermark()' for using event-time timeout in a [map|flatMap]GroupsWithState. Event-time timeout not supported without watermark.",
      )
    }
  }
}

/** Throws AnalysisException when `plan` cannot run as a streaming query in `mode`. */
export function checkStreamingPlan(plan: LogicalPlan, mode: OutputMode, checkCorrectness = true): void {
  if (!plan.isStreaming) throw fail('Queries without streaming sources cannot be executed with writeStream.start()')
  const nodes = planNodesOf(plan)
  const aggregates = nodes.filter((n): n is Aggregate => n.kind === 'Aggregate' && n.isStreaming)
  const groupsWithState = () => checkGroupsWithState(nodes, mode, aggregates.length > 0)
  const all = nodes.filter((n) => n.kind === 'FlatMapGroupsWithState' && n.isStreaming)
  // The count rules run before the output-mode rules, the per-operator ones after them (Spark's order).
  if (all.length >= 2) groupsWithState()
  if (mode === 'append' && aggregates.some((a) => !keyedOnEventTime(a))) {
    throw fail(
      'Append output mode not supported when there are streaming aggregations on streaming DataFrames/DataSets without watermark',
    )
  }
  if (mode === 'update' && aggregates.some(isSessionAggregate)) {
    throw fail('Update output mode not supported for session window on streaming DataFrames/DataSets')
  }
  if (mode === 'complete' && aggregates.length === 0) {
    throw fail(
      'Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets',
    )
  }
  groupsWithState()
  for (const node of nodes) planHandlerFor(nodeChecks, node)(node, mode, aggregates)
  if (checkCorrectness) {
    for (const node of nodes.filter(isStatefulNode)) {
      const below = planNodesOf(node).slice(1)
      if (below.some((n) => cannotBeFollowedByStateful(n, mode))) {
        throw fail(
          'Detected pattern of possible \'correctness\' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.',
        )
      }
    }
  }
}
