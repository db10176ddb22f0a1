// Window alignment arithmetic: the start of the slide holding a time, exact over the whole µs range.
import { describe, expect, it } from 'vitest'
import { slideStart } from '../../../src/expr/functions/windows.js'

/** The exact answer, with BigInt (tests only). */
function exact(t: number, slide: number, offset: number): number {
  const d = BigInt(t) - BigInt(offset)
  const s = BigInt(slide)
  const mod = ((d % s) + s) % s
  return Number(d - mod + BigInt(offset))
}

describe('slideStart', () => {
  it('is the largest offset + k·slide at or below t, for negative times and offsets too', () => {
    expect(slideStart(25, 10, 0)).toBe(20)
    expect(slideStart(20, 10, 0)).toBe(20)
    expect(slideStart(-1, 10, 0)).toBe(-10)
    expect(slideStart(7, 10, 3)).toBe(3)
    expect(slideStart(2, 10, 3)).toBe(-7)
    expect(slideStart(2, 10, -3)).toBe(-3)
  })

  it('matches exact integer arithmetic on random times up to 2^53', () => {
    let seed = 11
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) | 0
      return (seed >>> 0) / 2 ** 32
    }
    for (let i = 0; i < 20_000; i++) {
      const t = Math.floor((next() * 2 - 1) * 2 ** 53)
      const slide = 1 + Math.floor(next() * 10 ** (1 + Math.floor(next() * 9)))
      const offset = Math.floor((next() * 2 - 1) * (slide - 1))
      expect(slideStart(t, slide, offset)).toBe(exact(t, slide, offset))
    }
  })
})
