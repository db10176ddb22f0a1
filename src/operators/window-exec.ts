// WindowExec: window functions over a batch query's whole input — one sort by (partition keys, order keys), then
// each expression computed column-wise over the sorted rows; emitted at the end of the input, in that order. Only
// the columns the keys and arguments read are concatenated and sorted; the output's input columns are gathered
// once, straight from the buffered batches in sorted order (late materialization).
import { columnsOf, concatBatches, makeBatch, type RecordBatch, takeAcross, takeRows } from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import {
  type Alias,
  type Attribute,
  collect,
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

/** The window kernel: `batches`' rows sorted by the spec's keys, with one column per window expression after its own. */
export function computeWindows(
  batches: readonly RecordBatch[],
  spec: WindowSpec,
  kernels: CompiledWindow,
  ctx: EvalContext,
): RecordBatch {
  const { input, partitionSpec, orderSpec } = spec
  const narrow = concatBatches(
    kernels.readSchema,
    batches.map((b) =>
      makeBatch(
        kernels.readSchema,
        kernels.read.map((i) => columnsOf(b)[i]!),
        b.numRows,
      ),
    ),
  )
  const keys = [...partitionSpec.map((p) => sortOrder(p, true)), ...orderSpec]
  const order = sortIndices(narrow, kernels.keys, keys, ctx)
  const sorted = takeRows(narrow, kernels.readSchema, order)
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
  const { parts, within } = locate(batches, order)
  const gathered = input.map((_, c) =>
    takeAcross(
      batches.map((b) => columnsOf(b)[c]!),
      parts,
      within,
    ),
  )
  return makeBatch(schemaOf(spec.output), [...gathered, ...columns], rows)
}

/** Where each of `order`'s rows (indexes into the batches concatenated) lives: its batch and its row there. */
export function locate(batches: readonly RecordBatch[], order: Int32Array): { parts: Int32Array; within: Int32Array } {
  const total = batches.reduce((n, b) => n + b.numRows, 0)
  const partOf = new Int32Array(total)
  const startOf = new Int32Array(batches.length)
  for (let p = 0, at = 0; p < batches.length; at += batches[p]!.numRows, p++) {
    startOf[p] = at
    partOf.fill(p, at, at + batches[p]!.numRows)
  }
  const parts = new Int32Array(order.length)
  const within = new Int32Array(order.length)
  for (let i = 0; i < order.length; i++) {
    const part = partOf[order[i]!]!
    parts[i] = part
    within[i] = order[i]! - startOf[part]!
  }
  return { parts, within }
}

interface CompiledWindow {
  /** The input columns the keys and arguments read (indexes), and their schema: what the kernels run over. */
  readonly read: readonly number[]
  readonly readSchema: StructType
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
    const keys = [...spec.partitionSpec, ...spec.orderSpec.map((o) => o.child)]
    const args = spec.windowExpressions.map((named) => argumentsOf(named.child as WindowExpr))
    const ids = new Set(
      [...keys, ...args.flat()].flatMap((e) =>
        collect(e, (n): n is Attribute => n.kind === 'Attribute').map((a) => a.id),
      ),
    )
    const read = spec.input.flatMap((a, i) => (ids.has(a.id) ? [i] : []))
    const readInput = read.map((i) => spec.input[i]!)
    this.kernels = {
      read,
      readSchema: schemaOf(readInput),
      keys: keys.map((e) => compileExpr(e, readInput)),
      args: args.map((list) => list.map((a) => compileExpr(a, readInput))),
    }
  }

  process(batch: RecordBatch): void {
    if (batch.numRows > 0) this.buffered.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const batches = this.buffered
    this.buffered = []
    const rows = batches.reduce((n, b) => n + b.numRows, 0)
    if (rows === 0) return
    out.emit(computeWindows(batches, this.spec, this.kernels, evalContext(ctx, rows)))
  }
}
