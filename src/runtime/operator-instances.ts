// The running operators of one thread: opened with their declared state tables over the partitions this thread owns,
// reset per batch, restored and committed together, and reporting Spark's state metrics — on the driver for the
// plan it runs itself, and on each worker for the stages it runs.
import { IllegalStateException } from '../common/errors.js'
import type { OutputMode } from '../connectors/sink.js'
import type { OpenContext } from '../operators/operator.js'
import { newMetrics, resetMetrics, type StateMetrics } from '../operators/state-metrics.js'
import { isStatefulNode, type StatefulNode } from '../physical/physical-plan.js'
import type { PlanExecution, RunningNode } from '../physical/plan-execution.js'
import { OperatorState, type StateDeclarations, type StatePersistenceOptions } from '../state/operator-state.js'

export interface StatefulInstance {
  readonly node: RunningNode
  readonly plan: StatefulNode
  readonly state: OperatorState
  readonly metrics: StateMetrics
}

/** Where each operator's state is checkpointed (undefined: in memory only) and how. */
export interface InstancePersistence extends StatePersistenceOptions {
  readonly operatorDir: (operatorId: number) => string | undefined
}

const notStateful = (): never => {
  throw new IllegalStateException('Only stateful plan nodes declare state tables')
}
const NOT_STATEFUL: StateDeclarations = {
  keyed: notStateful,
  value: notStateful,
  list: notStateful,
  multiValue: notStateful,
  timeOrdered: notStateful,
}

export class OperatorInstances {
  readonly stateful: StatefulInstance[] = []

  /** @param owned the partitions this thread owns of an operator's `numPartitions` */
  constructor(
    private readonly outputMode: OutputMode,
    private readonly persistence: InstancePersistence,
    private readonly owned: (numPartitions: number) => number[] = (n) => Array.from({ length: n }, (_, p) => p),
  ) {}

  /** Opens every operator of an execution, giving stateful ones their tables. */
  open(execution: PlanExecution): void {
    execution.open((node): OpenContext => {
      const { plan } = node
      if (!isStatefulNode(plan)) {
        return { outputMode: this.outputMode, isStreaming: true, state: NOT_STATEFUL, metrics: newMetrics(plan.kind) }
      }
      const dir = this.persistence.operatorDir(plan.operatorId)
      const state = new OperatorState(dir, plan.numPartitions, this.owned(plan.numPartitions), this.persistence)
      const metrics = newMetrics(plan.operatorName)
      this.stateful.push({ node, plan, state, metrics })
      return { outputMode: this.outputMode, isStreaming: true, state, metrics }
    })
  }

  /** Forgets the instances of these nodes (their partitions moved to worker threads). */
  release(ids: ReadonlySet<string>): StatefulInstance[] {
    const moved = this.stateful.filter((s) => ids.has(s.plan.id))
    const kept = this.stateful.filter((s) => !ids.has(s.plan.id))
    this.stateful.splice(0, this.stateful.length, ...kept)
    return moved
  }

  restore(version: number): void {
    for (const { state } of this.stateful) state.restore(version)
  }

  beginBatch(): void {
    for (const { state, metrics } of this.stateful) {
      state.beginBatch()
      resetMetrics(metrics)
    }
  }

  /** Persists every operator's changes as `version`, each commit's duration added to its metrics. */
  async commit(version: number): Promise<void> {
    await Promise.all(
      this.stateful.map(async ({ state, metrics }) => {
        const started = performance.now()
        await state.commit(version)
        metrics.commitTimeMs += performance.now() - started
      }),
    )
  }

  /** Whether some operator would emit or evict in a no-data batch once the watermark moves. */
  wantsNoDataBatch(): boolean {
    return this.stateful.some(({ node }) => node.op.wantsNoDataBatch?.(this.outputMode) === true)
  }
}
