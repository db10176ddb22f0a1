// The Spark SQL token vocabulary: one token per keyword, the literal and operator tokens, and the categories
// through which the parser matches families of tokens (names, numbers, operators).
import { createToken, Lexer, type TokenType } from 'chevrotain'

// ── Categories ─────────────────────────────────────────────────────────────────────────────────────────────────
// A category has no pattern of its own; the parser consumes it to accept any of its member tokens.

/** Any word at all: identifiers and every keyword. Accepted where nothing else can follow (after `.`, after AS). */
export const Word = createToken({ name: 'Word', pattern: Lexer.NA, label: 'an identifier' })
/** Identifiers and the non-reserved keywords: what may name a column, table, function or alias. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA, categories: [Word], label: 'an identifier' })
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: Lexer.NA, label: 'a number' })
export const QuotedString = createToken({ name: 'QuotedString', pattern: Lexer.NA, label: 'a string' })
export const IntervalUnit = createToken({ name: 'IntervalUnit', pattern: Lexer.NA, label: 'an interval unit' })
export const TypedLiteralKeyword = createToken({ name: 'TypedLiteralKeyword', pattern: Lexer.NA })
/** Reserved keywords that Spark still accepts as function names: `left(s, 2)`, `rlike(s, 'x')`. */
export const ReservedFunctionName = createToken({ name: 'ReservedFunctionName', pattern: Lexer.NA })
export const ComparisonOperator = createToken({ name: 'ComparisonOperator', pattern: Lexer.NA })
export const AdditiveOperator = createToken({ name: 'AdditiveOperator', pattern: Lexer.NA })
export const MultiplicativeOperator = createToken({ name: 'MultiplicativeOperator', pattern: Lexer.NA })

// ── Trivia ─────────────────────────────────────────────────────────────────────────────────────────────────────

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\n\r\f\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
})

export const LineComment = createToken({ name: 'LineComment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED })

/** Block comments nest, as in Spark (`/* a /* b *\/ c *\/`); an unclosed one is left for the lexer to report. */
function matchBlockComment(text: string, offset: number): [string] | null {
  if (!text.startsWith('/*', offset)) return null
  let depth = 0
  let i = offset
  while (i < text.length) {
    if (text.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (text.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return [text.slice(offset, i)]
    } else {
      i++
    }
  }
  return null
}

export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: { exec: matchBlockComment },
  start_chars_hint: ['/'],
  group: Lexer.SKIPPED,
  line_breaks: true,
})

// ── Unterminated literals ──────────────────────────────────────────────────────────────────────────────────────
// Tried only after the well-formed token failed, these swallow the rest of the input so that the tokenizer can
// report "unclosed string literal" at the opening quote instead of a stray-character error further on.

/** Marks the token types that the tokenizer reports as lexing errors; `label` is the hint shown to the user. */
export const Unterminated = createToken({ name: 'Unterminated', pattern: Lexer.NA })

export const UnclosedComment = createToken({
  name: 'UnclosedComment',
  pattern: /\/\*[\s\S]*/,
  categories: [Unterminated],
  line_breaks: true,
  label: 'unclosed bracketed comment',
})

export const UnclosedString = createToken({
  name: 'UnclosedString',
  pattern: /'(?:[^'\\]|\\[\s\S])*\\?|"(?:[^"\\]|\\[\s\S])*\\?/,
  categories: [Unterminated],
  line_breaks: true,
  label: 'unclosed string literal',
})

export const UnclosedBackquote = createToken({
  name: 'UnclosedBackquote',
  pattern: /`(?:[^`]|``)*/,
  categories: [Unterminated],
  line_breaks: true,
  label: 'unclosed quoted identifier',
})

// ── Literals ───────────────────────────────────────────────────────────────────────────────────────────────────

/** `'…'` or `"…"` with backslash escapes. */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'(?:[^'\\]|\\[\s\S])*'|"(?:[^"\\]|\\[\s\S])*"/,
  categories: [QuotedString],
  line_breaks: true,
  label: 'a string',
})

/** `r'C:\path'`: no escapes at all. */
export const RawStringLiteral = createToken({
  name: 'RawStringLiteral',
  pattern: /[rR](?:'[^']*'|"[^"]*")/,
  categories: [QuotedString],
  line_breaks: true,
  label: 'a string',
})

/** `X'1F'`: the binder decodes the hex digits. */
export const BinaryLiteral = createToken({
  name: 'BinaryLiteral',
  pattern: /[xX](?:'[^']*'|"[^"]*")/,
  line_breaks: true,
  label: 'a binary literal',
})

// A number must not run into a letter, digit or underscore: `10abc` is an identifier, as in Spark.
const numberEnd = '(?![A-Za-z0-9_])'
const mantissa = '(?:\\d+(?:\\.\\d*)?|\\.\\d+)'
const exponent = '(?:E[+-]?\\d+)'

