// RemoteStageExec: the driver's end of a stage that runs on the worker threads. Rows arriving from each input are
// routed by that input's exchange (Spark's hash placement, partition p to worker p mod workers) and held; once the
// inputs are done (onWatermark, children first), every worker runs the stage's epoch on its rows and what they emit
// comes back and flows on. One round trip per stage and micro-batch; batches travel as Arrow IPC bytes, moved.
import { batchesFromIpc, batchesToIpc, type RecordBatch } from '../../arrow/index.js'
import { compileExpr, type Kernel } from '../../expr/compile.js'
import { dataTypeOf } from '../../expr/expression.js'
import { materialize } from '../../expr/functions/vector.js'
import { schemaOf } from '../../logical/plan.js'
import { routeRows } from '../../operators/exchange-exec.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from '../../operators/operator.js'
import type { RemoteStageNode } from '../../physical/physical-plan.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { StageContext, StageReply } from './messages.js'
import type { RemoteOperators } from './remote-operators.js'
import type { WorkerPool } from './worker-pool.js'

interface RoutedInput {
  readonly schema: StructType
  readonly keys: readonly Kernel[]
  readonly keyTypes: readonly DataType[]
  readonly numPartitions: number
  /** Per worker: the rows routed to it in the current epoch. */
  pending: RecordBatch[][]
}

export class RemoteStageExec implements Operator {
  readonly schema: StructType
  private readonly inputs: RoutedInput[]

  constructor(
    private readonly node: RemoteStageNode,
    private readonly pool: WorkerPool,
    private readonly remote: RemoteOperators,
  ) {
    this.schema = schemaOf(node.output)
    this.inputs = node.exchanges.map((exchange) => ({
      schema: schemaOf(exchange.child.output),
      keys: exchange.keys.map((k) => compileExpr(k, exchange.child.output)),
      keyTypes: exchange.keys.map(dataTypeOf),
      numPartitions: exchange.numPartitions,
      pending: Array.from({ length: pool.size }, () => []),
    }))
  }

  process(batch: RecordBatch, ctx: OperatorContext, _out: Collector, input: number): void {
    const routed = this.inputs[input]!
    const ectx = evalContext(ctx, batch.numRows)
    const keys = routed.keys.map((kernel) => materialize(kernel(batch, ectx), batch.numRows))
    const pieces = routeRows(batch, routed.schema, keys, routed.keyTypes, routed.numPartitions, this.pool.size)
    pieces.forEach((piece, w) => {
      if (piece) routed.pending[w]!.push(piece)
    })
  }

  async onWatermark(ctx: OperatorContext, out: Collector): Promise<void> {
    const stageCtx: StageContext = {
      batchId: ctx.batchId,
      zone: ctx.zone,
      batchTimestampMicros: ctx.batchTimestampMicros,
      watermarkMs: ctx.watermarkMs,
      lateWatermarkMs: ctx.lateWatermarkMs,
      outputMode: ctx.outputMode,
    }
    const replies = await this.pool.all<StageReply>((w) => {
      const transfer: ArrayBuffer[] = []
      const inputs = this.inputs.map((routed) => {
        const batches = routed.pending[w]!
        routed.pending[w] = []
        if (batches.length === 0) return null
        const bytes = batchesToIpc(routed.schema, batches)
        transfer.push(bytes.buffer as ArrayBuffer)
        return bytes
      })
      const position = this.remote.positionOf(this.node.stageId)
      return { request: { kind: 'stage', stageId: this.node.stageId, ...position, ctx: stageCtx, inputs }, transfer }
    })
    if (this.remote.positionOf(this.node.stageId).last) this.remote.collect(replies.map((r) => r.report!))
    for (const { output } of replies) {
      if (output) for (const batch of batchesFromIpc(output, this.schema)) out.emit(batch)
    }
  }
}
