// FilterExec: keeps the rows where the predicate is true (SQL semantics: false and null both drop the row).
import { type RecordBatch, takeRows } from '../arrow/index.js'
import { compilePredicate } from '../expr/compile.js'
import type { Attribute, Expr } from '../expr/expression.js'
import type { EvalContext } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

type Predicate = ReturnType<typeof compilePredicate>

/** The filter kernel: the selected rows of `batch`, or null when none are. */
export function filterBatch(
  batch: RecordBatch,
  predicate: Predicate,
  schema: StructType,
  ctx: EvalContext,
): RecordBatch | null {
  const selection = predicate(batch, ctx)
  if (selection === 'none') return null
  return selection === 'all' ? batch : takeRows(batch, schema, selection)
}

export class FilterExec implements Operator {
  readonly schema: StructType
  private readonly predicate: Predicate

  constructor(condition: Expr, input: readonly Attribute[]) {
    this.schema = schemaOf(input)
    this.predicate = compilePredicate(condition, input)
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const kept = filterBatch(batch, this.predicate, this.schema, evalContext(ctx, batch.numRows))
    if (kept) out.emit(kept)
  }
}
