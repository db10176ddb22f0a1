// rand and randn reproduce Spark's XORShiftRandom sequences (docs: rand(0) = 0.7604953758285915 on partition 0, also
// in group-by.sql.out; randn(0) = 1.6034991609278433).
import { describe, expect, it } from 'vitest'
import { XorShiftRandom } from '../../../src/expr/functions/random.js'
import { rand, randn } from '../../../src/index.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const rows = spark.createDataFrame([{ x: 1 }, { x: 2 }, { x: 3 }], 'x INT')

describe('random functions', () => {
  it('rand(seed) and randn(seed) are Spark’s sequences', () => {
    expect(valuesOf(rows, rand(0))[0]).toBe(0.7604953758285915)
    expect(valuesOf(rows, randn(0))[0]).toBe(1.6034991609278433)
    const generator = new XorShiftRandom(0)
    expect(valuesOf(rows, rand(0))).toEqual([generator.nextDouble(), generator.nextDouble(), generator.nextDouble()])
  })

  it('without a seed, one is chosen at analysis and printed in the column name', () => {
    const df = rows.select(rand())
    expect(df.columns[0]).toMatch(/^rand\(-?\d+\)$/)
    for (const value of valuesOf(rows, rand())) expect(value).toBeGreaterThanOrEqual(0)
    expect(spark.sql('SELECT rand(null) r').collect()[0]).toEqual({ r: 0.7604953758285915 })
  })
})

describe('uuid', () => {
  it('gives a version-4 UUID string of 36 characters per row, different on every row (string-functions.sql.out)', () => {
    const rows = spark.sql('SELECT uuid() u, length(uuid()) n FROM range(50)').collect()
    for (const row of rows) {
      expect(row.n).toBe(36)
      expect(row.u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
    }
    expect(new Set(rows.map((row) => row.u)).size).toBe(50)
  })
})
