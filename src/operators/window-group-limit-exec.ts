// WindowGroupLimitExec: Spark's WindowGroupLimit below a Window whose rank-like function a Filter keeps at most
// `limit` of per partition: only the rows whose row_number / rank / dense_rank within their partition is at most
// `limit` go on, so that the Window sorts and gathers those alone. The key columns of every buffered row are grouped
// by partition (hash) and ranked by the order keys; the wide input columns are gathered for the survivors only.
import { type Column, columnsOf, concatColumns, makeBatch, type RecordBatch, takeAcross } from '../arrow/index.js'
import { compileExpr, type Kernel } from '../expr/compile.js'
import { type Attribute, dataTypeOf, type Expr, type SortOrder, sortOrder } from '../expr/expression.js'
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
  /** The input holds only rows the limit keeps (a join below applied it): they are handed on as they come. */
  readonly limitedBelow: boolean
}

/** What a group limit keeps, apart from the input it reads and where it is applied. */
export type GroupLimit = Omit<WindowGroupLimitSpec, 'input' | 'limitedBelow'>

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

  process(batch: RecordBatch, _ctx: OperatorContext, out: Collector): void {
    if (this.spec.limitedBelow) out.emit(batch)
    else if (batch.numRows > 0) this.buffered.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const batches = this.buffered
    this.buffered = []
    const rows = batches.reduce((n, b) => n + b.numRows, 0)
    if (rows === 0) return
    const kept = groupLimitOver(this.spec, this.partitionKernels, this.orderKernels, batches, rows, ctx)
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
}

/** groupLimitRows over `batches` (`rows` in all): their partition and order keys evaluated by the limit's kernels. */
export function groupLimitOver(
  limit: GroupLimit,
  partitionKernels: readonly Kernel[],
  orderKernels: readonly Kernel[],
  batches: readonly RecordBatch[],
  rows: number,
  ctx: OperatorContext,
): Int32Array {
  const keysOf = (kernels: readonly Kernel[]) =>
    kernels.map((k) => concatColumns(batches.map((b) => materialize(k(b, evalContext(ctx, b.numRows)), b.numRows))))
  return groupLimitRows(limit, keysOf(partitionKernels), keysOf(orderKernels), rows)
}

/**
 * The group limit's kernel: the positions of the `rows` rows whose rank-like function within their partition is at
 * most the limit, given the rows' partition keys and order keys as columns. They come in the order the Window above
 * sorts its input (partition keys ascending, nulls first, then the order keys, then position), so that the Window's
 * sort finds them sorted and every gather of them copies runs of contiguous rows instead of scattered ones.
 */
export function groupLimitRows(
  spec: GroupLimit,
  partitionKeys: readonly Column[],
  orderKeys: readonly Column[],
  rows: number,
): Int32Array {
  const groups = new Int32Array(rows)
  if (spec.partitionSpec.length > 0) {
    new KeyTable(spec.partitionSpec.map(dataTypeOf)).findOrInsert(partitionKeys, rows, groups)
  }
  const compare = comparing(
    orderKeys.map((c, k) => {
      const order = spec.orderSpec[k]!
      return keyComparator(c, dataTypeOf(order.child), order)
    }),
  )
  const kept = spec.limit === 1 ? firsts(groups, compare, spec.rankLike) : ranked(groups, compare, spec)
  const partitionOrder = comparing(
    partitionKeys.map((c, k) =>
      keyComparator(c, dataTypeOf(spec.partitionSpec[k]!), sortOrder(spec.partitionSpec[k]!, true)),
    ),
  )
  const sorted = Array.from(kept)
  sorted.sort((i, j) => partitionOrder(i, j) || compare(i, j) || i - j)
  return Int32Array.from(sorted)
}

/** Comparators of several keys, in turn. */
function comparing(comparators: readonly Compare[]): Compare {
  return (i, j) => {
    for (const c of comparators) {
      const r = c(i, j)
      if (r !== 0) return r
    }
    return 0
  }
}

/**
 * Rank 1 in one pass, no sort: each partition's first row by the order keys (the earliest among equals, as a
 * stable sort numbers them); for rank and dense_rank, every row equal to it. In input order.
 */
function firsts(groups: Int32Array, compare: Compare, rankLike: RankLikeFunction): Int32Array {
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
    keep[i] = b === i || (rankLike !== 'row_number' && compare(i, b) === 0) ? 1 : 0
  }
  return selected(keep)
}

/** Rows sorted by (partition, order keys, input position), ranked within their partition, kept up to the limit. */
function ranked(
  groups: Int32Array,
  compare: Compare,
  { rankLike, limit }: Pick<WindowGroupLimitSpec, 'rankLike' | 'limit'>,
): Int32Array {
  const order = Array.from({ length: groups.length }, (_, i) => i)
  order.sort((i, j) => groups[i]! - groups[j]! || compare(i, j) || i - j)
  const keep = new Uint8Array(groups.length)
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

/** The positions where `flags` is 1, ascending. */
function selected(flags: Uint8Array): Int32Array {
  let n = 0
  for (let i = 0; i < flags.length; i++) n += flags[i]!
  const out = new Int32Array(n)
  for (let i = 0, k = 0; i < flags.length; i++) if (flags[i] === 1) out[k++] = i
  return out
}
