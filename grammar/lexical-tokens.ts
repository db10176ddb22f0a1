// The tokens of Spark SQL other than keywords: categories, trivia, literals, identifiers, operators, punctuation.
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
  pattern: /'[^'\\]*(?:\\[\s\S][^'\\]*)*\\?|"[^"\\]*(?:\\[\s\S][^"\\]*)*\\?/,
  categories: [Unterminated],
  line_breaks: true,
  label: 'unclosed string literal',
})

export const UnclosedBackquote = createToken({
  name: 'UnclosedBackquote',
  pattern: /`[^`]*(?:``[^`]*)*/,
  categories: [Unterminated],
  line_breaks: true,
  label: 'unclosed quoted identifier',
})

// ── Literals ───────────────────────────────────────────────────────────────────────────────────────────────────

/**
 * `'…'` or `"…"` with backslash escapes. Patterns of quoted text are unrolled (`[^'\\]*` runs between escapes): a
 * group repeated per character exhausts the regex engine's stack on a literal of a few megabytes.
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /'[^'\\]*(?:\\[\s\S][^'\\]*)*'|"[^"\\]*(?:\\[\s\S][^"\\]*)*"/,
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
  pattern: /`[^`]*(?:``[^`]*)*`/,
  categories: [Name],
  line_breaks: true,
  label: 'an identifier',
})

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
