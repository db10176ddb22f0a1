// A secondary index over a slot-addressed table whose key starts with a prefix (the grouping key of a map state or
// of timers): prefix → the slots holding a row with that prefix. Prefixes live in a KeyTable (one group per prefix),
// each group's slots in a doubly linked list in typed arrays — no object per prefix or row.
import { type Column, grown } from '../arrow/index.js'
import type { DataType } from '../types/data-types.js'
import { KeyTable } from './key-table.js'

const NONE = -1

export class PrefixIndex {
  private readonly prefixes: KeyTable
  /** Per prefix group. */
  private heads = new Int32Array(16).fill(NONE)
  private counts = new Int32Array(16)
  /** Per slot: its prefix group (NONE when not indexed) and neighbours in the group's list. */
  private groupOf = new Int32Array(16).fill(NONE)
  private nexts = new Int32Array(16)
  private prevs = new Int32Array(16)

  constructor(prefixTypes: readonly DataType[]) {
    this.prefixes = new KeyTable(prefixTypes)
  }

  /** Indexes `slots[i]` under row i's prefix, for rows where `only` (if given) is 1; indexed slots are skipped. */
  link(prefix: readonly Column[], slots: ArrayLike<number>, rows: number, only?: Uint8Array): void {
    const groups = new Int32Array(rows)
    this.prefixes.findOrInsert(prefix, rows, groups, (group) => this.newGroup(group))
    for (let i = 0; i < rows; i++) {
      if (only && only[i] !== 1) continue
      const slot = slots[i]!
      this.ensureSlots(slot + 1)
      if (this.groupOf[slot] !== NONE) continue
      const group = groups[i]!
      const head = this.heads[group]!
      this.groupOf[slot] = group
      this.prevs[slot] = NONE
      this.nexts[slot] = head
      if (head !== NONE) this.prevs[head] = slot
      this.heads[group] = slot
      this.counts[group]!++
    }
    // Prefixes found but never linked (every row skipped) must not stay as empty groups.
    for (let i = 0; i < rows; i++) if (this.counts[groups[i]!] === 0) this.prefixes.remove(groups[i]!)
  }

  /** Takes slots out of the index (slots not indexed are ignored). */
  unlink(slots: ArrayLike<number>): void {
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!
      if (slot >= this.groupOf.length) continue
      const group = this.groupOf[slot]!
      if (group === NONE) continue
      const prev = this.prevs[slot]!
      const next = this.nexts[slot]!
      if (prev !== NONE) this.nexts[prev] = next
      else this.heads[group] = next
      if (next !== NONE) this.prevs[next] = prev
      this.groupOf[slot] = NONE
      if (--this.counts[group]! === 0) this.prefixes.remove(group)
    }
  }

  /** Each row's prefix group, or -1 where no slot has the prefix. Valid until the index next changes. */
  find(prefix: readonly Column[], rows: number): Int32Array {
    const groups = new Int32Array(rows)
    this.prefixes.find(prefix, rows, groups)
    return groups
  }

  /** The slots of a prefix group (none for -1), most recently linked first. */
  slotsOf(group: number): Int32Array {
    if (group < 0) return new Int32Array(0)
    const out = new Int32Array(this.counts[group]!)
    let k = 0
    for (let s = this.heads[group]!; s !== NONE; s = this.nexts[s]!) out[k++] = s
    return out
  }

  memoryBytes(): number {
    return this.prefixes.memoryBytes() + this.heads.byteLength * 2 + this.groupOf.byteLength * 3
  }

  private newGroup(group: number): void {
    const size = this.prefixes.capacity
    if (this.heads.length < size) {
      const heads = grown(this.heads, size)
      heads.fill(NONE, this.heads.length)
      this.heads = heads
      this.counts = grown(this.counts, size)
    }
    this.heads[group] = NONE
    this.counts[group] = 0
  }

  private ensureSlots(size: number): void {
    if (this.groupOf.length >= size) return
    const groupOf = grown(this.groupOf, size)
    groupOf.fill(NONE, this.groupOf.length)
    this.groupOf = groupOf
    this.nexts = grown(this.nexts, size)
    this.prevs = grown(this.prevs, size)
  }
}
