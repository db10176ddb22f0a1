// Leaf operators: a streaming source's rows for the current batch, or a local relation's rows.
import { type RecordBatch, withSchema } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

/** Feeds the rows the runtime read from source `sourceIndex` for this batch. */
export class SourceScanExec implements Operator {
  constructor(
    readonly sourceIndex: number,
    readonly schema: StructType,
  ) {}

  produce(ctx: OperatorContext): readonly RecordBatch[] {
    return (ctx.sourceBatches.get(this.sourceIndex) ?? []).map((b) => withSchema(b, this.schema))
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(batch)
  }
}

/** Feeds a fixed list of batches (createDataFrame, memory tables) once per epoch. */
export class LocalScanExec implements Operator {
  constructor(
    readonly schema: StructType,
    private readonly batches: readonly RecordBatch[],
  ) {}

  produce(): readonly RecordBatch[] {
    return this.batches.map((b) => withSchema(b, this.schema))
  }

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(batch)
  }
}
