// What the runtime needs from stateful operators (aggregations, deduplication, limits): identity, watermark use,
// and Spark's state metrics for progress reports.
import type { RecordBatch } from '../arrow/index.js'
import type { OutputMode } from '../connectors/sink.js'
import type { StateChanges, StateSchema } from '../state/state-store.js'
import type { Operator } from './operator.js'

/** Spark's `stateOperators[]` progress entry, minus what the runtime adds. */
export interface StateMetrics {
  readonly operatorName: string
  numRowsTotal: number
  numRowsUpdated: number
  allUpdatesTimeMs: number
  numRowsRemoved: number
  allRemovalsTimeMs: number
  commitTimeMs: number
  memoryUsedBytes: number
  numRowsDroppedByWatermark: number
  customMetrics: Record<string, number>
}

export function newMetrics(operatorName: string): StateMetrics {
  return {
    operatorName,
    numRowsTotal: 0,
    numRowsUpdated: 0,
    allUpdatesTimeMs: 0,
    numRowsRemoved: 0,
    allRemovalsTimeMs: 0,
    commitTimeMs: 0,
    memoryUsedBytes: 0,
    numRowsDroppedByWatermark: 0,
    customMetrics: {},
  }
}

export interface StatefulOperator extends Operator {
  /** Ordinal among the query's stateful operators, children first: the `state/<id>` of its checkpoint. */
  readonly stateId: number
  /** This batch's metrics (reset at the start of each batch). */
  readonly metrics: StateMetrics
  /** Starts a batch: per-batch counters reset. */
  beginBatch(): void
  /** Whether a no-data batch would emit or evict something once the watermark moves past what this batch used. */
  wantsNoDataBatch(outputMode: OutputMode): boolean
  /** Key and value schemas of the state rows (checked against the checkpoint on restart). */
  readonly stateSchema: StateSchema
  /** What the state rows mean when not what Spark's operator keeps (e.g. window panes); checked on restart too. */
  readonly stateLayout?: string
  /** The state rows the last batch changed: upserted rows (key + value) and deleted keys. */
  changes(): StateChanges
  /** Every state row (key + value), for snapshots. */
  snapshotRows(): RecordBatch
  /** Applies checkpointed changes, oldest first, to rebuild the state after a restart. */
  restore(changes: StateChanges): void
}

export const isStateful = (op: Operator): op is StatefulOperator =>
  (op as Partial<StatefulOperator>).stateId !== undefined

/** Milliseconds spent in `work`, added to a metric. */
export function timed<T>(work: () => T, record: (ms: number) => void): T {
  const started = performance.now()
  try {
    return work()
  } finally {
    record(performance.now() - started)
  }
}
