// The shell's own statements as it reads them (splitting input at `;`, SET, RESET, CREATE TEMPORARY VIEW … USING,
// INSERT INTO, SHOW QUERIES, STOP QUERY), Spark's syntax error with a caret for malformed ones, and Tab completion.
import { describe, expect, it } from 'vitest'
import { ParseException } from '../../src/common/errors.js'
import { parseShellStatement } from '../../src/shell/shell-statements.js'
import { completeSql } from '../../src/shell/sql-completer.js'
import { splitStatements } from '../../src/shell/statement-splitter.js'

describe('splitStatements', () => {
  it('splits at semicolons outside strings, quoted names and comments, keeping the unfinished rest', () => {
    const text = "SELECT ';' AS a; SELECT `x;y` -- c;\nFROM t; /* ; */ SELECT\n 1"
    expect(splitStatements(text)).toEqual({
      statements: ["SELECT ';' AS a", ' SELECT `x;y` -- c;\nFROM t'],
      rest: ' /* ; */ SELECT\n 1',
    })
  })

  it('drops statements that are only blanks and comments', () => {
    expect(splitStatements(';; -- nothing\n;').statements).toEqual([])
  })
})

describe('parseShellStatement', () => {
  it('reads SET in its forms', () => {
    expect(parseShellStatement('SET')).toEqual({ kind: 'Set' })
    expect(parseShellStatement('set spark.sql.shuffle.partitions')).toEqual({
      kind: 'Set',
      key: 'spark.sql.shuffle.partitions',
    })
    expect(parseShellStatement("SET 'sql-client.execution.result-mode' = 'tableau'")).toEqual({
      kind: 'Set',
      key: 'sql-client.execution.result-mode',
      value: 'tableau',
    })
    expect(parseShellStatement('SET spark.sql.session.timeZone=America/New_York')).toEqual({
      kind: 'Set',
      key: 'spark.sql.session.timeZone',
      value: 'America/New_York',
    })
    expect(parseShellStatement('RESET')).toEqual({ kind: 'Reset' })
  })

  it('reads a source view with a schema and options written as Spark writes them', () => {
    const statement = parseShellStatement(
      "CREATE OR REPLACE TEMPORARY VIEW clicks (user STRING, at TIMESTAMP) USING json OPTIONS (path '/in', 'maxFilesPerTrigger' = '1', multiLine true)",
    )
    expect(statement).toEqual({
      kind: 'CreateSourceView',
      name: 'clicks',
      replace: true,
      schema: 'user STRING, at TIMESTAMP',
      format: 'json',
      options: new Map([
        ['path', '/in'],
        ['maxFilesPerTrigger', '1'],
        ['multiLine', 'true'],
      ]),
    })
  })

  it('leaves CREATE TEMPORARY VIEW … AS SELECT to spark.sql', () => {
    expect(parseShellStatement('CREATE TEMPORARY VIEW v AS SELECT 1')).toEqual({ kind: 'Sql' })
  })

  it('reads INSERT INTO, keeping the query at its place in the text for error positions', () => {
    expect(parseShellStatement('INSERT INTO out\nSELECT a FROM t')).toEqual({
      kind: 'Insert',
      sink: 'out',
      query: '               \nSELECT a FROM t',
    })
  })

  it('reads SHOW QUERIES and STOP QUERY', () => {
    expect(parseShellStatement('show queries')).toEqual({ kind: 'ShowQueries' })
    expect(parseShellStatement('STOP QUERY 1f2e')).toEqual({ kind: 'StopQuery', id: '1f2e' })
  })

  it('rejects malformed shell statements with a caret under the offending token', () => {
    const attempt = () => parseShellStatement('CREATE TEMPORARY VIEW v USING rate OPTIONS (rowsPerSecond)')
    expect(attempt).toThrow(ParseException)
    expect(attempt).toThrow(
      [
        "[PARSE_SYNTAX_ERROR] Syntax error at or near ')': expected an option value.(line 1, pos 57)",
        '',
        '== SQL ==',
        'CREATE TEMPORARY VIEW v USING rate OPTIONS (rowsPerSecond)',
        `${'-'.repeat(57)}^^^`,
      ].join('\n'),
    )
  })
})

describe('completeSql', () => {
  const names = {
    tables: () => ['rates', 'clicks'],
    functions: () => ['rand', 'upper'],
    settings: () => ['sql-client.execution.result-mode', 'spark.sql.shuffle.partitions'],
  }

  it('completes keywords in the case typed, with names and functions', () => {
    expect(completeSql('sel', names)).toEqual([['select'], 'sel'])
    expect(completeSql('SHOW TAB', names)).toEqual([['TABLES'], 'TAB'])
    expect(completeSql('SELECT ra', names)).toEqual([['rand', 'rates'], 'ra'])
  })

  it('offers only tables and views where a name must follow', () => {
    expect(completeSql('SELECT * FROM ra', names)).toEqual([['rates'], 'ra'])
    expect(completeSql('DESCRIBE c', names)).toEqual([['clicks'], 'c'])
  })

  it('completes a quoted setting key after SET', () => {
    expect(completeSql("SET 'sql-c", names)).toEqual([["'sql-client.execution.result-mode'"], "'sql-c"])
  })
})
