// ValueSlots: per-group values kept column by column — stored from rows, copied, compared and read back.
import { describe, expect, it } from 'vitest'
import { stringColumn, stringsOf } from '../../../src/arrow/index.js'
import { ValueSlots } from '../../../src/expr/aggregates/slot-store.js'
import { STRING } from '../../../src/types/data-types.js'

describe('ValueSlots of strings', () => {
  it('keeps each group its latest value through many replacements (arena compaction) and copies', () => {
    const slots = new ValueSlots(STRING)
    slots.grow(4)
    const expected: (string | null)[] = [null, null, null, null]
    let seed = 5
    for (let round = 0; round < 300; round++) {
      const values = Array.from(
        { length: 4 },
        (_, g) => `v${round}-${g}-${'é'.repeat((seed = (seed * 31 + 7) % 97) % 40)}`,
      )
      const column = slots.bind(stringColumn(values))
      for (let g = 0; g < 4; g++) {
        if ((round + g) % 5 === 0) continue
        column.store(g, g)
        expected[g] = values[g]!
      }
      if (round % 7 === 0) {
        slots.copy(3, 0)
        expected[3] = expected[0]!
      }
    }
    expect(stringsOf(slots.column([0, 1, 2, 3]))).toEqual(expected)
    slots.clear(1)
    expect(stringsOf(slots.column([1, 2]))).toEqual([null, expected[2]])
  })

  it('keeps every value when the arena grows with nothing to compact (many groups, each stored once)', () => {
    const slots = new ValueSlots(STRING)
    const groups = 5000
    slots.grow(groups)
    const values = Array.from({ length: groups }, (_, g) => `group ${g} ${'x'.repeat(g % 70)}`)
    const column = slots.bind(stringColumn(values))
    for (let g = 0; g < groups; g++) column.store(g, g)
    // One replacement among many live values: still too little garbage to compact.
    slots.bind(stringColumn(['replaced'])).store(7, 0)
    const all = Array.from({ length: groups }, (_, g) => g)
    expect(stringsOf(slots.column(all))).toEqual(values.map((v, g) => (g === 7 ? 'replaced' : v)))
  })

  it('compares by UTF-8 bytes, a stored value with a row and two groups', () => {
    const slots = new ValueSlots(STRING)
    slots.grow(2)
    const column = slots.bind(stringColumn(['ﬀ', '😀', 'a']))
    column.store(0, 0)
    column.store(1, 1)
    expect(column.compare(0, 1)).toBeLessThan(0)
    expect(column.compare(0, 2)).toBeGreaterThan(0)
    expect(column.compare(1, 1)).toBe(0)
    expect(slots.compareGroups(1, 0)).toBeGreaterThan(0)
  })
})
