// Grouping by values that hold maps: two maps are one group exactly when they hold the same entries (Spark 4 sorts a
// map grouping key's entries, so their order does not count); distinct maps never merge.
import { describe, expect, it } from 'vitest'
import { newSession } from '../support/session.js'

const spark = newSession()

describe('GROUP BY map keys', () => {
  it('keeps distinct maps apart', () => {
    const df = spark.sql(
      "SELECT m['k'] AS k, count(*) AS n FROM VALUES (map('k', 1)), (map('k', 2)), (map('k', 1)) AS t(m) " +
        'GROUP BY m ORDER BY k',
    )
    expect(df.collect()).toEqual([
      { k: 1, n: 2 },
      { k: 2, n: 1 },
    ])
  })

  it('treats maps with the same entries in another order as one group', () => {
    const df = spark.sql(
      "SELECT count(*) AS n FROM VALUES (map('a', 1, 'b', 2)), (map('b', 2, 'a', 1)), (map('a', 2, 'b', 1)) AS t(m) " +
        'GROUP BY m ORDER BY n',
    )
    expect(df.collect()).toEqual([{ n: 1 }, { n: 2 }])
  })

  it('keeps maps apart inside arrays and structs, and in DISTINCT', () => {
    const rows = "VALUES (array(map('x', 1))), (array(map('x', 2))), (array(map('x', 1))) AS t(a)"
    expect(spark.sql(`SELECT count(*) AS n FROM ${rows} GROUP BY a ORDER BY n`).collect()).toEqual([{ n: 1 }, { n: 2 }])
    expect(spark.sql(`SELECT count(*) AS n FROM (SELECT DISTINCT a FROM ${rows})`).collect()).toEqual([{ n: 2 }])
  })
})
