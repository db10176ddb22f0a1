// The layout of a sorted window input (partitions, peer groups) and each row's frame as an inclusive row range.
import { bitAt, type Column, numbersOf, type RowCompare, rowComparator, validityOf } from '../arrow/index.js'
import type { FrameBound, WindowFrame } from '../expr/expression.js'
import type { DataType } from '../types/data-types.js'

/**
 * Rows sorted by (partition keys, order keys). `partitionStart[i]`/`partitionEnd[i]` bound row i's partition
 * [start, end); `peerStart[i]`/`peerEnd[i]` bound its peers (equal order keys) the same way.
 */
export interface WindowLayout {
  readonly rows: number
  readonly partitionStart: Int32Array
  readonly partitionEnd: Int32Array
  readonly peerStart: Int32Array
  readonly peerEnd: Int32Array
}

/** Whether rows i and i-1 have equal values in every column (NULLs equal to each other). */
function sameAsPrevious(columns: readonly Column[], types: readonly DataType[]): (i: number) => boolean {
  const compares: RowCompare[] = columns.map((c, k) => rowComparator(types[k]!, c, c))
  const validities = columns.map(validityOf)
  return (i) => {
    for (let k = 0; k < columns.length; k++) {
      const validity = validities[k] ?? null
      const a = validity === null || bitAt(validity, i - 1)
      const b = validity === null || bitAt(validity, i)
      if (a !== b) return false
      if (a && compares[k]!(i - 1, i) !== 0) return false
    }
    return true
  }
}

/** Runs of equal keys as [start, end) per row, inside the runs of `outer` (a run never crosses an outer one). */
function runs(rows: number, same: (i: number) => boolean, outerStart?: Int32Array): [Int32Array, Int32Array] {
  const start = new Int32Array(rows)
  const end = new Int32Array(rows)
  let runStart = 0
  for (let i = 1; i <= rows; i++) {
    const boundary = i === rows || (outerStart !== undefined && outerStart[i] === i) || !same(i)
    if (!boundary) continue
    start.fill(runStart, runStart, i)
    end.fill(i, runStart, i)
    runStart = i
  }
  return [start, end]
}

export function windowLayout(
  rows: number,
  partitionKeys: readonly Column[],
  partitionTypes: readonly DataType[],
  orderKeys: readonly Column[],
  orderTypes: readonly DataType[],
): WindowLayout {
  const [partitionStart, partitionEnd] = runs(rows, sameAsPrevious(partitionKeys, partitionTypes))
  const [peerStart, peerEnd] = runs(rows, sameAsPrevious(orderKeys, orderTypes), partitionStart)
  return { rows, partitionStart, partitionEnd, peerStart, peerEnd }
}

/** Each row's frame as inclusive [lower[i], upper[i]]; empty where lower > upper. */
export interface FrameRanges {
  readonly lower: Int32Array
  readonly upper: Int32Array
}

const signedOffset = (bound: Extract<FrameBound, { kind: 'Offset' }>) => {
  const value = Number(bound.value.value)
  return bound.preceding ? -value : value
}

/** ROWS frames: offsets count rows, clipped to the partition. */
function rowFrames(layout: WindowLayout, frame: WindowFrame): FrameRanges {
  const { rows, partitionStart, partitionEnd } = layout
  const lower = new Int32Array(rows)
  const upper = new Int32Array(rows)
  const lo = frame.lower
  const hi = frame.upper
  const loOffset = lo.kind === 'Offset' ? signedOffset(lo) : 0
  const hiOffset = hi.kind === 'Offset' ? signedOffset(hi) : 0
  for (let i = 0; i < rows; i++) {
    const start = partitionStart[i]!
    const last = partitionEnd[i]! - 1
    lower[i] = lo.kind === 'UnboundedPreceding' ? start : Math.max(start, i + loOffset)
    upper[i] = hi.kind === 'UnboundedFollowing' ? last : Math.min(last, i + hiOffset)
  }
  return { lower, upper }
}

/**
 * RANGE frames: CURRENT ROW is the row's peers; an offset bounds the order key's value (in the sort's direction:
 * `1 FOLLOWING` of a descending key is the value minus 1). NULL keys are their own peers and range: a NULL row's
 * offset bounds are the NULL run, and a non-NULL row's offset bounds never reach a NULL row.
 */
function rangeFrames(
  layout: WindowLayout,
  frame: WindowFrame,
  key: Column | undefined,
  ascending: boolean,
): FrameRanges {
  const { rows, partitionStart, partitionEnd, peerStart, peerEnd } = layout
  const lower = new Int32Array(rows)
  const upper = new Int32Array(rows)
  const values = key && (frame.lower.kind === 'Offset' || frame.upper.kind === 'Offset') ? numbersOf(key) : null
  const validity = key ? validityOf(key) : null
  const direction = ascending ? 1 : -1
  const isValid = (j: number) => validity === null || bitAt(validity, j)
  /** The non-null run of row i's partition: [from, to). */
  const nonNullRun = (i: number): [number, number] => {
    let from = partitionStart[i]!
    let to = partitionEnd[i]!
    while (from < to && !isValid(from)) from = peerEnd[from]!
    while (to > from && !isValid(to - 1)) to = peerStart[to - 1]!
    return [from, to]
  }
  /** First j in [from, to) whose directed key is >= target (or > target when `strictly`); keys ascend there. */
  const firstFrom = (from: number, to: number, target: number, strictly: boolean) => {
    let a = from
    let b = to
    while (a < b) {
      const m = (a + b) >>> 1
      const v = direction * values![m]!
      if (v < target || (strictly && v === target)) a = m + 1
      else b = m
    }
    return a
  }
  const boundAt = (bound: FrameBound, i: number, isUpper: boolean, run: [number, number] | null): number => {
    switch (bound.kind) {
      case 'UnboundedPreceding':
        return partitionStart[i]!
      case 'UnboundedFollowing':
        return partitionEnd[i]! - 1
      case 'CurrentRow':
        return isUpper ? peerEnd[i]! - 1 : peerStart[i]!
      case 'Offset': {
        if (!isValid(i)) return isUpper ? peerEnd[i]! - 1 : peerStart[i]!
        const [from, to] = run!
        const target = direction * values![i]! + signedOffset(bound)
        // upper: the last row with key <= target, i.e. one before the first row with key > target.
        return isUpper ? firstFrom(from, to, target, true) - 1 : firstFrom(from, to, target, false)
      }
    }
  }
  let run: [number, number] | null = null
  for (let i = 0; i < rows; i++) {
    if (values !== null && (i === 0 || partitionStart[i] === i)) run = nonNullRun(i)
    lower[i] = boundAt(frame.lower, i, false, run)
    upper[i] = boundAt(frame.upper, i, true, run)
  }
  return { lower, upper }
}

/** Every row's frame. `key` is the single order key of a RANGE frame with offsets. */
export function frameRanges(
  layout: WindowLayout,
  frame: WindowFrame,
  key: Column | undefined,
  ascending: boolean,
): FrameRanges {
  return frame.type === 'rows' ? rowFrames(layout, frame) : rangeFrames(layout, frame, key, ascending)
}
