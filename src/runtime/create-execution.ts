// Turns a started query's description into a running StreamExecution: optimize, plan, create sources, wire the
// checkpoint (logs, source metadata, state stores) when there is one.

import { IllegalStateException } from '../common/errors.js'
import { logWarning } from '../common/log.js'
import { sourceProvider } from '../connectors/registry.js'
import type { OutputMode, Sink } from '../connectors/sink.js'
import type { SourceDescription } from '../connectors/source.js'
import type { LogicalPlan } from '../logical/plan.js'
import { schemaOf } from '../logical/plan.js'
import { optimize } from '../optimizer/optimize.js'
import { physicalTreeString } from '../physical/physical-specs.js'
import { PlanExecution } from '../physical/plan-execution.js'
import { planQuery } from '../physical/planner.js'
import { splitStages } from '../physical/stages.js'
import { MemoryBatchLog } from './batch-log.js'
import type { Checkpoint } from './checkpoint/checkpoint.js'
import { ConsoleProgress } from './console-progress.js'
import type { ListenerBus } from './listener.js'
import { MicroBatchRunner } from './micro-batch-runner.js'
import { masterThreads } from './parallel/master.js'
import type { RemoteSettings } from './parallel/remote-operators.js'
import { QueryState } from './stateful-operators.js'
import { StreamExecution } from './stream-execution.js'
import { sourcesForTrigger, type Trigger } from './trigger.js'

export interface QueryDescription {
  readonly id: string
  readonly runId: string
  readonly name: string | null
  readonly plan: LogicalPlan
  readonly outputMode: OutputMode
  readonly trigger: Trigger
  readonly sink: Sink
  readonly conf: (key: string) => string | undefined
  /** Every conf with a value, for worker threads (which read confs without the session). */
  readonly confSnapshot: () => Readonly<Record<string, string>>
  readonly listenerBus: ListenerBus
  readonly clock: () => number
  /** Durable logs and state; undefined keeps them in memory (console, memory, noop, foreachBatch sinks). */
  readonly checkpoint: Checkpoint | undefined
  readonly onTerminated: (execution: StreamExecution) => void
}

/** Confs other than the partition count that the checkpoint records (`offsets/N`) for the life of the query. */
function pinnedConf(conf: QueryDescription['conf']): Record<string, string> {
  return { 'spark.sql.streaming.multipleWatermarkPolicy': conf('spark.sql.streaming.multipleWatermarkPolicy') ?? '' }
}

/** Milliseconds from a Spark duration conf such as `10ms` or `10000` (bare numbers are ms). */
function durationMs(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const match = /^\s*(\d+)\s*(ms|s)?\s*$/i.exec(text)
  if (!match) return fallback
  return Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1000 : 1)
}

const SHUFFLE_PARTITIONS = 'spark.sql.shuffle.partitions'
/** Rivulet's: the input rows of a batch from which a query's partitioned stages move to worker threads. */
const PARALLEL_MIN_BATCH_ROWS = 'rivulet.parallel.minBatchRows'
const PARALLEL_SHIP_SOURCE_ROWS = 'rivulet.parallel.shipSourceRows'
/** Rivulet's: the driver's CPU per input row (µs) from which a large batch's stages go on trial on worker threads. */
const PARALLEL_MIN_ROW_COST = 'rivulet.parallel.minRowCostMicros'
/**
 * The default: rows cheaper than this never gained on two workers on the 2-core machine measured (bench:parallel's
 * windowed count, ~0.5 µs a row); from Nexmark q7 (1.2 µs) up some do and some do not, which the trial measures.
 */
const DEFAULT_MIN_ROW_COST_MICROS = 1
/** Rivulet's: how many times faster (wall time per row) the trial must run than the driver for the stages to stay. */
const PARALLEL_MIN_SPEEDUP = 'rivulet.parallel.minSpeedup'

/**
 * The query's state partitions: the checkpoint's value once it has one (Spark's OffsetSeqMetadata: the recorded
 * conf wins over the session's, with a warning naming both), else the session's.
 */
