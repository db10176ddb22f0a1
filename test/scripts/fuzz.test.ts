// A short seeded run of `npm run fuzz`: SQL statements, JSON/CSV lines and damaged checkpoints give a correct
// result or a typed Rivulet error — never a TypeError, a RangeError, a wrong answer or a hang.
import { describe, expect, it } from 'vitest'
import { checkpointTarget } from '../../scripts/fuzz/checkpoint-target.js'
import { fuzz, isTypedError } from '../../scripts/fuzz/fuzz-case.js'
import { readerTarget } from '../../scripts/fuzz/reader-target.js'
import { sqlTarget } from '../../scripts/fuzz/sql-target.js'

const SEED = 20261207

describe('fuzzing (short run)', () => {
  it('SQL: 150 mutated, random and oversized statements bind or fail typed', async () => {
    const stats = await fuzz(sqlTarget(), SEED, { count: 150 })
    expect(stats.findings).toEqual([])
    // The inputs reached both outcomes: some bound, some failed typed.
    expect(stats.typedErrors).toBeGreaterThan(0)
    expect(stats.typedErrors).toBeLessThan(150)
  }, 120_000)

  it('readers: 300 files of random JSON and CSV lines read or fail typed, plain records read exactly', async () => {
    const stats = await fuzz(readerTarget(), SEED, { count: 300 })
    expect(stats.findings).toEqual([])
    expect(stats.typedErrors).toBeGreaterThan(0)
  }, 120_000)

  it('checkpoints: state metadata replaced by JSON null is refused typed (a TypeError before; seed 1, input 151)', async () => {
    const target = checkpointTarget()
    const failure = await Promise.resolve(
      target.execute({ which: 0.9527115696109831, damage: 'junk', at: 0.35 }),
    ).catch((e: unknown) => e)
    expect(isTypedError(failure)).toBe(true)
    expect(String((failure as Error).message)).toContain('_metadata')
  }, 60_000)

  it('checkpoints: 12 damaged checkpoints fail typed or resume exactly once', async () => {
    const stats = await fuzz(checkpointTarget(), SEED, { count: 12 })
    expect(stats.findings).toEqual([])
  }, 120_000)
})
