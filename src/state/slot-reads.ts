// Reading a ColumnStore's leaves at slots straight into output arrays: int64 words, and string or binary bytes copied
// run by run from the byte chunks (a value repeated in a row copied once, then doubled in place). Used to read a
// store's columns back and to gather a join's output from the other side's state (gather-pieces.ts).
import { type Column, copyBytes, stringDataColumn } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import { OFFSET_BITS, OFFSET_MASK } from './byte-chunks.js'
import type { LeafStore } from './column-store.js'
import { PAGE_BITS, SLOT_MASK } from './slot-pages.js'

/** The values of a bytes leaf at `slots` as a Utf8 (or Binary) column: offsets first, then the bytes. */
export function bytesColumn(
  type: DataType,
  store: LeafStore,
  slots: ArrayLike<number>,
  validity: Uint8Array | null,
): Column {
  const n = slots.length
  const spans = store.spans
  const offsets = new Int32Array(n + 1)
  // A null's span length is 0.
  for (let i = 0; i < n; i++) {
    const g = slots[i]!
    offsets[i + 1] = offsets[i]! + spans[g >>> PAGE_BITS]![2 * (g & SLOT_MASK) + 1]!
  }
  const data = new Uint8Array(offsets[n]!)
  copySpanBytes(store, slots, offsets, 0, data)
  return stringDataColumn(type.kind === 'binary', n, offsets, data, validity)
}

/** Copies the (low, high) words an int64 leaf holds at `slots` into `words`, slot i's at row `at + i`. */
export function copySlotWords(store: LeafStore, slots: ArrayLike<number>, words: Int32Array, at: number): void {
  const stored = store.words
  for (let i = 0; i < slots.length; i++) {
    const g = slots[i]!
    const page = stored[g >>> PAGE_BITS]!
    const from = 2 * (g & SLOT_MASK)
    words[2 * (at + i)] = page[from]!
    words[2 * (at + i) + 1] = page[from + 1]!
  }
}

/**
 * Copies the bytes a bytes leaf holds at `slots` into `data`, slot i's to offsets[at + i] (its length is
 * offsets[at + i + 1] - offsets[at + i]): each run of values adjacent in one chunk (rows appended together and read in
 * order) at once, and a slot repeated (one state row's pairs) once, then doubled in place.
 */
export function copySpanBytes(
  store: LeafStore,
  slots: ArrayLike<number>,
  offsets: Int32Array,
  at: number,
  data: Uint8Array,
): void {
  const spans = store.spans
  const chunks = store.bytes.chunks
  // The run being copied: span start and end (chunk << 22 | offset), and where it goes.
  let runStart = 0
  let runEnd = 0
  let runAt = 0
  const n = slots.length
  for (let i = 0; i < n; i++) {
    const length = offsets[at + i + 1]! - offsets[at + i]!
    if (length === 0) continue
    const g = slots[i]!
    let times = 1
    while (i + times < n && slots[i + times] === g) times++
    const start = spans[g >>> PAGE_BITS]![2 * (g & SLOT_MASK)]!
    if (times > 1) {
      copyRun(chunks, runStart, runEnd, data, runAt)
      runStart = runEnd = 0
      copyRun(chunks, start, start + length, data, offsets[at + i]!)
      repeatInPlace(data, offsets[at + i]!, length, times)
      i += times - 1
      continue
    }
    if (start === runEnd && runEnd !== runStart && start >>> OFFSET_BITS === runStart >>> OFFSET_BITS) {
      runEnd += length
      continue
    }
    copyRun(chunks, runStart, runEnd, data, runAt)
    runStart = start
    runEnd = start + length
    runAt = offsets[at + i]!
  }
  copyRun(chunks, runStart, runEnd, data, runAt)
}

/**
 * Repeats the `length` bytes at `at` of `data` until they are there `times` times one after the other: the copies
 * made so far are copied after themselves (copyWithin: no view object per value, and log2(times) calls).
 */
export function repeatInPlace(data: Uint8Array, at: number, length: number, times: number): void {
  if (length === 0) return
  for (let done = 1; done < times; ) {
    const more = Math.min(done, times - done)
    data.copyWithin(at + done * length, at, at + more * length)
    done += more
  }
}

/** Copies the bytes between two span starts in one chunk (none when they are equal) to `data` at `at`. */
function copyRun(chunks: readonly Uint8Array[], start: number, end: number, data: Uint8Array, at: number): void {
  if (end === start) return
  const from = start & OFFSET_MASK
  copyBytes(chunks[start >>> OFFSET_BITS]!, from, from + (end - start), data, at)
}
