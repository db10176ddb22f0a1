// array_sort, map_zip_with, sequence, shuffle and the generators inline, inline_outer and stack, against the
// examples in Spark's function documentation and Spark's golden higher-order-functions results.
import { describe, expect, it } from 'vitest'
import { MersenneTwister } from '../../../src/expr/functions/mersenne-twister.js'
import {
  array,
  array_sort,
  col,
  create_map,
  inline,
  inline_outer,
  lit,
  map_zip_with,
  sequence,
  shuffle,
  stack,
  struct,
  when,
} from '../../../src/index.js'
import { errorClassOf } from '../../support/error-class.js'
import { nameOf, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const sql = (text: string) => spark.sql(text).collect()
const first = (text: string) => sql(text)[0]!

describe('array_sort', () => {
  it('sorts ascending with NULLs last without a comparator (Spark docs)', () => {
    expect(first("SELECT array_sort(array('b', 'd', null, 'c', 'a')) a").a).toEqual(['a', 'b', 'c', 'd', null])
  })

  it('sorts by a comparator lambda (Spark docs)', () => {
    expect(
      first('SELECT array_sort(array(5, 6, 1), (l, r) -> case when l < r then -1 when l > r then 1 else 0 end) a').a,
    ).toEqual([1, 5, 6])
    expect(
      first(
        "SELECT array_sort(array('bc', 'ab', 'dc'), (l, r) -> case when l is null and r is null then 0 when l is null then -1 when r is null then 1 when l < r then 1 when l > r then -1 else 0 end) a",
      ).a,
    ).toEqual(['dc', 'bc', 'ab'])
  })

  it('keeps the order a constant comparator leaves (golden: array_sort(array(3, 1, 2), 1))', () => {
    expect(first('select array_sort(array(3, 1, 2), 1) as array_sort_int_literal')).toEqual({
      array_sort_int_literal: [3, 1, 2],
    })
    expect(errorClassOf(() => spark.sql("select array_sort(array(3, 1, 2), map('compare', 0))"))).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_RETURN_TYPE',
    )
  })

  it('fails when the comparator returns NULL', () => {
    expect(errorClassOf(() => sql('SELECT array_sort(array(3, 1, 2), (l, r) -> CAST(NULL AS INT))'))).toBe(
      'COMPARATOR_RETURNS_NULL',
    )
  })

  it('takes a TypeScript comparator over rows of arrays', () => {
    const df = spark.createDataFrame([{ a: [3, 1, 2] }, { a: null }, { a: [] }], 'a ARRAY<INT>')
    const descending = array_sort('a', (l, r) => when(l.lt(r), 1).when(l.gt(r), -1).otherwise(0))
    expect(valuesOf(df, descending)).toEqual([[3, 2, 1], null, []])
    expect(valuesOf(df, array_sort('a'))).toEqual([[1, 2, 3], null, []])
    expect(typeOf(df, array_sort('a'))).toBe('array<int>')
  })
})

describe('map_zip_with', () => {
  it('merges two maps key by key (Spark docs)', () => {
    expect(
      first("SELECT map_zip_with(map(1, 'a', 2, 'b'), map(1, 'x', 2, 'y'), (k, v1, v2) -> concat(v1, v2)) m").m,
    ).toEqual(
      new Map([
        [1, 'ax'],
        [2, 'by'],
      ]),
    )
    expect(
      first(
        "SELECT map_zip_with(map('a', 1, 'b', 2), map('b', 3, 'c', 4), (k, v1, v2) -> coalesce(v1, 0) + coalesce(v2, 0)) m",
      ).m,
    ).toEqual(
      new Map([
        ['a', 1],
        ['b', 5],
        ['c', 4],
      ]),
    )
  })

  it('is exported with a three-parameter callback', () => {
    const df = spark.range(1)
    const merged = map_zip_with(create_map(lit(1), lit(10)), create_map(lit(2), lit(20)), (_k, v1, v2) =>
      v1.isNull().cast('int').plus(v2.isNull().cast('int')),
    )
    expect(valuesOf(df, merged)).toEqual([
      new Map([
        [1, 1],
        [2, 1],
      ]),
    ])
  })
})

