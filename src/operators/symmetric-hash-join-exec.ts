// SymmetricHashJoinExec: Spark's StreamingSymmetricHashJoinExec. Each side buffers its rows in state; a new row
// joins with the other side's buffered rows and is then buffered itself. Per batch, once all input arrived:
//   1. left rows: late ones dropped (counted); rows failing the left-only conjuncts match nothing (outer: emitted
//      with nulls at once); the others probe the right state, emit the pairs passing the condition (marking the
//      right rows `matched`), and are stored with their own `matched` flag (left semi: emitted once, stored only
//      when unmatched).
//   2. right rows likewise against the left state, which now holds this batch's left rows, so new×new pairs come
//      out exactly once; a right row the state watermark would evict this batch is not stored (unless it is an
//      unmatched right/full outer row, emitted at eviction). Left semi: right rows skip left rows already matched.
//   3. eviction: the preserved side(s) of an outer join give up their rows behind the state watermark, emitting
//      the unmatched ones with nulls (Spark runs a no-data batch for this when the watermark moves); then the other
//      side's expired rows are dropped (inner and semi: both sides).
// Rows whose `=` key is null can never match: on a side Spark's InferFiltersFromConstraints would filter with
// `isnotnull` (both sides of inner/semi joins, the non-preserved side of outer ones) they are dropped before all
// this; on a preserved side they are kept, and come out with nulls at eviction.
import { type Column, columnsOf, makeBatch, nullColumn, type RecordBatch, take, takeRows } from '../arrow/index.js'
import { schemaOf } from '../logical/plan.js'
import { type ColumnPiece, gatherPieces } from '../state/gather-pieces.js'
import type { StructType } from '../types/struct-type.js'
import { narrowed, residualOver } from './join-kernel.js'
import { JoinSideState, markAtOrBefore } from './join-side-state.js'
import { type Collector, evalContext, type OpenContext, type Operator, type OperatorContext } from './operator.js'
import { newMetrics, type StateMetrics, timed } from './state-metrics.js'
import { type SymmetricJoinSpec, sideStateWatermark } from './symmetric-join-spec.js'

const LEFT = 0
const RIGHT = 1

/** Indexes of the set flags (of the first `n`). */
function setRows(flags: Uint8Array, set = true, n = flags.length): Int32Array {
  let count = 0
  for (let i = 0; i < n; i++) if ((flags[i] === 1) === set) count++
  const out = new Int32Array(count)
  for (let i = 0, k = 0; i < n; i++) if ((flags[i] === 1) === set) out[k++] = i
  return out
}

/** `array` if it holds `n`, else a new array of the same kind for at least `n` (contents not kept). */
function room<T extends Uint8Array | Int32Array>(array: T, n: number): T {
  return array.length >= n ? array : new (array.constructor as new (size: number) => T)(Math.max(n, array.length * 2))
}

/**
 * Pairs found by one probe, not yet gathered: the probing rows (`probeRows` of the probing batch's columns) beside
 * the other side's state entries (`stateEntries`, valid until the batch's eviction), read when gathered.
 */
interface PendingPairs {
  readonly probeIsLeft: boolean
  readonly probeColumns: readonly Column[]
  readonly probeRows: Int32Array
  readonly state: JoinSideState
  readonly stateEntries: Int32Array
}

export class SymmetricHashJoinExec implements Operator {
  readonly schema: StructType
  /** The condition on pairs beyond the keys, over the columns it reads. */
  private readonly both
  private readonly bothColumns
  private sides!: [JoinSideState, JoinSideState]
  private metrics: StateMetrics = newMetrics('symmetricHashJoin')
  private inputs: [RecordBatch[], RecordBatch[]] = [[], []]
  /** Pairs of this batch's probes, gathered into one output batch (no concatenation downstream). */
  private pending: PendingPairs[] = []
  /**
   * Per-row scratch reused by every input batch (fresh arrays for each would be fresh memory, page faults and
   * garbage each time): late / stored flags, the probe's groups and matched flags.
   */
  private flags = new Uint8Array(0)
  private groups = new Int32Array(0)
  private matched = new Uint8Array(0)

