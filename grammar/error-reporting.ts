// Turns Chevrotain's lexing and parsing failures into SqlSyntaxError: the offending token, its position, and a
// human-friendly list of what the grammar would have accepted there.
//
// Chevrotain hands the expected token types to an error message provider, which can only return a string; ours
// returns them as JSON for parsingError() to read back from the exception. This keeps the parser stateless.
import {
  type CstParser,
  type ILexingResult,
  type IParserErrorMessageProvider,
  type IRecognitionException,
  type IToken,
  type TokenType,
  tokenLabel,
  tokenMatcher,
} from 'chevrotain'
import { END_OF_INPUT, SqlSyntaxError } from './errors.js'
import * as T from './tokens.js'

interface Expectation {
  /** How many tokens past the exception's token the error really is (LL(k) paths may match a prefix). */
  readonly skip: number
  /** Names of the token types that were expected. */
  readonly expected: readonly string[]
}

function encode(skip: number, expected: readonly TokenType[]): string {
  const expectation: Expectation = { skip, expected: [...new Set(expected.map((type) => type.name))] }
  return JSON.stringify(expectation)
}

/** For a failed choice between LL(k) paths, the error is at the first input token that no path accepts. */
function encodePaths(paths: readonly TokenType[][], actual: readonly IToken[]): string {
  const matchedLength = (path: readonly TokenType[]) => {
    let length = 0
    while (length < path.length - 1 && length < actual.length) {
      const token = actual[length]
      const type = path[length]
      if (!token || !type || !tokenMatcher(token, type)) break
      length++
    }
    return length
  }
  const depth = Math.max(0, ...paths.map(matchedLength))
  const expected = paths.filter((path) => matchedLength(path) === depth).map((path) => path[depth])
  return encode(
    depth,
    expected.filter((type) => type !== undefined),
  )
}

export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected }) => encode(0, [expected]),
  buildNotAllInputParsedMessage: () => encode(0, []),
  buildNoViableAltMessage: ({ expectedPathsPerAlt, actual }) => encodePaths(expectedPathsPerAlt.flat(), actual),
  buildEarlyExitMessage: ({ expectedIterationPaths, actual }) => encodePaths(expectedIterationPaths, actual),
}

function decode(message: string): Expectation {
  try {
    const parsed = JSON.parse(message) as Partial<Expectation>
    return { skip: parsed.skip ?? 0, expected: parsed.expected ?? [] }
  } catch {
    return { skip: 0, expected: [] }
  }
}

// ── Positions ──────────────────────────────────────────────────────────────────────────────────────────────────

interface Position {
  readonly line: number
  readonly column: number
  readonly offset: number
}

/** Just after the last token: where "end of input" errors point. */
function endPosition(tokens: readonly IToken[]): Position {
  const last = tokens[tokens.length - 1]
  if (!last) return { line: 1, column: 1, offset: 0 }
  return {
    line: last.endLine ?? last.startLine ?? 1,
    column: (last.endColumn ?? 0) + 1,
    offset: (last.endOffset ?? last.startOffset) + 1,
  }
}

function tokenPosition(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset }
}

/** A syntax error at a token found well-formed by the grammar but rejected by the AST builder. */
export function errorAtToken(sqlText: string, token: IToken, hint: string): SqlSyntaxError {
  return new SqlSyntaxError({ sqlText, ...tokenPosition(token), offendingToken: token.image, expected: [], hint })
}

// ── Lexing ─────────────────────────────────────────────────────────────────────────────────────────────────────

/** The first lexing problem, if any: a character no token starts with, or an unclosed string or comment. */
export function lexingError(sqlText: string, result: ILexingResult): SqlSyntaxError | undefined {
  const unterminated = result.tokens.find((token) => tokenMatcher(token, T.Unterminated))
  const stray = result.errors[0]
  if (stray && (!unterminated || stray.offset < unterminated.startOffset)) {
    return new SqlSyntaxError({
      sqlText,
      line: stray.line ?? 1,
      column: stray.column ?? 1,
      offset: stray.offset,
      offendingToken: sqlText.slice(stray.offset, stray.offset + stray.length),
      expected: [],
    })
  }
  if (unterminated) {
    const firstLine = unterminated.image.split(/\r?\n/)[0] ?? ''
    const shown = firstLine.length > 40 ? `${firstLine.slice(0, 40)}…` : firstLine
    return new SqlSyntaxError({
      sqlText,
      ...tokenPosition(unterminated),
      offendingToken: shown,
      expected: [],
      hint: tokenLabel(unterminated.tokenType),
    })
  }
  return undefined
}

