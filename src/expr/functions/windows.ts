// Window arithmetic and the window-assignment generator behind window(): each row joins every window
// [start, start + size) it falls in, epoch-aligned (plus startTime), latest window first — Spark's TimeWindowing.

import type { Struct } from 'apache-arrow'
import {
  bitAt,
  type Column,
  constantInt64Column,
  constantInt64Prefix,
  numbersOf,
  numericColumnOwning,
  structColumn,
  toArrowType,
  validityOf,
} from '../../arrow/index.js'
import { TIMESTAMP } from '../../types/data-types.js'
import { WINDOW_TYPE } from '../../types/window-type.js'
import type { GeneratorFunction } from './spec.js'
import { materialize } from './vector.js'

/**
 * The largest `offset + k·slide` at or below `t` (µs): floor of a multiplication by `inverse` (1 / slide; hot loops
 * pass it precomputed, as a division costs several multiplications), corrected where rounding missed.
 */
export function slideStart(t: number, slide: number, offset: number, inverse = 1 / slide): number {
  let start = Math.floor((t - offset) * inverse) * slide + offset
  while (start > t) start -= slide
  while (start + slide <= t) start += slide
  return start
}

/** A window-typed column: [start, start + length) for each start, null where `validity` says so. */
export function windowColumn(starts: Float64Array, length: number, validity: Uint8Array | null = null): Column {
  const ends = new Float64Array(starts.length)
  for (let i = 0; i < starts.length; i++) ends[i] = starts[i]! + length
  return structColumn(
    toArrowType(WINDOW_TYPE) as Struct,
    [numericColumnOwning(TIMESTAMP, starts, null), numericColumnOwning(TIMESTAMP, ends, null)],
    starts.length,
    validity,
  )
}

/**
 * Window-typed columns of one window, [start, start + length), in every row (a processing-time window: one time per
 * batch), for one query: while the window stays the same, a batch reuses the last one's buffers (as views) instead of
 * allocating and filling new ones.
 */
export class ConstantWindows {
  private last: { start: number; length: number; starts: Column; ends: Column } | undefined

  column(start: number, length: number, rows: number): Column {
    const last = this.last
    let starts =
      last && last.start === start && last.length === length && constantInt64Prefix(TIMESTAMP, last.starts, rows)
    let ends = last && starts && constantInt64Prefix(TIMESTAMP, last.ends, rows)
    if (!starts || !ends) {
      starts = constantInt64Column(TIMESTAMP, start, rows)
      ends = constantInt64Column(TIMESTAMP, start + length, rows)
      this.last = { start, length, starts, ends }
    }
    return structColumn(toArrowType(WINDOW_TYPE) as Struct, [starts, ends], rows)
  }
}

/**
 * For a row at `ts` (microseconds): lastStart = ts - (ts - startTime + slide) mod slide, then the candidates
 * lastStart - i·slide for i < ceil(size / slide), kept when start ≤ ts < start + size. Null times yield no rows.
 */
export function assignWindows(ts: Column, size: number, slide: number, offset: number, rows: number) {
  const values = numbersOf(ts)
  const validity = validityOf(ts)
  const perRow = Math.ceil(size / slide)
  const inverse = 1 / slide
  // At most perRow windows per row: fill typed arrays of that capacity, then trim.
  const parentRows = new Int32Array(rows * perRow)
  const starts = new Float64Array(rows * perRow)
  let n = 0
  for (let i = 0; i < rows; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const t = values[i]!
    const lastStart = slideStart(t, slide, offset, inverse)
    for (let k = 0; k < perRow; k++) {
      const start = lastStart - k * slide
      if (start <= t && t < start + size) {
        parentRows[n] = i
        starts[n++] = start
      }
    }
  }
  return { parentRows: parentRows.subarray(0, n), starts: starts.subarray(0, n) }
}

export const windowExpand: GeneratorFunction = {
  kind: 'generator',
  arity: [4, 4],
  outer: false,
  resolve: (args) => ({
    args,
    dataType: WINDOW_TYPE,
    output: [{ name: 'window', dataType: WINDOW_TYPE, nullable: false }],
  }),
  kernel(args, ctx, call) {
    const [size, slide, offset] = [1, 2, 3].map((k) => Number((call.args[k] as { value: unknown }).value))
    const { parentRows, starts } = assignWindows(materialize(args[0]!, ctx.length), size!, slide!, offset!, ctx.length)
    return { parentRows, columns: [windowColumn(starts, size!)] }
  },
}
