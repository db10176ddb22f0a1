// What the driver and its worker threads say to each other. Requests carry an id the reply repeats; batches travel as
// Arrow IPC bytes whose buffers are transferred, never as structured-cloned rows.
import type { MessagePort } from 'node:worker_threads'
import type { OutputMode } from '../../connectors/sink.js'
import type { SourceDescription, SourceTask } from '../../connectors/source.js'
import type { EventTimeStats } from '../../operators/event-time-stats.js'
import type { OperatorContext } from '../../operators/operator.js'
import type { StateMetrics } from '../../operators/state-metrics.js'
import type { PhysicalPlan } from '../../physical/physical-plan.js'
import type { StateTableSpec } from '../../state/state-table.js'
import type { TableRows } from '../state-handover.js'

/** The per-batch parameters a stage runs with (the operator context without source data). */
export type StageContext = Omit<OperatorContext, 'isStreaming' | 'sourceBatches' | 'sourceTasks'>

export interface OpenRequest {
  readonly kind: 'open'
  /** The stages this worker runs, by stage id. */
  readonly stages: readonly { readonly stageId: number; readonly plan: PhysicalPlan }[]
  /** A channel to each peer worker, by worker index (transferred). */
  readonly peers: Readonly<Record<number, MessagePort>>
  /** The sources the stages scan, by index: the ones given as read tasks are read here. */
  readonly sources: Readonly<Record<number, SourceDescription>>
  /** Every conf with a value. */
  readonly conf: Readonly<Record<string, string>>
  readonly worker: number
  readonly workers: number
  readonly outputMode: OutputMode
  /** `state/<operatorId>` per stateful operator, when the query has a checkpoint. */
  readonly operatorDirs: Readonly<Record<number, string>>
  readonly minDeltasForSnapshot: number
  readonly minBatchesToRetain: number
  /**
   * Fault injection for tests (`rivulet.faultInjection.worker`): the worker throws in, or exits during, the stage
   * epoch of this batch.
   */
  readonly fault?: { readonly kind: 'throw' | 'exit'; readonly batchId: number; readonly worker: number }
  /** State the driver held before handing the partitions over: per operator id, this worker's rows. */
  readonly initialRows?: Readonly<Record<number, Readonly<TableRows>>>
}

export interface RestoreRequest {
  readonly kind: 'restore'
  readonly version: number
}

/**
 * One epoch of a stage: this worker's share of each source's rows (IPC bytes, or null for none). The batch's first
 * stage also begins the batch (per-batch counters reset), its last one also ends it (the reply carries the report),
 * so a batch of a one-stage plan is one round trip.
 */
export interface StageRequest {
  readonly kind: 'stage'
  readonly stageId: number
  readonly first: boolean
  readonly last: boolean
  readonly ctx: StageContext
  /** By source index. */
  readonly sources: Readonly<Record<number, Uint8Array | null>>
  /** Sources this worker reads itself this batch: its read tasks, by source index. */
  readonly tasks: Readonly<Record<number, readonly SourceTask[]>>
}

export interface EndBatchRequest {
  readonly kind: 'endBatch'
}

export interface CommitRequest {
  readonly kind: 'commit'
  readonly version: number
}

/** Hands the state back: every table's rows of the partitions this worker owns (the stages move to the driver). */
export interface ExportRequest {
  readonly kind: 'export'
}

export interface CloseRequest {
  readonly kind: 'close'
}

export type WorkerRequest =
  | OpenRequest
  | RestoreRequest
  | StageRequest
  | EndBatchRequest
  | CommitRequest
  | ExportRequest
  | CloseRequest

export interface OpenReply {
  /** The tables each stateful operator declared, by operator id. */
  readonly tables: Readonly<Record<number, readonly StateTableSpec[]>>
  /** The operators (ids) that would emit or evict in a no-data batch once their input watermark moves. */
  readonly noDataOperators: readonly number[]
}

/** The rows of this worker's partitions, per operator id (IPC buffers transferred). */
export type ExportReply = Readonly<Record<number, Readonly<TableRows>>>

export interface StageReply {
  /** What the stage emitted (IPC bytes), or null. */
  readonly output: Uint8Array | null
  /** Rows read from the tasks given, by source index. */
  readonly sourceRows: Readonly<Record<number, number>>
  /** With the batch's last stage: the batch's report. */
  readonly report?: EndBatchReply
}

export interface EndBatchReply {
  readonly metrics: Readonly<Record<number, StateMetrics>>
  /** State rows per partition this worker owns, by operator id. */
  readonly partitionRows: Readonly<Record<number, Readonly<Record<number, number>>>>
  /** Event-time statistics of watermark nodes running here, by node id. */
  readonly eventTimes: Readonly<Record<string, EventTimeStats>>
}

/** A request's outcome: its reply, or the error it failed with (name, message, error class, stack). */
export type WorkerReply =
  | { readonly id: number; readonly ok: true; readonly value: unknown }
  | {
      readonly id: number
      readonly ok: false
      readonly error: { name: string; message: string; errorClass?: string; stack?: string }
    }

export interface WorkerEnvelope {
  readonly id: number
  readonly request: WorkerRequest
}
