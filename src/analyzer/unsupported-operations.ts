// Spark's UnsupportedOperationChecker for streaming queries: which plans each output mode can run, checked at
// start(), with Spark's messages (reference §2.4).
import { AnalysisException } from '../common/errors.js'
import type { OutputMode } from '../connectors/sink.js'
import { collect, type Expr, type ExprOf, inheritedMetadata } from '../expr/expression.js'
import { type Aggregate, type LogicalPlan, WATERMARK_DELAY_KEY, watermarkDelayOf } from '../logical/plan.js'
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
  Deduplicate: (n) => n.withinWatermark || n.keys.some((k) => watermarkDelayOf(k) !== undefined),
  // Limit keeps a count, not rows evicted by watermark.
  Limit: stateless,
  StreamingRelation: stateless,
  LocalRelation: stateless,
  Project: stateless,
  Filter: stateless,
  Generate: stateless,
  Union: stateless,
  SubqueryAlias: stateless,
  EventTimeWatermark: stateless,
  Sort: stateless,
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
  SubqueryAlias: supported,
  EventTimeWatermark: supported,
}

/** Throws AnalysisException when `plan` cannot run as a streaming query in `mode`. */
export function checkStreamingPlan(plan: LogicalPlan, mode: OutputMode, checkCorrectness = true): void {
  if (!plan.isStreaming) throw fail('Queries without streaming sources cannot be executed with writeStream.start()')
  const nodes = planNodesOf(plan)
  const aggregates = nodes.filter((n): n is Aggregate => n.kind === 'Aggregate' && n.isStreaming)
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
  for (const node of nodes) planHandlerFor(nodeChecks, node)(node, mode, aggregates)
  if (checkCorrectness && mode !== 'append') {
    for (const node of nodes.filter(isStatefulNode)) {
      const below = planNodesOf(node).slice(1)
      if (below.some((n) => n.kind === 'Aggregate' && n.isStreaming)) {
        throw fail(
          'Detected pattern of possible \'correctness\' issue due to global watermark. The query contains stateful operation which can emit rows older than the current watermark plus allowed late record delay, which are "late rows" in downstream stateful operations and these rows can be discarded. Please refer the programming guide doc for more details. If you understand the possible risk of correctness issue and still need to run the query, you can disable this check by setting the config `spark.sql.streaming.statefulOperator.checkCorrectness.enabled` to false.',
        )
      }
    }
  }
}
