// Turns a started query's description into a running StreamExecution: optimize, plan, create sources, wire the
// checkpoint (logs, source metadata, state stores) when there is one.

import { IllegalStateException } from '../common/errors.js'
import type { OutputMode, Sink } from '../connectors/sink.js'
import type { LogicalPlan } from '../logical/plan.js'
import { schemaOf } from '../logical/plan.js'
import { isStateful, type StatefulOperator } from '../operators/stateful.js'
import { optimize } from '../optimizer/optimize.js'
import { physicalTreeString, postOrder } from '../physical/physical-plan.js'
import { planQuery } from '../physical/planner.js'
import type { StateStoreFiles } from '../state/state-store.js'
import { MemoryBatchLog } from './batch-log.js'
import type { Checkpoint } from './checkpoint/checkpoint.js'
import type { ListenerBus } from './listener.js'
import { MicroBatchRunner } from './micro-batch-runner.js'
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
  readonly listenerBus: ListenerBus
  readonly clock: () => number
  /** Durable logs and state; undefined keeps them in memory (console, memory, noop, foreachBatch sinks). */
  readonly checkpoint: Checkpoint | undefined
  readonly onTerminated: (execution: StreamExecution) => void
}

/** Milliseconds from a Spark duration conf such as `10ms` or `10000` (bare numbers are ms). */
function durationMs(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const match = /^\s*(\d+)\s*(ms|s)?\s*$/i.exec(text)
  if (!match) return fallback
  return Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1000 : 1)
}

/** The state stores of the query's stateful operators; the checkpoint must hold state for exactly these. */
function stateStores(
  checkpoint: Checkpoint,
  operators: readonly StatefulOperator[],
  hasRun: boolean,
): Map<StatefulOperator, StateStoreFiles> {
  const recorded = checkpoint.stateOperatorIds()
  const current = operators.map((op) => op.stateId)
  if (hasRun && (recorded.length !== current.length || recorded.some((id, i) => id !== current[i]))) {
    throw new IllegalStateException(
      `The query has ${current.length} stateful operator(s) [${operators.map((op) => `${op.stateId}: ${op.metrics.operatorName}`).join(', ')}] but its checkpoint ${checkpoint.dir} holds state for [${recorded.join(', ')}]. Stateful operators cannot be added or removed across restarts; start the query with a new checkpoint location.`,
    )
  }
  return new Map(operators.map((op) => [op, checkpoint.stateStore(op)]))
}

export function createStreamExecution(query: QueryDescription): StreamExecution {
  const { checkpoint, conf } = query
  const optimized = optimize(query.plan)
  const { root, sources: relations } = planQuery(optimized, {
    outputMode: query.outputMode,
    windowPanes: conf('rivulet.sql.slidingWindowPanes') !== 'false',
  })
  const { sources, readLimits } = sourcesForTrigger(
    query.trigger,
    relations.map((r, i) => r.source.create({ conf, metadataPath: checkpoint?.sourcePath(i), now: query.clock })),
  )
  const operators = postOrder(root)
    .map((n) => n.op)
    .filter(isStateful)
  const hasRun = checkpoint !== undefined && checkpoint.offsetLog.batchIds().length > 0
  const minBatchesToRetain = Number(conf('spark.sql.streaming.minBatchesToRetain') ?? 100)
  const stateful = new QueryState(
    root,
    {
      outputMode: query.outputMode,
      policy: conf('spark.sql.streaming.multipleWatermarkPolicy')?.toLowerCase() === 'max' ? 'max' : 'min',
      noDataBatches: conf('spark.sql.streaming.noDataMicroBatches.enabled') !== 'false',
    },
    checkpoint && {
      stores: stateStores(checkpoint, operators, hasRun),
      minDeltasForSnapshot: Number(conf('spark.sql.streaming.stateStore.minDeltasForSnapshot') ?? 10),
      minBatchesToRetain,
    },
  )
  const pinned = ['spark.sql.shuffle.partitions', 'spark.sql.streaming.multipleWatermarkPolicy']
  const runner = new MicroBatchRunner({
    root,
    sources,
    readLimits,
    sink: query.sink,
    schema: schemaOf(optimized.output),
    outputMode: query.outputMode,
    zone: conf('spark.sql.session.timeZone') ?? 'UTC',
    offsetLog: checkpoint?.offsetLog ?? new MemoryBatchLog(),
    commitLog: checkpoint?.commitLog ?? new MemoryBatchLog(),
    conf: Object.fromEntries(pinned.map((k) => [k, conf(k) ?? ''])),
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
    planText: () => `== Physical Plan ==\n${physicalTreeString(root)}`,
    onTerminated: (execution) => {
      checkpoint?.unlock()
      query.onTerminated(execution)
    },
  })
}
