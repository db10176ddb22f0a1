// VALUES rejects what ResolveInlineTables rejects. Expected error classes: Spark's golden file inline-table.sql.out.
import { describe, expect, it } from 'vitest'
import { errorClassOf } from '../support/error-class.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const sqlErrorClass = (sql: string) => errorClassOf(() => spark.sql(sql).toArrow())

describe('inline tables', () => {
  it('cannot hold nondeterministic calls or aggregates', () => {
    expect(sqlErrorClass('SELECT * FROM VALUES ("one", rand(5)), ("two", 3.0D) AS data(a, b)')).toBe(
      'INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE',
    )
    expect(sqlErrorClass('SELECT * FROM VALUES ("one", count(1)), ("two", 2) AS data(a, b)')).toBe(
      'INVALID_INLINE_TABLE.CANNOT_EVALUATE_EXPRESSION_IN_INLINE_TABLE',
    )
  })

  it('need as many column names as columns', () => {
    expect(sqlErrorClass('SELECT * FROM VALUES ("one"), ("two") AS data(a, b)')).toBe(
      'INVALID_INLINE_TABLE.NUM_COLUMNS_MISMATCH',
    )
  })

  it('still take constant expressions, current_date() included', () => {
    expect(spark.sql("SELECT * FROM VALUES (1 + 1, upper('a')) AS t(x, y)").collect()).toEqual([{ x: 2, y: 'A' }])
    expect(sqlErrorClass('SELECT * FROM VALUES (current_date()) AS t(d)')).toBe('no error')
  })
})
