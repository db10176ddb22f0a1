// ExchangeExec: where rows change partitions (Spark's HashPartitioning exchange). When one operator instance owns
// every partition — a single thread — it passes batches through: the stateful operator above keeps each key's rows
// in that key's partition of its state, so nothing needs to move or be copied. Across workers the runtime routes
// rows by `pmod(hash(keys), n)` instead (see physical-plan.ts's ExchangeNode).
import type { RecordBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Collector, Operator, OperatorContext } from './operator.js'

export class ExchangeExec implements Operator {
  constructor(readonly schema: StructType) {}

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    out.emit(batch)
  }
}
