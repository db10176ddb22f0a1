// WindowExec: window functions over a batch query's whole input — one sort by (partition keys, order keys), then
// each expression computed column-wise over the sorted rows; emitted at the end of the input, in that order.
import { columnsOf, concatBatches, makeBatch, type RecordBatch, takeRows } from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import {
  type Alias,
  type Attribute,
  dataTypeOf,
  type Expr,
  type SortOrder,
  sortOrder,
  type WindowExpr,
} from '../expr/expression.js'
import { type EvalContext, materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'
import { sortIndices } from './sort-exec.js'
import { evaluateWindow } from './window-evaluators.js'
import { frameRanges, windowLayout } from './window-frames.js'

/** The window expressions of one Window node: they share its partition keys and orderings. */
export interface WindowSpec {
  readonly input: readonly Attribute[]
  readonly output: readonly Attribute[]
  readonly windowExpressions: readonly Alias[]
  readonly partitionSpec: readonly Expr[]
  readonly orderSpec: readonly SortOrder[]
}

/** The window kernel: `batch` sorted by the spec's keys, with one column per window expression after its own. */
export function computeWindows(batch: RecordBatch, spec: WindowSpec, kernels: CompiledWindow, ctx: EvalContext) {
  const { input, partitionSpec, orderSpec } = spec
  const keys = [...partitionSpec.map((p) => sortOrder(p, true)), ...orderSpec]
  const order = sortIndices(batch, kernels.keys, keys, ctx)
  const sorted = takeRows(batch, schemaOf(input), order)
  const rows = sorted.numRows
  const evaluate = (k: Kernel) => materialize(k(sorted, ctx), rows)
  const partitionKeys = kernels.keys.slice(0, partitionSpec.length).map(evaluate)
  const orderKeys = kernels.keys.slice(partitionSpec.length).map(evaluate)
  const layout = windowLayout(
    rows,
    partitionKeys,
    partitionSpec.map(dataTypeOf),
    orderKeys,
    orderSpec.map((o) => dataTypeOf(o.child)),
  )
  const columns = spec.windowExpressions.map((named, k) => {
    const expr = named.child as WindowExpr
    const frames = frameRanges(layout, expr.frame!, orderKeys[0], orderSpec[0]?.ascending ?? true)
    const args = kernels.args[k]!.map(evaluate)
    return evaluateWindow({ layout, frames, args, expr })
  })
  return makeBatch(schemaOf(spec.output), [...columnsOf(sorted), ...columns], rows)
}

interface CompiledWindow {
  readonly keys: readonly Kernel[]
  readonly args: readonly (readonly Kernel[])[]
}

/** The arguments an evaluator reads, in its order: an aggregate's, or a window function's columns (lag: value,
 * offset, default; nth_value: value). */
const argumentsOf = (expr: WindowExpr): readonly Expr[] => {
  const fn = expr.function
  if (fn.kind === 'Fn') return fn.name === 'lag' || fn.name === 'lead' || fn.name === 'nth_value' ? fn.args : []
  return fn.kind === 'Agg' ? fn.args : []
}

export class WindowExec implements Operator {
  readonly schema: StructType
  private readonly kernels: CompiledWindow
  private buffered: RecordBatch[] = []

  constructor(private readonly spec: WindowSpec) {
    this.schema = schemaOf(spec.input)
    this.kernels = {
      keys: [...spec.partitionSpec, ...spec.orderSpec.map((o) => o.child)].map((e) => compileExpr(e, spec.input)),
      args: spec.windowExpressions.map((named) =>
        argumentsOf(named.child as WindowExpr).map((a) => compileExpr(a, spec.input)),
      ),
    }
  }

  process(batch: RecordBatch): void {
    this.buffered.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const all = concatBatches(this.schema, this.buffered)
    this.buffered = []
    if (all.numRows === 0) return
    out.emit(computeWindows(all, this.spec, this.kernels, evalContext(ctx, all.numRows)))
  }
}
