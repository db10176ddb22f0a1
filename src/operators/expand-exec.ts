// ExpandExec: each input row once per projection (grouping sets: once per set, rolled-up keys null).
import { type Column, concatColumns, makeBatch, type RecordBatch } from '../arrow/index.js'
import { compileExprs, type Kernel } from '../expr/compile.js'
import type { Attribute, Expr } from '../expr/expression.js'
import { type EvalContext, materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

/**
 * The expand kernel: every projection evaluated over the whole batch, then each output column is the projections'
 * columns one after another (all rows for the first grouping set, then all for the second, ...).
 */
export function expandBatch(
  batch: RecordBatch,
  projections: readonly (readonly Kernel[])[],
  schema: StructType,
  ctx: EvalContext,
): RecordBatch {
  const perProjection = projections.map((kernels) => kernels.map((k) => materialize(k(batch, ctx), ctx.length)))
  const columns: Column[] = schema.fields.map((_, i) => concatColumns(perProjection.map((cols) => cols[i]!)))
  return makeBatch(schema, columns, ctx.length * projections.length)
}

export class ExpandExec implements Operator {
  readonly schema: StructType
  private readonly kernels: readonly (readonly Kernel[])[]

  constructor(projections: readonly (readonly Expr[])[], input: readonly Attribute[], output: readonly Attribute[]) {
    this.schema = schemaOf(output)
    this.kernels = projections.map((p) => compileExprs(p, input))
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    if (batch.numRows === 0) return
    out.emit(expandBatch(batch, this.kernels, this.schema, evalContext(ctx, batch.numRows)))
  }
}
