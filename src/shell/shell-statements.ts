// The statements the shell runs itself rather than through spark.sql: settings (SET, RESET), queries it manages
// (SHOW QUERIES, STOP QUERY, INSERT INTO), data sources declared in SQL (CREATE TEMPORARY VIEW … USING … OPTIONS),
// SHOW FUNCTIONS, HELP and QUIT. Anything else is SQL for spark.sql.
import { SqlSyntaxError } from '../../grammar/errors.js'
import { ParseException } from '../common/errors.js'
import { stripComments } from './statement-splitter.js'

export type ShellStatement =
  | { readonly kind: 'Set'; readonly key?: string; readonly value?: string }
  | { readonly kind: 'Reset'; readonly key?: string }
  | { readonly kind: 'ShowQueries' }
  | { readonly kind: 'StopQuery'; readonly id: string }
  | { readonly kind: 'ShowFunctions' }
  | { readonly kind: 'Help' }
  | { readonly kind: 'Quit' }
  | {
      readonly kind: 'CreateSourceView'
      readonly name: string
      readonly replace: boolean
      readonly schema?: string
      readonly format: string
      readonly options: ReadonlyMap<string, string>
    }
  /** `INSERT INTO sink <query>`: `query` is the statement with everything before the query blanked out. */
  | { readonly kind: 'Insert'; readonly sink: string; readonly query: string }
  | { readonly kind: 'Sql' }

interface Token {
  readonly text: string
  /** The unquoted value of a string literal or a backquoted identifier. */
  readonly value: string
  readonly quoted: boolean
  readonly offset: number
}

/** Words (letters, digits, `_`, `.`, `-`, `:`), quoted strings and identifiers, and single punctuation. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const re = /\s+|([A-Za-z0-9_.:/\-+*]+)|('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"|`(?:[^`]|``)*`)|(.)/gy
  for (let match = re.exec(text); match !== null && match[0] !== ''; match = re.exec(text)) {
    const [whole, word, quoted, other] = match
    if (word !== undefined) tokens.push({ text: word, value: word, quoted: false, offset: match.index })
    else if (quoted !== undefined) {
      const q = quoted[0]!
      const body = quoted.slice(1, -1).replaceAll(`${q}${q}`, q)
      const value = q === '`' ? body : body.replace(/\\(.)/g, '$1')
      tokens.push({ text: whole, value, quoted: true, offset: match.index })
    } else if (other !== undefined) tokens.push({ text: other, value: other, quoted: false, offset: match.index })
  }
  return tokens
}

const is = (token: Token | undefined, ...words: string[]) =>
  token !== undefined && !token.quoted && words.some((w) => token.text.toUpperCase() === w)

/** Spark's PARSE_SYNTAX_ERROR at a token (or at the end), with the statement excerpt and caret. */
function syntaxError(text: string, token: Token | undefined, expected: string[]): ParseException {
  const offset = token?.offset ?? text.trimEnd().length
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  const column = offset - (before.lastIndexOf('\n') + 1) + 1
  const error = new SqlSyntaxError({
    sqlText: text,
    line,
    column,
    offset,
    offendingToken: token?.text ?? '<EOF>',
    expected,
  })
  return new ParseException(error.message, line, column, expected, { cause: error })
}

/** Recognizes a shell statement; `Sql` for everything spark.sql runs. */
export function parseShellStatement(statement: string): ShellStatement {
  const text = stripComments(statement)
  const tokens = tokenize(text)
  const [first, second] = tokens
  const word = first?.text.toUpperCase()
  if (word === 'SET') return parseSet(text, tokens)
  if (word === 'RESET') {
    if (tokens.length > 2) throw syntaxError(text, tokens[2], ['end of input'])
    return tokens.length === 2 ? { kind: 'Reset', key: tokens[1]!.value } : { kind: 'Reset' }
  }
  if (word === 'SHOW' && is(second, 'QUERIES') && tokens.length === 2) return { kind: 'ShowQueries' }
  if (word === 'SHOW' && is(second, 'FUNCTIONS') && tokens.length === 2) return { kind: 'ShowFunctions' }
  if (word === 'STOP') {
    if (!is(second, 'QUERY')) throw syntaxError(text, second, ['QUERY'])
    const id = tokens[2]
    if (!id) throw syntaxError(text, undefined, ['a query id or name'])
    if (tokens.length > 3) throw syntaxError(text, tokens[3], ['end of input'])
    return { kind: 'StopQuery', id: id.value }
  }
  if ((word === 'HELP' || word === 'QUIT' || word === 'EXIT') && tokens.length === 1) {
    return { kind: word === 'HELP' ? 'Help' : 'Quit' }
  }
  if (word === 'INSERT') return parseInsert(statement, text, tokens)
  if (word === 'CREATE' && tokens.some((t) => is(t, 'USING'))) return parseCreateSourceView(text, tokens)
  return { kind: 'Sql' }
}

