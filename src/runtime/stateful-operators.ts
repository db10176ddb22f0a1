// The query's stateful side: each stateful operator's declared tables (checkpointed per partition), the event-time
// watermark (advanced after each batch from what the watermark operators observed), whether a no-data batch is due,
// and the state operators' progress metrics. Stateful and watermark operators are found from the plan's data.
//
// Watermark rule (Spark's WatermarkTracker): after batch N, each watermark operator that saw rows proposes
// max(event time) - delay; an operator that never saw rows counts as 0; the global watermark is the min (or max)
// of those, and never decreases. It applies from batch N+1. Late rows in batch N are judged against the
// watermark batch N-1 ran with; eviction in batch N uses batch N's.

import { IllegalStateException } from '../common/errors.js'
import { isoUtc } from '../common/time.js'
import type { OutputMode } from '../connectors/sink.js'
import { type EventTimeStats, emptyStats } from '../operators/event-time-stats.js'
import type { OpenContext, OperatorContext, OperatorWatermarks } from '../operators/operator.js'
import { newMetrics, resetMetrics, type StateMetrics } from '../operators/state-metrics.js'
import { isStatefulNode, type StatefulNode, type WatermarkNode } from '../physical/physical-plan.js'
import type { PlanExecution, RunningNode } from '../physical/plan-execution.js'
import { operatorInputWatermarks } from '../physical/watermark-propagation.js'
import { OperatorState, type StateDeclarations, type StatePersistenceOptions } from '../state/operator-state.js'
import { stateMetadataOf, verifyStateMetadata } from '../state/state-metadata.js'
import type { StateOperatorProgress } from './progress.js'

/** Where operator state is checkpointed, and how often it is snapshotted and purged. */
export interface StatePersistence extends StatePersistenceOptions {
  /** `state/<operatorId>` of the checkpoint. */
  readonly operatorDir: (operatorId: number) => string
  /** The checkpoint root, for error messages. */
  readonly checkpointDir: string
}

export interface WatermarkSettings {
  readonly outputMode: OutputMode
  /** `spark.sql.streaming.multipleWatermarkPolicy`. */
  readonly policy: 'min' | 'max'
  /** `spark.sql.streaming.noDataMicroBatches.enabled`. */
  readonly noDataBatches: boolean
}

interface StatefulInstance {
  readonly node: RunningNode
  readonly plan: StatefulNode
  readonly state: OperatorState
  readonly metrics: StateMetrics
}

const notStateful = (): never => {
  throw new IllegalStateException('Only stateful plan nodes declare state tables')
}
const NOT_STATEFUL: StateDeclarations = {
  keyed: notStateful,
  value: notStateful,
  list: notStateful,
  multiValue: notStateful,
  timeOrdered: notStateful,
}

export class QueryState {
  private readonly stateful: StatefulInstance[] = []
  private readonly watermarks: { readonly node: RunningNode; readonly plan: WatermarkNode }[] = []
  private readonly operatorWatermarks = new Map<string, number>()
  /** This batch's event-time statistics per watermark operator (taken after the operators ran). */
  private batchStats: EventTimeStats[] = []
  /** The watermark the last executed batch ran with. */
  private lastBatchWatermarkMs = 0

  constructor(
    private readonly execution: PlanExecution,
    private readonly settings: WatermarkSettings,
    private readonly persistence: StatePersistence | undefined,
  ) {
    for (const node of execution.nodes) {
      if (node.plan.kind === 'EventTimeWatermark') this.watermarks.push({ node, plan: node.plan })
    }
  }

  /** Opens every operator, giving stateful ones their tables; checks the tables against the checkpoint. */
  open(): void {
    const options = this.persistence ?? { minDeltasForSnapshot: 10, minBatchesToRetain: 100 }
    this.execution.open((node): OpenContext => {
      const { plan } = node
      if (!isStatefulNode(plan)) {
        return {
          outputMode: this.settings.outputMode,
          isStreaming: true,
          state: NOT_STATEFUL,
          metrics: newMetrics(plan.kind),
        }
      }
      const partitions = Array.from({ length: plan.numPartitions }, (_, p) => p)
      const dir = this.persistence?.operatorDir(plan.operatorId)
      const state = new OperatorState(dir, plan.numPartitions, partitions, options)
      const metrics = newMetrics(plan.operatorName)
      this.stateful.push({ node, plan, state, metrics })
      return { outputMode: this.settings.outputMode, isStreaming: true, state, metrics }
    })
    if (!this.persistence) return
    for (const { plan, state } of this.stateful) {
      const metadata = stateMetadataOf(
        plan.operatorName,
        plan.numPartitions,
        state.tables.map((t) => t.spec),
        plan.stateLayout,
      )
      verifyStateMetadata(
        this.persistence.operatorDir(plan.operatorId),
        plan.operatorId,
        metadata,
        this.persistence.checkpointDir,
      )
    }
  }

  /** The plan's stateful nodes in operator-id order (known before `open`). */
  private plannedNodes(): StatefulNode[] {
    return this.execution.nodes
      .map((n) => n.plan)
      .filter(isStatefulNode)
      .sort((a, b) => a.operatorId - b.operatorId)
  }

  plannedOperatorIds(): number[] {
    return this.plannedNodes().map((n) => n.operatorId)
  }

