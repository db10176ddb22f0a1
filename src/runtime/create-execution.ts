// Turns a started query's description into a running StreamExecution: optimize, plan, create sources, wire runner.
import type { OutputMode, Sink } from '../connectors/sink.js'
import type { LogicalPlan } from '../logical/plan.js'
import { schemaOf } from '../logical/plan.js'
import { optimize } from '../optimizer/optimize.js'
import { physicalTreeString } from '../physical/physical-plan.js'
import { planQuery } from '../physical/planner.js'
import { MemoryBatchLog } from './batch-log.js'
import type { ListenerBus } from './listener.js'
import { MicroBatchRunner } from './micro-batch-runner.js'
import { QueryState } from './stateful-operators.js'
import { StreamExecution } from './stream-execution.js'
import type { Trigger } from './trigger.js'

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
  readonly onTerminated: (execution: StreamExecution) => void
}

/** Milliseconds from a Spark duration conf such as `10ms` or `10000` (bare numbers are ms). */
function durationMs(text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback
  const match = /^\s*(\d+)\s*(ms|s)?\s*$/i.exec(text)
  if (!match) return fallback
  return Number(match[1]) * (match[2]?.toLowerCase() === 's' ? 1000 : 1)
}

export function createStreamExecution(query: QueryDescription): StreamExecution {
  const optimized = optimize(query.plan)
  const { root, sources: relations } = planQuery(optimized, { outputMode: query.outputMode })
  const sources = relations.map((r) => r.source.create({ conf: query.conf, metadataPath: undefined, now: query.clock }))
  const pinned = ['spark.sql.shuffle.partitions', 'spark.sql.streaming.multipleWatermarkPolicy']
  const runner = new MicroBatchRunner({
    root,
    sources,
    sink: query.sink,
    schema: schemaOf(optimized.output),
    outputMode: query.outputMode,
    zone: query.conf('spark.sql.session.timeZone') ?? 'UTC',
    offsetLog: new MemoryBatchLog(),
    commitLog: new MemoryBatchLog(),
    conf: Object.fromEntries(pinned.map((k) => [k, query.conf(k) ?? ''])),
    clock: query.clock,
    stateful: new QueryState(root, {
      outputMode: query.outputMode,
      policy: query.conf('spark.sql.streaming.multipleWatermarkPolicy')?.toLowerCase() === 'max' ? 'max' : 'min',
      noDataBatches: query.conf('spark.sql.streaming.noDataMicroBatches.enabled') !== 'false',
    }),
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
    recentProgressLimit: Number(query.conf('spark.sql.streaming.numRecentProgressUpdates') ?? 100),
    idleEventIntervalMs: durationMs(query.conf('spark.sql.streaming.noDataProgressEventInterval'), 10_000),
    pollingDelayMs: durationMs(query.conf('spark.sql.streaming.pollingDelay'), 10),
    planText: () => `== Physical Plan ==\n${physicalTreeString(root)}`,
    onTerminated: query.onTerminated,
  })
}
