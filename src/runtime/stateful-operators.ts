// The query's stateful side: each stateful operator's declared tables (checkpointed per partition), the event-time
// watermark (advanced after each batch from what the watermark operators observed), whether a no-data batch is due,
// and the state operators' progress metrics. Stateful and watermark operators are found from the plan's data; they
// run on the driver (`local`) or in stages on worker threads (`remote`), and are reported alike.
//
// Watermark rule (Spark's WatermarkTracker): after batch N, each watermark operator that saw rows proposes
// max(event time) - delay; an operator that never saw rows counts as 0; the global watermark is the min (or max)
// of those, and never decreases. It applies from batch N+1. Late rows in batch N are judged against the
// watermark batch N-1 ran with; eviction in batch N uses batch N's.

import { isoUtc } from '../common/time.js'
import type { OutputMode } from '../connectors/sink.js'
import { averageMs, type EventTimeStats, emptyStats } from '../operators/event-time-stats.js'
import type { Operator, OperatorContext, OperatorWatermarks } from '../operators/operator.js'
import { newMetrics, type StateMetrics } from '../operators/state-metrics.js'
import { isStatefulNode, type PhysicalPlan, type StatefulNode, type WatermarkNode } from '../physical/physical-plan.js'
import { postOrder, preOrder, scannedSources } from '../physical/physical-specs.js'
import { PlanExecution } from '../physical/plan-execution.js'
import type { StagedPlan } from '../physical/stages.js'
import { operatorInputWatermarks } from '../physical/watermark-propagation.js'
import type { StatePersistenceOptions } from '../state/operator-state.js'
import { stateMetadataOf, verifyStateMetadata } from '../state/state-metadata.js'
import type { StateTableSpec } from '../state/state-table.js'
import type { StatefulInstance } from './operator-instances.js'
import { OperatorInstances } from './operator-instances.js'
import { type MeasuredBatch, type PlacementRules, PlacementTrial } from './parallel/placement-trial.js'
import { type RemoteBatchReport, RemoteOperators, type RemoteSettings } from './parallel/remote-operators.js'
import { RemoteStageExec } from './parallel/remote-stage-exec.js'
import { WorkerPool } from './parallel/worker-pool.js'
import type { StateOperatorProgress } from './progress.js'
import { exportTables, importTables, type TableRows } from './state-handover.js'

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

/** How the query's stages may move to worker threads. */
export interface ParallelPlan {
  readonly staged: StagedPlan
  /** When the stages move, and whether they stay (see PlacementTrial). */
  readonly rules: PlacementRules
  /** What a worker's failure message says it ran. */
  readonly describeWorker: (worker: number) => string
  readonly remote: RemoteSettings
}

export class QueryState {
  private readonly local: OperatorInstances
  /** Watermark nodes and their operators on the driver (until their stage moves to the workers). */
  private readonly watermarks: { readonly plan: WatermarkNode; readonly op: Operator }[] = []
  /** Indexes into `watermarks`, top down and left side first in the plan: the order progress looks for event times in. */
  private readonly watermarksInPlanOrder: number[]
  /** The operators the driver runs: the whole plan, or once the stages moved, the rest and their remote ends. */
  private current: PlanExecution
  private remote: RemoteOperators | undefined
  private readonly operatorWatermarks = new Map<string, number>()
  /** This batch's event-time statistics per watermark operator (taken after the operators ran). */
  private batchStats: EventTimeStats[] = []
  /** What the remote operators reported at the end of this batch. */
  private remoteReport: RemoteBatchReport | undefined
  /** The watermark the last executed batch ran with. */
  private lastBatchWatermarkMs = 0
  /** Each watermark node's id and the sources under it, innermost first (built on first use). */
  private watermarkScopes: { readonly id: string; readonly sources: readonly number[] }[] | undefined
  /** The whole plan (stages included), for per-operator watermarks. */
  private readonly root: PhysicalPlan
  /** Where the stages run, when they may move. */
  private readonly trial: PlacementTrial | undefined

