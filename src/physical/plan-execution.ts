// Runs a physical plan's operators: instantiated once per query; per epoch, leaves produce, each batch is pushed up
// through `process`, then every operator's `onWatermark` runs, children first, so what a blocking operator emits still
// reaches its parent before the parent's own `onWatermark`. Synchronous unless an operator returns a promise — then,
// and only from there, the rest of the epoch awaits it; the synchronous path allocates no promise.
import type { RecordBatch } from '../arrow/index.js'
import type { Collector, OpenContext, Operator, OperatorContext } from '../operators/operator.js'
import { isStatefulNode, type PhysicalPlan } from './physical-plan.js'
import { instantiate, physicalChildren } from './physical-specs.js'

/** An operator in the running tree, with where its output goes. */
export interface RunningNode {
  readonly plan: PhysicalPlan
  readonly op: Operator
  readonly parent: RunningNode | undefined
  /** Which input of the parent this node feeds. */
  readonly input: number
}

/** Collects what an operator emits during one call; the executor then hands it on. */
class Buffer implements Collector {
  batches: RecordBatch[] = []
  emit(batch: RecordBatch): void {
    if (batch.numRows > 0) this.batches.push(batch)
  }
  take(): RecordBatch[] {
    const taken = this.batches
    this.batches = []
    return taken
  }
}

interface Running extends RunningNode {
  readonly parent: Running | undefined
  readonly out: Buffer
}

type Step = void | Promise<void>

/** Runs `step` over items in order, synchronously until one returns a promise, then chaining the rest on it. */
function inOrder<T>(items: readonly T[], step: (item: T) => Step, from = 0): Step {
  for (let i = from; i < items.length; i++) {
    const pending = step(items[i]!)
    if (pending) return pending.then(() => inOrder(items, step, i + 1))
  }
}

export class PlanExecution {
  /** Children before parents. */
  readonly nodes: readonly Running[]
  private output: RecordBatch[] = []
  private ctx!: OperatorContext
  /** This epoch's contexts of stateful operators with their own watermarks. */
  private contexts = new Map<Running, OperatorContext>()

  /** @param operatorFor runs a node with another operator than its own (the driver's end of a remote stage) */
  constructor(root: PhysicalPlan, operatorFor: (plan: PhysicalPlan) => Operator | undefined = () => undefined) {
    const nodes: Running[] = []
    const build = (plan: PhysicalPlan, parent: Running | undefined, input: number) => {
      const op = operatorFor(plan) ?? instantiate(plan)
      const node: Running = { plan, op, parent, input, out: new Buffer() }
      physicalChildren(plan).forEach((child, index) => {
        build(child, node, index)
      })
      nodes.push(node)
    }
    build(root, undefined, 0)
    this.nodes = nodes
  }

  /** Opens every operator, children first. */
  open(contextFor: (node: RunningNode) => OpenContext): void {
    for (const node of this.nodes) node.op.open?.(contextFor(node))
  }

  /** One epoch (a micro-batch, or the whole of a batch query): the batches the root emitted. */
  runEpoch(ctx: OperatorContext): RecordBatch[] | Promise<RecordBatch[]> {
    this.ctx = ctx
    this.contexts = operatorContexts(this.nodes, ctx)
    this.output = []
    const produced = inOrder(this.nodes, (node) => this.feed(node, node.op.produce?.(ctx) ?? []))
    const finished = produced
      ? produced.then(() => inOrder(this.nodes, (node) => this.watermark(node)))
      : inOrder(this.nodes, (node) => this.watermark(node))
    return finished ? finished.then(() => this.output) : this.output
  }

  commit(ctx: OperatorContext): void {
    for (const node of this.nodes) node.op.commit?.(ctx)
  }

  close(): void {
    for (const node of this.nodes) node.op.close?.()
  }

  /** Pushes a leaf's batches up the plan: a list in order, a stream each batch as it comes (and the next after it). */
  private feed(node: Running, batches: readonly RecordBatch[] | AsyncIterable<RecordBatch>): Step {
    if (!(Symbol.asyncIterator in batches)) {
      return inOrder(batches, (batch) => (batch.numRows > 0 ? this.push(node, batch, 0) : undefined))
    }
    return (async () => {
      for await (const batch of batches) {
        if (batch.numRows === 0) continue
        const pending = this.push(node, batch, 0)
        if (pending) await pending
      }
    })()
  }

  private push(node: Running, batch: RecordBatch, input: number): Step {
    const pending = node.op.process(batch, this.contexts.get(node) ?? this.ctx, node.out, input)
    return pending ? pending.then(() => this.handOn(node)) : this.handOn(node)
  }

  private watermark(node: Running): Step {
    const pending = node.op.onWatermark?.(this.contexts.get(node) ?? this.ctx, node.out)
    return pending ? pending.then(() => this.handOn(node)) : this.handOn(node)
  }

  /** Gives what `node` emitted to its parent (or to the epoch's output at the root). */
  private handOn(node: Running): Step {
    const emitted = node.out.take()
    if (emitted.length === 0) return
    const { parent } = node
    if (!parent) {
      for (const batch of emitted) this.output.push(batch)
      return
    }
    return inOrder(emitted, (batch) => this.push(parent, batch, node.input))
  }
}

/** The epoch's context for each stateful node with its own watermarks (see OperatorContext.operatorWatermarks). */
function operatorContexts(nodes: readonly Running[], ctx: OperatorContext): Map<Running, OperatorContext> {
  const contexts = new Map<Running, OperatorContext>()
  if (!ctx.operatorWatermarks) return contexts
  for (const node of nodes) {
    if (!isStatefulNode(node.plan)) continue
    const own = ctx.operatorWatermarks.get(node.plan.operatorId)
    if (own) contexts.set(node, { ...ctx, watermarkMs: own.evictionMs, lateWatermarkMs: own.lateMs })
  }
  return contexts
}