function numberToken(name: string, source: string): TokenType {
  return createToken({
    name,
    pattern: new RegExp(source + numberEnd, 'i'),
    categories: [NumberLiteral],
    label: name === 'IntegerLiteral' ? 'an integer' : 'a number',
  })
}

export const BigDecimalLiteral = numberToken('BigDecimalLiteral', `${mantissa}${exponent}?BD`)
export const DoubleLiteral = numberToken('DoubleLiteral', `${mantissa}${exponent}?D`)
export const FloatLiteral = numberToken('FloatLiteral', `${mantissa}${exponent}?F`)
export const ExponentLiteral = numberToken('ExponentLiteral', `${mantissa}${exponent}`)
export const DecimalLiteral = numberToken('DecimalLiteral', '(?:\\d+\\.\\d*|\\.\\d+)')
export const BigintLiteral = numberToken('BigintLiteral', '\\d+L')
export const SmallintLiteral = numberToken('SmallintLiteral', '\\d+S')
export const TinyintLiteral = numberToken('TinyintLiteral', '\\d+Y')
export const IntegerLiteral = numberToken('IntegerLiteral', '\\d+')

// ── Identifiers ────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * Every UTF-16 code unit that can start an identifier. Chevrotain cannot analyse a custom matcher, so we hand it
 * the start characters; this keeps the lexer's first-character dispatch on for every token.
 */
function identifierStartChars(): number[] {
  const startsIdentifier = /[\p{L}0-9_]/u
  const codes: number[] = []
  for (let code = 0; code < 0x10000; code++) {
    const isSurrogate = code >= 0xd800 && code <= 0xdfff
    if (isSurrogate || startsIdentifier.test(String.fromCharCode(code))) codes.push(code)
  }
  return codes
}

// Chevrotain rebuilds regexp patterns without the `u` flag, so the unicode class lives in a custom matcher.
const identifierPattern = /[\p{L}0-9_]+/uy

function matchIdentifier(text: string, offset: number): RegExpExecArray | null {
  identifierPattern.lastIndex = offset
  return identifierPattern.exec(text)
}

export const Identifier = createToken({
  name: 'Identifier',
  pattern: { exec: matchIdentifier },
  start_chars_hint: identifierStartChars(),
  line_breaks: false,
  categories: [Name],
  label: 'an identifier',
})

