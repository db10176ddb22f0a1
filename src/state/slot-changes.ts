// Which rows of a slot-addressed table a batch changed: slots upserted (each once, in first-touch order) and the keys
// of rows removed — the next checkpoint delta of the table.

import { type Column, columnsOf, concatBatches, grown, makeBatch, type RecordBatch, takeRows } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import { growPages, newPages, PAGE_BITS, PAGE_SLOTS, pagesBytes, SLOT_MASK } from './slot-pages.js'

export class SlotChanges {
  /**
   * Slots upserted since `reset`, in first-touch order: `touchedSlots[0..count)`. A typed list: pushing a batch's
   * hundred thousand slots onto a JS array cost several times what the rest of a touch does.
   */
  private touchedSlots = new Int32Array(64)
  private count = 0
  /** Per slot, as pages (slot-pages.ts): 1 while the slot is in the touched list (cleared by `reset`). */
  private readonly flags: Uint8Array[] = newPages(Uint8Array, 0)
  private flagSlots = 0
  private removed: RecordBatch[] = []

  /** Slots upserted since `reset`, in first-touch order (a view: read it before the next touch). */
  get touched(): Int32Array {
    return this.touchedSlots.subarray(0, this.count)
  }

  reset(): void {
    const { flags, touchedSlots } = this
    for (let i = 0; i < this.count; i++) flags[touchedSlots[i]! >>> PAGE_BITS]![touchedSlots[i]! & SLOT_MASK] = 0
    this.count = 0
    this.removed = []
  }

  /**
   * A new (or recycled) slot: makes room for its flag. A recycled slot touched earlier in the batch stays listed once
   * (whoever holds it at the end of the batch is its upsert).
   */
  created(slot: number): void {
    if (slot < this.flagSlots) return
    // Under a page, the first page doubles; past it, whole pages are added (zeros: not listed).
    this.flagSlots =
      slot < PAGE_SLOTS
        ? Math.min(PAGE_SLOTS, Math.max(slot + 1, this.flagSlots * 2, 64))
        : (Math.floor(slot / PAGE_SLOTS) + 1) * PAGE_SLOTS
    growPages(this.flags, this.flagSlots)
  }

  /** Marks a slot (one `created` made room for) upserted. */
  touch(slot: number): void {
    const page = this.flags[slot >>> PAGE_BITS]!
    if (page[slot & SLOT_MASK] === 0) {
      page[slot & SLOT_MASK] = 1
      if (this.count === this.touchedSlots.length) this.touchedSlots = grown(this.touchedSlots, this.count + 1)
      this.touchedSlots[this.count++] = slot
    }
  }

  /**
   * Marks `slots[0..count)` upserted, as `touch` on each in turn would. Every slot's flag is read, repeats included:
   * a flag just set is in cache, and skipping a slot equal to the one before costs a branch that rows with no order
   * mispredict.
   */
  touchAll(slots: Int32Array, count: number): void {
    const flags = this.flags
    let touched = this.touchedSlots
    let listed = this.count
    for (let i = 0; i < count; i++) {
      const slot = slots[i]!
      const page = flags[slot >>> PAGE_BITS]!
      if (page[slot & SLOT_MASK] === 0) {
        page[slot & SLOT_MASK] = 1
        if (listed === touched.length) touched = grown(touched, listed + 1)
        touched[listed++] = slot
      }
    }
    this.touchedSlots = touched
    this.count = listed
  }

  /** Remembers removed rows by their key columns (of `keySchema`). */
  removedKeys(keySchema: StructType, keys: readonly Column[], rows: number): void {
    if (rows > 0) this.removed.push(makeBatch(keySchema, keys, rows))
  }

  /**
   * The keys removed since `reset` and not present again (a key removed, then put back in the same batch, is an
   * upsert only: deletes are applied after upserts on restore), or null.
   */
  removedBatch(
    keySchema: StructType,
    isLive: (keys: readonly Column[], rows: number) => Int32Array,
  ): RecordBatch | null {
    if (this.removed.length === 0) return null
    const all = concatBatches(keySchema, this.removed)
    const slots = isLive(columnsOf(all), all.numRows)
    const gone: number[] = []
    for (let i = 0; i < slots.length; i++) if (slots[i]! < 0) gone.push(i)
    if (gone.length === all.numRows) return all
    return gone.length === 0 ? null : takeRows(all, keySchema, gone)
  }

  memoryBytes(): number {
    return pagesBytes(this.flags)
  }
}
