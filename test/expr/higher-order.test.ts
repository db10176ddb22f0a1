// Higher-order functions with SQL lambdas: each lambda runs over every element of the batch at once, sees the row's
// columns, nests, and follows Spark's NULL rules. Expected values are Spark's (higher-order-functions.sql.out).
import { describe, expect, it } from 'vitest'
import { newSession } from '../support/session.js'

const spark = newSession()
spark.sql(
  'CREATE OR REPLACE TEMPORARY VIEW nested AS VALUES (1, array(32, 97), array(array(12, 99), array(123, 42), array(1))), ' +
    '(2, array(77, -76), array(array(6, 96, 65), array(-1, -2))), (3, array(12), array(array(17))) AS t(x, ys, zs)',
)
const column = (sql: string) =>
  spark
    .sql(`${sql} ORDER BY x`)
    .collect()
    .map((r) => r.v)

describe('higher-order functions', () => {
  it('transform and filter, with the element index and row columns', () => {
    expect(column('SELECT x, transform(ys, (y, i) -> y + i) AS v FROM nested')).toEqual([[32, 98], [77, -75], [12]])
    expect(column('SELECT x, transform(zs, z -> concat(ys, z)) AS v FROM nested')).toEqual([
      [
        [32, 97, 12, 99],
        [32, 97, 123, 42],
        [32, 97, 1],
      ],
      [
        [77, -76, 6, 96, 65],
        [77, -76, -1, -2],
      ],
      [[12, 17]],
    ])
    expect(column('SELECT x, transform(zs, z -> filter(z, zz -> zz > 50)) AS v FROM nested')).toEqual([
      [[99], [123], []],
      [[96, 65], []],
      [[]],
    ])
  })

  it('aggregate folds in order, with an optional finish', () => {
    expect(column('SELECT x, aggregate(ys, 0, (y, a) -> y + a + x) AS v FROM nested')).toEqual([131, 5, 15])
    expect(
      column('SELECT x, transform(zs, z -> aggregate(z, 1, (acc, val) -> acc * val * size(z))) AS v FROM nested'),
    ).toEqual([[4752, 20664, 1], [1010880, 8], [17]])
    expect(
      spark.sql('SELECT aggregate(cast(null AS array<int>), 0, (a, y) -> a + y + 1, a -> a + 2) AS v').collect(),
    ).toEqual([{ v: null }])
  })

  it('exists is NULL when no element decides and one is NULL', () => {
    const rows = spark
      .sql(
        'SELECT exists(array(1, NULL), y -> y > 5) AS a, exists(array(1, NULL, 9), y -> y > 5) AS b, forall(array(9, NULL), y -> y > 5) AS c',
      )
      .collect()
    expect(rows).toEqual([{ a: null, b: true, c: null }])
  })

  it('zip_with pads the shorter array; map functions see keys and values', () => {
    expect(column('SELECT x, zip_with(ys, zs, (a, b) -> a + size(b)) AS v FROM nested')).toEqual([
      [34, 99, null],
      [80, -74],
      [13],
    ])
    const maps = spark
      .sql(
        'SELECT transform_keys(map(1, 1, 2, 2), (k, v) -> k + v) AS k, transform_values(map(1, 1, 2, 2), (k, v) -> k + v) AS v, map_filter(map(1, 1, 2, 2), (k, v) -> k > 1) AS f',
      )
      .collect()
    expect(maps).toEqual([
      {
        k: new Map([
          [2, 1],
          [4, 2],
        ]),
        v: new Map([
          [1, 2],
          [2, 4],
        ]),
        f: new Map([[2, 2]]),
      },
    ])
  })

  it('rejects a lambda given to an ordinary function', () => {
    expect(() => spark.sql('SELECT upper(x -> x)')).toThrow(
      expect.objectContaining({ errorClass: 'INVALID_LAMBDA_FUNCTION_CALL.NON_HIGHER_ORDER_FUNCTION' }),
    )
  })
})