function statePartitions(checkpoint: Checkpoint | undefined, conf: QueryDescription['conf']): number {
  const session = conf(SHUFFLE_PARTITIONS)
  const recorded = checkpoint?.recordedPartitions()
  if (recorded !== undefined) {
    if (session !== undefined && session !== String(recorded)) {
      logWarning(
        'OffsetSeqMetadata',
        `Updating the value of conf '${SHUFFLE_PARTITIONS}' in current session from '${session}' to '${recorded}'.`,
      )
    }
    return recorded
  }
  const value = Number(session)
  if (!Number.isInteger(value) || value <= 0) {
    throw new IllegalStateException(`${SHUFFLE_PARTITIONS} must be a positive integer, but was '${session}'`)
  }
  return value
}

/** `throw:<batchId>:<worker>` or `exit:<batchId>:<worker>`: a worker failure to inject (tests only). */
function workerFault(text: string | undefined): RemoteSettings['fault'] {
  const match = /^(throw|exit):(\d+):(\d+)$/.exec(text ?? '')
  return match ? { kind: match[1] as 'throw' | 'exit', batchId: Number(match[2]), worker: Number(match[3]) } : undefined
}

/** The partitions worker `w` of `workers` owns: those ≡ w (mod workers). */
function ownedPartitions(w: number, workers: number, numPartitions: number): string {
  return Array.from({ length: numPartitions }, (_, p) => p)
    .filter((p) => p % workers === w)
    .join(', ')
}

/** Stateful operators cannot be added or removed across restarts: the checkpoint's state must be theirs. */
function checkOperators(checkpoint: Checkpoint, current: readonly number[], names: readonly string[]): void {
  const recorded = checkpoint.stateOperatorIds()
  if (recorded.length === current.length && recorded.every((id, i) => id === current[i])) return
  throw new IllegalStateException(
    `The query has ${current.length} stateful operator(s) [${current.map((id, i) => `${id}: ${names[i]}`).join(', ')}] but its checkpoint ${checkpoint.dir} holds state for [${recorded.join(', ')}]. Stateful operators cannot be added or removed across restarts; start the query with a new checkpoint location.`,
  )
}