/** `` `my col` ``, with a doubled backquote standing for one. */
export const BackquotedIdentifier = createToken({
  name: 'BackquotedIdentifier',
  pattern: /`(?:[^`]|``)*`/,
  categories: [Name],
  line_breaks: true,
  label: 'an identifier',
})

// ── Keywords ───────────────────────────────────────────────────────────────────────────────────────────────────
// Spark's default (non-ANSI) mode lets almost every keyword be an identifier. We reserve only the words an LL(k)
// grammar needs to tell clauses, joins and predicates from aliases (Spark's `strictNonReserved` plus the clause
// and operator words); every other keyword is a `Name`. After `.` and after `AS`, any `Word` is accepted.

const keywords: TokenType[] = []

interface KeywordOptions {
  readonly reserved?: boolean
  readonly categories?: TokenType[]
  /** The token name (and CST key) when the PascalCase of the word is taken, e.g. `SetMinus` for MINUS. */
  readonly name?: string
  readonly pattern?: RegExp
}

function keyword(word: string, options: KeywordOptions = {}): TokenType {
  const pascalCase = word
    .toLowerCase()
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')
  const token = createToken({
    name: options.name ?? pascalCase,
    label: word,
    pattern: options.pattern ?? new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: [options.reserved ? Word : Name, ...(options.categories ?? [])],
  })
  keywords.push(token)
  return token
}

const reserved = (word: string, ...categories: TokenType[]) => keyword(word, { reserved: true, categories })
const nonReserved = (word: string, ...categories: TokenType[]) => keyword(word, { categories })

// Reserved.
export const All = reserved('ALL')
export const And = reserved('AND')
export const Anti = reserved('ANTI')
export const As = reserved('AS')
export const Between = reserved('BETWEEN')
export const Both = reserved('BOTH')
export const Case = reserved('CASE')
export const Cast = reserved('CAST')
export const Cross = reserved('CROSS')
export const CurrentDate = reserved('CURRENT_DATE')
export const CurrentTimestamp = reserved('CURRENT_TIMESTAMP')
export const Distinct = reserved('DISTINCT')
export const Else = reserved('ELSE')
export const Except = reserved('EXCEPT')
export const False = reserved('FALSE')
export const From = reserved('FROM')
export const Full = reserved('FULL')
export const Group = reserved('GROUP')
export const Having = reserved('HAVING')
export const Ilike = reserved('ILIKE', ReservedFunctionName)
export const In = reserved('IN')
export const Inner = reserved('INNER')
export const Intersect = reserved('INTERSECT')
export const Is = reserved('IS')
export const Join = reserved('JOIN')
export const Lateral = reserved('LATERAL')
export const Leading = reserved('LEADING')
export const Left = reserved('LEFT', ReservedFunctionName)
export const Like = reserved('LIKE', ReservedFunctionName)
export const Limit = reserved('LIMIT')
export const SetMinus = keyword('MINUS', { reserved: true, name: 'SetMinus' })
export const Natural = reserved('NATURAL')
export const Not = reserved('NOT')
export const Null = reserved('NULL')
export const Offset = reserved('OFFSET')
export const On = reserved('ON')
export const Or = reserved('OR')
export const Order = reserved('ORDER')
export const Regexp = reserved('REGEXP', ReservedFunctionName)
export const Right = reserved('RIGHT', ReservedFunctionName)
export const Rlike = reserved('RLIKE', ReservedFunctionName)
export const Select = reserved('SELECT')
export const Semi = reserved('SEMI')
export const Then = reserved('THEN')
export const Trailing = reserved('TRAILING')
export const True = reserved('TRUE')
export const Union = reserved('UNION')
export const Using = reserved('USING')
export const Values = reserved('VALUES')
export const When = reserved('WHEN')
export const Where = reserved('WHERE')
export const With = reserved('WITH')

// Non-reserved: keywords only where the grammar expects them, identifiers everywhere else.
export const ArrayKw = nonReserved('ARRAY')
export const Asc = nonReserved('ASC')
export const By = nonReserved('BY')
export const Cluster = nonReserved('CLUSTER')
export const Codegen = nonReserved('CODEGEN')
export const Comment = nonReserved('COMMENT')
export const Cost = nonReserved('COST')
export const Create = nonReserved('CREATE')
export const Cube = nonReserved('CUBE')
export const DateKw = nonReserved('DATE', TypedLiteralKeyword)
export const Desc = nonReserved('DESC')
export const Describe = nonReserved('DESCRIBE')
export const Descriptor = nonReserved('DESCRIPTOR')
export const Distribute = nonReserved('DISTRIBUTE')
export const Div = nonReserved('DIV', MultiplicativeOperator)
export const End = nonReserved('END')
export const Escape = nonReserved('ESCAPE')
export const Exists = nonReserved('EXISTS')
export const Explain = nonReserved('EXPLAIN')
export const Extended = nonReserved('EXTENDED')
export const Extract = nonReserved('EXTRACT')
export const Filter = nonReserved('FILTER')
export const First = nonReserved('FIRST')
export const For = nonReserved('FOR')
export const Formatted = nonReserved('FORMATTED')
export const Global = nonReserved('GLOBAL')
export const Grouping = nonReserved('GROUPING')
export const If = nonReserved('IF')
export const Interval = nonReserved('INTERVAL')
export const Last = nonReserved('LAST')
export const Logical = nonReserved('LOGICAL')
export const MapKw = nonReserved('MAP')
export const Nulls = nonReserved('NULLS')
export const Outer = nonReserved('OUTER')
export const Position = nonReserved('POSITION')
export const Query = nonReserved('QUERY')
export const Replace = nonReserved('REPLACE')
export const Rollup = nonReserved('ROLLUP')
export const Sets = nonReserved('SETS')
export const Show = nonReserved('SHOW')
export const Sort = nonReserved('SORT')
export const Struct = nonReserved('STRUCT')
export const Substr = nonReserved('SUBSTR')
export const Substring = nonReserved('SUBSTRING')
export const Table = nonReserved('TABLE')
export const Tables = nonReserved('TABLES')
export const Temporary = keyword('TEMPORARY', { pattern: /temp(?:orary)?/i })
export const Timestamp = nonReserved('TIMESTAMP', TypedLiteralKeyword)
export const TimestampLtz = nonReserved('TIMESTAMP_LTZ', TypedLiteralKeyword)
export const TimestampNtz = nonReserved('TIMESTAMP_NTZ', TypedLiteralKeyword)
export const To = nonReserved('TO')
export const Trim = nonReserved('TRIM')
export const TryCast = nonReserved('TRY_CAST')
export const View = nonReserved('VIEW')

// Interval units, singular and plural (Spark 3.5's `unitInMultiUnits`).
const unit = (word: string) => nonReserved(word, IntervalUnit)
export const Year = unit('YEAR')
export const Years = unit('YEARS')
export const Month = unit('MONTH')
export const Months = unit('MONTHS')
export const Week = unit('WEEK')
export const Weeks = unit('WEEKS')
export const Day = unit('DAY')
export const Days = unit('DAYS')
export const Hour = unit('HOUR')
export const Hours = unit('HOURS')
export const Minute = unit('MINUTE')
export const Minutes = unit('MINUTES')
export const Second = unit('SECOND')
export const Seconds = unit('SECONDS')
export const Millisecond = unit('MILLISECOND')
export const Milliseconds = unit('MILLISECONDS')
export const Microsecond = unit('MICROSECOND')
export const Microseconds = unit('MICROSECONDS')

// ── Operators and punctuation ──────────────────────────────────────────────────────────────────────────────────
// `>` is never lexed as `>>`: shifts are two or three adjacent `>` tokens, so `array<array<int>>` needs no trick.

const op = (name: string, label: string, categories: TokenType[] = []) =>
  createToken({ name, pattern: label, label, categories })

export const NullSafeEq = op('NullSafeEq', '<=>', [ComparisonOperator])
export const Lte = op('Lte', '<=', [ComparisonOperator])
export const Neq = op('Neq', '<>', [ComparisonOperator])
export const ShiftLeft = op('ShiftLeft', '<<')
export const Lt = op('Lt', '<', [ComparisonOperator])
export const Gte = op('Gte', '>=', [ComparisonOperator])
export const Gt = op('Gt', '>', [ComparisonOperator])
export const FatArrow = op('FatArrow', '=>')
export const DoubleEq = op('DoubleEq', '==', [ComparisonOperator])
export const Eq = op('Eq', '=', [ComparisonOperator])
export const BangEq = op('BangEq', '!=', [ComparisonOperator])
export const Bang = op('Bang', '!')
export const Arrow = op('Arrow', '->')
export const Minus = op('Minus', '-', [AdditiveOperator])
export const Plus = op('Plus', '+', [AdditiveOperator])
export const Concat = op('Concat', '||', [AdditiveOperator])
export const Pipe = op('Pipe', '|')
export const Star = op('Star', '*', [MultiplicativeOperator])
export const Slash = op('Slash', '/', [MultiplicativeOperator])
export const Percent = op('Percent', '%', [MultiplicativeOperator])
export const Tilde = op('Tilde', '~')
export const Ampersand = op('Ampersand', '&')
export const Caret = op('Caret', '^')
export const DoubleColon = op('DoubleColon', '::')
export const Colon = op('Colon', ':')
export const LParen = op('LParen', '(')
export const RParen = op('RParen', ')')
export const LBracket = op('LBracket', '[')
export const RBracket = op('RBracket', ']')
export const Comma = op('Comma', ',')
export const Dot = op('Dot', '.')
export const Semicolon = op('Semicolon', ';')

// ── The vocabulary, in lexing order ────────────────────────────────────────────────────────────────────────────
// Longest keywords first, so `INTERVAL` is tried before `INT…`-prefixed shorter words; `longer_alt` then hands
// `intervals` or `select_all` to Identifier. Numbers come before `.` so `.5` is a number; strings with a one-letter
// prefix (`r'…'`, `X'…'`) come before Identifier.
const keywordsLongestFirst = [...keywords].sort((a, b) => String(b.LABEL).length - String(a.LABEL).length)

export const allTokens: TokenType[] = [
  WhiteSpace,
  LineComment,
  BlockComment,
  UnclosedComment,
  StringLiteral,
  UnclosedString,
  RawStringLiteral,
  BinaryLiteral,
  BigDecimalLiteral,
  DoubleLiteral,
  FloatLiteral,
  ExponentLiteral,
  DecimalLiteral,
  BigintLiteral,
  SmallintLiteral,
  TinyintLiteral,
  IntegerLiteral,
  ...keywordsLongestFirst,
  Identifier,
  BackquotedIdentifier,
  UnclosedBackquote,
  NullSafeEq,
  Lte,
  Neq,
  ShiftLeft,
  Lt,
  Gte,
  Gt,
  FatArrow,
  DoubleEq,
  Eq,
  BangEq,
  Bang,
  Arrow,
  Minus,
  Plus,
  Concat,
  Pipe,
  Star,
  Slash,
  Percent,
  Tilde,
  Ampersand,
  Caret,
  DoubleColon,
  Colon,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Dot,
  Semicolon,
  Word,
  Name,
  NumberLiteral,
  QuotedString,
  IntervalUnit,
  TypedLiteralKeyword,
  ReservedFunctionName,
  ComparisonOperator,
  AdditiveOperator,
  MultiplicativeOperator,
  Unterminated,
]

/** Every keyword token, reserved or not. */
export const keywordTokens: readonly TokenType[] = keywords

export const sqlLexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'full' })
