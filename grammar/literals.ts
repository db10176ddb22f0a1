// Decoding of literal and identifier token text: Spark's string unescaping, numeric kinds, interval units.
import type { IToken } from 'chevrotain'
import type { IntervalUnitName, NumericKind } from './ast.js'

/** `` `a``b` `` → a`b; other names as written. */
export function identifierText(token: IToken): string {
  const image = token.image
  return image.startsWith('`') ? image.slice(1, -1).replaceAll('``', '`') : image
}

const simpleEscapes: Record<string, string> = {
  '0': '\u0000',
  b: '\b',
  n: '\n',
  r: '\r',
  t: '\t',
  Z: '\u001A',
  // Kept escaped, as MySQL and Spark do, so that they stay literal in LIKE patterns.
  '%': '\\%',
  _: '\\_',
}

/**
 * The value of a string token, following Spark's unescapeSQLString: raw strings (`r'…'`) are taken as written;
 * otherwise `\uXXXX`, `\UXXXXXXXX`, octal `\[01][0-7][0-7]`, the escapes above, and `\x` → x for any other x.
 */
export function stringValue(token: IToken): string {
  const image = token.image
  if (image.startsWith('r') || image.startsWith('R')) return image.slice(2, -1)
  const body = image.slice(1, -1)
  let out = ''
  let i = 0
  while (i < body.length) {
    const char = body.charAt(i)
    if (char !== '\\' || i + 1 >= body.length) {
      out += char
      i++
      continue
    }
    const next = body.charAt(i + 1)
    const u16 = next === 'u' ? /^[0-9a-fA-F]{4}/.exec(body.slice(i + 2, i + 6)) : null
    const u32 = next === 'U' ? /^[0-9a-fA-F]{8}/.exec(body.slice(i + 2, i + 10)) : null
    const octal = /^[01][0-7]{2}/.exec(body.slice(i + 1, i + 4))
    if (u16) {
      out += String.fromCharCode(Number.parseInt(u16[0], 16))
      i += 6
    } else if (u32 && Number.parseInt(u32[0], 16) <= 0x10ffff) {
      out += String.fromCodePoint(Number.parseInt(u32[0], 16))
      i += 10
    } else if (octal) {
      out += String.fromCharCode(Number.parseInt(octal[0], 8))
      i += 4
    } else {
      out += simpleEscapes[next] ?? next
      i += 2
    }
  }
  return out
}

const numericKinds: Record<string, { kind: NumericKind; suffix: number }> = {
  IntegerLiteral: { kind: 'integer', suffix: 0 },
  BigintLiteral: { kind: 'bigint', suffix: 1 },
  SmallintLiteral: { kind: 'smallint', suffix: 1 },
  TinyintLiteral: { kind: 'tinyint', suffix: 1 },
  DecimalLiteral: { kind: 'decimal', suffix: 0 },
  BigDecimalLiteral: { kind: 'decimal', suffix: 2 },
  ExponentLiteral: { kind: 'double', suffix: 0 },
  DoubleLiteral: { kind: 'double', suffix: 1 },
  FloatLiteral: { kind: 'float', suffix: 1 },
}

/** The kind of a number token, and its digits without the type suffix. */
export function numericValue(token: IToken): { kind: NumericKind; digits: string } {
  const spec = numericKinds[token.tokenType.name] ?? { kind: 'integer', suffix: 0 }
  return { kind: spec.kind, digits: token.image.slice(0, token.image.length - spec.suffix) }
}

/** `SECONDS` → `second` */
export function intervalUnit(token: IToken): IntervalUnitName {
  return token.image.toLowerCase().replace(/s$/, '') as IntervalUnitName
}
