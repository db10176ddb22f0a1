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
  /** Per slot, as pages (slot-pages.ts): the stamp of the batch that last touched it (0: none since created). */
  private readonly stamps: Int32Array[] = newPages(Int32Array, 0)
  private stampSlots = 0
  private stamp = 1
  private removed: RecordBatch[] = []

  /** Slots upserted since `reset`, in first-touch order (a view: read it before the next touch). */
  get touched(): Int32Array {
    return this.touchedSlots.subarray(0, this.count)
  }

  reset(): void {
    this.stamp++
    this.count = 0
    this.removed = []
  }

  /** A new (or recycled) slot: not yet touched in this batch. */
  created(slot: number): void {
    if (slot >= this.stampSlots) {
      // Under a page, the first page doubles; past it, whole pages are added (zeros: untouched).
      this.stampSlots =
        slot < PAGE_SLOTS
          ? Math.min(PAGE_SLOTS, Math.max(slot + 1, this.stampSlots * 2, 64))
          : (Math.floor(slot / PAGE_SLOTS) + 1) * PAGE_SLOTS
      growPages(this.stamps, this.stampSlots)
    }
    this.stamps[slot >>> PAGE_BITS]![slot & SLOT_MASK] = 0
  }

  /** Marks a slot (one `created` made room for) upserted. */
  touch(slot: number): void {
    const page = this.stamps[slot >>> PAGE_BITS]!
    if (page[slot & SLOT_MASK] !== this.stamp) {
      page[slot & SLOT_MASK] = this.stamp
      if (this.count === this.touchedSlots.length) this.touchedSlots = grown(this.touchedSlots, this.count + 1)
      this.touchedSlots[this.count++] = slot
    }
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
    return pagesBytes(this.stamps)
  }
}
