// INTERSECT and EXCEPT, DISTINCT and ALL, in SQL and the DataFrame API: rows compared on every column with NULLs
// equal; ALL keeps min(left, right) copies (INTERSECT) or left - right copies (EXCEPT). Streams follow Spark's rules.
import { describe, expect, it } from 'vitest'
import { AnalysisException, MemoryStream } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { sortRows } from '../support/sort-rows.js'

const spark = newSession()
spark.sql(
  "CREATE OR REPLACE TEMPORARY VIEW l AS SELECT * FROM VALUES (1, 'a'), (1, 'a'), (1, 'a'), (2, NULL), (3, 'c') AS l(k, v)",
)
spark.sql("CREATE OR REPLACE TEMPORARY VIEW r AS SELECT * FROM VALUES (1, 'a'), (2, NULL), (4, 'd') AS r(x, y)")
const rows = (sql: string) => sortRows(spark.sql(sql).collect())

describe('INTERSECT and EXCEPT', () => {
  it('DISTINCT forms compare NULLs as equal and keep the left names', () => {
    expect(rows('SELECT * FROM l INTERSECT SELECT * FROM r')).toEqual(
      sortRows([
        { k: 1, v: 'a' },
        { k: 2, v: null },
      ]),
    )
    expect(rows('SELECT * FROM l EXCEPT SELECT * FROM r')).toEqual([{ k: 3, v: 'c' }])
  })

  it('ALL forms count copies', () => {
    const twice = "SELECT * FROM r UNION ALL SELECT 1, 'a'"
    // left has (1,a) three times, right twice
    expect(rows(`SELECT * FROM l INTERSECT ALL (${twice})`)).toEqual(
      sortRows([
        { k: 1, v: 'a' },
        { k: 1, v: 'a' },
        { k: 2, v: null },
      ]),
    )
    expect(rows(`SELECT * FROM l EXCEPT ALL (${twice})`)).toEqual(
      sortRows([
        { k: 1, v: 'a' },
        { k: 3, v: 'c' },
      ]),
    )
  })

  it('are DataFrame methods too', () => {
    const l = spark.table('l')
    const r = spark.table('r')
    expect(sortRows(l.intersect(r).collect())).toEqual(rows('SELECT * FROM l INTERSECT SELECT * FROM r'))
    expect(l.subtract(r).collect()).toEqual([{ k: 3, v: 'c' }])
    expect(l.exceptAll(r).count()).toBe(3)
    expect(l.intersectAll(r).count()).toBe(2)
  })

  it('reject inputs of different widths', () => {
    expect(() => spark.sql('SELECT k FROM l EXCEPT SELECT * FROM r')).toThrow(
      expect.objectContaining({ errorClass: 'NUM_COLUMNS_MISMATCH' }),
    )
  })

  it('follow Spark streaming rules', () => {
    const stream = new MemoryStream(spark, 'k INT, v STRING').toDF()
    const table = spark.table('l')
    expect(() => stream.intersect(table)).toThrow(AnalysisException)
    expect(() => stream.intersect(table)).toThrow('Intersect of streaming DataFrames/Datasets is not supported')
    expect(() => table.subtract(stream)).toThrow(
      'Except on a streaming DataFrame/Dataset on the right is not supported',
    )
  })
})