/** `SET`, `SET key = value`, `SET 'key' = 'value'` (Flink's quoted form), `SET key=value`. */
function parseSet(text: string, tokens: readonly Token[]): ShellStatement {
  if (tokens.length === 1) return { kind: 'Set' }
  const key = tokens[1]!
  const equals = tokens[2]
  if (!equals) return { kind: 'Set', key: key.value }
  if (equals.text !== '=') throw syntaxError(text, equals, ['='])
  const valueTokens = tokens.slice(3)
  if (valueTokens.length === 0) throw syntaxError(text, undefined, ['a value'])
  const value =
    valueTokens.length === 1 && valueTokens[0]!.quoted
      ? valueTokens[0]!.value
      : text.slice(valueTokens[0]!.offset).trim()
  return { kind: 'Set', key: key.value, value }
}

/** `INSERT INTO [TABLE] sink <query>`. */
function parseInsert(statement: string, text: string, tokens: readonly Token[]): ShellStatement {
  if (!is(tokens[1], 'INTO')) throw syntaxError(text, tokens[1], ['INTO'])
  let i = 2
  if (is(tokens[i], 'TABLE')) i++
  const sink = tokens[i]
  if (!sink || (!sink.quoted && !/^[A-Za-z_][\w]*$/.test(sink.text))) throw syntaxError(text, sink, ['a view name'])
  const query = tokens[i + 1]
  if (!query) throw syntaxError(text, undefined, ['SELECT'])
  const blanked = statement.slice(0, query.offset).replace(/[^\n]/g, ' ') + statement.slice(query.offset)
  return { kind: 'Insert', sink: sink.value, query: blanked }
}

/**
 * `CREATE [OR REPLACE] TEMPORARY VIEW name [(col type, …)] USING format [OPTIONS (key value, …)]`, options as
 * Spark writes them: `key 'value'`, `key = 'value'` or `'key' 'value'`, separated by commas.
 */
function parseCreateSourceView(text: string, tokens: readonly Token[]): ShellStatement {
  let i = 1
  let replace = false
  if (is(tokens[i], 'OR')) {
    if (!is(tokens[i + 1], 'REPLACE')) throw syntaxError(text, tokens[i + 1], ['REPLACE'])
    replace = true
    i += 2
  }
  if (!is(tokens[i], 'TEMPORARY', 'TEMP')) throw syntaxError(text, tokens[i], ['TEMPORARY'])
  if (!is(tokens[i + 1], 'VIEW')) throw syntaxError(text, tokens[i + 1], ['VIEW'])
  i += 2
  const name = tokens[i]
  if (!name || name.text === '(' || is(name, 'USING')) throw syntaxError(text, name, ['a view name'])
  i++
  let schema: string | undefined
  if (tokens[i]?.text === '(') {
    const close = matchingParen(tokens, i)
    if (close === -1) throw syntaxError(text, undefined, [')'])
    schema = text.slice(tokens[i]!.offset + 1, tokens[close]!.offset).trim()
    i = close + 1
  }
  if (!is(tokens[i], 'USING')) throw syntaxError(text, tokens[i], ['USING'])
  const format = tokens[i + 1]
  if (!format || format.text === '(' || is(format, 'OPTIONS')) throw syntaxError(text, format, ['a data source name'])
  i += 2
  const options = new Map<string, string>()
  if (is(tokens[i], 'OPTIONS')) {
    if (tokens[i + 1]?.text !== '(') throw syntaxError(text, tokens[i + 1], ['('])
    i += 2
    while (tokens[i]?.text !== ')') {
      const key = tokens[i]
      if (!key || key.text === ',' || key.text === '=') throw syntaxError(text, key, ['an option name'])
      i++
      if (tokens[i]?.text === '=') i++
      const value = tokens[i]
      if (!value || value.text === ',' || value.text === ')') throw syntaxError(text, value, ['an option value'])
      options.set(key.value, value.value)
      i++
      if (tokens[i]?.text === ',') i++
      else if (tokens[i]?.text !== ')') throw syntaxError(text, tokens[i], [',', ')'])
    }
    i++
  }
  if (i < tokens.length) throw syntaxError(text, tokens[i], i === tokens.length ? [] : ['OPTIONS', 'end of input'])
  return {
    kind: 'CreateSourceView',
    name: name.value,
    replace,
    format: format.value,
    options,
    ...(schema === undefined ? {} : { schema }),
  }
}

function matchingParen(tokens: readonly Token[], open: number): number {
  let depth = 0
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(') depth++
    else if (tokens[i]!.text === ')' && --depth === 0) return i
  }
  return -1
}