  constructor(private readonly spec: SymmetricJoinSpec) {
    this.schema = schemaOf(spec.output)
    const { residual, residualColumns } = residualOver(spec.both, spec.left.input, spec.right.input)
    this.both = residual
    this.bothColumns = residualColumns
  }

  open(ctx: OpenContext): void {
    this.metrics = ctx.metrics
    this.sides = [
      new JoinSideState('left', this.spec.left, this.spec.nullSafe, ctx.state),
      new JoinSideState('right', this.spec.right, this.spec.nullSafe, ctx.state),
    ]
  }

  wantsNoDataBatch(): boolean {
    return this.spec.left.eviction !== undefined || this.spec.right.eviction !== undefined
  }

  process(batch: RecordBatch, _ctx: OperatorContext, _out: Collector, input: number): void {
    this.inputs[input]!.push(batch)
  }

  onWatermark(ctx: OperatorContext, out: Collector): void {
    const [left, right] = this.inputs
    this.inputs = [[], []]
    const stateWatermarks = [
      sideStateWatermark(this.spec.left, ctx.watermarkMs),
      sideStateWatermark(this.spec.right, ctx.watermarkMs),
    ]
    timed(
      () => {
        for (const batch of left) this.joinBatch(LEFT, batch, ctx, stateWatermarks, out)
        for (const batch of right) this.joinBatch(RIGHT, batch, ctx, stateWatermarks, out)
        this.flushPairs(out)
      },
      (ms) => {
        this.metrics.allUpdatesTimeMs += ms
      },
    )
    timed(
      () => this.evict(stateWatermarks, out),
      (ms) => {
        this.metrics.allRemovalsTimeMs += ms
      },
    )
    const [l, r] = this.sides
    this.metrics.numRowsTotal = l.rows.size + r.rows.size
    this.metrics.memoryUsedBytes = l.rows.memoryBytes() + r.rows.memoryBytes()
  }

  /** Whether rows of side `s` that the join leaves unmatched are emitted (with nulls for the other side). */
  private preserves(s: number): boolean {
    const t = this.spec.joinType
    return t === 'FullOuter' || (s === LEFT ? t === 'LeftOuter' : t === 'RightOuter')
  }

  /** Whether side `s` drops rows with a null `=` key (where Spark infers an `isnotnull` filter). */
  private dropsNullKeys(s: number): boolean {
    const t = this.spec.joinType
    return t === 'Inner' || t === 'LeftSemi' || (s === LEFT ? t === 'RightOuter' : t === 'LeftOuter')
  }

  /** Rows of side `s` with nulls for the other side's columns. */
  private withNulls(s: number, columns: readonly Column[], n: number): RecordBatch {
    const other = (s === LEFT ? this.spec.right : this.spec.left).input.map((a) => nullColumn(a.dataType, n))
    return makeBatch(this.schema, s === LEFT ? [...columns, ...other] : [...other, ...columns], n)
  }

