import type { NexmarkTable } from '../../src/connectors/sources/nexmark/config.js'
import { type DataFrame, SparkSession } from '../../src/index.js'
import { cpuSplit, threadCpu } from '../thread-cpu.js'
import { WATERMARK_DELAY_US } from './generator.js'
import type { NexmarkQuery } from './query.js'
import type { ResultSet } from './results/cells.js'
import { materialize } from './results/materialize.js'
import { startCollecting } from './rivulet-run.js'

export interface SourceRunOptions {
  readonly events: number
  readonly batchEvents: number
  readonly seed: number
  /** Session confs (`spark.master`, ...). */
  readonly conf: Readonly<Record<string, string>>
}

export interface SourceRunMeasure {
  /** From start() until every event was processed (worker start-up included). */
  readonly wallMs: number
  /** Process CPU (all threads). */
  readonly cpuMs: number
  /** CPU of the main thread, of the busiest other threads (the workers, when there are), and of the rest. */
  readonly split: { readonly main: number; readonly busiest: readonly number[]; readonly rest: number }
  readonly batches: number
  /**
   * Trigger time of the batches after the first two, and the events they held: the steady state, without the worker
   * threads' start and their code's first, unoptimized runs (the driver thread's code is warm from earlier runs).
   */
  readonly steady: { readonly ms: number; readonly events: number }
  readonly result: () => ResultSet
  /** explain() at the end: where the stages ran, and why. */
  readonly plan: string
}

export async function runOverSource(query: NexmarkQuery, options: SourceRunOptions): Promise<SourceRunMeasure> {
  const spark = new SparkSession()
  // No live UI: its web server and per-batch listener are no part of what the runs compare.
  for (const [key, value] of Object.entries({
    'spark.sql.session.timeZone': 'UTC',
    'spark.ui.enabled': 'false',
    ...options.conf,
  }))
    spark.conf.set(key, value)
  const frames = {} as Record<NexmarkTable, DataFrame>
  for (const name of query.streams) {
    frames[name] = spark.readStream
      .format('nexmark')
      .option('table', name)
      .option('maxEvents', options.events)
      .option('maxEventsPerTrigger', options.batchEvents)
      .option('seed', options.seed)
      .load()
      .withWatermark('dateTime', `${WATERMARK_DELAY_US / 1_000_000} seconds`)
    frames[name].createOrReplaceTempView(name)
  }
  const df = spark.sql(query.sql)
  const names = df.columns
  const threadsBefore = threadCpu()
  const cpuBefore = process.cpuUsage()
  const started = performance.now()
  const { query: q, outputs, mode } = startCollecting(df, query)
  await q.processAllAvailable()
  const wallMs = performance.now() - started
  const cpu = process.cpuUsage(cpuBefore)
  const split = cpuSplit(threadsBefore, threadCpu(), 2)
  const batches = (q.lastProgress?.batchId ?? -1) + 1
  const steady = { ms: 0, events: Math.max(0, options.events - 2 * options.batchEvents) }
  for (const progress of q.recentProgress) {
    if (progress.batchId >= 2) steady.ms += progress.durationMs.triggerExecution ?? 0
  }
  const failure = q.exception()
  const plan = q.explainString()
  await q.stop()
  await spark.stop()
  if (failure) throw failure
  return {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    split,
    batches,
    steady,
    result: () => materialize(mode, outputs, names, query.keyColumns),
    plan,
  }
}
