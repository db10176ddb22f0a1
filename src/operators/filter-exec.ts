// FilterExec: keeps the rows where the predicate is true (SQL semantics: false and null both drop the row).
import { columnsOf, makeBatch, type RecordBatch, takeRows } from '../arrow/index.js'
import { compileFilter, type FilterKernel } from '../expr/compile.js'
import type { Attribute, Expr } from '../expr/expression.js'
import type { EvalContext } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

/** The filter kernel: the selected rows of `batch` (with the results it hands on), or null when none are. */
export function filterBatch(
  batch: RecordBatch,
  filter: FilterKernel,
  schema: StructType,
  ctx: EvalContext,
): RecordBatch | null {
  const selection = filter.select(batch, ctx)
  if (selection === 'none') return null
  // Results are handed on with a batch object of the filter's own (the same columns when every row is kept), which
  // lives as long as the operators above use it — never with the input batch, which a source may keep.
  const kept =
    selection !== 'all'
      ? takeRows(batch, schema, selection)
      : filter.handsOn
        ? makeBatch(schema, columnsOf(batch), batch.numRows)
        : batch
  filter.handOn(kept, batch, selection, ctx)
  return kept
}

export class FilterExec implements Operator {
  readonly schema: StructType
  private readonly filter: FilterKernel

  /** @param handOn the computations the projection right above repeats (handed on, not computed again) */
  constructor(condition: Expr, input: readonly Attribute[], handOn: readonly Expr[]) {
    this.schema = schemaOf(input)
    this.filter = compileFilter(condition, input, handOn)
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const kept = filterBatch(batch, this.filter, this.schema, evalContext(ctx, batch.numRows))
    if (kept) out.emit(kept)
  }
}
