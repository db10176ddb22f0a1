// Spark's per-operator state metrics (`stateOperators[]` in progress), which stateful operators update each batch.

/** Spark's `stateOperators[]` progress entry, minus what the runtime adds (partitions, store instances). */
export interface StateMetrics {
  operatorName: string
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

/** Zeroes the per-batch counters, keeping the operator's name and the names of its custom metrics. */
export function resetMetrics(metrics: StateMetrics): void {
  const { operatorName, customMetrics } = metrics
  Object.assign(metrics, newMetrics(operatorName))
  metrics.customMetrics = Object.fromEntries(Object.keys(customMetrics).map((k) => [k, 0]))
}

/** Milliseconds spent in `work`, added to a metric. */
export function timed<T>(work: () => T, record: (ms: number) => void): T {
  const started = performance.now()
  try {
    return work()
  } finally {
    record(performance.now() - started)
  }
}
