// SlotChanges lists each slot a batch upserts once, in first-touch order — a slot freed and recycled within the
// batch too — across page boundaries, one by one or a batch of slots at once, and forgets them all when the next
// batch begins.
import { describe, expect, it } from 'vitest'
import { SlotChanges } from '../../src/state/slot-changes.js'
import { PAGE_SLOTS } from '../../src/state/slot-pages.js'

describe('SlotChanges', () => {
  it('lists each touched slot once, in first-touch order, on both sides of a page boundary', () => {
    const changes = new SlotChanges()
    const slots = [PAGE_SLOTS + 3, 5, PAGE_SLOTS - 1, PAGE_SLOTS, 5, PAGE_SLOTS + 3]
    changes.created(PAGE_SLOTS + 3)
    for (const slot of slots) changes.touch(slot)
    expect([...changes.touched]).toEqual([PAGE_SLOTS + 3, 5, PAGE_SLOTS - 1, PAGE_SLOTS])
  })

  it('lists a slot recycled within the batch once (its last holder is the upsert)', () => {
    const changes = new SlotChanges()
    changes.created(0)
    changes.touch(0)
    changes.created(1)
    changes.touch(1)
    // Slot 0 freed and made again for another row in the same batch.
    changes.created(0)
    changes.touch(0)
    expect([...changes.touched]).toEqual([0, 1])
  })

  it('starts each batch with nothing listed, and lists slots touched again', () => {
    const changes = new SlotChanges()
    changes.created(2 * PAGE_SLOTS)
    changes.touch(7)
    changes.touch(2 * PAGE_SLOTS)
    changes.reset()
    expect([...changes.touched]).toEqual([])
    changes.touch(2 * PAGE_SLOTS)
    changes.touch(7)
    expect([...changes.touched]).toEqual([2 * PAGE_SLOTS, 7])
  })
  it('touches a batch of slots at once as one by one: repeats listed once, after slots touched before, list grown', () => {
    const changes = new SlotChanges()
    changes.created(PAGE_SLOTS + 200)
    changes.touch(9)
    // More slots than the list first holds, most repeated, some on the next page.
    const slots = Int32Array.from({ length: 600 }, (_, i) =>
      i % 3 === 0 ? 9 : i % 7 === 0 ? PAGE_SLOTS + (i % 200) : i >> 1,
    )
    const expected = [9]
    for (const slot of slots) if (!expected.includes(slot)) expected.push(slot)
    changes.touchAll(slots, slots.length - 1)
    changes.touchAll(slots.subarray(slots.length - 1), 1)
    expect([...changes.touched]).toEqual(expected)
    changes.reset()
    changes.touchAll(Int32Array.of(4, 4, 9, 4), 3)
    expect([...changes.touched]).toEqual([4, 9])
  })
})
