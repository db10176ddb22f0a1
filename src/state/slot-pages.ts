// Per-slot typed arrays kept as pages of 65,536 slots: growing adds pages and never copies a full one (the first
// page doubles from a few slots, so small stores stay small). Slot g is cell g & SLOT_MASK of page g >>> PAGE_BITS.

export const PAGE_BITS = 16
export const PAGE_SLOTS = 1 << PAGE_BITS
export const SLOT_MASK = PAGE_SLOTS - 1

type Cells = Float64Array | Int32Array | Uint8Array

/** Pages of `width` cells per slot with room for `slots` slots (at least one page, possibly empty). */
export function newPages<T extends Cells>(make: new (n: number) => T, slots: number, width = 1): T[] {
  const pages = [new make(0)]
  growPages(pages, slots, width)
  return pages
}

/**
 * Grows `pages` in place to room for `slots` slots: the first page to min(slots, PAGE_SLOTS) slots (a copy, of less
 * than a page), then new full pages. The caller chooses `slots` (doubling it while under a page).
 */
export function growPages<T extends Cells>(pages: T[], slots: number, width = 1): void {
  const first = pages[0]!
  const make = first.constructor as new (n: number) => T
  const firstSlots = Math.min(slots, PAGE_SLOTS)
  if (first.length < firstSlots * width) {
    const bigger = new make(firstSlots * width)
    bigger.set(first)
    pages[0] = bigger
  }
  while (pages.length * PAGE_SLOTS < slots) pages.push(new make(PAGE_SLOTS * width))
}

/** Bytes held by pages. */
export function pagesBytes(pages: readonly Cells[]): number {
  let bytes = 0
  for (const page of pages) bytes += page.byteLength
  return bytes
}
