// Computing a repeated subexpression once (in one projection, and from a filter to the projection above it) must
// not change any answer: nondeterministic calls are still computed at each occurrence, a CASE branch no row takes
// raises nothing, and the projection reads the filter's results at the rows the filter kept.
import { describe, expect, it } from 'vitest'
import { col, expr, lit, rand, udf, upper, when } from '../../src/index.js'
import { newSession } from '../support/session.js'

const words = () =>
  newSession()
    .createDataFrame([['a'], ['bb'], [null], ['ccc'], ['b'], ['dddd']], 's STRING')
    .repartition(1)

describe('a repeated subexpression', () => {
  it('is computed once per row when deterministic', () => {
    let calls = 0
    const shout = udf((s: string) => {
      calls++
      return `${s.toUpperCase()}!`
    })
    const rows = words()
      .filter(shout(col('s')).neq('B!'))
      .select(
        shout(col('s')).alias('x'),
        when(shout(col('s')).eq('A!'), 1)
          .otherwise(2)
          .alias('y'),
      )
      .collect()
    expect(rows).toEqual([
      { x: 'A!', y: 1 },
      { x: 'BB!', y: 2 },
      { x: 'CCC!', y: 2 },
      { x: 'DDDD!', y: 2 },
    ])
    // Once for each non-null input row (a null argument gives null without a call), in the filter only.
    expect(calls).toBe(5)
  })

  it('is computed once per row when the filter keeps every row', () => {
    let calls = 0
    const twice = udf((n: number) => {
      calls++
      return n * 2
    }, 'int')
    const rows = newSession()
      .createDataFrame([[1], [2], [3]], 'n INT')
      .filter(twice(col('n')).gt(0))
      .select(twice(col('n')).plus(1).alias('m'))
      .collect()
    expect(rows).toEqual([{ m: 3 }, { m: 5 }, { m: 7 }])
    expect(calls).toBe(3)
  })

  it('is computed at each occurrence when nondeterministic (uuid, a nondeterministic UDF)', () => {
    const rows = words().select(expr('uuid()').alias('a'), expr('uuid()').alias('b')).collect()
    for (const { a, b } of rows) expect(a).not.toBe(b)
    let calls = 0
    const counter = udf(() => ++calls, 'int').asNondeterministic()
    const counted = words().select(counter().alias('a'), counter().alias('b')).collect()
    // Two calls per row, two values per row (the order of the calls is the engine's: a column at a time).
    expect(calls).toBe(12)
    for (const { a, b } of counted) expect(a).not.toBe(b)
  })

  it('seeded rand in a filter and in the projection above it: each draws its own sequence over its own rows', () => {
    // Spark restarts rand(seed) per partition, over the rows each operator sees: the projection's values are the
    // first values of the sequence, not the filter's values at the kept rows.
    const spark = newSession()
    const kept = spark
      .range(40)
      .repartition(1)
      .filter(rand(7).lt(0.5))
      .select(rand(7).alias('r'))
      .collect()
      .map((row) => row.r)
    expect(kept.length).toBeGreaterThan(0)
    const first = spark
      .range(kept.length)
      .repartition(1)
      .select(rand(7).alias('r'))
      .collect()
      .map((row) => row.r)
    expect(kept).toEqual(first)
  })

  it('in a CASE branch no row takes raises nothing; a branch one row takes does', () => {
    const spark = newSession()
    const sql = (n: number) => `SELECT CASE WHEN id > 100 THEN raise_error('boom') ELSE id END AS c FROM range(${n})`
    expect(
      spark
        .sql(sql(3))
        .collect()
        .map((row) => row.c),
    ).toEqual([0, 1, 2])
    expect(() => spark.sql(sql(102)).collect()).toThrow('boom')
  })

  it('read from the filter below gives the kept rows’ values (strings, decimals, nulls)', () => {
    const df = newSession().createDataFrame(
      [
        ['x', 2000000],
        [null, 3000000],
        ['yy', 10],
        ['zzz', 60000000],
        ['w', 1200000],
      ],
      's STRING, price BIGINT',
    )
    const euros = lit(0.908).cast('decimal(3,3)').multiply(col('price'))
    const rows = df
      .filter(
        euros
          .gt(1000000)
          .and(euros.lt(50000000))
          .and(upper(col('s')).neq('W')),
      )
      .select(euros.cast('string').alias('e'), upper(col('s')).alias('u'))
      .collect()
    expect(rows).toEqual([{ e: '1816000.000', u: 'X' }])
    const withNull = df
      .filter(euros.gt(1000000).and(euros.lt(50000000)))
      .select(euros.cast('string').alias('e'), upper(col('s')).alias('u'))
      .collect()
    expect(withNull).toEqual([
      { e: '1816000.000', u: 'X' },
      { e: '2724000.000', u: null },
      { e: '1089600.000', u: 'W' },
    ])
  })
})
