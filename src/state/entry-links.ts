// The per-entry cells of IndexedRows — next and previous entry of its key, its key's group, its index, -1 for a free
// entry's group — in pages of slot-pages.ts: growing adds a page and never copies a full one, so memory follows the
// rows held in steps of a page, and a freed entry's cells are reused by the next entry made.
import { grownSlotCount, growPages, newPages, PAGE_BITS, pagesBytes, SLOT_MASK } from './slot-pages.js'

const NEXT = 0
const PREV = 1
const GROUP = 2
const INDEX = 3
/** Cells per entry, side by side: one entry's links share a cache line. */
const WIDTH = 4

export class EntryLinks {
  private readonly pages: Int32Array[]
  private slots = 64

  constructor() {
    this.pages = newPages(Int32Array, this.slots, WIDTH)
  }

  /** Makes room for entries below `size`: the first page doubles up to a page, then whole pages are added. */
  ensure(size: number): void {
    if (this.slots >= size) return
    this.slots = grownSlotCount(this.slots, size)
    growPages(this.pages, this.slots, WIDTH)
  }

  /** Entries there is room for. */
  get capacity(): number {
    return this.slots
  }

  next(entry: number): number {
    return this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + NEXT]!
  }

  prev(entry: number): number {
    return this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + PREV]!
  }

  /** The entry's group, or -1 for a free entry. */
  group(entry: number): number {
    return this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + GROUP]!
  }

  index(entry: number): number {
    return this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + INDEX]!
  }

  setNext(entry: number, next: number): void {
    this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + NEXT] = next
  }

  setPrev(entry: number, prev: number): void {
    this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + PREV] = prev
  }

  setIndex(entry: number, index: number): void {
    this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + INDEX] = index
  }

  /** Fills every cell of an entry made live. */
  set(entry: number, next: number, prev: number, group: number, index: number): void {
    const page = this.pages[entry >>> PAGE_BITS]!
    const at = (entry & SLOT_MASK) << 2
    page[at + NEXT] = next
    page[at + PREV] = prev
    page[at + GROUP] = group
    page[at + INDEX] = index
  }

  /** Marks an entry free (its group -1). */
  free(entry: number): void {
    this.pages[entry >>> PAGE_BITS]![((entry & SLOT_MASK) << 2) + GROUP] = -1
  }

  memoryBytes(): number {
    return pagesBytes(this.pages)
  }
}
