// WindowGroupLimitExec: Spark's WindowGroupLimit below a Window whose rank-like function a Filter keeps at most
// `limit` of per partition: only the rows whose row_number / rank / dense_rank within their partition is at most
// `limit` go on, so that the Window sorts and gathers those alone. The key columns of every buffered row are grouped
// by partition (hash) and ranked by the order keys; the wide input columns are gathered for the survivors only.
import { type Column, columnsOf, concatColumns, makeBatch, type RecordBatch, takeAcross } from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import { type Attribute, dataTypeOf, type Expr, type SortOrder } from '../expr/expression.js'
import { materialize } from '../expr/functions/vector.js'
import { schemaOf } from '../logical/plan.js'
import { KeyTable } from '../state/key-table.js'
import type { StructType } from '../types/struct-type.js'
import { type Collector, evalContext, type Operator, type OperatorContext } from './operator.js'
import { keyComparator } from './sort-exec.js'
import { locate } from './window-exec.js'

export type RankLikeFunction = 'row_number' | 'rank' | 'dense_rank'

export interface WindowGroupLimitSpec {
  readonly input: readonly Attribute[]
  readonly partitionSpec: readonly Expr[]
  readonly orderSpec: readonly SortOrder[]
  readonly rankLike: RankLikeFunction
  /** At least 1. */
  readonly limit: number
}

type Compare = (i: number, j: number) => number

export class WindowGroupLimitExec implements Operator {
  readonly schema: StructType
  private readonly partitionKernels: readonly Kernel[]
  private readonly orderKernels: readonly Kernel[]
  private buffered: RecordBatch[] = []

  constructor(private readonly spec: WindowGroupLimitSpec) {
    this.schema = schemaOf(spec.input)
    this.partitionKernels = spec.partitionSpec.map((e) => compileExpr(e, spec.input))
    this.orderKernels = spec.orderSpec.map((o) => compileExpr(o.child, spec.input))
  }

  process(batch: RecordBatch): void {
    if (batch.numRows > 0) this.buffered.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const batches = this.buffered
    this.buffered = []
    const rows = batches.reduce((n, b) => n + b.numRows, 0)
    if (rows === 0) return
    const keysOf = (kernels: readonly Kernel[]) =>
      kernels.map((k) => concatColumns(batches.map((b) => materialize(k(b, evalContext(ctx, b.numRows)), b.numRows))))
    const groups = new Int32Array(rows)
    if (this.spec.partitionSpec.length > 0) {
      new KeyTable(this.spec.partitionSpec.map(dataTypeOf)).findOrInsert(keysOf(this.partitionKernels), rows, groups)
    }
    const orderKeys = keysOf(this.orderKernels)
    const comparators = orderKeys.map((c, k) => {
      const order = this.spec.orderSpec[k]!
      return keyComparator(c, dataTypeOf(order.child), order)
    })
    const compare: Compare = (i, j) => {
      for (const c of comparators) {
        const r = c(i, j)
        if (r !== 0) return r
      }
      return 0
    }
    const kept = this.spec.limit === 1 ? this.firsts(groups, compare) : this.ranked(groups, compare)
    if (kept.length === 0) return
    const { parts, within } = locate(batches, kept)
    const columns: Column[] = this.spec.input.map((_, c) =>
      takeAcross(
        batches.map((b) => columnsOf(b)[c]!),
        parts,
        within,
      ),
    )
    out.emit(makeBatch(this.schema, columns, kept.length))
  }

  /**
   * Rank 1 in one pass, no sort: each partition's first row by the order keys (the earliest among equals, as a
   * stable sort numbers them); for rank and dense_rank, every row equal to it. In input order.
   */
  private firsts(groups: Int32Array, compare: Compare): Int32Array {
    const rows = groups.length
    let best = new Int32Array(64).fill(-1)
    for (let i = 0; i < rows; i++) {
      const g = groups[i]!
      if (g >= best.length) {
        const grown = new Int32Array(Math.max(best.length * 2, g + 1)).fill(-1)
        grown.set(best)
        best = grown
      }
      const b = best[g]!
      if (b < 0 || compare(i, b) < 0) best[g] = i
    }
    const keep = new Uint8Array(rows)
    for (let i = 0; i < rows; i++) {
      const b = best[groups[i]!]!
      keep[i] = b === i || (this.spec.rankLike !== 'row_number' && compare(i, b) === 0) ? 1 : 0
    }
    return selected(keep)
  }

  /** Rows sorted by (partition, order keys, input position), ranked within their partition, kept up to the limit. */
  private ranked(groups: Int32Array, compare: Compare): Int32Array {
    const order = Array.from({ length: groups.length }, (_, i) => i)
    order.sort((i, j) => groups[i]! - groups[j]! || compare(i, j) || i - j)
    const keep = new Uint8Array(groups.length)
    const { rankLike, limit } = this.spec
    let start = 0
    let rank = 0
    for (let k = 0; k < order.length; k++) {
      const i = order[k]!
      if (k === 0 || groups[order[k - 1]!] !== groups[i]) {
        start = k
        rank = 1
      } else if (rankLike === 'row_number') rank = k - start + 1
      else if (compare(order[k - 1]!, i) !== 0) rank = rankLike === 'rank' ? k - start + 1 : rank + 1
      if (rank <= limit) keep[i] = 1
    }
    return selected(keep)
  }
}

/** The positions where `flags` is 1, ascending. */
function selected(flags: Uint8Array): Int32Array {
  let n = 0
  for (let i = 0; i < flags.length; i++) n += flags[i]!
  const out = new Int32Array(n)
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i] === 1) out[k++] = i
  return out
}
