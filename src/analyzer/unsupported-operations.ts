// Spark's UnsupportedOperationChecker for streaming queries: which plans each output mode can run, with Spark's
// messages, checked at start().
import { AnalysisException } from '../common/errors.js'
import type { OutputMode } from '../connectors/sink.js'
import type { LogicalPlan } from '../logical/plan.js'
import { childrenOf, planNodes } from '../logical/plan-spec.js'

const fail = (message: string) => new AnalysisException(message, { errorClass: '_LEGACY_ERROR_TEMP_3102' })

const isStreamingAggregate = (n: LogicalPlan) => n.isStreaming && n.kind === 'Aggregate'

/** Throws AnalysisException when `plan` cannot run as a streaming query in `mode`. */
export function checkStreamingPlan(plan: LogicalPlan, mode: OutputMode): void {
  if (!plan.isStreaming) throw fail('Queries without streaming sources cannot be executed with writeStream.start()')
  const nodes = planNodes(plan)
  const aggregates = nodes.filter(isStreamingAggregate)
  if (mode === 'complete' && aggregates.length === 0) {
    throw fail(
      'Complete output mode not supported when there are no streaming aggregations on streaming DataFrames/Datasets',
    )
  }
  for (const node of nodes) {
    const children = childrenOf(node)
    switch (node.kind) {
      case 'Union':
        if (children.some((c) => c.isStreaming) && children.some((c) => !c.isStreaming)) {
          throw fail('Union between streaming and batch DataFrames/Datasets is not supported')
        }
        break
      case 'Limit':
        if (node.isStreaming && mode === 'update')
          throw fail('Limits are not supported on streaming DataFrames/Datasets in Update output mode')
        break
      case 'Sort':
        if (node.isStreaming && !(aggregates.length > 0 && mode === 'complete')) {
          throw fail(
            'Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated DataFrame/Dataset in Complete output mode',
          )
        }
        break
      default:
        break
    }
  }
}
