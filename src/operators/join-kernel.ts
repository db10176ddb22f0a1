// The batch join kernel behind the hash join, the nested-loop join and the stream–static join: probe batches
// against a built side, candidate row pairs gathered chunk by chunk into typed index arrays, the non-key condition
// evaluated on the candidates at once, then the rows each join type emits:
//   Inner/Cross           the matching pairs
//   LeftOuter/RightOuter  the pairs, plus each unmatched row of the preserved side with nulls for the other side
//   FullOuter             the pairs, plus the unmatched rows of both sides
//   LeftSemi / LeftAnti   each left row with at least one / without any match
// Rows of the probe side are settled after their batch; rows of the build side once every probe batch was seen
// (`finish`). Output columns are gathered with `take` (-1 reads as NULL): no object per row.
import { type Column, columnsOf, makeBatch, nullColumn, type RecordBatch, take } from '../arrow/index.js'
import { compilePredicate, type Selection } from '../expr/compile.js'
import { type Attribute, collect, type Expr } from '../expr/expression.js'
import type { EvalContext } from '../expr/functions/vector.js'
import { conjunction } from '../logical/join-conditions.js'
import { type JoinType, schemaOf } from '../logical/plan.js'
import type { StructType } from '../types/struct-type.js'
import type { HashedRelation, JoinKeys } from './hashed-relation.js'
import type { Collector } from './operator.js'
import {
  comparisonOperands,
  type GroupPairFiller,
  groupPairFiller,
  type PairComparison,
  pairSelector,
  splitPairComparisons,
} from './pair-comparisons.js'

/** Candidate pairs gathered before the condition runs on them (bounds memory for large fan-outs). */
const PAIRS_PER_CHUNK = 1 << 18

/**
 * A residual condition over candidate pairs: the pairs' left and right rows (into each side's columns) in, the
 * passing pairs out (`'all'`, `'none'` or their positions, ascending).
 */
export type PairPredicate = (
  left: readonly Column[],
  leftRows: Int32Array,
  right: readonly Column[],
  rightRows: Int32Array,
  ctx: EvalContext,
) => Selection

/** What every join kernel needs to know about a join, compiled once. */
export interface JoinShape {
  readonly joinType: JoinType
  readonly left: readonly Attribute[]
  readonly right: readonly Attribute[]
  readonly output: StructType
  /**
   * The columns of each side the output holds (indexes into the side, in order): every column, unless a projection
   * above the join reads fewer, so that pairs gather only those.
   */
  readonly outputColumns: { readonly left: readonly number[]; readonly right: readonly number[] }
  /** The condition beyond the keys. */
  readonly residual: PairResidual
}

/** The columns of each side a residual condition reads (indexes into the side), and their schema in that order. */
export interface ResidualColumns {
  readonly left: readonly number[]
  readonly right: readonly number[]
  readonly schema: StructType
}

/** The columns of each side an expression reads (indexes into the side). */
function columnsRead(exprs: readonly Expr[], left: readonly Attribute[], right: readonly Attribute[]): ResidualColumns {
  const read = new Set(exprs.flatMap((e) => collect(e, (n): n is Attribute => n.kind === 'Attribute').map((a) => a.id)))
  const indexes = (side: readonly Attribute[]) => side.flatMap((a, i) => (read.has(a.id) ? [i] : []))
  const columns = { left: indexes(left), right: indexes(right) }
  const inputs = [...columns.left.map((i) => left[i]!), ...columns.right.map((i) => right[i]!)]
  return { ...columns, schema: schemaOf(inputs) }
}

/** A residual condition compiled for pairs, whole and in its two parts. */
export interface PairResidual {
  /** The whole condition over pairs given as row lists; undefined for none. */
  readonly residual: PairPredicate | undefined
  /** Its comparisons of fixed-width columns, which read the pairs' rows in place (pair-comparisons.ts). */
  readonly comparisons: readonly PairComparison[]
  /** The other conjuncts, over copies of only the columns they read; undefined for none. */
  readonly rest: PairPredicate | undefined
  /**
   * Every column the condition reads (what a caller holding a side's columns apart, such as the stream-stream join's
   * state, must supply).
   */
  readonly residualColumns: ResidualColumns
}

/**
 * The residual compiled for pairs: its comparisons read the pairs' rows in place, and the other conjuncts run on the
 * pairs those keep.
 */