  constructor(
    execution: PlanExecution,
    private readonly settings: WatermarkSettings,
    private readonly persistence: StatePersistence | undefined,
    private readonly parallel?: ParallelPlan,
  ) {
    this.current = execution
    this.root = execution.nodes[execution.nodes.length - 1]!.plan
    this.trial = parallel && new PlacementTrial(parallel.rules)
    this.local = new OperatorInstances(settings.outputMode, {
      operatorDir: (id) => persistence?.operatorDir(id),
      minDeltasForSnapshot: persistence?.minDeltasForSnapshot ?? 10,
      minBatchesToRetain: persistence?.minBatchesToRetain ?? 100,
    })
    for (const { plan, op } of execution.nodes)
      if (plan.kind === 'EventTimeWatermark') this.watermarks.push({ plan, op })
    const planOrder = preOrder(this.root).map((node) => node.id)
    const at = (index: number) => planOrder.indexOf(this.watermarks[index]!.plan.id)
    this.watermarksInPlanOrder = this.watermarks.map((_, index) => index).sort((a, b) => at(a) - at(b))
  }

  /** The operators to run the next batch with. */
  get execution(): PlanExecution {
    return this.current
  }

  /** Whether the stages run on worker threads. */
  get isParallel(): boolean {
    return this.remote !== undefined
  }

  /** Whether a worker stage scans source `index` (so the workers can read it themselves). */
  scansRemotely(index: number): boolean {
    return this.remote?.sourceIndexes.has(index) === true
  }

  /** Rows the workers read from sources this batch, by source index. */
  rowsReadRemotely(): ReadonlyMap<number, number> {
    return this.remoteReport?.sourceRows ?? new Map()
  }

  /** Opens the operators, giving stateful ones their tables; checks the tables against the checkpoint. */
  open(): void {
    this.local.open(this.current)
    for (const { plan, state } of this.local.stateful) {
      this.verify(
        plan,
        state.tables.map((t) => t.spec),
        state.droppedTables,
      )
      if (this.persistence) for (const name of state.droppedTables) state.deleteTableFiles(name)
    }
  }

  /** Checks the tables against the checkpoint's metadata (`dropped`: tables an earlier run declared, now dropped). */
  private verify(plan: StatefulNode, tables: readonly StateTableSpec[], dropped?: ReadonlySet<string>): void {
    if (!this.persistence) return
    const metadata = stateMetadataOf(plan.operatorName, plan.numPartitions, tables, plan.stateLayout)
    verifyStateMetadata(
      this.persistence.operatorDir(plan.operatorId),
      plan.operatorId,
      metadata,
      this.persistence.checkpointDir,
      dropped,
    )
  }

  /** After restoring (state at `version`): moves the stages to the workers now when they start there. */
  async start(version: number): Promise<void> {
    if (this.trial?.startsOnWorkers) await this.goParallel(version)
  }

  /** Whether afterBatch reads a batch's CPU time (the stages' place is not settled): else 0 will do. */
  get measuresCpu(): boolean {
    return this.trial?.measuring === true
  }

  /**
   * After a committed batch (state at `version`): moves the stages to the workers once batches grow large and cost
   * enough per row to pay for the workers, and back to the driver if on trial there they ran rows no faster.
   */
  async afterBatch(batch: MeasuredBatch, version: number): Promise<void> {
    const move = this.trial?.observe(batch)
    if (move === 'toWorkers') await this.goParallel(version)
    else if (move === 'toDriver') await this.goLocal(version)
  }

  /** Where the partitionable stages run and why, for explain() (undefined when the query has none). */
  placement(): string | undefined {
    return this.trial?.describe()
  }

  /**
   * Hands the stages' state partitions to the workers (p to worker p mod threads): they restore `version` from the
   * checkpoint, or take the rows the driver held. The driver keeps its other operators and talks to each stage
   * through a RemoteStageExec from the next batch on.
   */
  private async goParallel(version: number): Promise<void> {
    const { staged, rules, describeWorker } = this.parallel!
    const pool = new WorkerPool(rules.threads, describeWorker)
    const remote = new RemoteOperators(pool, staged.stages, this.parallel!.remote)
    const inStages = new Set(staged.stages.flatMap((s) => postOrder(s.stage).map((n) => n.id)))
    const moved = this.local.release(inStages)
    try {
      await remote.open(this.persistence ? undefined : rowsForWorkers(moved, rules.threads))
      if (this.persistence) await remote.restore(version)
    } catch (error) {
      await pool.close()
      throw error
    }
    const driverOps = new Map(this.current.nodes.map((n) => [n.plan.id, n.op]))
    this.current = new PlanExecution(staged.driver, (plan) =>
      plan.kind === 'RemoteStage' ? new RemoteStageExec(plan, pool, remote) : driverOps.get(plan.id),
    )
    this.remote = remote
  }