  private joinBatch(
    s: number,
    input: RecordBatch,
    ctx: OperatorContext,
    stateWatermarks: readonly (number | undefined)[],
    out: Collector,
  ): void {
    const me = this.sides[s]!
    const inputSchema = schemaOf(me.spec.input)
    let batch = input
    // Late rows: event time at or before the late-events watermark.
    const late = me.spec.lateColumn
    if (late && batch.numRows > 0) {
      const flags = (this.flags = room(this.flags, batch.numRows))
      const column = batch.data.children[late.index]!
      const dropped = markAtOrBefore(column, late.field, ctx.lateWatermarkMs * 1000, batch.numRows, flags)
      this.metrics.numRowsDroppedByWatermark += dropped
      if (dropped > 0) batch = takeRows(batch, inputSchema, setRows(flags, false, batch.numRows))
    }
    // Rows failing this side's own conjuncts can never match.
    if (me.only && batch.numRows > 0) {
      const passing = me.only(batch, evalContext(ctx, batch.numRows))
      if (passing !== 'all') {
        const flags = new Uint8Array(batch.numRows)
        if (passing !== 'none') for (const i of passing) flags[i] = 1
        if (this.preserves(s)) {
          const failing = setRows(flags, false)
          if (failing.length > 0) {
            this.flushPairs(out)
            out.emit(this.withNulls(s, columnsOf(takeRows(batch, inputSchema, failing)), failing.length))
          }
        }
        batch = takeRows(batch, inputSchema, setRows(flags))
      }
    }
    let n = batch.numRows
    if (n === 0) return
    let keys = me.keys.evaluate(batch, evalContext(ctx, n))
    let unmatchable = me.keys.unmatchable(keys, n)
    if (unmatchable && this.dropsNullKeys(s)) {
      const kept = setRows(unmatchable, false)
      batch = takeRows(batch, inputSchema, kept)
      keys = keys.map((k) => take(k, kept))
      n = batch.numRows
      unmatchable = null
      if (n === 0) return
    }
    const matched = this.probe(s, batch, keys, unmatchable, ctx, out)
    // What to buffer: left rows always (left semi: unless matched); right rows unless evicted by this batch's state
    // watermark, except unmatched right/full outer rows (their null row comes out at eviction).
    const store = (this.flags = room(this.flags, n))
    const semi = this.spec.joinType === 'LeftSemi'
    let storing = 0
    if (s === LEFT) for (let i = 0; i < n; i++) storing += store[i] = semi && matched[i] === 1 ? 0 : 1
    else {
      const evicting = me.evictable(batch, keys, stateWatermarks[s])
      const keepUnmatched = this.preserves(RIGHT)
      for (let i = 0; i < n; i++) {
        storing += store[i] = evicting === null || evicting[i] === 0 || (keepUnmatched && matched[i] === 0) ? 1 : 0
      }
    }
    if (storing === 0) return
    if (storing === n) me.append(batch, keys, matched)
    else {
      const stored = setRows(store, true, n)
      const flags = Uint8Array.from(stored, (i) => matched[i]!)
      me.append(
        takeRows(batch, inputSchema, stored),
        keys.map((k) => take(k, stored)),
        flags,
      )
    }
    this.metrics.numRowsUpdated += storing
  }