export function residualOver(
  residual: Expr | undefined,
  left: readonly Attribute[],
  right: readonly Attribute[],
): PairResidual {
  const residualColumns = columnsRead(residual ? [residual] : [], left, right)
  const split = splitPairComparisons(residual, left, right)
  const { comparisons } = split
  const rest = split.rest.length > 0 ? gatheredPredicate(conjunction(split.rest)!, left, right) : undefined
  if (comparisons.length === 0) return { residual: rest, comparisons, rest, residualColumns }
  const select = pairSelector(comparisons)
  const whole: PairPredicate = (leftColumns, leftRows, rightColumns, rightRows, ctx) => {
    const kept = select(leftColumns, leftRows, rightColumns, rightRows)
    if (rest === undefined || kept === 'none') return kept
    if (kept === 'all') return rest(leftColumns, leftRows, rightColumns, rightRows, ctx)
    const others = rest(leftColumns, narrowed(leftRows, kept), rightColumns, narrowed(rightRows, kept), ctx)
    return others === 'all' ? kept : others === 'none' ? 'none' : narrowed(kept, others)
  }
  return { residual: whole, comparisons, rest, residualColumns }
}

/** A condition evaluated on copies of the columns it reads, gathered for the pairs. */
function gatheredPredicate(condition: Expr, left: readonly Attribute[], right: readonly Attribute[]): PairPredicate {
  const columns = columnsRead([condition], left, right)
  const inputs = [...columns.left.map((i) => left[i]!), ...columns.right.map((i) => right[i]!)]
  const predicate = compilePredicate(condition, inputs)
  return (leftColumns, leftRows, rightColumns, rightRows, ctx) => {
    const pairs = leftRows.length
    const gathered = [
      ...columns.left.map((i) => take(leftColumns[i]!, leftRows)),
      ...columns.right.map((i) => take(rightColumns[i]!, rightRows)),
    ]
    return predicate(makeBatch(columns.schema, gathered, pairs), { ...ctx, length: pairs })
  }
}

/** `rows[kept[k]]` for each k: index arrays narrowed to the kept pairs. */
export function narrowed(rows: Int32Array, kept: Int32Array): Int32Array {
  const out = new Int32Array(kept.length)
  for (let k = 0; k < kept.length; k++) out[k] = rows[kept[k]!]!
  return out
}

export function joinShape(
  joinType: JoinType,
  left: readonly Attribute[],
  right: readonly Attribute[],
  output: readonly Attribute[],
  residual: Expr | undefined,
): JoinShape {
  const kept = new Set(output.map((a) => a.id))
  const indexes = (side: readonly Attribute[]) => side.flatMap((a, i) => (kept.has(a.id) ? [i] : []))
  return {
    joinType,
    left,
    right,
    output: schemaOf(output),
    outputColumns: { left: indexes(left), right: emitsPairs(joinType) ? indexes(right) : [] },
    residual: residualOver(residual, left, right),
  }
}

const emitsPairs = (t: JoinType) => t !== 'LeftSemi' && t !== 'LeftAnti'
const keepsUnmatchedLeft = (t: JoinType) => t === 'LeftOuter' || t === 'FullOuter'
const keepsUnmatchedRight = (t: JoinType) => t === 'RightOuter' || t === 'FullOuter'

/** The columns of `side` at `indexes`, at `rows` (-1: NULL), or all NULL. */
const gather = (columns: readonly Column[], indexes: readonly number[], rows: Int32Array): Column[] =>
  indexes.map((i) => take(columns[i]!, rows))
const nulls = (side: readonly Attribute[], indexes: readonly number[], n: number): Column[] =>
  indexes.map((i) => nullColumn(side[i]!.dataType, n))

/** Row indexes where `flags` is (or is not) set. */
function where(flags: Uint8Array, set: boolean): Int32Array {
  let n = 0
  for (let i = 0; i < flags.length; i++) if ((flags[i] === 1) === set) n++
  const out = new Int32Array(n)
  for (let i = 0, k = 0; i < flags.length; i++) if ((flags[i] === 1) === set) out[k++] = i
  return out
}

/**
 * Probes batches against a built side. `buildIsLeft` says which side the relation holds; probe batches are the
 * other side's. Build rows that matched are remembered across probe batches until `finish`.
 */