export function createStreamExecution(query: QueryDescription): StreamExecution {
  const { checkpoint, conf } = query
  const optimized = optimize(query.plan)
  const numPartitions = statePartitions(checkpoint, conf)
  const {
    root,
    sources: relations,
    readColumns,
  } = planQuery(optimized, {
    outputMode: query.outputMode,
    windowPanes: conf('rivulet.sql.slidingWindowPanes') !== 'false',
    numPartitions,
  })
  const descriptions: SourceDescription[] = relations.map((relation, i) => ({
    format: relation.format,
    options: relation.options,
    schema: schemaOf(relation.output),
    ...(readColumns[i]!.length < relation.output.length ? { readSchema: schemaOf(readColumns[i]!) } : {}),
    path: relation.path,
    partitionColumns: relation.partitionColumns,
  }))
  const { sources, readLimits } = sourcesForTrigger(
    query.trigger,
    descriptions.map((description, i) =>
      sourceProvider(description.format).create(description, {
        conf,
        metadataPath: checkpoint?.sourcePath(i),
        now: query.clock,
      }),
    ),
  )
  const hasRun = checkpoint !== undefined && checkpoint.offsetLog.batchIds().length > 0
  const minBatchesToRetain = Number(conf('spark.sql.streaming.minBatchesToRetain') ?? 100)
  const threads = Math.min(masterThreads(conf('spark.master') ?? 'local[*]'), numPartitions)
  const split = threads > 1 ? splitStages(root, threads) : undefined
  // Rows a source hands the driver would have to be copied to the workers, which costs more than the stages save on
  // the machines measured (bench:parallel); stages move by default only when the workers read their sources.
  const workersRead = (index: number) => sources[index]!.getTasks !== undefined
  const staged =
    split &&
    (conf(PARALLEL_SHIP_SOURCE_ROWS) === 'true' || split.stages.every((s) => s.sourceIndexes.every(workersRead)))
      ? split
      : undefined
  const operatorDir = (id: number) => checkpoint?.operatorDir(id)
  const minDeltasForSnapshot = Number(conf('spark.sql.streaming.stateStore.minDeltasForSnapshot') ?? 10)
  const stateful = new QueryState(
    new PlanExecution(root),
    {
      outputMode: query.outputMode,
      policy: conf('spark.sql.streaming.multipleWatermarkPolicy')?.toLowerCase() === 'max' ? 'max' : 'min',
      noDataBatches: conf('spark.sql.streaming.noDataMicroBatches.enabled') !== 'false',
    },
    checkpoint && {
      operatorDir: (id) => checkpoint.operatorDir(id),
      checkpointDir: checkpoint.dir,
      minDeltasForSnapshot,
      minBatchesToRetain,
    },
    staged && {
      staged,
      rules: {
        threads,
        minBatchRows: Number(conf(PARALLEL_MIN_BATCH_ROWS) ?? 20_000),
        minRowCostMicros: Number(conf(PARALLEL_MIN_ROW_COST) ?? DEFAULT_MIN_ROW_COST_MICROS),
        minSpeedup: Number(conf(PARALLEL_MIN_SPEEDUP) ?? 1.1),
      },
      describeWorker: (w) => `partitions ${ownedPartitions(w, threads, numPartitions)}`,
      remote: {
        outputMode: query.outputMode,
        operatorDir,
        minDeltasForSnapshot,
        minBatchesToRetain,
        sources: descriptions,
        conf: query.confSnapshot(),
        fault: workerFault(conf('rivulet.faultInjection.worker')),
      },
    },
  )
  if (checkpoint && hasRun) checkOperators(checkpoint, stateful.plannedOperatorIds(), stateful.plannedOperatorNames())
  stateful.open()
  const pinned = { [SHUFFLE_PARTITIONS]: String(numPartitions), ...pinnedConf(conf) }
  const runner = new MicroBatchRunner({
    sources,
    readLimits,
    sink: query.sink,
    schema: schemaOf(optimized.output),
    outputMode: query.outputMode,
    zone: conf('spark.sql.session.timeZone') ?? 'UTC',
    offsetLog: checkpoint?.offsetLog ?? new MemoryBatchLog(),
    commitLog: checkpoint?.commitLog ?? new MemoryBatchLog(),
    conf: pinned,
    clock: query.clock,
    stateful,
    minBatchesToRetain,
  })
  return new StreamExecution({
    id: query.id,
    runId: query.runId,
    name: query.name,
    runner,
    sources,
    sink: query.sink,
    trigger: query.trigger,
    listenerBus: query.listenerBus,
    clock: query.clock,
    recentProgressLimit: Number(conf('spark.sql.streaming.numRecentProgressUpdates') ?? 100),
    idleEventIntervalMs: durationMs(conf('spark.sql.streaming.noDataProgressEventInterval'), 10_000),
    pollingDelayMs: durationMs(conf('spark.sql.streaming.pollingDelay'), 10),
    planText: () => {
      // On the workers, each RemoteStage's plan (with its partial aggregates) prints under it.
      const placement = stateful.placement()
      const workers = placement ? `\n${placement}` : ''
      return `== Physical Plan ==\n${physicalTreeString(stateful.isParallel && staged ? staged.driver : root)}${workers}`
    },
    // A bounded run shows a progress bar on a terminal.
    consoleProgress:
      query.trigger.kind === 'once' || query.trigger.kind === 'availableNow' ? ConsoleProgress.create(conf) : undefined,
    onTerminated: (terminated) => {
      stateful.execution.close()
      void stateful.close()
      checkpoint?.release()
      query.onTerminated(terminated)
    },
  })
}