  /**
   * Probes the other side's state with the rows of side `s`: emits the pairs passing the condition (or, left semi,
   * the left rows they show matched), marks the other side's rows matched, and returns which rows matched.
   */
  private probe(
    s: number,
    batch: RecordBatch,
    keys: readonly Column[],
    unmatchable: Uint8Array | null,
    ctx: OperatorContext,
    out: Collector,
  ): Uint8Array {
    const other = this.sides[1 - s]!
    const n = batch.numRows
    const matched = (this.matched = room(this.matched, n))
    matched.fill(0, 0, n)
    const groups = (this.groups = room(this.groups, n))
    if (other.rows.size === 0) groups.fill(-1, 0, n)
    else other.rows.find(keys, n, groups)
    const semi = this.spec.joinType === 'LeftSemi'
    const skipMatched = semi && s === RIGHT
    // The other side's rows of each key are counted, so the pairs are listed in one walk of their lists (at most
    // `bound` of them: left semi's right rows skip left rows already matched).
    let bound = 0
    for (let i = 0; i < n; i++) {
      if (groups[i]! < 0 || (unmatchable !== null && unmatchable[i] === 1)) groups[i] = -1
      else bound += other.rows.count(groups[i]!)
    }
    if (bound === 0) return matched
    let rowOf = new Int32Array(bound)
    let entryOf = new Int32Array(bound)
    let pairs = 0
    for (let i = 0; i < n; i++) {
      if (groups[i]! < 0) continue
      for (let e = other.rows.first(groups[i]!); e >= 0; e = other.rows.next(e)) {
        if (skipMatched && other.isMatched(e)) continue
        rowOf[pairs] = i
        entryOf[pairs++] = e
      }
    }
    if (pairs === 0) return matched
    if (pairs < bound) {
      rowOf = rowOf.subarray(0, pairs)
      entryOf = entryOf.subarray(0, pairs)
    }
    let kept: Int32Array | null = null
    if (this.both) {
      // The condition reads only its own columns of the pairs; the output is gathered once, for the kept pairs.
      const mine = columnsOf(batch)
      const theirs = other.readColumns(s === LEFT ? this.bothColumns.right : this.bothColumns.left, entryOf)
      // `theirs` holds the pairs' state rows in pair order.
      const stateRows = new Int32Array(pairs)
      for (let k = 0; k < pairs; k++) stateRows[k] = k
      const selection =
        s === LEFT
          ? this.both(mine, rowOf, theirs, stateRows, evalContext(ctx, pairs))
          : this.both(theirs, stateRows, mine, rowOf, evalContext(ctx, pairs))
      if (selection === 'none') return matched
      if (selection !== 'all') kept = selection
    }
    const count = kept ? kept.length : pairs
    // In row order, as Spark iterates: a pair matches its row; left semi's right rows each claim left rows not
    // claimed before (a left row is emitted once).
    const claimed = skipMatched ? new Set<number>() : null
    const emitted: number[] = []
    for (let k = 0; k < count; k++) {
      const p = kept ? kept[k]! : k
      const e = entryOf[p]!
      if (claimed) {
        if (claimed.has(e)) continue
        claimed.add(e)
        emitted.push(p)
      }
      matched[rowOf[p]!] = 1
      if (!other.isMatched(e)) other.setMatched(e)
    }
    if (!semi) {
      const probeRows = kept ? narrowed(rowOf, kept) : rowOf
      const stateEntries = kept ? narrowed(entryOf, kept) : entryOf
      this.pending.push({
        probeIsLeft: s === LEFT,
        probeColumns: columnsOf(batch),
        probeRows,
        state: other,
        stateEntries,
      })
    } else if (s === LEFT) {
      const rows = setRows(matched, true, n)
      if (rows.length > 0)
        out.emit(
          makeBatch(
            this.schema,
            columnsOf(batch).map((c) => take(c, rows)),
            rows.length,
          ),
        )
    } else if (emitted.length > 0) {
      const entries = Int32Array.from(emitted, (p) => entryOf[p]!)
      out.emit(makeBatch(this.schema, other.read(entries), entries.length))
    }
    return matched
  }

  /**
   * Emits the pending pairs as one batch. Each output column is gathered once, straight from where its values are:
   * the probing batches' columns and the other side's state.
   */
  private flushPairs(out: Collector): void {
    const parts = this.pending
    if (parts.length === 0) return
    this.pending = []
    const rows = parts.reduce((n, p) => n + p.probeRows.length, 0)
    const gatherSide = (left: boolean): Column[] =>
      (left ? this.spec.left : this.spec.right).input.map((attribute, c) =>
        gatherPieces(
          attribute.dataType,
          parts.map(
            (p): ColumnPiece =>
              p.probeIsLeft === left
                ? { kind: 'rows', column: p.probeColumns[c]!, rows: p.probeRows }
                : p.state.piece(c, p.stateEntries),
          ),
        ),
      )
    out.emit(makeBatch(this.schema, [...gatherSide(true), ...gatherSide(false)], rows))
  }

  /** Step 3: outer rows of expired unmatched state rows, then the expired rows of the other side(s) dropped. */
  private evict(stateWatermarks: readonly (number | undefined)[], out: Collector): void {
    for (const s of [LEFT, RIGHT]) {
      const side = this.sides[s]!
      const expired = side.expired(stateWatermarks[s])
      if (expired.length === 0) continue
      if (this.preserves(s)) {
        const unmatched = Int32Array.from(Array.from(expired).filter((e) => !side.isMatched(e)))
        if (unmatched.length > 0) out.emit(this.withNulls(s, side.read(unmatched), unmatched.length))
      } else {
        // Spark counts as removed only the rows dropped without output (not the outer side's evicted rows).
        this.metrics.numRowsRemoved += expired.length
      }
      side.remove(expired)
    }
  }
}