// ── Nesting ────────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * For input so deeply nested that the recursive-descent parser ran out of stack: an error at the first bracket
 * that opens the deepest level. Valid SQL is rarely nested more than a few dozen levels, so no fixed limit is set;
 * how deep is too deep depends on the stack left to the caller.
 */
export function nestingError(sqlText: string, tokens: readonly IToken[]): SqlSyntaxError {
  let depth = 0
  let deepest = 0
  let at = tokens[0]
  for (const token of tokens) {
    if (tokenMatcher(token, T.LParen) || tokenMatcher(token, T.LBracket)) {
      depth++
      if (depth > deepest) [deepest, at] = [depth, token]
    } else if (tokenMatcher(token, T.RParen) || tokenMatcher(token, T.RBracket)) {
      depth--
    }
  }
  const position = at ? tokenPosition(at) : endPosition(tokens)
  const hint = 'the statement is nested too deeply'
  return new SqlSyntaxError({ sqlText, ...position, offendingToken: at?.image ?? END_OF_INPUT, expected: [], hint })
}

// ── Parsing ────────────────────────────────────────────────────────────────────────────────────────────────────

export function parsingError(
  sqlText: string,
  tokens: readonly IToken[],
  error: IRecognitionException,
  parser: CstParser,
): SqlSyntaxError {
  const { skip, expected } = decode(error.message)
  const index = tokens.indexOf(error.token)
  const token = index >= 0 ? tokens[index + skip] : undefined
  const position = token ? tokenPosition(token) : endPosition(tokens)
  return new SqlSyntaxError({
    sqlText,
    ...position,
    offendingToken: token ? token.image : END_OF_INPUT,
    expected: describeExpected(
      expected.map((name) => tokenTypesByName.get(name)).filter((type) => type !== undefined),
      parser,
    ),
  })
}

const tokenTypesByName = new Map(T.allTokens.map((type) => [type.name, type]))

// ── Naming what was expected ───────────────────────────────────────────────────────────────────────────────────

interface FirstSets {
  readonly primary: ReadonlySet<TokenType>
  readonly expression: ReadonlySet<TokenType>
  readonly query: ReadonlySet<TokenType>
}

const firstSets = new WeakMap<CstParser, FirstSets>()

/** The token types that can start a primary expression, an expression and a query, computed once per parser. */
function firstSetsOf(parser: CstParser): FirstSets {
  let sets = firstSets.get(parser)
  if (!sets) {
    const first = (rule: string) => new Set(parser.computeContentAssist(rule, []).map((path) => path.nextTokenType))
    sets = { primary: first('primaryExpression'), expression: first('expression'), query: first('query') }
    firstSets.set(parser, sets)
  }
  return sets
}

/** Whether tokens of `type` are matched by `category` (Chevrotain keeps the match table on the category). */
function isA(type: TokenType, category: TokenType): boolean {
  return type === category || (type.tokenTypeIdx !== undefined && !!category.categoryMatchesMap?.[type.tokenTypeIdx])
}

const identifierCategories = [T.Word, T.Name, T.Identifier, T.BackquotedIdentifier]

/**
 * Token types → names a user understands. When everything that can start an expression (or a query) was
 * expected, those tokens become `an expression` (`a query`); when any identifier was, identifiers and the
 * non-reserved keywords become `an identifier`. The rest are labelled one by one.
 */
function describeExpected(types: readonly TokenType[], parser: CstParser): string[] {
  let remaining = [...new Set(types)]
  const names: string[] = []
  const collapse = (first: ReadonlySet<TokenType>, removed: ReadonlySet<TokenType>, name: string) => {
    if ([...first].every((type) => remaining.includes(type))) {
      names.push(name)
      // A token of a removed category (an IntegerLiteral is a NumberLiteral) goes with it.
      remaining = remaining.filter((type) => !removed.has(type) && !type.CATEGORIES?.some((c) => removed.has(c)))
    }
  }
  const { primary, expression, query } = firstSetsOf(parser)
  collapse(primary, expression, 'an expression')
  // An expression can be a name, so keywords that are also names (`ROLLUP`, `TABLE`) add nothing after it.
  if (names.includes('an expression')) remaining = remaining.filter((type) => !isA(type, T.Name))
  collapse(new Set([T.Select, T.With, T.Values]), query, 'a query')
  const identifiers = identifierCategories.filter((category) => remaining.includes(category))
  if (identifiers.length > 0) {
    names.push('an identifier')
    remaining = remaining.filter((type) => !identifiers.some((category) => isA(type, category)))
  }
  names.push(...remaining.map((type) => tokenLabel(type)))
  return [...new Set(names)]
}
