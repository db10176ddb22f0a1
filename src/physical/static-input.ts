// The static side of a stream–static join as the join reads it each batch: its plan run as a batch query when what
// it reads may have changed since the last run (a new version of its leaves), its rows kept otherwise.
import { assertNever } from '../common/assert-never.js'
import type { OperatorContext } from '../operators/operator.js'
import { staticFilesSignature } from '../operators/scan-exec.js'
import type { StaticInput } from '../operators/stream-static-join-exec.js'
import { runStaticPlan } from './execute-batch.js'
import type { PhysicalPlan } from './physical-plan.js'
import { postOrder } from './physical-specs.js'

/** What a static plan's leaves read, as a string that changes when it may have changed. */
export function staticVersion(root: PhysicalPlan): string {
  const versions: string[] = []
  for (const node of postOrder(root)) {
    switch (node.kind) {
      case 'LocalScan':
        versions.push(node.files ? staticFilesSignature(node.files) : 'local')
        break
      case 'StreamScan':
        assertNever(node as never, 'streaming source in a static plan')
        break
      default:
        break
    }
  }
  return versions.join('|')
}

export function staticInput(root: PhysicalPlan): StaticInput {
  let cached: { readonly batch: ReturnType<typeof runStaticPlan>; readonly version: string } | undefined
  return {
    read(ctx: OperatorContext) {
      const version = staticVersion(root)
      if (cached?.version !== version) {
        cached = { batch: runStaticPlan(root, { zone: ctx.zone, nowMs: ctx.batchTimestampMicros / 1000 }), version }
      }
      return cached
    },
  }
}
