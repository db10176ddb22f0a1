// Which parts of a physical plan run on worker threads: the partitionable parts — source scans, row-wise operators,
// exchanges and keyed stateful operators — that hold at least one exchange. Each worker runs such a stage over its
// share of every source batch; the stage's exchanges move rows between workers (to the worker owning their
// partition, p ≡ w mod workers), and its stateful operators keep the state of that worker's partitions. The driver
// reads the sources, runs what needs every row in one place (a global limit, a sort, a local relation), and talks to
// each stage through a RemoteStage leaf.
//
//   Project → StateStoreSave → Exchange → Project → StreamScan      all on the workers; the driver: RemoteStage 0
//   Sort → Project → StateStoreSave → Exchange → StreamScan          the driver: Sort ← RemoteStage 0
import type { PhysicalKind, PhysicalPlan, RemoteStageNode } from './physical-plan.js'
import { physicalChildren, postOrder, withPhysicalChildren } from './physical-specs.js'

export interface StagedPlan {
  /** What the driver runs: the plan with RemoteStage leaves in place of the stages. */
  readonly driver: PhysicalPlan
  /** The worker stages, by stage id (the order the driver runs them in). */
  readonly stages: readonly RemoteStageNode[]
}

/** Node kinds that run on a share of the rows as well as on all of them. */
const PARTITIONABLE: ReadonlySet<PhysicalKind> = new Set<PhysicalKind>([
  'StreamScan',
  'Project',
  'Filter',
  'Generate',
  'Union',
  'EventTimeWatermark',
  'Exchange',
  'StateStoreSave',
  'SessionWindowStateStoreSave',
  'StreamingDeduplicate',
])

const partitionable = (node: PhysicalPlan): boolean =>
  PARTITIONABLE.has(node.kind) && physicalChildren(node).every(partitionable)

/** The plan split for `workers` threads; undefined when no part of it is worth running there. */
export function splitStages(root: PhysicalPlan, workers: number): StagedPlan | undefined {
  const stages: RemoteStageNode[] = []
  const split = (node: PhysicalPlan): PhysicalPlan => {
    if (partitionable(node) && postOrder(node).some((n) => n.kind === 'Exchange')) {
      const stage: RemoteStageNode = Object.freeze({
        kind: 'RemoteStage',
        id: `RemoteStage-${stages.length}`,
        stageId: stages.length,
        sourceIndexes: postOrder(node).flatMap((n) => (n.kind === 'StreamScan' ? [n.sourceIndex] : [])),
        stage: node,
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
