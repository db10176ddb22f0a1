// What a stream-stream join runs on, as plan data: per side its columns, join keys, the conjuncts that read only it,
// how its buffered rows are evicted (Spark's state key or state value watermark predicate) and the column its late
// rows are judged by; and the state watermarks and output watermark those give for an input watermark.
import type { Attribute, Expr } from '../expr/expression.js'
import { type StateValueBound, stateWatermarkOf } from '../logical/join-state-watermark.js'
import type { JoinType } from '../logical/plan.js'

/** A time column of one side: its index among the side's columns, and for a window struct its `end` field (else -1). */
export interface TimeColumn {
  readonly index: number
  readonly field: number
}

/**
 * How a side's buffered rows leave the state once no future row of the other side can match them:
 *   key   — a join key is a watermarked column (or window): rows whose key time ≤ the watermark (state key watermark)
 *   value — a range condition bounds the side's time column: rows whose time ≤ the state value watermark
 */
export type StateEviction =
  | { readonly kind: 'key'; readonly keyIndex: number; readonly field: number }
  | { readonly kind: 'value'; readonly column: TimeColumn; readonly bounds: readonly StateValueBound[] }

export interface JoinSideSpec {
  /** The side's input columns (what its state rows hold, before the `matched` flag). */
  readonly input: readonly Attribute[]
  readonly keys: readonly Expr[]
  /** Conjuncts reading only this side: a row failing them can match nothing (Spark's leftSideOnly/rightSideOnly). */
  readonly only: Expr | undefined
  readonly eviction: StateEviction | undefined
  /** The side's event-time column: rows at or before the late-events watermark are dropped. */
  readonly lateColumn: TimeColumn | undefined
}

/** Join types a stream-stream join runs (a cross join with keys runs as an inner join). */
export type StreamJoinType = Extract<JoinType, 'Inner' | 'LeftOuter' | 'RightOuter' | 'FullOuter' | 'LeftSemi'>

export interface SymmetricJoinSpec {
  readonly joinType: StreamJoinType
  readonly left: JoinSideSpec
  readonly right: JoinSideSpec
  /** Per key pair: `<=>` rather than `=`. */
  readonly nullSafe: readonly boolean[]
  /** Conjuncts reading both sides, evaluated on each candidate pair (Spark's bothSides). */
  readonly both: Expr | undefined
  /** The condition beyond the keys, whole (Spark's `full`; state value watermarks come from it). */
  readonly full: Expr | undefined
  readonly output: readonly Attribute[]
}

/** The state watermark (ms) of one side for the operator's input watermark, if the side evicts. */
export function sideStateWatermark(side: JoinSideSpec, watermarkMs: number): number | undefined {
  const eviction = side.eviction
  if (!eviction) return undefined
  return eviction.kind === 'key' ? watermarkMs : stateWatermarkOf(eviction.bounds, watermarkMs)
}

/**
 * The join's output watermark (Spark's produceOutputWatermark): no row it emits later is older than either side's
 * state watermark, so downstream operators get the least of those and the input watermark.
 */
export function joinOutputWatermark(spec: SymmetricJoinSpec, inputWatermarkMs: number): number {
  let least = inputWatermarkMs
  for (const side of [spec.left, spec.right]) {
    const state = sideStateWatermark(side, inputWatermarkMs)
    if (state !== undefined && state < least) least = state
  }
  return least
}
