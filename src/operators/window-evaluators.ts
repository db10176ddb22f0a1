// Computes one window expression over rows sorted by (partition, order): ranking and offset functions over typed
// arrays, aggregates by merging single-row accumulator groups into one output group per row.

import { bitAt, type Column, concatColumns, numericColumn, take, validityOf } from '../arrow/index.js'
import { IllegalStateException } from '../common/errors.js'
import type { Agg, Fn, WindowExpr } from '../expr/expression.js'
import type { Vec } from '../expr/functions/vector.js'
import { DOUBLE, INTEGER } from '../types/data-types.js'
import { accumulatorFor } from './distinct-accumulator.js'
import type { FrameRanges, WindowLayout } from './window-frames.js'

/** What an evaluator reads: the layout, the row's frames, and the function's arguments over the sorted rows. */
export interface WindowInput {
  readonly layout: WindowLayout
  readonly frames: FrameRanges
  readonly args: readonly Column[]
  readonly expr: WindowExpr
}

const intColumn = (values: Int32Array) => numericColumn(INTEGER, values, null)
const doubleColumn = (values: Float64Array) => numericColumn(DOUBLE, values, null)

/** rank (with gaps) or dense_rank, 1-based within the partition. */
function ranks(layout: WindowLayout, dense: boolean): Int32Array {
  const { rows, partitionStart, peerStart } = layout
  const out = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const start = partitionStart[i]!
    if (i === start) out[i] = 1
    else if (peerStart[i] !== i) out[i] = out[i - 1]!
    else out[i] = dense ? out[i - 1]! + 1 : i - start + 1
  }
  return out
}

/** ntile(b): rows split into b buckets as evenly as possible, the first (rows mod b) buckets one row larger. */
function ntile(layout: WindowLayout, buckets: number): Int32Array {
  const { rows, partitionStart, partitionEnd } = layout
  const out = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const n = partitionEnd[i]! - partitionStart[i]!
    const k = i - partitionStart[i]!
    const size = Math.floor(n / buckets)
    const larger = n % buckets
    const inLarger = larger * (size + 1)
    out[i] = k < inLarger ? Math.floor(k / (size + 1)) + 1 : larger + Math.floor((k - inLarger) / size) + 1
  }
  return out
}

/** Positions of the non-null rows, and for each row how many non-null rows come before it. */
function nonNullIndex(column: Column, rows: number): { positions: Int32Array; before: Int32Array } {
  const validity = validityOf(column)
  const positions = new Int32Array(rows)
  const before = new Int32Array(rows + 1)
  let count = 0
  for (let i = 0; i < rows; i++) {
    before[i] = count
    if (validity === null || bitAt(validity, i)) positions[count++] = i
  }
  before[rows] = count
  return { positions: positions.subarray(0, count), before }
}

/** lag/lead: the row `offset` away in the partition (counting only non-null rows with IGNORE NULLS), else default. */
function offsetRows(input: WindowInput, offset: number): Column {
  const { layout, args, expr } = input
  const [value, , fallback] = args as [Column, Column, Column]
  const { rows, partitionStart, partitionEnd } = layout
  const source = new Int32Array(rows)
  const index = expr.ignoreNulls && offset !== 0 ? nonNullIndex(value, rows) : null
  for (let i = 0; i < rows; i++) {
    let j: number
    if (index === null) j = i + offset
    else if (offset < 0) {
      const k = index.before[i]! + offset
      j = k >= 0 ? index.positions[k]! : -1
    } else {
      const k = index.before[i + 1]! + offset - 1
      j = k < index.positions.length ? index.positions[k]! : -1
    }
    // Outside the partition: the default, read from the current row (position rows + i of the concatenation).
    source[i] = j >= partitionStart[i]! && j < partitionEnd[i]! ? j : rows + i
  }
  return take(concatColumns([value, fallback]), source)
}

