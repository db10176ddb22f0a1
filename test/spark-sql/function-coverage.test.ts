// Function coverage: which pyspark.sql.functions names (pyspark-functions.txt, Spark 4.0 line) src/api/functions.ts
// exports as functions. Prints the coverage and the missing names; fails if coverage falls below the recorded floor.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as functions from '../../src/api/functions.js'

/** Raise this as functions are added; coverage must never fall below it. */
const coverageFloor = 431

const listed = readFileSync(join(import.meta.dirname, 'pyspark-functions.txt'), 'utf8')
  .split('\n')
  .filter((line) => !line.startsWith('#'))
  .flatMap((line) => line.split(' '))
  .filter((name) => name !== '')

const exported = new Map(Object.entries(functions))

describe('pyspark.sql.functions coverage', () => {
  it('lists each name once', () => {
    expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([])
  })

  it('exports the listed names as functions', () => {
    const covered = listed.filter((name) => typeof exported.get(name) === 'function')
    const missing = listed.filter((name) => typeof exported.get(name) !== 'function')
    const percent = ((100 * covered.length) / listed.length).toFixed(1)
    console.log(
      `pyspark.sql.functions coverage: ${covered.length}/${listed.length} (${percent}%)\n` +
        `  missing: ${missing.join(' ')}`,
    )
    expect(covered.length).toBeGreaterThanOrEqual(coverageFloor)
  })
})
