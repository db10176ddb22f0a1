// A streaming test harness (after Spark's StreamTest): start a query whose batches are captured, feed data,
// wait for it to be processed, and check what each batch emitted.
import type { DataFrame, Row, StreamingQuery, TriggerSpec } from '../../src/index.js'

export interface CapturedBatch {
  readonly batchId: number
  readonly rows: Row[]
}

export interface Harness {
  readonly query: StreamingQuery
  readonly batches: CapturedBatch[]
  /** Waits until everything fed so far is processed. */
  processAll(): Promise<void>
  /** Rows of the most recent batch. */
  lastBatch(): Row[]
  /** Rows of every batch so far, in order. */
  allRows(): Row[]
  /** Resolves once the batches so far hold at least `count` rows in all (for sources fed from outside). */
  waitForRows(count: number): Promise<void>
  stop(): Promise<void>
}

export interface HarnessOptions {
  readonly outputMode?: 'append' | 'update' | 'complete'
  readonly trigger?: TriggerSpec
  readonly options?: Record<string, string>
}

/** Starts `df` with a foreachBatch sink that records each batch's rows. */
export function startHarness(df: DataFrame, options: HarnessOptions = {}): Harness {
  const batches: CapturedBatch[] = []
  const waiters: (() => void)[] = []
  const total = () => batches.reduce((sum, b) => sum + b.rows.length, 0)
  let writer = df.writeStream.outputMode(options.outputMode ?? 'append')
  for (const [k, v] of Object.entries(options.options ?? {})) writer = writer.option(k, v)
  if (options.trigger) writer = writer.trigger(options.trigger)
  const query = writer
    .foreachBatch((batch, batchId) => {
      batches.push({ batchId, rows: batch.collect() })
      for (const wake of waiters.splice(0)) wake()
    })
    .start()
  return {
    query,
    batches,
    processAll: () => query.processAllAvailable(),
    lastBatch: () => batches[batches.length - 1]?.rows ?? [],
    allRows: () => batches.flatMap((b) => b.rows),
    waitForRows: (count) =>
      new Promise((resolve) => {
        const check = () => (total() >= count ? resolve() : waiters.push(check))
        check()
      }),
    stop: () => query.stop(),
  }
}

/** Rows sorted by their JSON text, for comparing outputs whose order Spark leaves unspecified. */
export function sortRows(rows: readonly Row[]): Row[] {
  return [...rows].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1))
}
