// The higher-order functions of the TypeScript API take callbacks over Columns, as PySpark's take Python lambdas;
// each gives the same rows as the SQL lambda it stands for.
import { describe, expect, it } from 'vitest'
import {
  aggregate,
  col,
  exists,
  filter,
  forall,
  lit,
  map_filter,
  transform,
  transform_values,
  zip_with,
} from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const df = spark.createDataFrame(
  [
    [1, [1, 2, 3], [10, 20]],
    [2, [], [5]],
  ],
  'k INT, xs ARRAY<INT>, ys ARRAY<INT>',
)

describe('higher-order functions in the DataFrame API', () => {
  it('transform, filter, exists, forall and aggregate take callbacks, reading other columns too', () => {
    const rows = df
      .select(
        col('k'),
        transform('xs', (x) => x.plus(col('k'))).alias('t'),
        transform('xs', (x, i) => x.multiply(i)).alias('ti'),
        filter('xs', (x) => x.gt(1)).alias('f'),
        exists('xs', (x) => x.eq(2)).alias('e'),
        forall('xs', (x) => x.gt(0)).alias('a'),
        aggregate('xs', lit(0), (acc, x) => acc.plus(x)).alias('s'),
        zip_with('xs', 'ys', (x, y) => x.plus(y)).alias('z'),
      )
      .orderBy('k')
      .collect()
    expect(rows).toEqual([
      { k: 1, t: [2, 3, 4], ti: [0, 2, 6], f: [2, 3], e: true, a: true, s: 6, z: [11, 22, null] },
      { k: 2, t: [], ti: [], f: [], e: false, a: true, s: 0, z: [null] },
    ])
  })

  it('map functions see keys and values', () => {
    const maps = spark.sql("SELECT map('a', 1, 'b', 2) AS m")
    expect(
      maps
        .select(
          transform_values('m', (_k, v) => v.multiply(10)).alias('v'),
          map_filter('m', (k) => k.eq('b')).alias('f'),
        )
        .collect(),
    ).toEqual([
      {
        v: new Map([
          ['a', 10],
          ['b', 20],
        ]),
        f: new Map([['b', 2]]),
      },
    ])
  })
})
