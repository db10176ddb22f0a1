// SortExec: a blocking sort (batch queries, and complete-mode streaming after an aggregation), emitted at epoch end.
import {
  bitAt,
  type Column,
  concatBatches,
  type RecordBatch,
  rowComparator,
  takeRows,
  validityOf,
} from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import type { Attribute, SortOrder } from '../expr/expression.js'
import { dataTypeOf } from '../expr/expression.js'
import { type EvalContext, materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import type { DataType } from '../types/data-types.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'

type Compare = (i: number, j: number) => number

/** A row comparator for one sort key column (nulls placed per `nullsFirst`; values in Spark's order). */
export function keyComparator(column: Column, type: DataType, order: SortOrder): Compare {
  const validity = validityOf(column)
  const direction = order.ascending ? 1 : -1
  const compareValues = rowComparator(type, column, column)
  return (i, j) => {
    const vi = validity === null || bitAt(validity, i)
    const vj = validity === null || bitAt(validity, j)
    if (!vi || !vj) return vi === vj ? 0 : vi === order.nullsFirst ? 1 : -1
    return direction * compareValues(i, j)
  }
}

/** The sort kernel: the permutation ordering `batch` by the keys (stable). */
export function sortIndices(
  batch: RecordBatch,
  keys: readonly Kernel[],
  orders: readonly SortOrder[],
  ctx: EvalContext,
): Int32Array {
  const comparators = keys.map((k, index) => {
    const column = materialize(k(batch, ctx), ctx.length)
    return keyComparator(column, dataTypeOf(orders[index]!.child), orders[index]!)
  })
  const indices = Array.from({ length: batch.numRows }, (_, i) => i)
  indices.sort((i, j) => {
    for (const compare of comparators) {
      const c = compare(i, j)
      if (c !== 0) return c
    }
    return i - j
  })
  return Int32Array.from(indices)
}

export class SortExec implements Operator {
  readonly schema: StructType
  private readonly keys: readonly Kernel[]
  private buffered: RecordBatch[] = []

  constructor(
    private readonly order: readonly SortOrder[],
    input: readonly Attribute[],
  ) {
    this.schema = schemaOf(input)
    this.keys = order.map((o) => compileExpr(o.child, input))
  }

  process(batch: RecordBatch): void {
    this.buffered.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const all = concatBatches(this.schema, this.buffered)
    this.buffered = []
    if (all.numRows === 0) return
    out.emit(takeRows(all, this.schema, sortIndices(all, this.keys, this.order, evalContext(ctx, all.numRows))))
  }
}