/** nth_value(x, n): the n-th row of the frame (n-th non-null with IGNORE NULLS), else NULL. */
function nthValue(input: WindowInput, n: number): Column {
  const { layout, frames, args, expr } = input
  const value = args[0]!
  const source = new Int32Array(layout.rows)
  const index = expr.ignoreNulls ? nonNullIndex(value, layout.rows) : null
  for (let i = 0; i < layout.rows; i++) {
    const lo = frames.lower[i]!
    const hi = frames.upper[i]!
    let j = -1
    if (index === null) j = lo + n - 1
    else {
      const k = index.before[lo]! + n - 1
      if (k < index.positions.length) j = index.positions[k]!
    }
    source[i] = lo <= hi && j >= lo && j <= hi ? j : -1
  }
  return take(value, source)
}

function windowFunction(fn: Fn, input: WindowInput): Column {
  const { layout } = input
  const { rows, partitionStart, partitionEnd, peerEnd } = layout
  const size = (i: number) => partitionEnd[i]! - partitionStart[i]!
  switch (fn.name) {
    case 'row_number': {
      const out = new Int32Array(rows)
      for (let i = 0; i < rows; i++) out[i] = i - partitionStart[i]! + 1
      return intColumn(out)
    }
    case 'rank':
      return intColumn(ranks(layout, false))
    case 'dense_rank':
      return intColumn(ranks(layout, true))
    case 'percent_rank': {
      const rank = ranks(layout, false)
      const out = new Float64Array(rows)
      for (let i = 0; i < rows; i++) out[i] = size(i) > 1 ? (rank[i]! - 1) / (size(i) - 1) : 0
      return doubleColumn(out)
    }
    case 'cume_dist': {
      const out = new Float64Array(rows)
      for (let i = 0; i < rows; i++) out[i] = (peerEnd[i]! - partitionStart[i]!) / size(i)
      return doubleColumn(out)
    }
    case 'ntile':
      return intColumn(ntile(layout, Number((fn.args[0] as { value: number }).value)))
    case 'lag':
    case 'lead': {
      const offset = Number((fn.args[1] as { value: number }).value)
      return offsetRows(input, fn.name === 'lag' ? -offset : offset)
    }
    case 'nth_value':
      return nthValue(input, Number((fn.args[1] as { value: number }).value))
    default:
      throw new IllegalStateException(`No evaluator for window function ${fn.name}`)
  }
}

/**
 * An aggregate over each row's frame. Groups 0..rows-1 hold one row each (one `update` for all rows); group rows+i
 * is row i's frame, merged from them left to right (so first/last/collect_list keep the frame's order). When every
 * frame starts at the partition's start, row i's group starts from row i-1's and merges only the rows its frame
 * adds: O(rows) merges for running and whole-partition frames, O(rows × width) for sliding ones.
 */
function aggregateOverFrames(call: Agg, input: WindowInput): Column {
  const { layout, frames, args } = input
  const { rows, partitionStart } = layout
  const accumulator = accumulatorFor(call)
  accumulator.grow(2 * rows)
  for (let g = 0; g < 2 * rows; g++) accumulator.reset(g)
  const single = new Int32Array(rows)
  for (let i = 0; i < rows; i++) single[i] = i
  accumulator.update(args as readonly Vec[], single, rows)
  const running = input.expr.frame?.lower.kind === 'UnboundedPreceding'
  const outputs = new Int32Array(rows)
  for (let i = 0; i < rows; i++) {
    const group = rows + i
    outputs[i] = group
    const lo = frames.lower[i]!
    const hi = frames.upper[i]!
    let from = lo
    if (running && i > partitionStart[i]!) {
      accumulator.merge(group, group - 1)
      from = Math.max(lo, frames.upper[i - 1]! + 1)
    }
    for (let j = from; j <= hi; j++) accumulator.merge(group, j)
  }
  return accumulator.evaluate(outputs)
}

/** The window expression's column over the sorted rows. */
export function evaluateWindow(input: WindowInput): Column {
  const fn = input.expr.function
  if (fn.kind === 'Agg') return aggregateOverFrames(fn, input)
  if (fn.kind === 'Fn') return windowFunction(fn, input)
  throw new IllegalStateException(`${fn.kind} is not a window function`)
}
