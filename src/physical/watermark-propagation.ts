// Spark's per-operator watermarks (PropagateWatermarkSimulator, SPARK-40925), computed from the plan's data: the
// global watermark flows up the plan from the watermark nodes; a node's input watermark is the least of its
// children's output watermarks (children without one do not count); a stateful node passes on what it may still
// emit — its input watermark, except a stream-stream join, which passes on the least of its two state watermarks
// and its input (rows it emits later can be that old). Each stateful operator evicts by its input watermark and
// judges late rows by the one it had in the previous batch. A global watermark of 0 gives every operator 0.
import { joinOutputWatermark } from '../operators/symmetric-join-spec.js'
import { isStatefulNode, type PhysicalPlan } from './physical-plan.js'
import { physicalChildren } from './physical-specs.js'

/** Each stateful operator's input watermark (ms) for global watermark `globalMs`, by operator id. */
export function operatorInputWatermarks(root: PhysicalPlan, globalMs: number): Map<number, number> {
  const inputs = new Map<number, number>()
  const visit = (node: PhysicalPlan): number | undefined => {
    let input: number | undefined
    for (const child of physicalChildren(node)) {
      const output = visit(child)
      if (output !== undefined) input = input === undefined ? output : Math.min(input, output)
    }
    if (node.kind === 'EventTimeWatermark') return globalMs
    if (!isStatefulNode(node)) return input
    inputs.set(node.operatorId, globalMs === 0 ? 0 : Math.max(input ?? 0, 0))
    if (input === undefined) return undefined
    return node.kind === 'StreamingSymmetricHashJoin' ? joinOutputWatermark(node.spec, input) : input
  }
  visit(root)
  return inputs
}
