// UnionExec: passes every input batch through under the union's schema (columns matched by position).
import { type RecordBatch, withSchema } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

export class UnionExec implements Operator {
  constructor(readonly schema: StructType) {}

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(withSchema(batch, this.schema))
  }
}
