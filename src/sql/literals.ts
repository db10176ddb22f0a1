// SQL literals as typed Rivulet literals with Spark's types and physical values (ints, epoch days, epoch micros).
import type {
  BinaryLiteral,
  Literal as LiteralAst,
  Loc,
  NumericLiteral,
  StringLiteral,
  TypedLiteral,
} from '../../grammar/index.js'
import { decimalText, parseUnscaled } from '../arrow/index.js'
import { parseDateString, parseTimestampString } from '../common/datetime-parse.js'
import { formatTimestamp } from '../common/time.js'
import { type Expr, literal } from '../expr/expression.js'
import {
  BINARY,
  BOOLEAN,
  BYTE,
  DATE,
  DecimalType,
  DOUBLE,
  FLOAT,
  INTEGER,
  LONG,
  NULL,
  SHORT,
  STRING,
  TIMESTAMP,
  TIMESTAMP_NTZ,
} from '../types/data-types.js'
import type { BindContext } from './bind-context.js'
import { intervalLiteral } from './interval-literal.js'
import { parseErrorAt } from './source-locations.js'

type LiteralKind = LiteralAst['kind']
type LiteralOf<K extends LiteralKind> = Extract<LiteralAst, { kind: K }>

const integralRanges = {
  tinyint: [-128n, 127n, BYTE],
  smallint: [-32768n, 32767n, SHORT],
  integer: [-2147483648n, 2147483647n, INTEGER],
  bigint: [-9223372036854775808n, 9223372036854775807n, LONG],
} as const

const MAX_DECIMAL_PRECISION = 38

function outOfRange(ctx: BindContext, loc: Loc, value: string, min: string, max: string, type: string): Error {
  return parseErrorAt(
    ctx.text,
    loc,
    `Numeric literal ${value} does not fit in range [${min}, ${max}] for type ${type}.`,
    'INVALID_NUMERIC_LITERAL_RANGE',
  )
}

/** Precision and scale of a decimal as Java's BigDecimal reads it (`DecimalType.fromDecimal`). */
function decimalShape(text: string): { precision: number; scale: number } | undefined {
  const match = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!match) return undefined
  const [, whole = '', fraction = '', exponent = '0'] = match
  const digits = (whole + fraction).replace(/^0+/, '')
  const precision = Math.max(digits.length, 1)
  const scale = fraction.length - Number(exponent)
  // A negative scale is folded into the precision; a scale above the precision widens it (0.01 is decimal(2,2)).
  return scale < 0 ? { precision: precision - scale, scale: 0 } : { precision: Math.max(precision, scale), scale }
}

function decimalLiteral(node: NumericLiteral, ctx: BindContext): Expr {
  const shape = decimalShape(node.value)
  if (!shape || shape.precision > MAX_DECIMAL_PRECISION) {
    throw parseErrorAt(
      ctx.text,
      node.loc,
      `Decimal literal ${node.value} exceeds the maximum precision of ${MAX_DECIMAL_PRECISION}.`,
      'DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION',
    )
  }
  // Held as the double that prints as the decimal (`0.5`), else as its exact text (`0.50`, `12345678901234567.89`),
  // which is also how Spark names it.
  const text = decimalText(parseUnscaled(node.value, shape.scale)!, shape.scale)
  const value = String(Number(text)) === text ? Number(text) : text
  const decimal = literal(value, DecimalType(shape.precision, shape.scale))
  const name = javaBigDecimalText(text, shape.scale)
  return name === text ? decimal : Object.freeze({ ...decimal, text: name })
}

/**
 * java.math.BigDecimal.toString of a plain decimal text with `scale` digits after the point, which is how Spark
 * names a decimal literal: scientific notation once the adjusted exponent is below -6 (`1.230E-26`).
 */
function javaBigDecimalText(plain: string, scale: number): string {
  const negative = plain.startsWith('-')
  const digits = plain
    .replace(/^-/, '')
    .replace('.', '')
    .replace(/^0+(?=\d)/, '')
  const adjusted = -scale + (digits.length - 1)
  if (scale >= 0 && adjusted >= -6) return plain
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits
  return `${negative ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`
}

/** A BIGINT literal is a number while that is exact, and a bigint past 2^53. */
const longValue = (big: bigint): number | bigint => (Number.isSafeInteger(Number(big)) ? Number(big) : big)