  plannedOperatorNames(): string[] {
    return this.plannedNodes().map((n) => n.operatorName)
  }

  /**
   * Whether a no-data batch should run: the watermark moved, and some operator that would emit or evict on it gets
   * a later input watermark than it last used (per operator, as Spark propagates watermarks).
   */
  needsNoDataBatch(watermarkMs: number): boolean {
    if (!this.settings.noDataBatches || watermarkMs <= this.lastBatchWatermarkMs) return false
    const next = this.inputWatermarks(watermarkMs)
    const last = this.inputWatermarks(this.lastBatchWatermarkMs)
    return this.stateful.some(
      ({ node, plan }) =>
        node.op.wantsNoDataBatch?.(this.settings.outputMode) === true &&
        (next.get(plan.operatorId) ?? 0) > (last.get(plan.operatorId) ?? 0),
    )
  }

  /** Each stateful operator's input watermark for a global watermark (from the plan; see watermark-propagation). */
  private inputWatermarks(globalMs: number): Map<number, number> {
    const root = this.execution.nodes[this.execution.nodes.length - 1]!.plan
    return operatorInputWatermarks(root, globalMs)
  }

  /** The watermarks each stateful operator runs a batch with, for the batch's global watermark. */
  watermarksByOperator(batchWatermarkMs: number): Map<number, OperatorWatermarks> {
    const eviction = this.inputWatermarks(batchWatermarkMs)
    const late = this.inputWatermarks(this.lastBatchWatermarkMs)
    const out = new Map<number, OperatorWatermarks>()
    for (const [id, evictionMs] of eviction) out.set(id, { evictionMs, lateMs: late.get(id) ?? 0 })
    return out
  }

  /** The watermark late rows are judged against in the next batch. */
  lateWatermarkMs(): number {
    return this.lastBatchWatermarkMs
  }

  /**
   * Rebuilds operator state at `version` (= the next batch id) after a restart; `lastBatchWatermarkMs` is the
   * watermark the last committed batch ran with.
   */
  restore(version: number, lastBatchWatermarkMs: number): void {
    this.lastBatchWatermarkMs = lastBatchWatermarkMs
    for (const { state } of this.stateful) state.restore(version)
  }

  beginBatch(): void {
    for (const { state, metrics } of this.stateful) {
      state.beginBatch()
      resetMetrics(metrics)
    }
  }

  /** Takes the event times the watermark operators saw in this batch (call once, after the operators ran). */
  endBatch(): void {
    this.batchStats = this.watermarks.map(({ node }) => node.op.takeEventTimeStats?.() ?? emptyStats())
  }

  /** The watermark for the next batch, from the event times this batch observed. */
  nextWatermark(currentMs: number): number {
    if (this.watermarks.length === 0) return currentMs
    this.watermarks.forEach(({ plan }, index) => {
      const stats = this.batchStats[index] ?? emptyStats()
      if (stats.count > 0) {
        const candidate = stats.max - plan.delayMs
        const previous = this.operatorWatermarks.get(plan.id)
        if (previous === undefined || candidate > previous) this.operatorWatermarks.set(plan.id, candidate)
      } else if (!this.operatorWatermarks.has(plan.id)) {
        this.operatorWatermarks.set(plan.id, 0)
      }
    })
    let chosen = this.settings.policy === 'max' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
    for (const value of this.operatorWatermarks.values()) {
      chosen = this.settings.policy === 'max' ? Math.max(chosen, value) : Math.min(chosen, value)
    }
    return Math.max(currentMs, chosen)
  }

  /** Persists each operator's changes as state version batchId + 1 (a snapshot every minDeltasForSnapshot). */
  async commit(ctx: OperatorContext): Promise<void> {
    this.lastBatchWatermarkMs = ctx.watermarkMs
    const version = ctx.batchId + 1
    await Promise.all(
      this.stateful.map(async ({ state, metrics }) => {
        const started = performance.now()
        await state.commit(version)
        metrics.commitTimeMs += performance.now() - started
      }),
    )
  }

  eventTimeStats(watermarkMs: number): Record<string, string> {
    if (this.watermarks.length === 0) return {}
    const stats = emptyStats()
    for (const s of this.batchStats) {
      stats.count += s.count
      stats.sum += s.sum
      stats.max = Math.max(stats.max, s.max)
      stats.min = Math.min(stats.min, s.min)
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

  /** Spark's `stateOperators` entries, in operator-id order. */
  progress(): StateOperatorProgress[] {
    const ordered = [...this.stateful].sort((a, b) => a.plan.operatorId - b.plan.operatorId)
    return ordered.map(({ plan, state, metrics }) => {
      const { customMetrics, ...rest } = metrics
      const round = (ms: number) => Math.round(ms)
      return {
        ...rest,
        allUpdatesTimeMs: round(rest.allUpdatesTimeMs),
        allRemovalsTimeMs: round(rest.allRemovalsTimeMs),
        commitTimeMs: round(rest.commitTimeMs),
        numShufflePartitions: plan.numPartitions,
        numStateStoreInstances: plan.numPartitions * state.tables.length,
        ...(Object.keys(customMetrics).length > 0 ? { customMetrics: { ...customMetrics } } : {}),
      }
    })
  }
}
