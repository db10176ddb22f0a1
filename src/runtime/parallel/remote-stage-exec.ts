// RemoteStageExec: the driver's end of a stage that runs on the worker threads — a leaf. Each batch, it hands every
// worker a contiguous share of the rows of each source the stage scans, or of its read tasks — worker 0 the first,
// so that worker order is source order (no hashing on the driver: the stage's own exchanges place rows among the
// workers) — then emits what the workers' stages emitted. One round trip per stage and micro-batch; batches travel
// as Arrow IPC bytes in transferred buffers.
import { batchesFromIpc, batchesToIpc, type RecordBatch, selectColumns, sliceBatch } from '../../arrow/index.js'
import type { SourceTask } from '../../connectors/source.js'
import { schemaOf } from '../../logical/plan.js'
import type { Collector, Operator, OperatorContext } from '../../operators/operator.js'
import type { RemoteStageNode } from '../../physical/physical-plan.js'
import { postOrder } from '../../physical/physical-specs.js'
import type { StructType } from '../../types/struct-type.js'
import type { StageContext, StageReply } from './messages.js'
import type { RemoteOperators } from './remote-operators.js'
import type { WorkerPool } from './worker-pool.js'

/** Worker `w`'s share of a batch of `rows` rows among `workers`: a contiguous range. */
export function shareOf(rows: number, w: number, workers: number): { start: number; length: number } {
  const start = Math.floor((w * rows) / workers)
  return { start, length: Math.floor(((w + 1) * rows) / workers) - start }
}

/**
 * Read tasks split among the workers in order, each a contiguous run of about an equal share of their weight (a run
 * ends at the task that crosses its share's end, or before it when that is nearer): per source index, each worker's
 * tasks.
 */
export function assignTasks(
  sourceTasks: ReadonlyMap<number, readonly SourceTask[]> | undefined,
  workers: number,
): Map<number, SourceTask[][]> {
  const assigned = new Map<number, SourceTask[][]>()
  for (const [index, tasks] of sourceTasks ?? []) {
    const shares: SourceTask[][] = Array.from({ length: workers }, () => [])
    const weights = tasks.map((task) => Math.max(1, task.weight))
    const total = weights.reduce((sum, weight) => sum + weight, 0)
    let w = 0
    let before = 0
    for (const [t, task] of tasks.entries()) {
      const end = ((w + 1) * total) / workers
      // Past this worker's share: the next worker starts here, unless this task is mostly within the share.
      if (w < workers - 1 && before + weights[t]! / 2 > end && shares[w]!.length > 0) w++
      shares[w]!.push(task)
      before += weights[t]!
    }
    assigned.set(index, shares)
  }
  return assigned
}

/** Worker `w`'s rows of `batches` (one source's, in order): its contiguous share of them all, batch by batch. */
function sharesOf(batches: readonly RecordBatch[], schema: StructType, w: number, workers: number): RecordBatch[] {
  const total = batches.reduce((sum, batch) => sum + batch.numRows, 0)
  const { start, length } = shareOf(total, w, workers)
  const shares: RecordBatch[] = []
  let at = 0
  for (const batch of batches) {
    const from = Math.max(start, at)
    const to = Math.min(start + length, at + batch.numRows)
    // Only the columns the stage's scan reads are shipped (see SourceDescription.readSchema).
    if (to > from) shares.push(sliceBatch(selectColumns(batch, schema), schema, from - at, to - from))
    at += batch.numRows
  }
  return shares
}

export class RemoteStageExec implements Operator {
  readonly schema: StructType
  /** The schema of each source the stage scans. */
  private readonly sources: ReadonlyMap<number, StructType>

  constructor(
    private readonly node: RemoteStageNode,
    private readonly pool: WorkerPool,
    private readonly remote: RemoteOperators,
  ) {
    this.schema = schemaOf(node.output)
    const sources = new Map<number, StructType>()
    for (const n of postOrder(node.stage)) if (n.kind === 'StreamScan') sources.set(n.sourceIndex, schemaOf(n.output))
    this.sources = sources
  }

  process(): void {}

  async onWatermark(ctx: OperatorContext, out: Collector): Promise<void> {
    const stageCtx: StageContext = {
      batchId: ctx.batchId,
      zone: ctx.zone,
      batchTimestampMicros: ctx.batchTimestampMicros,
      watermarkMs: ctx.watermarkMs,
      lateWatermarkMs: ctx.lateWatermarkMs,
      outputMode: ctx.outputMode,
      ...(ctx.operatorWatermarks ? { operatorWatermarks: ctx.operatorWatermarks } : {}),
    }
    const position = this.remote.positionOf(this.node.stageId)
    const workers = this.pool.size
    const assigned = assignTasks(ctx.sourceTasks, workers)
    const replies = await this.pool.all<StageReply>((w) => {
      const transfer: ArrayBuffer[] = []
      const sources: Record<number, Uint8Array | null> = {}
      const tasks: Record<number, readonly SourceTask[]> = {}
      for (const [index, schema] of this.sources) {
        const mine = assigned.get(index)
        if (mine) {
          tasks[index] = mine[w]!
          continue
        }
        const shares = sharesOf(ctx.sourceBatches.get(index) ?? [], schema, w, workers)
        if (shares.length === 0) sources[index] = null
        else {
          const bytes = batchesToIpc(schema, shares)
          transfer.push(bytes.buffer as ArrayBuffer)
          sources[index] = bytes
        }
      }
      const request = { kind: 'stage' as const, stageId: this.node.stageId, ...position, ctx: stageCtx, sources, tasks }
      return { request, transfer }
    })
    for (const reply of replies) this.remote.countSourceRows(reply.sourceRows)
    if (position.last) this.remote.collect(replies.map((r) => r.report!))
    for (const { output } of replies) {
      if (output) for (const batch of batchesFromIpc(output, this.schema)) out.emit(batch)
    }
  }
}