describe('sequence', () => {
  it('counts up or down by one, or by a step (Spark docs)', () => {
    expect(first('SELECT sequence(1, 5) a, sequence(5, 1) b, sequence(1, 10, 3) c')).toEqual({
      a: [1, 2, 3, 4, 5],
      b: [5, 4, 3, 2, 1],
      c: [1, 4, 7, 10],
    })
  })

  it('steps dates by a month interval (Spark docs)', () => {
    const months = [new Date('2018-01-01'), new Date('2018-02-01'), new Date('2018-03-01')]
    expect(first("SELECT sequence(to_date('2018-01-01'), to_date('2018-03-01'), interval 1 month) a").a).toEqual(months)
    expect(
      first("SELECT sequence(to_date('2018-01-01'), to_date('2018-03-01'), interval '0-1' year to month) a").a,
    ).toEqual(months)
    expect(first("SELECT sequence(to_date('2018-01-03'), to_date('2018-01-01')) a").a).toEqual([
      new Date('2018-01-03'),
      new Date('2018-01-02'),
      new Date('2018-01-01'),
    ])
  })

  it('refuses a step going the wrong way', () => {
    expect(() => sql('SELECT sequence(1, 5, -1)')).toThrow('Illegal sequence boundaries: 1 to 5 by -1')
    expect(() => sql('SELECT sequence(-2147483648, 2147483647, 1)')).toThrow(
      "[COLLECTION_SIZE_LIMIT_EXCEEDED.PARAMETER] Can't create array with 4294967296 elements which exceeding the array size limit 2147483632, the value of parameter(s) `count` in the function `sequence` is invalid.",
    )
  })

  it('is exported and typed as the wider bound type', () => {
    const df = spark.createDataFrame([{ a: 1, b: 3 }], 'a INT, b BIGINT')
    expect(valuesOf(df, sequence('a', 'b'))).toEqual([[1, 2, 3]])
    expect(typeOf(df, sequence('a', 'b'))).toBe('array<bigint>')
    expect(nameOf(df, sequence('a', 'b'))).toBe('sequence(a, b)')
  })
})

describe('shuffle', () => {
  it('draws from MT19937 as Commons Math does (the reference init_by_array test vector)', () => {
    const mt = new MersenneTwister([0x123, 0x234, 0x345, 0x456])
    expect([0, 1, 2, 3, 4].map(() => mt.next(32))).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476])
  })

  it('is Spark’s inside-out Fisher-Yates shuffle of the seed’s MT19937 draws', () => {
    // With seed 0: j = nextInt(1), nextInt(2), nextInt(3), ... placing index i at j (RandomIndicesGenerator).
    const mt = new MersenneTwister(0)
    const indices: number[] = []
    for (let i = 0; i < 4; i++) {
      const j = mt.nextInt(i + 1)
      if (j !== i) indices[i] = indices[j]!
      indices[j] = i
    }
    const source = [10, 20, 30, 40]
    expect(first('SELECT shuffle(array(10, 20, 30, 40), 0) s').s).toEqual(indices.map((k) => source[k]))
  })

  it('permutes each array, the same way for the same seed', () => {
    const df = spark.createDataFrame([{ a: [1, 20, 3, 5] }, { a: null }], 'a ARRAY<INT>')
    const [shuffled, missing] = valuesOf(df, shuffle('a', 7)) as [number[], null]
    expect([...shuffled].sort((x, y) => x - y)).toEqual([1, 3, 5, 20])
    expect(missing).toBeNull()
    expect(valuesOf(df, shuffle('a', 7))).toEqual(valuesOf(df, shuffle('a', 7)))
    expect(typeOf(df, shuffle(col('a')))).toBe('array<int>')
  })
})

describe('inline, inline_outer and stack', () => {
  it('inline makes one row per struct, one column per field (Spark docs)', () => {
    const df = spark.sql("SELECT inline(array(struct(1, 'a'), struct(2, 'b')))")
    expect(df.columns).toEqual(['col1', 'col2'])
    expect(df.collect()).toEqual([
      { col1: 1, col2: 'a' },
      { col1: 2, col2: 'b' },
    ])
  })

  it('inline_outer keeps a row of NULLs for a NULL array, inline drops it', () => {
    const df = spark.createDataFrame(
      [
        { id: 1, xs: [{ a: 1, b: 'x' }, null] },
        { id: 2, xs: null },
      ],
      'id INT, xs ARRAY<STRUCT<a: INT, b: STRING>>',
    )
    expect(df.select('id', inline('xs')).collect()).toEqual([
      { id: 1, a: 1, b: 'x' },
      { id: 1, a: null, b: null },
    ])
    expect(df.select('id', inline_outer('xs')).collect()).toEqual([
      { id: 1, a: 1, b: 'x' },
      { id: 1, a: null, b: null },
      { id: 2, a: null, b: null },
    ])
  })

  it('stack spreads values over n rows, padding with NULL (Spark docs)', () => {
    const df = spark.sql('SELECT stack(2, 1, 2, 3)')
    expect(df.columns).toEqual(['col0', 'col1'])
    expect(df.collect()).toEqual([
      { col0: 1, col1: 2 },
      { col0: 3, col1: null },
    ])
    const wide = spark.createDataFrame([{ a: 1, b: 2, c: 3 }], 'a INT, b INT, c INT')
    expect(wide.select(stack(3, 'a', 'b', 'c')).collect()).toEqual([{ col0: 1 }, { col0: 2 }, { col0: 3 }])
  })

  it('stack refuses a column whose values differ in type', () => {
    expect(errorClassOf(() => spark.sql("SELECT stack(2, 1, 'a', 'b', 2)"))).toBe(
      'DATATYPE_MISMATCH.STACK_COLUMN_DIFF_TYPES',
    )
  })

  it('builds arrays of structs from the API', () => {
    const df = spark.range(1).select(inline(array(struct(lit(1).alias('x')), struct(lit(2).alias('x')))))
    expect(df.collect()).toEqual([{ x: 1 }, { x: 2 }])
  })
})
