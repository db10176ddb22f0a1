// The operator tree a query runs, and one epoch of it: leaves produce, batches flow up, blocking operators flush.
import type { RecordBatch } from '../arrow/index.js'
import type { Collector, Operator, OperatorContext } from '../operators/operator.js'

export interface PhysicalNode {
  readonly op: Operator
  readonly children: readonly PhysicalNode[]
}

/** Nodes with children before parents. */
export function postOrder(root: PhysicalNode): PhysicalNode[] {
  const order: PhysicalNode[] = []
  const visit = (node: PhysicalNode) => {
    node.children.forEach(visit)
    order.push(node)
  }
  visit(root)
  return order
}

/**
 * Runs one epoch (a micro-batch, or the whole of a batch query):
 *   1. every leaf produces its batches, each pushed up through `process` immediately;
 *   2. every operator's `onBatchEnd` runs, children first, so what a blocking operator emits still reaches its
 *      parent before the parent's own `onBatchEnd`.
 * Returns the batches the root emitted.
 */
export function runEpoch(root: PhysicalNode, ctx: OperatorContext): RecordBatch[] {
  const output: RecordBatch[] = []
  const collectors = new Map<PhysicalNode, Collector>()
  const link = (node: PhysicalNode, parent: PhysicalNode | undefined, input: number) => {
    collectors.set(node, {
      emit: parent
        ? (batch) => {
            if (batch.numRows > 0) parent.op.process(batch, ctx, collectors.get(parent)!, input)
          }
        : (batch) => {
            if (batch.numRows > 0) output.push(batch)
          },
    })
    node.children.forEach((child, index) => {
      link(child, node, index)
    })
  }
  link(root, undefined, 0)
  const order = postOrder(root)
  for (const node of order) {
    for (const batch of node.op.produce?.(ctx) ?? []) {
      if (batch.numRows > 0) node.op.process(batch, ctx, collectors.get(node)!, 0)
    }
  }
  for (const node of order) node.op.onBatchEnd?.(ctx, collectors.get(node)!)
  return output
}

/** Spark-style physical plan text: one operator per line, children under `+- `. */
export function physicalTreeString(root: PhysicalNode): string {
  const lines: string[] = []
  const visit = (node: PhysicalNode, prefix: string, childPrefix: string) => {
    lines.push(prefix + node.op.display())
    node.children.forEach((c, i) => {
      const last = i === node.children.length - 1
      visit(c, `${childPrefix}${last ? '+- ' : ':- '}`, `${childPrefix}${last ? '   ' : ':  '}`)
    })
  }
  visit(root, '', '')
  return lines.join('\n')
}
