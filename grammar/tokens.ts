// The Spark SQL token vocabulary and its lexer: keywords and the other tokens, in the order the lexer tries them.
import { Lexer, type TokenType } from 'chevrotain'
import { keywordTokens } from './keywords.js'
import * as L from './lexical-tokens.js'

export * from './keywords.js'
export * from './lexical-tokens.js'

// Each well-formed token comes before its unterminated variant; numbers before `.`, so that `.5` is a number;
// strings with a one-letter prefix (`r'…'`, `X'…'`) and keywords before Identifier; longer operators before their
// prefixes. Categories come last: they match nothing themselves.

export const allTokens: TokenType[] = [
  L.WhiteSpace,
  L.LineComment,
  L.BlockComment,
  L.UnclosedComment,
  L.StringLiteral,
  L.UnclosedString,
  L.RawStringLiteral,
  L.BinaryLiteral,
  L.BigDecimalLiteral,
  L.DoubleLiteral,
  L.FloatLiteral,
  L.ExponentLiteral,
  L.DecimalLiteral,
  L.BigintLiteral,
  L.SmallintLiteral,
  L.TinyintLiteral,
  L.IntegerLiteral,
  ...keywordTokens,
  L.Identifier,
  L.BackquotedIdentifier,
  L.UnclosedBackquote,
  L.NullSafeEq,
  L.Lte,
  L.Neq,
  L.ShiftLeft,
  L.Lt,
  L.Gte,
  L.Gt,
  L.FatArrow,
  L.DoubleEq,
  L.Eq,
  L.BangEq,
  L.Bang,
  L.Arrow,
  L.Minus,
  L.Plus,
  L.Concat,
  L.Pipe,
  L.Star,
  L.Slash,
  L.Percent,
  L.Tilde,
  L.Ampersand,
  L.Caret,
  L.DoubleColon,
  L.Colon,
  L.LParen,
  L.RParen,
  L.LBracket,
  L.RBracket,
  L.Comma,
  L.Dot,
  L.Semicolon,
  L.Word,
  L.Name,
  L.NumberLiteral,
  L.QuotedString,
  L.IntervalUnit,
  L.TypedLiteralKeyword,
  L.ReservedFunctionName,
  L.ComparisonOperator,
  L.AdditiveOperator,
  L.MultiplicativeOperator,
  L.Unterminated,
]

let lexer: Lexer | undefined

/** The lexer, built on first use rather than on import (building it analyses every token pattern). */
export function sqlLexer(): Lexer {
  lexer ??= new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'full' })
  return lexer
}
