// The stateful side of the stages that run on worker threads, seen from the driver: opening them (and learning the
// tables they declared), restoring, starting and ending batches (their metrics and event times, merged over the
// workers), and committing — a batch's state is durable only once every worker has acknowledged its commit.

import { MessageChannel, type MessagePort, type Transferable } from 'node:worker_threads'
import type { OutputMode } from '../../connectors/sink.js'
import type { SourceDescription } from '../../connectors/source.js'
import { type EventTimeStats, emptyStats, mergeStats } from '../../operators/event-time-stats.js'
import { newMetrics, type StateMetrics } from '../../operators/state-metrics.js'
import {
  isStatefulNode,
  type PhysicalPlan,
  type RemoteStageNode,
  type StatefulNode,
  type WatermarkNode,
} from '../../physical/physical-plan.js'
import { postOrder } from '../../physical/physical-specs.js'
import type { StateTableSpec } from '../../state/state-table.js'
import { buffersOf, type TableRows } from '../state-handover.js'
import type { EndBatchReply, ExportReply, OpenReply } from './messages.js'
import type { WorkerPool } from './worker-pool.js'

export interface RemoteSettings {
  readonly outputMode: OutputMode
  /** `state/<operatorId>` when the query has a checkpoint. */
  readonly operatorDir: (operatorId: number) => string | undefined
  readonly minDeltasForSnapshot: number
  readonly minBatchesToRetain: number
  /** The query's sources, by index (workers read task-capable ones themselves). */
  readonly sources: readonly SourceDescription[]
  /** Every conf with a value (workers read confs without the session). */
  readonly conf: Readonly<Record<string, string>>
  /** `rivulet.faultInjection.worker` (`throw|exit:<batchId>:<worker>`), for tests of worker failures. */
  readonly fault?: { readonly kind: 'throw' | 'exit'; readonly batchId: number; readonly worker: number }
}

/** What a batch's end reports, merged over workers. */
export interface RemoteBatchReport {
  /** Rows the workers read from sources given to them as tasks, by source index. */
  readonly sourceRows: ReadonlyMap<number, number>
  readonly metrics: ReadonlyMap<number, StateMetrics>
  readonly partitionRows: ReadonlyMap<number, Int32Array>
  readonly eventTimes: ReadonlyMap<string, EventTimeStats>
}

const nodesOf = (stages: readonly RemoteStageNode[]): PhysicalPlan[] => stages.flatMap((s) => postOrder(s.stage))

export class RemoteOperators {
  readonly stateful: readonly StatefulNode[]
  readonly watermarks: readonly WatermarkNode[]
  /** The sources the stages scan. */
  readonly sourceIndexes: ReadonlySet<number>
  /** The remote operators (ids) that would emit or evict in a no-data batch (known once open). */
  noDataOperators: readonly number[] = []
  /** The tables each remote stateful operator declared (known once open). */
  tables = new Map<number, readonly StateTableSpec[]>()

  constructor(
    readonly pool: WorkerPool,
    private readonly stages: readonly RemoteStageNode[],
    private readonly settings: RemoteSettings,
  ) {
    const nodes = nodesOf(stages)
    this.stateful = nodes.filter(isStatefulNode)
    this.watermarks = nodes.filter((n): n is WatermarkNode => n.kind === 'EventTimeWatermark')
    this.sourceIndexes = new Set(stages.flatMap((s) => s.sourceIndexes))
  }

  /** Rows read from task sources in the current batch, summed by the stages as their replies come in. */
  private readonly sourceRows = new Map<number, number>()

  /** Called by a stage with the rows its workers read from sources given as tasks. */
  countSourceRows(rows: Readonly<Record<number, number>>): void {
    for (const [index, count] of Object.entries(rows)) {
      this.sourceRows.set(Number(index), (this.sourceRows.get(Number(index)) ?? 0) + count)
    }
  }

