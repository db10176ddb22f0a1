// SqlSyntaxError: a lexing or parsing error with its position, what was expected, and Spark's message layout.
//
// The message follows Spark 3.5's ParseException, whose first line is
//   [PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM'.(line 1, pos 7)
// where `pos` is the 0-based column, and `end of input` replaces the quoted token at the end. We add what was
// expected (or, for a lexing error, what is wrong) as Spark's own hints do, between the token and the period:
//   [PARSE_SYNTAX_ERROR] Syntax error at or near 'FROM': expected an expression.(line 1, pos 7)
//   [PARSE_SYNTAX_ERROR] Syntax error at or near ''abc': unclosed string literal.(line 1, pos 7)
// Then comes a blank line and the `== SQL ==` block: the statement's lines, with a line of `-` up to the error
// column and `^^^` inserted under the offending line. Unlike Spark's getMessage(), the text has no leading and no
// trailing newline. As in Spark, blank input is PARSE_EMPTY_STATEMENT:
//   [PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.(line 1, pos 0)

export interface SyntaxErrorDetails {
  /** The whole SQL text that was parsed. */
  readonly sqlText: string
  readonly line: number
  readonly column: number
  readonly offset: number
  /** The offending token's text, or `<EOF>` at the end of input. */
  readonly offendingToken: string
  readonly expected: readonly string[]
  /** Replaces the "expected …" hint, for lexing errors. */
  readonly hint?: string
}

export type SyntaxErrorClass = 'PARSE_SYNTAX_ERROR' | 'PARSE_EMPTY_STATEMENT'

export class SqlSyntaxError extends Error {
  override readonly name = 'SqlSyntaxError'
  /** Spark's error class, for callers that map this error onto a ParseException. */
  readonly errorClass: SyntaxErrorClass
  readonly sqlText: string
  /** 1-based. */
  readonly line: number
  /** 1-based; Spark's `pos` is `column - 1`. */
  readonly column: number
  /** 0-based character offset into `sqlText`. */
  readonly offset: number
  readonly offendingToken: string
  /** Human names of what could have come instead, deduplicated: `FROM`, `)`, `an identifier`, `an expression`. */
  readonly expected: readonly string[]

  constructor(details: SyntaxErrorDetails) {
    super(formatMessage(details))
    this.errorClass = errorClassOf(details)
    this.sqlText = details.sqlText
    this.line = details.line
    this.column = details.column
    this.offset = details.offset
    this.offendingToken = details.offendingToken
    this.expected = details.expected
  }
}

export const END_OF_INPUT = '<EOF>'

function errorClassOf(details: SyntaxErrorDetails): SyntaxErrorClass {
  return details.sqlText.trim() === '' ? 'PARSE_EMPTY_STATEMENT' : 'PARSE_SYNTAX_ERROR'
}

function formatMessage(details: SyntaxErrorDetails): string {
  const pos = details.column - 1
  const near = details.offendingToken === END_OF_INPUT ? 'end of input' : `'${details.offendingToken}'`
  const hint = details.hint ?? (details.expected.length > 0 ? `expected ${listOfAlternatives(details.expected)}` : '')
  const head =
    errorClassOf(details) === 'PARSE_EMPTY_STATEMENT'
      ? `[PARSE_EMPTY_STATEMENT] Syntax error, unexpected empty statement.(line ${details.line}, pos ${pos})`
      : `[PARSE_SYNTAX_ERROR] Syntax error at or near ${near}${hint ? `: ${hint}` : ''}.(line ${details.line}, pos ${pos})`
  const lines = details.sqlText.split(/\r\n|\r|\n/)
  const caret = `${'-'.repeat(pos)}^^^`
  const excerpt = [...lines.slice(0, details.line), caret, ...lines.slice(details.line)]
  return [head, '', '== SQL ==', ...excerpt].join('\n')
}

/** `'FROM'`, `'FROM' or ')'`, `an expression, 'FROM' or ')'`: descriptions stay unquoted. */
function listOfAlternatives(names: readonly string[]): string {
  const shown = names.map((name) => (/^(an? |end of input)/.test(name) ? name : `'${name}'`))
  const last = shown.pop()
  return shown.length > 0 ? `${shown.join(', ')} or ${last}` : (last ?? '')
}
