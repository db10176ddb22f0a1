// The running operators of one thread: opened with their declared state tables over the partitions this thread owns,
// reset per batch, restored and committed together, and reporting Spark's state metrics — on the driver for the
// plan it runs itself, and on each worker for the stages it runs.
import { IllegalStateException } from '../common/errors.js'
import type { OutputMode } from '../connectors/sink.js'
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
  dropIfExists: notStateful,
}

export class OperatorInstances {
  readonly stateful: StatefulInstance[] = []

  /** @param owned the partitions this thread owns of an operator's `numPartitions` */
  constructor(
    private readonly outputMode: OutputMode,
    private readonly persistence: InstancePersistence,
    private readonly owned: (numPartitions: number) => number[] = (n) => Array.from({ length: n }, (_, p) => p),
  ) {}

  /**
   * Opens the operators of an execution (those `opens` accepts: the rest are open already), giving stateful ones their
   * tables; returns the stateful ones it opened.
   */
  open(execution: PlanExecution, opens: (node: RunningNode) => boolean = () => true): StatefulInstance[] {
    const opened: StatefulInstance[] = []
    for (const node of execution.nodes) {
      if (!opens(node)) continue
      const { plan } = node
      if (!isStatefulNode(plan)) {
        node.op.open?.({
          outputMode: this.outputMode,
          isStreaming: true,
          state: NOT_STATEFUL,
          metrics: newMetrics(plan.kind),
        })
        continue
      }
      const dir = this.persistence.operatorDir(plan.operatorId)
      const state = new OperatorState(dir, plan.numPartitions, this.owned(plan.numPartitions), this.persistence)
      const metrics = newMetrics(plan.operatorName)
      const instance = { node, plan, state, metrics }
      this.stateful.push(instance)
      opened.push(instance)
      node.op.open?.({ outputMode: this.outputMode, isStreaming: true, state, metrics })
    }
    return opened
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

  /** The earliest processing time (ms) at which an operator's timer or timeout falls due, if any. */
  processingTimeDueMs(): number | undefined {
    let earliest: number | undefined
    for (const { node } of this.stateful) {
      const due = node.op.processingTimeDueMs?.()
      if (due !== undefined && (earliest === undefined || due < earliest)) earliest = due
    }
    return earliest
  }

  /** The operators (ids) that would emit or evict in a no-data batch once their input watermark moves. */
  noDataOperators(): number[] {
    return this.stateful
      .filter(({ node }) => node.op.wantsNoDataBatch?.(this.outputMode) === true)
      .map(({ plan }) => plan.operatorId)
  }
}
