// RemoteStageExec: the driver's end of a stage that runs on the worker threads — a leaf. Each batch, it hands every
// worker a contiguous share of the rows of each source the stage scans (no hashing on the driver: the stage's own
// exchanges place rows among the workers), then emits what the workers' stages emitted. One round trip per stage and
// micro-batch; batches travel as Arrow IPC bytes in transferred buffers.
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
 * Read tasks spread over the workers, heaviest first, each to the worker with the least weight so far (LPT): per
 * source index, each worker's tasks.
 */
function assignTasks(
  sourceTasks: ReadonlyMap<number, readonly SourceTask[]> | undefined,
  workers: number,
): Map<number, SourceTask[][]> {
  const assigned = new Map<number, SourceTask[][]>()
  for (const [index, tasks] of sourceTasks ?? []) {
    const shares: SourceTask[][] = Array.from({ length: workers }, () => [])
    const load = new Float64Array(workers)
    for (const task of [...tasks].sort((a, b) => b.weight - a.weight)) {
      let lightest = 0
      for (let w = 1; w < workers; w++) if (load[w]! < load[lightest]!) lightest = w
      shares[lightest]!.push(task)
      load[lightest]! += Math.max(1, task.weight)
    }
    assigned.set(index, shares)
  }
  return assigned
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
        const shares: RecordBatch[] = []
        for (const batch of ctx.sourceBatches.get(index) ?? []) {
          const { start, length } = shareOf(batch.numRows, w, workers)
          // Only the columns the stage's scan reads are shipped (see SourceDescription.readSchema).
          if (length > 0) shares.push(sliceBatch(selectColumns(batch, schema), schema, start, length))
        }
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
