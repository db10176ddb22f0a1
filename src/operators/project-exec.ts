// ProjectExec: evaluates a list of expressions over each batch; scalars are broadcast into columns.
import { type Column, makeBatch, type RecordBatch } from '../arrow/index.js'
import { compileExprs, type Kernel } from '../expr/compile.js'
import type { Attribute, NamedExpr } from '../expr/expression.js'
import { type EvalContext, materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

/** The projection kernel: one output column per expression. */
export function projectBatch(
  batch: RecordBatch,
  kernels: readonly Kernel[],
  schema: StructType,
  ctx: EvalContext,
): RecordBatch {
  const columns: Column[] = kernels.map((k) => materialize(k(batch, ctx), ctx.length))
  return makeBatch(schema, columns, ctx.length)
}

export class ProjectExec implements Operator {
  readonly schema: StructType
  private readonly kernels: readonly Kernel[]

  constructor(projectList: readonly NamedExpr[], input: readonly Attribute[], output: readonly Attribute[]) {
    this.schema = schemaOf(output)
    this.kernels = compileExprs(projectList, input)
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    out.emit(projectBatch(batch, this.kernels, this.schema, evalContext(ctx, batch.numRows)))
  }
}
