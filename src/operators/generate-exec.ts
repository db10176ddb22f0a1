// GenerateExec: applies a generator (explode, posexplode, ...) and repeats each input row once per generated row.
import { columnsOf, makeBatch, type RecordBatch, take } from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import type { Attribute, Fn } from '../expr/expression.js'
import { lookupFunction } from '../expr/functions/registry.js'
import type { GeneratorFunction } from '../expr/functions/spec.js'
import type { EvalContext } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

/** The generate kernel: input columns gathered by parent row, followed by the generated columns. */
export function generateBatch(
  batch: RecordBatch,
  generator: GeneratorFunction,
  call: Fn,
  args: readonly Kernel[],
  schema: StructType,
  ctx: EvalContext,
): RecordBatch {
  const { parentRows, columns } = generator.kernel(
    args.map((a) => a(batch, ctx)),
    ctx,
    call,
  )
  const repeated = columnsOf(batch).map((c) => take(c, parentRows))
  return makeBatch(schema, [...repeated, ...columns], parentRows.length)
}

export class GenerateExec implements Operator {
  readonly schema: StructType
  private readonly generator: GeneratorFunction
  private readonly args: readonly Kernel[]

  constructor(
    private readonly call: Fn,
    input: readonly Attribute[],
    output: readonly Attribute[],
  ) {
    const found = lookupFunction(call.name)
    if (found?.kind !== 'generator') throw new Error(`${call.name} is not a generator`)
    this.generator = found.spec
    this.args = call.args.map((a) => compileExpr(a, input))
    this.schema = schemaOf(output)
  }

  process(batch: RecordBatch, ctx: OperatorContext, out: Collector): void {
    const generated = generateBatch(
      batch,
      this.generator,
      this.call,
      this.args,
      this.schema,
      evalContext(ctx, batch.numRows),
    )
    if (generated.numRows > 0) out.emit(generated)
  }
}
