// The query's view of its stateful operators: watermark bookkeeping, state commits and their progress metrics.
//
// A placeholder until stateful operators exist: a stateless query has no watermark and no state.
import type { OperatorContext } from '../operators/operator.js'
import type { StateOperatorProgress } from './progress.js'

export interface StatefulOperators {
  /** Whether a no-data batch should run because the watermark moved past what operators last used. */
  needsNoDataBatch(watermarkMs: number): boolean
  /** The watermark late rows are judged against in a batch running with `watermarkMs`. */
  lateWatermarkMs(watermarkMs: number): number
  beginBatch(ctx: OperatorContext): Promise<void>
  /** The watermark for the next batch, from the event times this batch observed. */
  nextWatermark(currentMs: number): number
  commit(ctx: OperatorContext): Promise<void>
  eventTimeStats(watermarkMs: number): Record<string, string>
  progress(): StateOperatorProgress[]
}

export const NO_STATEFUL_OPERATORS: StatefulOperators = {
  needsNoDataBatch: () => false,
  lateWatermarkMs: (w) => w,
  beginBatch: async () => {},
  nextWatermark: (w) => w,
  commit: async () => {},
  eventTimeStats: () => ({}),
  progress: () => [],
}
