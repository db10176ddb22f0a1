// AsyncUdfEvalExec: evaluates async user-defined functions over each batch (Spark's BatchEvalPython role) and appends
// their results as columns; the projection or filter above reads them. The batch's calls run concurrently, and the
// operator returns their one promise — the only place the engine awaits a UDF.
import { columnsOf, makeBatch, type RecordBatch } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import { compileExprs, type Kernel } from '../expr/compile.js'
import type { Attribute, Fn } from '../expr/expression.js'
import { evaluateAsync } from '../expr/udf-kernels.js'
import { lookupUserFunction, type UserFunction } from '../expr/user-functions.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

export class AsyncUdfEvalExec implements Operator {
  readonly schema: StructType
  private readonly udfs: readonly UserFunction[]
  private readonly args: readonly (readonly Kernel[])[]

  constructor(
    private readonly calls: readonly Fn[],
    input: readonly Attribute[],
    output: readonly Attribute[],
  ) {
    this.schema = schemaOf(output)
    this.udfs = calls.map((c) => {
      const udf = lookupUserFunction(c.name)
      if (!udf) throw new IllegalStateException(`${c.name} is not a user-defined function`)
      return udf
    })
    this.args = calls.map((c) => compileExprs(c.args, input))
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): Promise<void> {
    const context = evalContext(ctx, batch.numRows)
    const results = this.calls.map((call, k) =>
      evaluateAsync(
        this.udfs[k]!,
        call,
        this.args[k]!.map((arg) => arg(batch, context)),
        context,
      ),
    )
    return Promise.all(results).then((columns) => {
      out.emit(makeBatch(this.schema, [...columnsOf(batch), ...columns], batch.numRows))
    })
  }
}