function numericLiteral(node: NumericLiteral, ctx: BindContext): Expr {
  const { numericKind, value, loc } = node
  switch (numericKind) {
    case 'integer': {
      // Spark types an unsuffixed integer by its size: int, then bigint, then decimal(n, 0).
      const big = BigInt(value)
      if (big >= integralRanges.integer[0] && big <= integralRanges.integer[1]) return literal(Number(value), INTEGER)
      if (big >= integralRanges.bigint[0] && big <= integralRanges.bigint[1]) return literal(longValue(big), LONG)
      return decimalLiteral(node, ctx)
    }
    case 'tinyint':
    case 'smallint':
    case 'bigint': {
      const [min, max, type] = integralRanges[numericKind]
      if (!/^[+-]?\d+$/.test(value)) throw outOfRange(ctx, loc, value, `${min}`, `${max}`, numericKind)
      const big = BigInt(value)
      if (big < min || big > max) throw outOfRange(ctx, loc, value, `${min}`, `${max}`, numericKind)
      return literal(longValue(big), type)
    }
    case 'decimal':
      return decimalLiteral(node, ctx)
    case 'double': {
      const number = Number(value)
      if (!Number.isFinite(number)) {
        throw outOfRange(ctx, loc, value, '-1.7976931348623157E+308', '1.7976931348623157E+308', 'double')
      }
      return literal(number, DOUBLE)
    }
    case 'float': {
      const number = Math.fround(Number(value))
      if (!Number.isFinite(number)) throw outOfRange(ctx, loc, value, '-3.4028235E+38', '3.4028235E+38', 'float')
      return literal(number, FLOAT)
    }
  }
}

function typedLiteral(node: TypedLiteral, ctx: BindContext): Expr {
  const invalid = () =>
    parseErrorAt(
      ctx.text,
      node.loc,
      `The value of the typed literal "${node.type.toUpperCase()}" is invalid: '${node.value}'.`,
      'INVALID_TYPED_LITERAL',
    )
  if (node.type === 'date') {
    const days = parseDateString(node.value)
    if (days === null) throw invalid()
    return literal(days, DATE)
  }
  // TIMESTAMP_NTZ reads the wall clock as is (as UTC); TIMESTAMP and TIMESTAMP_LTZ in the session time zone.
  const ntz = node.type === 'timestamp_ntz'
  const micros = parseTimestampString(node.value, ntz ? 'UTC' : ctx.session.timeZone)
  if (micros === null) throw invalid()
  // Spark's Literal.sql prints a TIMESTAMP in the session time zone (at naming time, so the text is fixed here).
  const text = ntz
    ? `TIMESTAMP_NTZ '${formatTimestamp(micros, 'UTC')}'`
    : `TIMESTAMP '${formatTimestamp(micros, ctx.session.timeZone)}'`
  return { ...literal(micros, ntz ? TIMESTAMP_NTZ : TIMESTAMP), text }
}

function binaryLiteral(node: BinaryLiteral, ctx: BindContext): Expr {
  const hex = node.hex.length % 2 === 0 ? node.hex : `0${node.hex}`
  if (!/^[0-9a-fA-F]*$/.test(hex)) {
    throw parseErrorAt(ctx.text, node.loc, `The value of the typed literal "X" is invalid: '${node.hex}'.`)
  }
  const bytes = new Uint8Array(hex.length / 2)
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16)
  return literal(bytes, BINARY)
}

const handlers: { [K in LiteralKind]: (node: LiteralOf<K>, ctx: BindContext) => Expr } = {
  NullLiteral: () => literal(null, NULL),
  BooleanLiteral: (node) => literal(node.value, BOOLEAN),
  NumericLiteral: numericLiteral,
  StringLiteral: (node: StringLiteral) => literal(node.value, STRING),
  BinaryLiteral: binaryLiteral,
  TypedLiteral: typedLiteral,
  IntervalLiteral: intervalLiteral,
}

/** A literal node as a typed literal expression. */
export function bindLiteral(node: LiteralAst, ctx: BindContext): Expr {
  return handlers[node.kind](node as never, ctx)
}

export const literalKinds: ReadonlySet<string> = new Set(Object.keys(handlers))
