// Syntax errors: Spark's ParseException layout, positions on the right line, and human names for what was expected.
import { describe, expect, it } from 'vitest'
import { parseDataType, parseExpression, parseSql, SqlSyntaxError } from '../../grammar/index.js'
import { syntaxError } from '../support/grammar-trees.js'

describe('syntax error messages', () => {
  it("points at the offending token in Spark's layout, saying what was expected", () => {
    const error = syntaxError(() => parseSql('SELECT FROM t'))
    expect(error).toBeInstanceOf(SqlSyntaxError)
    expect(error.message).toBe(
      [
        "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM': expected an expression.(line 1, pos 7)",
        '',
        '== SQL ==',
        'SELECT FROM t',
        '-------^^^',
      ].join('\n'),
    )
    expect(error).toMatchObject({
      errorClass: 'PARSE_SYNTAX_ERROR',
      line: 1,
      column: 8,
      offset: 7,
      offendingToken: 'FROM',
      expected: ['an expression'],
    })
  })

  it('puts the caret under the offending line of a multi-line statement', () => {
    const error = syntaxError(() => parseSql('SELECT a,\n       b\nFROM t\nWHERE a = = 1\nLIMIT 5'))
    expect(error.message).toBe(
      [
        "[PARSE_SYNTAX_ERROR] Syntax error at or near '=': expected an expression.(line 4, pos 10)",
        '',
        '== SQL ==',
        'SELECT a,',
        '       b',
        'FROM t',
        'WHERE a = = 1',
        '----------^^^',
        'LIMIT 5',
      ].join('\n'),
    )
    expect(error).toMatchObject({ line: 4, column: 11, offset: 36 })
  })

  it('reports the end of input after the last token', () => {
    const error = syntaxError(() => parseSql('SELECT a\nFROM t\nWHERE\n'))
    expect(error.message.split('\n')[0]).toBe(
      '[PARSE_SYNTAX_ERROR] Syntax error at or near end of input: expected an expression.(line 3, pos 5)',
    )
    expect(error).toMatchObject({ line: 3, column: 6, offendingToken: '<EOF>' })
  })

  it('names single missing tokens', () => {
    expect(syntaxError(() => parseSql('SELECT (a + 1 FROM t')).message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM': expected ')'.(line 1, pos 14)",
    )
    expect(syntaxError(() => parseSql('SELECT a FROM t GROUP a')).expected).toEqual(['BY'])
    expect(syntaxError(() => parseSql('SELECT CAST x')).expected).toEqual(['('])
    expect(syntaxError(() => parseDataType('map<int>')).expected).toEqual([','])
  })

  it('collapses keyword categories into an identifier, an expression and a query', () => {
    expect(syntaxError(() => parseSql('SELECT a FROM')).message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near end of input: expected an identifier, 'VALUES' or '('.(line 1, pos 13)",
    )
    expect(syntaxError(() => parseSql('SELECT a FROM t WHERE a IN ()')).expected).toEqual(['an expression', 'a query'])
    expect(syntaxError(() => parseSql('SELECT a FROM t LIMIT')).expected).toEqual(['an expression', 'ALL'])
    expect(syntaxError(() => parseSql('SELECT a FROM t GROUP BY')).expected).toEqual(['an expression', 'ALL'])
    expect(syntaxError(() => parseSql('SELECT 1 AS')).expected).toEqual(['an identifier', '('])
  })

  it('points past the tokens an LL(k) decision had already matched', () => {
    const error = syntaxError(() => parseSql('SELECT a FROM t LEFT OUTER x'))
    expect(error).toMatchObject({ offendingToken: 'x', column: 28, expected: ['JOIN'] })
  })

  it('names trailing input without an expected list, as Spark does', () => {
    expect(syntaxError(() => parseSql('SELECT a b c FROM t')).message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'c'.(line 1, pos 11)",
    )
    expect(syntaxError(() => parseExpression('a b')).offendingToken).toBe('b')
  })

  it('reports an empty statement as Spark does', () => {
    const error = syntaxError(() => parseSql('  \n'))
    expect(error.errorClass).toBe('PARSE_EMPTY_STATEMENT')
    expect(error.message.split('\n')[0]).toBe(
      '[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.(line 1, pos 0)',
    )
  })

  it('rejects reserved words as bare aliases and names', () => {
    expect(syntaxError(() => parseSql('SELECT 1 FROM select')).expected).toContain('an identifier')
    expect(syntaxError(() => parseSql('SELECT a FROM t join')).offendingToken).toBe('<EOF>')
  })
})

describe('deep nesting', () => {
  it('parses nesting as deep as real queries go', () => {
    expect(parseExpression(`${'('.repeat(40)}1${')'.repeat(40)}`)).toMatchObject({ kind: 'NumericLiteral' })
    expect(parseExpression(`${'f('.repeat(30)}1${')'.repeat(30)}`)).toMatchObject({ kind: 'FunctionCall' })
  })

  it('reports nesting too deep for the stack at the deepest opening bracket', () => {
    const error = syntaxError(() => parseSql(`SELECT ${'('.repeat(5000)}1${')'.repeat(5000)}`))
    expect(error.message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near '(': the statement is nested too deeply.(line 1, pos 5006)",
    )
  })
})

describe('lexing errors', () => {
  it('reports an unclosed string at its opening quote', () => {
    const error = syntaxError(() => parseSql("SELECT a,\n  'abc FROM t"))
    expect(error.message).toBe(
      [
        "[PARSE_SYNTAX_ERROR] Syntax error at or near ''abc FROM t': unclosed string literal.(line 2, pos 2)",
        '',
        '== SQL ==',
        'SELECT a,',
        "  'abc FROM t",
        '--^^^',
      ].join('\n'),
    )
    expect(error).toMatchObject({ line: 2, column: 3, offset: 12 })
  })

  it('reports unclosed quoted identifiers and comments', () => {
    expect(syntaxError(() => parseSql('SELECT `a FROM t'))).toMatchObject({ column: 8, offendingToken: '`a FROM t' })
    expect(syntaxError(() => parseSql('SELECT 1 /* never closed')).message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near '/* never closed': unclosed bracketed comment.(line 1, pos 9)",
    )
  })

  it('reports a stray character', () => {
    const error = syntaxError(() => parseSql('SELECT a\nFROM t # comment'))
    expect(error.message.split('\n')[0]).toBe("[PARSE_SYNTAX_ERROR] Syntax error at or near '#'.(line 2, pos 7)")
    expect(error).toMatchObject({ line: 2, column: 8, offset: 16, expected: [] })
  })
})
