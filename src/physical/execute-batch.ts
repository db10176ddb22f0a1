// Runs a batch (static) query to completion: plan once, one epoch over the local data, collect the output.
import { concatBatches, type RecordBatch } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import type { LogicalPlan } from '../logical/plan.js'
import { schemaOf } from '../logical/plan.js'
import { newMetrics } from '../operators/state-metrics.js'
import { OperatorState } from '../state/operator-state.js'
import { isStatefulNode, type PhysicalPlan } from './physical-plan.js'
import { PlanExecution } from './plan-execution.js'
import { planQuery } from './planner.js'

export interface BatchQueryContext {
  readonly zone: string
  readonly nowMs: number
}

/** All rows of a static plan as one batch. */
export function executeBatch(plan: LogicalPlan, context: BatchQueryContext): RecordBatch {
  return runStaticPlan(planQuery(plan, { outputMode: 'complete' }).root, context)
}

/** All rows of a static physical plan as one batch: fresh operators, one epoch, state kept in memory only. */
export function runStaticPlan(root: PhysicalPlan, context: BatchQueryContext): RecordBatch {
  const execution = new PlanExecution(root)
  execution.open((node) => ({
    outputMode: 'complete',
    isStreaming: false,
    state: new OperatorState(undefined, 1, [0], { minDeltasForSnapshot: 10, minBatchesToRetain: 100 }),
    metrics: newMetrics(isStatefulNode(node.plan) ? node.plan.operatorName : node.plan.kind),
  }))
  const output = execution.runEpoch({
    batchId: 0,
    zone: context.zone,
    batchTimestampMicros: context.nowMs * 1000,
    watermarkMs: 0,
    lateWatermarkMs: 0,
    outputMode: 'complete',
    isStreaming: false,
    sourceBatches: new Map(),
  })
  if (output instanceof Promise) {
    throw new IllegalStateException('A batch query with asynchronous operators must be collected asynchronously')
  }
  execution.close()
  return concatBatches(schemaOf(root.output), output)
}