export class JoinProbe {
  private readonly buildMatched: Uint8Array | null
  private readonly buildColumns: readonly Column[]
  /** A chunk's pairs, reused chunk after chunk (nothing keeps them past the chunk). */
  private readonly scratch = new PairScratch()
  /** Lists a chunk's pairs, leaving out those failing the residual's comparisons. */
  private readonly fillPairs: GroupPairFiller

  constructor(
    private readonly shape: JoinShape,
    private readonly relation: HashedRelation,
    private readonly buildIsLeft: boolean,
    /** The probe side's keys (unused when the relation is a nested-loop relation of one group). */
    private readonly probeKeys: JoinKeys | undefined,
  ) {
    const t = shape.joinType
    const tracksBuild = buildIsLeft
      ? keepsUnmatchedLeft(t) || t === 'LeftSemi' || t === 'LeftAnti'
      : keepsUnmatchedRight(t)
    this.buildMatched = tracksBuild ? new Uint8Array(relation.numRows) : null
    this.buildColumns = columnsOf(relation.batch)
    this.fillPairs = groupPairFiller(shape.residual.comparisons, buildIsLeft, relation.oneRowPerGroup)
  }

  /** Joins one probe batch, emitting its pairs and its settled unmatched (or semi/anti) rows. */
  probe(batch: RecordBatch, ctx: EvalContext, out: Collector): void {
    const n = batch.numRows
    const { joinType } = this.shape
    const groups = this.probeKeys ? this.relation.probe(this.probeKeys.evaluate(batch, ctx), n) : this.allRows(n)
    const probeIsLeft = !this.buildIsLeft
    const tracksProbe = probeIsLeft
      ? keepsUnmatchedLeft(joinType) || joinType === 'LeftSemi' || joinType === 'LeftAnti'
      : keepsUnmatchedRight(joinType)
    const probeMatched = tracksProbe ? new Uint8Array(n) : null
    const probeColumns = columnsOf(batch)
    if (this.shape.residual.residual === undefined && !emitsPairs(joinType)) {
      // Semi and anti joins on keys alone: a key match is a match, no pair needs building.
      for (let i = 0; i < n; i++) {
        const g = groups[i]!
        if (g < 0) continue
        if (probeMatched) probeMatched[i] = 1
        if (this.buildMatched) this.markGroup(g)
      }
    } else {
      const [left, right] = this.buildIsLeft ? [this.buildColumns, probeColumns] : [probeColumns, this.buildColumns]
      const operands = comparisonOperands(this.shape.residual.comparisons, left, right)
      for (let from = 0; from < n; ) {
        from = this.joinChunk(groups, from, probeColumns, operands, ctx, probeMatched, out)
      }
    }
    if (probeMatched) this.emitSettled(probeColumns, probeMatched, probeIsLeft, out)
  }

  /** After the last probe batch: the build side's unmatched (or semi/anti) rows. */
  finish(out: Collector): void {
    if (this.buildMatched) this.emitSettled(this.buildColumns, this.buildMatched, this.buildIsLeft, out)
  }

  /** Every probe row against every build row: the nested-loop relation's one group. */
  private allRows(n: number): Int32Array {
    return new Int32Array(n).fill(this.relation.numRows > 0 ? 0 : -1)
  }

  private markGroup(g: number): void {
    const end = this.relation.start(g + 1)
    for (let p = this.relation.start(g); p < end; p++) this.buildMatched![this.relation.rowAt(p)] = 1
  }

