// Which parts of a physical plan run on worker threads: the partitionable parts — source scans, row-wise operators,
// exchanges and keyed stateful operators — that hold at least one exchange. Each worker runs such a stage over its
// share of every source batch; the stage's exchanges move rows between workers (to the worker owning their
// partition, p ≡ w mod workers), and its stateful operators keep the state of that worker's partitions. The driver
// reads the sources, runs what needs every row in one place (a global limit, a sort, a local relation), and talks to
// each stage through a RemoteStage leaf.
//
//   Project → StateStoreSave → Exchange → Project → StreamScan      all on the workers; the driver: RemoteStage 0
//   Sort → Project → StateStoreSave → Exchange → StreamScan          the driver: Sort ← RemoteStage 0
//
// User code lives in the driver's memory and cannot be sent to a worker: nodes that run it (mapInArrow, async UDFs,
// transformWithState, flatMapGroupsWithState) are not partitionable, nor is a node whose expressions call a udf().
import { type Expr, exists } from '../expr/expression.js'
import { lookupUserFunction } from '../expr/user-functions.js'
import { withPartialAggregates } from './partial-aggregation.js'
import type { PhysicalKind, PhysicalPlan, RemoteStageNode } from './physical-plan.js'
import { physicalChildren, postOrder, scannedSources, withPhysicalChildren } from './physical-specs.js'

export interface StagedPlan {
  /** What the driver runs: the plan with RemoteStage leaves in place of the stages. */
  readonly driver: PhysicalPlan
  /** The worker stages, by stage id (the order the driver runs them in). */
  readonly stages: readonly RemoteStageNode[]
}

type NodeOf<K extends PhysicalKind> = Extract<PhysicalPlan, { kind: K }>
const none = () => []

/** Node kinds that run on a share of the rows as well as on all of them, with the expressions each evaluates. */
const PARTITIONABLE: { readonly [K in PhysicalKind]?: (node: NodeOf<K>) => readonly Expr[] } = {
  StreamScan: none,
  Project: (n) => n.projectList,
  Filter: (n) => [n.condition],
  Generate: (n) => [n.generator],
  Expand: (n) => n.projections.flat(),
  Union: none,
  EventTimeWatermark: (n) => [n.eventTime],
  Exchange: (n) => n.keys,
  PartialAggregate: (n) => [...n.keys, ...n.calls],
  StateStoreSave: (n) => [...n.spec.keys, ...n.spec.calls],
  SessionWindowStateStoreSave: (n) => [...n.spec.keys, ...n.spec.calls],
  StreamingDeduplicate: (n) => n.spec.keys,
  StreamingSymmetricHashJoin: (n) => {
    const { left, right, both, full } = n.spec
    return [...left.keys, ...right.keys, ...[left.only, right.only, both, full].filter((e) => e !== undefined)]
  },
}

const callsUserFunction = (e: Expr) => exists(e, (n) => n.kind === 'Fn' && lookupUserFunction(n.name) !== undefined)

const partitionable = (node: PhysicalPlan): boolean => {
  const expressions = PARTITIONABLE[node.kind] as ((node: PhysicalPlan) => readonly Expr[]) | undefined
  return (
    expressions !== undefined &&
    !expressions(node).some(callsUserFunction) &&
    physicalChildren(node).every(partitionable)
  )
}

/** The plan split for `workers` threads; undefined when no part of it is worth running there. */
export function splitStages(root: PhysicalPlan, workers: number): StagedPlan | undefined {
  const stages: RemoteStageNode[] = []
  const split = (node: PhysicalPlan): PhysicalPlan => {
    if (partitionable(node) && postOrder(node).some((n) => n.kind === 'Exchange')) {
      const stage: RemoteStageNode = Object.freeze({
        kind: 'RemoteStage',
        id: `RemoteStage-${stages.length}`,
        stageId: stages.length,
        sourceIndexes: scannedSources(node),
        stage: withPartialAggregates(node),
        workers,
        output: node.output,
      })
      stages.push(stage)
      return stage
    }
    const children = physicalChildren(node)
    return children.length === 0 ? node : withPhysicalChildren(node, children.map(split))
  }
  const driver = split(root)
  return stages.length === 0 ? undefined : { driver, stages }
}
