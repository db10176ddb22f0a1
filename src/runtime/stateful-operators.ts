// The query's stateful side: the event-time watermark (advanced after each batch from what the watermark
// operators observed), whether a no-data batch is due, and the state operators' progress metrics.
//
// Watermark rule (Spark's WatermarkTracker): after batch N, each watermark operator that saw rows proposes
// max(event time) - delay; an operator that never saw rows counts as 0; the global watermark is the min (or max)
// of those, and never decreases. It applies from batch N+1. Late rows in batch N are judged against the
// watermark batch N-1 ran with; eviction in batch N uses batch N's.

import { isoUtc } from '../common/time.js'
import type { OutputMode } from '../connectors/sink.js'
import type { OperatorContext } from '../operators/operator.js'
import { isStateful, type StatefulOperator } from '../operators/stateful.js'
import { WatermarkExec } from '../operators/watermark-exec.js'
import { type PhysicalNode, postOrder } from '../physical/physical-plan.js'
import type { StateStoreFiles } from '../state/state-store.js'
import type { StateOperatorProgress } from './progress.js'

export interface StatefulOperators {
  /** Rebuilds operator state at `version` (= the next batch id) after a restart; `lastBatchWatermarkMs` is the
   * watermark the last committed batch ran with. */
  restore(version: number, lastBatchWatermarkMs: number): Promise<void>
  /** Whether a no-data batch should run because the watermark moved past what operators last used. */
  needsNoDataBatch(watermarkMs: number): boolean
  /** The watermark late rows are judged against in the next batch. */
  lateWatermarkMs(): number
  beginBatch(ctx: OperatorContext): Promise<void>
  /** The watermark for the next batch, from the event times this batch observed. */
  nextWatermark(currentMs: number): number
  commit(ctx: OperatorContext): Promise<void>
  eventTimeStats(watermarkMs: number): Record<string, string>
  progress(): StateOperatorProgress[]
}

/** Where operator state is checkpointed, and how often it is snapshotted and purged. */
export interface StatePersistence {
  readonly stores: ReadonlyMap<StatefulOperator, StateStoreFiles>
  /** `spark.sql.streaming.stateStore.minDeltasForSnapshot`. */
  readonly minDeltasForSnapshot: number
  /** `spark.sql.streaming.minBatchesToRetain`. */
  readonly minBatchesToRetain: number
}

export interface WatermarkSettings {
  readonly outputMode: OutputMode
  /** `spark.sql.streaming.multipleWatermarkPolicy`. */
  readonly policy: 'min' | 'max'
  /** `spark.sql.streaming.noDataMicroBatches.enabled`. */
  readonly noDataBatches: boolean
}

export class QueryState implements StatefulOperators {
  private readonly operators: StatefulOperator[]
  private readonly watermarks: WatermarkExec[]
  private readonly operatorWatermarks = new Map<number, number>()
  /** The watermark the last executed batch ran with. */
  private lastBatchWatermarkMs = 0

  constructor(
    root: PhysicalNode,
    private readonly settings: WatermarkSettings,
    private readonly persistence?: StatePersistence,
  ) {
    const ops = postOrder(root).map((n) => n.op)
    this.operators = ops.filter(isStateful)
    this.watermarks = ops.filter((op): op is WatermarkExec => op instanceof WatermarkExec)
  }

  needsNoDataBatch(watermarkMs: number): boolean {
    return (
      this.settings.noDataBatches &&
      watermarkMs > this.lastBatchWatermarkMs &&
      this.operators.some((op) => op.wantsNoDataBatch(this.settings.outputMode))
    )
  }

  lateWatermarkMs(): number {
    return this.lastBatchWatermarkMs
  }

  async restore(version: number, lastBatchWatermarkMs: number): Promise<void> {
    this.lastBatchWatermarkMs = lastBatchWatermarkMs
    if (!this.persistence) return
    for (const [op, store] of this.persistence.stores) for (const changes of store.read(version)) op.restore(changes)
  }

  async beginBatch(): Promise<void> {
    for (const op of this.operators) op.beginBatch()
    for (const w of this.watermarks) w.beginBatch()
  }

  nextWatermark(currentMs: number): number {
    if (this.watermarks.length === 0) return currentMs
    this.watermarks.forEach((w, index) => {
      const { stats } = w
      if (stats.count > 0) {
        const candidate = stats.max - w.delayMs
        const previous = this.operatorWatermarks.get(index)
        if (previous === undefined || candidate > previous) this.operatorWatermarks.set(index, candidate)
      } else if (!this.operatorWatermarks.has(index)) {
        this.operatorWatermarks.set(index, 0)
      }
    })
    const values = [...this.operatorWatermarks.values()]
    const chosen = this.settings.policy === 'max' ? Math.max(...values) : Math.min(...values)
    return Math.max(currentMs, chosen)
  }

  /** Persists each operator's changes as state version batchId + 1 (a snapshot every minDeltasForSnapshot). */
  async commit(ctx: OperatorContext): Promise<void> {
    this.lastBatchWatermarkMs = ctx.watermarkMs
    if (!this.persistence) return
    const version = ctx.batchId + 1
    const { minDeltasForSnapshot, minBatchesToRetain } = this.persistence
    for (const [op, store] of this.persistence.stores) {
      const started = performance.now()
      store.writeDelta(version, op.changes())
      if (version % minDeltasForSnapshot === 0) {
        store.writeSnapshot(version, op.snapshotRows())
        store.purge(version - minBatchesToRetain)
      }
      op.metrics.commitTimeMs += performance.now() - started
    }
  }

  eventTimeStats(watermarkMs: number): Record<string, string> {
    if (this.watermarks.length === 0) return {}
    const stats = { count: 0, sum: 0, max: Number.NEGATIVE_INFINITY, min: Number.POSITIVE_INFINITY }
    for (const w of this.watermarks) {
      stats.count += w.stats.count
      stats.sum += w.stats.sum
      stats.max = Math.max(stats.max, w.stats.max)
      stats.min = Math.min(stats.min, w.stats.min)
    }
    const watermark = { watermark: isoUtc(watermarkMs) }
    if (stats.count === 0) return watermark
    return {
      avg: isoUtc(Math.round(stats.sum / stats.count)),
      max: isoUtc(stats.max),
      min: isoUtc(stats.min),
      ...watermark,
    }
  }

  progress(): StateOperatorProgress[] {
    return this.operators.map((op) => {
      const { customMetrics, ...metrics } = op.metrics
      const round = (ms: number) => Math.round(ms)
      return {
        ...metrics,
        allUpdatesTimeMs: round(metrics.allUpdatesTimeMs),
        allRemovalsTimeMs: round(metrics.allRemovalsTimeMs),
        commitTimeMs: round(metrics.commitTimeMs),
        numShufflePartitions: 1,
        numStateStoreInstances: 1,
        ...(Object.keys(customMetrics).length > 0 ? { customMetrics: { ...customMetrics } } : {}),
      }
    })
  }
}