  /**
   * Takes the stages back from the workers: the driver runs the whole plan again, the stages' nodes with new operators
   * whose tables restore `version` from the checkpoint, or take the rows the workers held; the workers stop.
   */
  private async goLocal(version: number): Promise<void> {
    const remote = this.remote!
    const handed = this.persistence ? [] : await remote.exportRows()
    await remote.close()
    this.remote = undefined
    const driverOps = new Map(
      this.current.nodes.filter((n) => n.plan.kind !== 'RemoteStage').map((n) => [n.plan.id, n.op]),
    )
    const whole = new PlanExecution(this.root, (plan) => driverOps.get(plan.id))
    const taken = this.local.open(whole, (node) => !driverOps.has(node.plan.id))
    for (const { plan, state } of taken) {
      if (this.persistence) state.restore(version)
      else for (const rows of handed) importTables(state, rows[plan.operatorId] ?? {})
    }
    for (const node of whole.nodes) {
      const index = this.watermarks.findIndex((w) => w.plan.id === node.plan.id)
      if (index >= 0) this.watermarks[index] = { plan: this.watermarks[index]!.plan, op: node.op }
    }
    this.current = whole
  }

  /** The plan's stateful nodes in operator-id order (known before `open`). */
  private plannedNodes(): StatefulNode[] {
    return [...this.current.nodes.map((n) => n.plan).filter(isStatefulNode), ...(this.remote?.stateful ?? [])].sort(
      (a, b) => a.operatorId - b.operatorId,
    )
  }

  plannedOperatorIds(): number[] {
    return this.plannedNodes().map((n) => n.operatorId)
  }

  plannedOperatorNames(): string[] {
    return this.plannedNodes().map((n) => n.operatorName)
  }

  /** Stops the worker threads, if any. */
  async close(): Promise<void> {
    await this.remote?.close()
  }

  /**
   * Whether a no-data batch should run: a processing-time timer or timeout is due at `nowMs`, or the watermark
   * moved and some operator that would emit or evict on it, on the driver or in a worker stage, gets a later input
   * watermark than it last used (per operator, as Spark propagates watermarks: one after a stream-stream join may not).
   */
  needsNoDataBatch(watermarkMs: number, nowMs: number): boolean {
    if (!this.settings.noDataBatches) return false
    const due = this.processingTimeDueMs()
    if (due !== undefined && due <= nowMs) return true
    if (watermarkMs <= this.lastBatchWatermarkMs) return false
    const next = this.inputWatermarks(watermarkMs)
    const last = this.inputWatermarks(this.lastBatchWatermarkMs)
    const advanced = (id: number) => (next.get(id) ?? 0) > (last.get(id) ?? 0)
    return this.local.noDataOperators().some(advanced) || (this.remote?.noDataOperators ?? []).some(advanced)
  }

  /**
   * The earliest processing time (ms) at which an operator's timer or timeout falls due, if any. Operators with
   * processing-time timers hold user code, so they run on the driver (never in a worker stage).
   */
  processingTimeDueMs(): number | undefined {
    return this.settings.noDataBatches ? this.local.processingTimeDueMs() : undefined
  }

