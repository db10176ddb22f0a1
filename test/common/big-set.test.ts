// BigSet and BigMap keep Set/Map semantics past one inner collection's capacity (V8's 2^24; 3 here).
import { describe, expect, it } from 'vitest'
import { BigMap, BigSet } from '../../src/common/big-set.js'

describe('BigSet', () => {
  it('adds each key once across its inner sets', () => {
    const set = new BigSet<number>(3)
    const added = [1, 2, 3, 4, 5, 1, 4, 6, 7, 3].map((k) => set.tryAdd(k))
    expect(added).toEqual([true, true, true, true, true, false, false, true, true, false])
    expect(set.size).toBe(7)
    expect([1, 4, 7].map((k) => set.has(k))).toEqual([true, true, true])
    expect(set.has(8)).toBe(false)
  })

  it('is empty after clear', () => {
    const set = new BigSet<string>(2)
    for (const k of ['a', 'b', 'c', 'd']) set.tryAdd(k)
    set.clear()
    expect(set.size).toBe(0)
    expect(set.has('c')).toBe(false)
    expect(set.tryAdd('c')).toBe(true)
  })
})

describe('BigMap', () => {
  it('gets, overwrites and lists values across its inner maps', () => {
    const map = new BigMap<string, number>(2)
    for (const [k, v] of [
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', 4],
      ['e', 5],
    ] as const)
      map.set(k, v)
    map.set('a', 10).set('d', 40)
    expect(map.size).toBe(5)
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((k) => map.get(k))).toEqual([10, 2, 3, 40, 5, undefined])
    expect([...map.values()].sort((x, y) => x - y)).toEqual([2, 3, 5, 10, 40])
    map.clear()
    expect(map.get('a')).toBeUndefined()
    expect(map.size).toBe(0)
  })
})