  /**
   * Pairs for probe rows from `from` until a chunk is full; returns the next probe row. A chunk holds the probe rows
   * whose groups' rows fit in PAIRS_PER_CHUNK candidate pairs (a first row's always); the pairs listed are those
   * passing the residual's comparisons (`operands` their columns), and the rest of the residual runs on those.
   */
  private joinChunk(
    groups: Int32Array,
    from: number,
    probeColumns: readonly Column[],
    operands: unknown[],
    ctx: EvalContext,
    probeMatched: Uint8Array | null,
    out: Collector,
  ): number {
    const starts = this.relation.groupStarts
    let end = from
    let candidates = 0
    if (this.relation.oneRowPerGroup) {
      // A group is one row: a chunk is the next PAIRS_PER_CHUNK probe rows at most.
      end = Math.min(groups.length, from + PAIRS_PER_CHUNK)
      for (let i = from; i < end; i++) if (groups[i]! >= 0) candidates++
    } else {
      for (; end < groups.length; end++) {
        const g = groups[end]!
        const count = g < 0 ? 0 : starts[g + 1]! - starts[g]!
        if (candidates > 0 && candidates + count > PAIRS_PER_CHUNK) break
        candidates += count
      }
    }
    if (candidates === 0) return end
    const probeAll = this.scratch.probe(candidates)
    const buildAll = this.scratch.build(candidates)
    const grouped = this.relation.groupedRows
    const pairs = this.fillPairs(groups, from, end, starts, grouped, probeAll, buildAll, operands)
    if (pairs === 0) return end
    const probeRows = probeAll.subarray(0, pairs)
    const buildRows = buildAll.subarray(0, pairs)
    let leftRows: Int32Array = this.buildIsLeft ? buildRows : probeRows
    let rightRows: Int32Array = this.buildIsLeft ? probeRows : buildRows
    const [leftColumns, rightColumns] = this.buildIsLeft
      ? [this.buildColumns, probeColumns]
      : [probeColumns, this.buildColumns]
    let kept: Int32Array | null = null
    const { rest } = this.shape.residual
    if (rest) {
      const selection = rest(leftColumns, leftRows, rightColumns, rightRows, ctx)
      if (selection === 'none') return end
      if (selection !== 'all') kept = selection
    }
    const keptCount = kept ? kept.length : pairs
    if (probeMatched) for (let k = 0; k < keptCount; k++) probeMatched[probeRows[kept ? kept[k]! : k]!] = 1
    const buildMatched = this.buildMatched
    if (buildMatched) for (let k = 0; k < keptCount; k++) buildMatched[buildRows[kept ? kept[k]! : k]!] = 1
    if (emitsPairs(this.shape.joinType)) {
      // Late materialization: every output column is gathered once, from the kept pairs only.
      if (kept) {
        leftRows = narrowed(leftRows, kept)
        rightRows = narrowed(rightRows, kept)
      }
      const { left, right } = this.shape.outputColumns
      out.emit(
        makeBatch(
          this.shape.output,
          [...gather(leftColumns, left, leftRows), ...gather(rightColumns, right, rightRows)],
          keptCount,
        ),
      )
    }
    return end
  }

  /** Rows of one side settled as unmatched (outer), matched (semi) or unmatched (anti). */
  private emitSettled(columns: readonly Column[], matched: Uint8Array, isLeft: boolean, out: Collector): void {
    const { joinType, left, right, output, outputColumns } = this.shape
    if (joinType === 'LeftSemi' || joinType === 'LeftAnti') {
      const rows = where(matched, joinType === 'LeftSemi')
      if (rows.length > 0) out.emit(makeBatch(output, gather(columns, outputColumns.left, rows), rows.length))
      return
    }
    const rows = where(matched, false)
    if (rows.length === 0) return
    const own = gather(columns, isLeft ? outputColumns.left : outputColumns.right, rows)
    out.emit(
      makeBatch(
        output,
        isLeft
          ? [...own, ...nulls(right, outputColumns.right, rows.length)]
          : [...nulls(left, outputColumns.left, rows.length), ...own],
        rows.length,
      ),
    )
  }
}

/**
 * The probe and build row arrays of a chunk's pairs, grown as needed and reused by every chunk: two fresh arrays of
 * up to a chunk's pairs each time would be fresh memory (zeroed, page-faulted, then garbage) per chunk.
 */
class PairScratch {
  private probeRows = new Int32Array(0)
  private buildRows = new Int32Array(0)

  probe(pairs: number): Int32Array {
    if (this.probeRows.length < pairs) this.probeRows = new Int32Array(grownLength(this.probeRows.length, pairs))
    return this.probeRows.subarray(0, pairs)
  }

  build(pairs: number): Int32Array {
    if (this.buildRows.length < pairs) this.buildRows = new Int32Array(grownLength(this.buildRows.length, pairs))
    return this.buildRows.subarray(0, pairs)
  }
}

const grownLength = (length: number, needed: number) => Math.max(needed, Math.min(2 * length, PAIRS_PER_CHUNK))