  /** Each stateful operator's input watermark for a global watermark (from the plan; see watermark-propagation). */
  private inputWatermarks(globalMs: number): Map<number, number> {
    return operatorInputWatermarks(this.root, globalMs)
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
  async restore(version: number, lastBatchWatermarkMs: number): Promise<void> {
    this.lastBatchWatermarkMs = lastBatchWatermarkMs
    this.local.restore(version)
    await this.remote?.restore(version)
  }

  async beginBatch(): Promise<void> {
    this.local.beginBatch()
  }

  /** Takes the event times and metrics of this batch (call once, after the operators ran). */
  async endBatch(): Promise<void> {
    this.remoteReport = await this.remote?.endBatch()
    const remoteStats = this.remoteReport?.eventTimes
    this.batchStats = this.watermarks.map(
      ({ plan, op }) => remoteStats?.get(plan.id) ?? op.takeEventTimeStats?.() ?? emptyStats(),
    )
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

  /**
   * Each source's own watermark (ms): that of the nearest withWatermark above its scan (max event time seen minus
   * the delay), by source index. Sources under no withWatermark are absent. Rivulet's, for the live UI.
   */
  sourceWatermarksMs(): Map<number, number> {
    const out = new Map<number, number>()
    // Innermost first: a nested withWatermark (a smaller subtree) is the one nearest its sources.
    this.watermarkScopes ??= this.watermarks
      .map(({ plan }) => ({ id: plan.id, sources: scannedSources(plan) }))
      .sort((a, b) => a.sources.length - b.sources.length)
    for (const { id, sources } of this.watermarkScopes) {
      const watermark = this.operatorWatermarks.get(id)
      if (watermark === undefined) continue
      for (const source of sources) if (!out.has(source)) out.set(source, watermark)
    }
    return out
  }

  /** Persists each operator's changes as state version batchId + 1 (a snapshot every minDeltasForSnapshot). */
  async commit(ctx: OperatorContext): Promise<void> {
    this.lastBatchWatermarkMs = ctx.watermarkMs
    const started = performance.now()
    await Promise.all([this.local.commit(ctx.batchId + 1), this.remote?.commit(ctx.batchId + 1)])
    // Workers commit in parallel; their operators' commit time is the wait for all of them.
    const remoteMs = performance.now() - started
    for (const metrics of this.remoteReport?.metrics.values() ?? []) metrics.commitTimeMs += remoteMs
  }

  eventTimeStats(watermarkMs: number): Record<string, string> {
    if (this.watermarks.length === 0) return {}
    const watermark = { watermark: isoUtc(watermarkMs) }
    // Spark reports one watermark operator's statistics: the first in the plan (top down, left side first) that saw
    // rows this batch (ProgressReporter: executedPlan.collect { ... if count > 0 }.headOption).
    const reported = this.watermarksInPlanOrder.find((index) => (this.batchStats[index]?.count ?? 0) > 0)
    if (reported === undefined) return watermark
    const stats = this.batchStats[reported]!
    return {
      // Spark reports `stats.avg.toLong`: the mean truncated toward zero.
      avg: isoUtc(averageMs(stats)),
      max: isoUtc(stats.max),
      min: isoUtc(stats.min),
      ...watermark,
    }
  }

  /** Spark's `stateOperators` entries, in operator-id order. */
  progress(): StateOperatorProgress[] {
    const entries: { plan: StatefulNode; metrics: StateMetrics; tables: number; rows: Int32Array }[] = [
      ...this.local.stateful.map(({ plan, state, metrics }) => ({
        plan,
        metrics,
        tables: state.tables.length,
        rows: state.rowsPerPartition(),
      })),
      ...(this.remote?.stateful ?? []).map((plan) => ({
        plan,
        metrics: this.remoteReport?.metrics.get(plan.operatorId) ?? newMetrics(plan.operatorName),
        tables: this.remote!.tables.get(plan.operatorId)?.length ?? 0,
        rows: this.remoteReport?.partitionRows.get(plan.operatorId) ?? new Int32Array(plan.numPartitions),
      })),
    ]
    entries.sort((a, b) => a.plan.operatorId - b.plan.operatorId)
    return entries.map(({ plan, metrics, tables, rows }) => {
      const { customMetrics, ...rest } = metrics
      const round = (ms: number) => Math.round(ms)
      return {
        ...rest,
        allUpdatesTimeMs: round(rest.allUpdatesTimeMs),
        allRemovalsTimeMs: round(rest.allRemovalsTimeMs),
        commitTimeMs: round(rest.commitTimeMs),
        numShufflePartitions: plan.numPartitions,
        numStateStoreInstances: plan.numPartitions * tables,
        ...(Object.keys(customMetrics).length > 0 ? { customMetrics: { ...customMetrics } } : {}),
        ...(plan.numPartitions > 1 ? { numRowsPerPartition: [...rows] } : {}),
      }
    })
  }
}

/** The rows of the moved operators' tables, per worker: its partitions' rows, per operator id. */
function rowsForWorkers(
  moved: readonly StatefulInstance[],
  threads: number,
): (worker: number) => Record<number, TableRows> {
  const exported = moved.map(({ plan, state }) => ({ plan, state, byPartition: state.exportByPartition() }))
  return (worker) =>
    Object.fromEntries(
      exported.map(({ plan, state, byPartition }) => [
        plan.operatorId,
        exportTables(state, (p) => p % threads === worker, byPartition),
      ]),
    )
}
