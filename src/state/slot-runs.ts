// Runs of a batch's rows bound for consecutive slots of one page — rows appended together get consecutive fresh
// slots — so that ColumnStore.write copies a run's cells at once (a typed-array `set`) instead of cell by cell.
import { PAGE_BITS, SLOT_MASK, ZERO_FLAGS } from './slot-pages.js'

/** Runs shorter than this are copied cell by cell: a `set` costs a view object and a call. */
const BULK_CELLS = 32

/**
 * Splits rows [0, n) into runs: run r is rows [ends[r - 1], ends[r]) (from 0 for r = 0), which go to consecutive slots
 * of one page, slots[ends[r - 1]] and up. Returns the number of runs; `ends` holds at least n cells.
 */
export function slotRuns(slots: ArrayLike<number>, n: number, ends: Int32Array): number {
  let runs = 0
  let i = 0
  while (i < n) {
    const first = slots[i]!
    // The run stops before the next page: (first + length) & SLOT_MASK is 0 there.
    let j = i + 1
    while (j < n && slots[j] === first + (j - i) && ((first + (j - i)) & SLOT_MASK) !== 0) j++
    ends[runs++] = j
    i = j
  }
  return runs
}

/** Copies `count` cells of `from` at `start` to `to` at `at` (typed arrays of the same element width or wider). */
export function copyCells(
  from: Int32Array | Float64Array | Int8Array | Int16Array | Float32Array | Uint8Array,
  start: number,
  count: number,
  to: Int32Array | Float64Array,
  at: number,
): void {
  if (count >= BULK_CELLS) to.set(from.subarray(start, start + count), at)
  else for (let k = 0; k < count; k++) to[at + k] = from[start + k]!
}

/** Sets the null flags of `count` slots from slot g on (one page) to 0; a shared page of zeros is left alone. */
export function clearFlags(pages: readonly Uint8Array[], g: number, count: number): void {
  const page = pages[g >>> PAGE_BITS]!
  if (page === ZERO_FLAGS) return
  const at = g & SLOT_MASK
  if (count >= BULK_CELLS) page.fill(0, at, at + count)
  else for (let k = 0; k < count; k++) page[at + k] = 0
}