  /**
   * Starts the stages on the workers. `initialRows`: per worker, per operator id and table, the rows of its partitions
   * the driver held until now (Arrow IPC bytes); without it, workers start empty or restore from the checkpoint.
   */
  async open(initialRows?: (worker: number) => Record<number, TableRows>): Promise<void> {
    const operatorDirs: Record<number, string> = {}
    for (const node of this.stateful) {
      const dir = this.settings.operatorDir(node.operatorId)
      if (dir !== undefined) operatorDirs[node.operatorId] = dir
    }
    const peers = peerChannels(this.pool.size)
    const replies = await this.pool.all<OpenReply>((worker) => {
      const rows = initialRows?.(worker)
      const transfer: Transferable[] = buffersOf(rows ?? {})
      transfer.push(...Object.values(peers[worker]!))
      return {
        transfer,
        request: {
          kind: 'open',
          stages: this.stages.map((s) => ({ stageId: s.stageId, plan: s.stage })),
          worker,
          workers: this.pool.size,
          peers: peers[worker]!,
          sources: Object.fromEntries([...this.sourceIndexes].map((i) => [i, this.settings.sources[i]!])),
          conf: this.settings.conf,
          outputMode: this.settings.outputMode,
          operatorDirs,
          minDeltasForSnapshot: this.settings.minDeltasForSnapshot,
          minBatchesToRetain: this.settings.minBatchesToRetain,
          ...(rows ? { initialRows: rows } : {}),
          ...(this.settings.fault ? { fault: this.settings.fault } : {}),
        },
      }
    })
    this.noDataOperators = replies[0]!.noDataOperators
    for (const [id, specs] of Object.entries(replies[0]!.tables)) this.tables.set(Number(id), specs)
  }

  async restore(version: number): Promise<void> {
    await this.pool.all(() => ({ request: { kind: 'restore', version } }))
  }

  /** Whether stage `stageId` is the first or the last of a batch (see StageRequest). */
  positionOf(stageId: number): { first: boolean; last: boolean } {
    return { first: stageId === 0, last: stageId === this.stages.length - 1 }
  }

  /** The workers' reports that came back with the batch's last stage. */
  private reports: EndBatchReply[] | undefined

  /** Called by the last stage with its replies' reports. */
  collect(reports: EndBatchReply[]): void {
    this.reports = reports
  }

  /** The batch's report, merged over the workers (asked for explicitly if no stage brought it). */
  async endBatch(): Promise<RemoteBatchReport> {
    const replies = this.reports ?? (await this.pool.all<EndBatchReply>(() => ({ request: { kind: 'endBatch' } })))
    this.reports = undefined
    const metrics = new Map<number, StateMetrics>()
    const partitionRows = new Map<number, Int32Array>()
    for (const node of this.stateful) {
      const merged = newMetrics(node.operatorName)
      const rows = new Int32Array(node.numPartitions)
      for (const reply of replies) {
        addMetrics(merged, reply.metrics[node.operatorId]!)
        for (const [p, count] of Object.entries(reply.partitionRows[node.operatorId] ?? {})) rows[Number(p)] = count
      }
      metrics.set(node.operatorId, merged)
      partitionRows.set(node.operatorId, rows)
    }
    const eventTimes = new Map<string, EventTimeStats>()
    for (const node of this.watermarks) {
      const stats = emptyStats()
      for (const reply of replies) {
        // Spark merges its tasks' statistics (the mean weighted by counts); here the workers', in worker order.
        const s = reply.eventTimes[node.id]
        if (s) mergeStats(stats, s)
      }
      eventTimes.set(node.id, stats)
    }
    const sourceRows = new Map(this.sourceRows)
    this.sourceRows.clear()
    return { sourceRows, metrics, partitionRows, eventTimes }
  }

  /** Every worker's state rows, per operator id (to move the stages back to the driver without a checkpoint). */
  exportRows(): Promise<ExportReply[]> {
    return this.pool.all<ExportReply>(() => ({ request: { kind: 'export' } }))
  }

  async commit(version: number): Promise<void> {
    await this.pool.all(() => ({ request: { kind: 'commit', version } }))
  }

  close(): Promise<void> {
    return this.pool.close()
  }
}

/** A MessageChannel between every two workers: per worker, its end of each, by peer index. */
function peerChannels(workers: number): Record<number, MessagePort>[] {
  const ends: Record<number, MessagePort>[] = Array.from({ length: workers }, () => ({}))
  for (let a = 0; a < workers; a++) {
    for (let b = a + 1; b < workers; b++) {
      const { port1, port2 } = new MessageChannel()
      ends[a]![b] = port1
      ends[b]![a] = port2
    }
  }
  return ends
}

/** Sums a worker's metrics into the merged ones (Spark sums state metrics over a stage's tasks). */
function addMetrics(into: StateMetrics, from: StateMetrics): void {
  into.numRowsTotal += from.numRowsTotal
  into.numRowsUpdated += from.numRowsUpdated
  into.allUpdatesTimeMs += from.allUpdatesTimeMs
  into.numRowsRemoved += from.numRowsRemoved
  into.allRemovalsTimeMs += from.allRemovalsTimeMs
  into.commitTimeMs += from.commitTimeMs
  into.memoryUsedBytes += from.memoryUsedBytes
  into.numRowsDroppedByWatermark += from.numRowsDroppedByWatermark
  for (const [name, value] of Object.entries(from.customMetrics)) {
    into.customMetrics[name] = (into.customMetrics[name] ?? 0) + value
  }
}
