// Statements other than queries, trailing semicolons, source locations, and the grammar's own consistency.
import { describe, expect, it } from 'vitest'
import { parseNamedExpression, parseSql } from '../../grammar/index.js'
import { SqlParser } from '../../grammar/parser.js'
import { int, item, query, select, sql, syntaxError } from '../support/grammar-trees.js'

const selectOne = query(select({ items: [item(int('1'))] }))

describe('statements', () => {
  it('reads SHOW TABLES', () => {
    expect(sql('SHOW TABLES')).toEqual({ kind: 'ShowTables' })
    expect(sql("SHOW TABLES IN db LIKE 'ev*'")).toEqual({ kind: 'ShowTables', namespace: ['db'], pattern: 'ev*' })
    expect(sql("show tables from db 'x'")).toEqual({ kind: 'ShowTables', namespace: ['db'], pattern: 'x' })
  })

  it('reads DESCRIBE of tables', () => {
    expect(sql('DESCRIBE t')).toEqual({ kind: 'DescribeTable', name: ['t'], extended: false })
    expect(sql('DESC TABLE EXTENDED db.t')).toEqual({ kind: 'DescribeTable', name: ['db', 't'], extended: true })
    expect(sql('DESC FORMATTED t')).toEqual({ kind: 'DescribeTable', name: ['t'], extended: true })
    expect(sql('DESCRIBE table')).toEqual({ kind: 'DescribeTable', name: ['table'], extended: false })
    expect(sql('DESCRIBE query')).toEqual({ kind: 'DescribeTable', name: ['query'], extended: false })
  })

  it('reads DESCRIBE of queries', () => {
    expect(sql('DESCRIBE QUERY SELECT 1')).toEqual({ kind: 'DescribeQuery', query: selectOne })
    expect(sql('DESC SELECT 1')).toEqual({ kind: 'DescribeQuery', query: selectOne })
  })

  it('reads EXPLAIN with every mode', () => {
    expect(sql('EXPLAIN SELECT 1')).toEqual({ kind: 'Explain', mode: 'simple', statement: selectOne })
    for (const mode of ['extended', 'formatted', 'codegen', 'cost', 'logical']) {
      expect(sql(`EXPLAIN ${mode.toUpperCase()} SELECT 1`)).toEqual({ kind: 'Explain', mode, statement: selectOne })
    }
    expect(sql('EXPLAIN SHOW TABLES')).toEqual({ kind: 'Explain', mode: 'simple', statement: { kind: 'ShowTables' } })
  })

  it('reads CREATE … VIEW', () => {
    expect(sql('CREATE OR REPLACE GLOBAL TEMPORARY VIEW v AS SELECT 1')).toEqual({
      kind: 'CreateView',
      name: ['v'],
      orReplace: true,
      global: true,
      temporary: true,
      ifNotExists: false,
      columns: [],
      query: selectOne,
    })
    expect(sql('CREATE TEMP VIEW IF NOT EXISTS db.v (a) AS SELECT 1')).toMatchObject({
      name: ['db', 'v'],
      temporary: true,
      ifNotExists: true,
      columns: ['a'],
    })
    expect(sql('CREATE VIEW v AS SELECT 1')).toMatchObject({ temporary: false })
  })

  it('accepts trailing semicolons, but not a second statement', () => {
    expect(sql('SELECT 1;')).toEqual(selectOne)
    expect(sql('SELECT 1 ; ;')).toEqual(selectOne)
    expect(syntaxError(() => parseSql('SELECT 1; SELECT 2')).offendingToken).toBe('SELECT')
    expect(syntaxError(() => parseNamedExpression('a;')).offendingToken).toBe(';')
  })

  it('skips line and block comments, nested ones included', () => {
    expect(sql('SELECT /* a /* nested */ comment */ 1 -- trailing\n')).toEqual(selectOne)
  })
})

describe('source locations', () => {
  const text = 'SELECT a + 1 AS b,\n       f(x)\nFROM db.t'
  const selectOf = (sqlText: string) => {
    const statement = parseSql(sqlText)
    if (statement.kind !== 'Query' || statement.body.kind !== 'Select') throw new Error('not a SELECT')
    return statement.body
  }
  const body = selectOf(text)
  const [first, second] = body.items
  const slice = (loc: { offset: number; endOffset: number } | undefined) => text.slice(loc?.offset, loc?.endOffset)

  it('gives 1-based lines and columns and a half-open character range', () => {
    expect(first?.loc).toEqual({ line: 1, column: 8, offset: 7, endOffset: 17 })
    expect(first?.expr.loc).toEqual({ line: 1, column: 8, offset: 7, endOffset: 12 })
    expect(slice(first?.loc)).toBe('a + 1 AS b')
  })

  it('tracks lines', () => {
    expect(second?.expr.loc).toMatchObject({ line: 2, column: 8 })
    expect(slice(second?.expr.loc)).toBe('f(x)')
    expect(body.from[0]?.loc).toMatchObject({ line: 3, column: 6 })
    expect(slice(body.from[0]?.loc)).toBe('db.t')
  })

  it('spans operators and predicates over their operands, parentheses included', () => {
    expect(selectOf('SELECT 1 FROM t WHERE (a) IS NULL').where?.loc).toMatchObject({ offset: 22, endOffset: 33 })
  })

  it('spans a parenthesised query over its parentheses', () => {
    expect(parseSql('((SELECT 1)) ').loc).toEqual({ line: 1, column: 1, offset: 0, endOffset: 12 })
  })
})

describe('the grammar', () => {
  it('passes Chevrotain’s checks for ambiguities and left recursion', () => {
    expect(() => new SqlParser({ validate: true })).not.toThrow()
  })
})
