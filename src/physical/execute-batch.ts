// Runs a batch (static) query to completion: plan once, one epoch over the local data, collect the output.
import { concatBatches, type RecordBatch } from '../arrow/index.js'
import type { LogicalPlan } from '../logical/plan.js'
import { schemaOf } from '../logical/plan.js'
import { runEpoch } from './physical-plan.js'
import { planQuery } from './planner.js'

export interface BatchQueryContext {
  readonly zone: string
  readonly nowMs: number
}

/** All rows of a static plan as one batch. */
export function executeBatch(plan: LogicalPlan, context: BatchQueryContext): RecordBatch {
  const { root } = planQuery(plan, { outputMode: 'complete' })
  const output = runEpoch(root, {
    batchId: 0,
    zone: context.zone,
    batchTimestampMicros: context.nowMs * 1000,
    watermarkMs: 0,
    lateWatermarkMs: 0,
    outputMode: 'complete',
    isStreaming: false,
    sourceBatches: new Map(),
  })
  return concatBatches(schemaOf(plan.output), output)
}
