// ShuffleExchangeExec: an exchange inside a worker's stage. Rows are placed by Spark's hash of the exchange's keys
// (partition p to worker p mod workers): this worker's rows stay, the rest go to their peers in one message per peer
// when the input is done; then what the peers sent this worker joins its own and flows on to the stateful operator,
// in worker order — worker 0's rows first — which is the source's order, since worker w reads the w-th contiguous
// share of it: a key's first row is the one one thread would have seen first (dropDuplicates, first(), collect_list).
import { batchesFromIpc, batchesToIpc, type RecordBatch } from '../../arrow/index.js'
import { compileExpr, type Kernel } from '../../expr/compile.js'
import { dataTypeOf } from '../../expr/expression.js'
import { materialize } from '../../expr/functions/vector.js'
import { schemaOf } from '../../logical/plan.js'
import { routeRows } from '../../operators/exchange-exec.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from '../../operators/operator.js'
import type { ExchangeNode } from '../../physical/physical-plan.js'
import type { DataType } from '../../types/data-types.js'
import type { StructType } from '../../types/struct-type.js'
import type { PeerShuffle } from './peer-shuffle.js'

export class ShuffleExchangeExec implements Operator {
  readonly schema: StructType
  private readonly keys: readonly Kernel[]
  private readonly keyTypes: readonly DataType[]
  /** This batch's rows per worker (this worker's own included). */
  private pending: RecordBatch[][]

  constructor(
    private readonly node: ExchangeNode,
    private readonly shuffle: PeerShuffle,
  ) {
    this.schema = schemaOf(node.output)
    this.keys = node.keys.map((k) => compileExpr(k, node.child.output))
    this.keyTypes = node.keys.map(dataTypeOf)
    this.pending = Array.from({ length: shuffle.workers }, () => [])
  }

  process(batch: RecordBatch, ctx: OperatorContext): void {
    const ectx = evalContext(ctx, batch.numRows)
    const keys = this.keys.map((kernel) => materialize(kernel(batch, ectx), batch.numRows))
    const pieces = routeRows(batch, this.schema, keys, this.keyTypes, this.node.numPartitions, this.shuffle.workers)
    pieces.forEach((piece, w) => {
      if (piece) this.pending[w]!.push(piece)
    })
  }

  async onWatermark(ctx: OperatorContext, out: Collector): Promise<void> {
    const { worker, workers } = this.shuffle
    const pending = this.pending
    this.pending = Array.from({ length: workers }, () => [])
    for (let peer = 0; peer < workers; peer++) {
      if (peer === worker) continue
      const batches = pending[peer]!
      const bytes = batches.length === 0 ? null : batchesToIpc(this.schema, batches)
      this.shuffle.send(peer, { exchange: this.node.id, batchId: ctx.batchId, from: worker, bytes })
    }
    const received = await this.shuffle.receive(this.node.id, ctx.batchId)
    for (let peer = 0; peer < workers; peer++) {
      if (peer === worker) for (const batch of pending[worker]!) out.emit(batch)
      else {
        const bytes = received[peer]
        if (bytes) for (const batch of batchesFromIpc(bytes, this.schema)) out.emit(batch)
      }
    }
  }
}
