// Per-slot typed arrays kept as pages of 65,536 slots: growing adds pages and never copies a full one (the first
// page doubles from a few slots, so small stores stay small). Slot g is cell g & SLOT_MASK of page g >>> PAGE_BITS.

export const PAGE_BITS = 16
export const PAGE_SLOTS = 1 << PAGE_BITS
export const SLOT_MASK = PAGE_SLOTS - 1

type Cells = Float64Array | Int32Array | Uint8Array

/**
 * A full page of zeros shared by every store until a nonzero cell is written (then the page is made its own, with
 * `ownPage`): for cells that are rarely set (null flags), fresh pages cost no memory.
 */
export const ZERO_FLAGS = new Uint8Array(PAGE_SLOTS)

/** The slot count that makes room for `size` slots: under a page the first page doubles; past it, whole pages. */
export const grownSlotCount = (slots: number, size: number): number =>
  size <= PAGE_SLOTS ? Math.min(PAGE_SLOTS, Math.max(size, slots * 2)) : Math.ceil(size / PAGE_SLOTS) * PAGE_SLOTS

/** Pages of `width` cells per slot with room for `slots` slots (at least one page, possibly empty). */
export function newPages<T extends Cells>(make: new (n: number) => T, slots: number, width = 1, zeros?: T): T[] {
  const pages = [new make(0)]
  growPages(pages, slots, width, zeros)
  return pages
}

/**
 * Grows `pages` in place to room for `slots` slots: the first page to min(slots, PAGE_SLOTS) slots (a copy, of less
 * than a page), then new full pages (`zeros`, a shared page of zeros, if given). The caller chooses `slots` (doubling
 * it while under a page).
 */
export function growPages<T extends Cells>(pages: T[], slots: number, width = 1, zeros?: T): void {
  const first = pages[0]!
  const make = first.constructor as new (n: number) => T
  const firstSlots = Math.min(slots, PAGE_SLOTS)
  if (first.length < firstSlots * width) {
    const bigger = new make(firstSlots * width)
    bigger.set(first)
    pages[0] = bigger
  }
  while (pages.length * PAGE_SLOTS < slots) pages.push(zeros ?? new make(PAGE_SLOTS * width))
}

/** The page of slot g, made the store's own if it is a shared page of zeros (before a nonzero cell is written). */
export function ownPage<T extends Uint8Array>(pages: T[], g: number, zeros: T): T {
  const p = g >>> PAGE_BITS
  let page = pages[p]!
  if (page === zeros) {
    page = new (page.constructor as new (n: number) => T)(PAGE_SLOTS)
    pages[p] = page
  }
  return page
}

/** Bytes held by pages (the shared page of zeros is no one's). */
export function pagesBytes(pages: readonly Cells[]): number {
  let bytes = 0
  for (const page of pages) if (page !== ZERO_FLAGS) bytes += page.byteLength
  return bytes
}
