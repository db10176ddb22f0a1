// Caches keyed by what data may hold (datetime patterns, format strings, zone ids, regexes) are bounded: the least
// recently used entry goes when one is full, so a million distinct patterns leave the heap where it was.
import { describe, expect, it } from 'vitest'
import { LruCache } from '../../src/common/lru-cache.js'
import { runProgram } from '../support/child-program.js'

const PATTERNS = Number(process.env.PATTERNS ?? 200_000)

describe('bounded caches', () => {
  it('an LruCache keeps its capacity, forgetting the least recently used entry', () => {
    const cache = new LruCache<string, number>(3)
    cache.set('a', 1).set('b', 2).set('c', 3)
    expect(cache.get('a')).toBe(1)
    cache.set('d', 4)
    expect([cache.has('a'), cache.has('b'), cache.has('c'), cache.has('d')]).toEqual([true, false, true, true])
    cache.set('c', 30).set('e', 5)
    expect(cache.size).toBe(3)
    // Setting c made it recent: a, the least recently used, went.
    expect([cache.get('a'), cache.get('c'), cache.get('e'), cache.get('d')]).toEqual([undefined, 30, 5, 4])
  })

  // 200 k keeps `npm test` quick (unbounded, they grew the heap by over 100 MB); PATTERNS=1000000 runs a million.
  it(`${PATTERNS} distinct datetime patterns and format strings leave the heap flat`, async () => {
    const program = runProgram(
      'test/fixtures/cache-growth.ts',
      { PATTERNS: String(PATTERNS) },
      { nodeArgs: ['--expose-gc'] },
    )
    expect(await program.exited()).toBe(0)
    const { warmMb, endMb, patterns } = JSON.parse(program.stdout()) as {
      warmMb: number
      endMb: number
      patterns: number
    }
    expect(patterns).toBe(PATTERNS)
    // Unbounded, the caches held about a kilobyte per pattern: hundreds of megabytes.
    expect(endMb - warmMb).toBeLessThan(16)
  }, 240_000)
})
