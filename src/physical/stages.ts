// Which parts of a physical plan run on worker threads. A node runs on workers when every one of its inputs comes
// through an Exchange or runs on workers itself: the stateful operators above their exchanges, and what follows them
// up to the root or the next node fed by the driver. Each such subtree is a stage: the driver keeps the rest of the
// plan, with a RemoteStage node in the stage's place whose children are the subtrees below the stage's exchanges;
// the workers run the stage's plan, each exchange replaced by a StageInput leaf.
//
//   Project → StateStoreSave → Exchange → Project → StreamScan
//   driver:  RemoteStage 0 ← Project ← StreamScan          workers: Project → StateStoreSave → StageInput 0
import type { ExchangeNode, PhysicalPlan, RemoteStageNode, StageInputNode } from './physical-plan.js'
import { physicalChildren, withPhysicalChildren } from './physical-specs.js'

export interface StagedPlan {
  /** What the driver runs: the plan with RemoteStage nodes in place of the stages. */
  readonly driver: PhysicalPlan
  /** The worker stages, by stage id. */
  readonly stages: readonly RemoteStageNode[]
}

type Built =
  | { readonly kind: 'driver'; readonly plan: PhysicalPlan }
  | { readonly kind: 'worker'; readonly plan: PhysicalPlan; readonly inputs: readonly Input[] }
  | { readonly kind: 'exchange'; readonly input: Input }

interface Input {
  readonly exchange: ExchangeNode
  /** What feeds the exchange, as the driver runs it. */
  readonly driver: PhysicalPlan
}

/** The plan split into a driver part and worker stages for `workers` threads; undefined when nothing runs on them. */
export function splitStages(root: PhysicalPlan, workers: number): StagedPlan | undefined {
  const stages: RemoteStageNode[] = []

  const toDriver = (built: Built): PhysicalPlan => {
    if (built.kind === 'driver') return built.plan
    if (built.kind === 'exchange') return withPhysicalChildren(built.input.exchange, [built.input.driver])
    const stage: RemoteStageNode = Object.freeze({
      kind: 'RemoteStage',
      id: `RemoteStage-${stages.length}`,
      stageId: stages.length,
      exchanges: built.inputs.map((i) => i.exchange),
      children: built.inputs.map((i) => i.driver),
      stage: built.plan,
      workers,
      output: built.plan.output,
    })
    stages.push(stage)
    return stage
  }

  const build = (node: PhysicalPlan): Built => {
    const children = physicalChildren(node).map(build)
    if (node.kind === 'Exchange') return { kind: 'exchange', input: { exchange: node, driver: toDriver(children[0]!) } }
    if (children.length === 0 || children.some((c) => c.kind === 'driver')) {
      return { kind: 'driver', plan: withPhysicalChildren(node, children.map(toDriver)) }
    }
    const inputs: Input[] = []
    const plans = children.map((child) => {
      if (child.kind === 'worker') {
        const offset = inputs.length
        inputs.push(...child.inputs)
        return offset === 0 ? child.plan : renumberInputs(child.plan, offset)
      }
      if (child.kind === 'exchange') {
        inputs.push(child.input)
        return stageInput(child.input.exchange, inputs.length - 1)
      }
      return child.plan
    })
    return { kind: 'worker', plan: withPhysicalChildren(node, plans), inputs }
  }

  const driver = toDriver(build(root))
  return stages.length === 0 ? undefined : { driver, stages }
}

function stageInput(exchange: ExchangeNode, input: number): StageInputNode {
  return Object.freeze({
    kind: 'StageInput',
    id: `StageInput-${input}`,
    input,
    keys: exchange.keys,
    numPartitions: exchange.numPartitions,
    output: exchange.output,
  })
}

/** A worker subtree whose StageInputs move up by `offset` (it joins inputs of a sibling before it). */
function renumberInputs(plan: PhysicalPlan, offset: number): PhysicalPlan {
  if (plan.kind === 'StageInput') {
    return Object.freeze({ ...plan, input: plan.input + offset, id: `StageInput-${plan.input + offset}` })
  }
  const children = physicalChildren(plan)
  return children.length === 0
    ? plan
    : withPhysicalChildren(
        plan,
        children.map((c) => renumberInputs(c, offset)),
      )
}
