// pyspark.sql.functions: mathematical and bitwise functions (trigonometry, bases, bits, constants).

import { literal } from '../expr/expression.js'
import { DOUBLE } from '../types/data-types.js'
import type { Column } from './column.js'
import { type ColumnOrName, c, colOrNumber, fn } from './function-args.js'

/** A Column, a column by name, or a number as a DOUBLE literal (PySpark's `Union[ColumnOrName, float]`). */
const colOrDouble = (value: ColumnOrName | number) => (typeof value === 'number' ? literal(value, DOUBLE) : c(value))

/** Inverse cosine of `col`, in radians. */
export const acos = (col: ColumnOrName): Column => fn('acos', c(col))
/** Inverse hyperbolic cosine of `col`. */
export const acosh = (col: ColumnOrName): Column => fn('acosh', c(col))
/** Inverse sine of `col`, in radians. */
export const asin = (col: ColumnOrName): Column => fn('asin', c(col))
/** Inverse hyperbolic sine of `col`. */
export const asinh = (col: ColumnOrName): Column => fn('asinh', c(col))
/** Inverse tangent of `col`, in radians. */
export const atan = (col: ColumnOrName): Column => fn('atan', c(col))
/** Inverse hyperbolic tangent of `col`. */
export const atanh = (col: ColumnOrName): Column => fn('atanh', c(col))
/** The angle theta of the point (x, y) from polar coordinates: atan2(y, x). */
export const atan2 = (col1: ColumnOrName | number, col2: ColumnOrName | number): Column =>
  fn('atan2', colOrDouble(col1), colOrDouble(col2))
/** Cosine of an angle in radians. */
export const cos = (col: ColumnOrName): Column => fn('cos', c(col))
/** Hyperbolic cosine. */
export const cosh = (col: ColumnOrName): Column => fn('cosh', c(col))
/** Cotangent of an angle in radians. */
export const cot = (col: ColumnOrName): Column => fn('cot', c(col))
/** Cosecant of an angle in radians. */
export const csc = (col: ColumnOrName): Column => fn('csc', c(col))
/** Secant of an angle in radians. */
export const sec = (col: ColumnOrName): Column => fn('sec', c(col))
/** Sine of an angle in radians. */
export const sin = (col: ColumnOrName): Column => fn('sin', c(col))
/** Hyperbolic sine. */
export const sinh = (col: ColumnOrName): Column => fn('sinh', c(col))
/** Tangent of an angle in radians. */
export const tan = (col: ColumnOrName): Column => fn('tan', c(col))
/** Hyperbolic tangent. */
export const tanh = (col: ColumnOrName): Column => fn('tanh', c(col))
/** An angle in radians converted to degrees. */
export const degrees = (col: ColumnOrName): Column => fn('degrees', c(col))
/** An angle in degrees converted to radians. */
export const radians = (col: ColumnOrName): Column => fn('radians', c(col))
/** Euler's number e, as a DOUBLE. */
export const e = (): Column => fn('e')
/** Pi, as a DOUBLE. */
export const pi = (): Column => fn('pi')
/** exp(x) - 1, accurate near 0. */
export const expm1 = (col: ColumnOrName): Column => fn('expm1', c(col))
/** ln(1 + x), accurate near 0; NULL for x <= -1. */
export const log1p = (col: ColumnOrName): Column => fn('log1p', c(col))
/** Natural logarithm; NULL for x <= 0. */
export const ln = (col: ColumnOrName): Column => fn('ln', c(col))
/** sqrt(a^2 + b^2) without intermediate overflow. */
export const hypot = (col1: ColumnOrName | number, col2: ColumnOrName | number): Column =>
  fn('hypot', colOrDouble(col1), colOrDouble(col2))
/** The double closest to `col` that is an integer (halves to even). */
export const rint = (col: ColumnOrName): Column => fn('rint', c(col))
/** n! as BIGINT for n in [0, 20]; NULL otherwise. */
export const factorial = (col: ColumnOrName): Column => fn('factorial', c(col))
/** The cube root. */
export const cbrt = (col: ColumnOrName): Column => fn('cbrt', c(col))
/** The smallest integer not less than `col`, or with `scale` a DECIMAL rounded up to `scale` digits. */
export const ceiling = (col: ColumnOrName, scale?: ColumnOrName | number): Column =>
  fn('ceil', c(col), ...(scale === undefined ? [] : [colOrNumber(scale)]))
/** The sign of `col` (-1.0, 0.0 or 1.0). */
export const sign = (col: ColumnOrName): Column => fn('signum', c(col))
/** `col` to the power `col2`. */
export const power = (col1: ColumnOrName | number, col2: ColumnOrName | number): Column =>
  fn('pow', colOrDouble(col1), colOrDouble(col2))
/** The negation of `col`. */
export const negative = (col: ColumnOrName): Column => fn('negative', c(col))
/** The negation of `col` (same as negative). */
export const negate = negative
/** `col` itself (unary plus). */
export const positive = (col: ColumnOrName): Column => fn('positive', c(col))
/** Hex of an integral's 64-bit two's complement, or of a string's or binary's bytes. */
export const hex = (col: ColumnOrName): Column => fn('hex', c(col))
/** The bytes of a hex string as BINARY; NULL for a non-hex character. */
export const unhex = (col: ColumnOrName): Column => fn('unhex', c(col))
/** The binary digits of a BIGINT (its two's complement when negative). */
export const bin = (col: ColumnOrName): Column => fn('bin', c(col))
/** A number written in `fromBase` rewritten in `toBase` (2..36; a negative toBase prints a signed value). */
export const conv = (col: ColumnOrName, fromBase: number, toBase: number): Column =>
  fn('conv', c(col), colOrNumber(fromBase), colOrNumber(toBase))
/** The number of bits set in an integral (or boolean) value. */
export const bit_count = (col: ColumnOrName): Column => fn('bit_count', c(col))
/** Bit `pos` (0 = least significant) of an integral, as 0 or 1. */
export const bit_get = (col: ColumnOrName, pos: ColumnOrName | number): Column =>
  fn('bit_get', c(col), colOrNumber(pos))
/** Bit `pos` (0 = least significant) of an integral, as 0 or 1. */
export const getbit = (col: ColumnOrName, pos: ColumnOrName | number): Column => fn('getbit', c(col), colOrNumber(pos))
/** `col << numBits` on INT or BIGINT. */
export const shiftleft = (col: ColumnOrName, numBits: number): Column => fn('shiftleft', c(col), colOrNumber(numBits))
/** `col >> numBits` (sign-extending) on INT or BIGINT. */
export const shiftright = (col: ColumnOrName, numBits: number): Column => fn('shiftright', c(col), colOrNumber(numBits))
/** `col >>> numBits` (zero-filling) on INT or BIGINT. */
export const shiftrightunsigned = (col: ColumnOrName, numBits: number): Column =>
  fn('shiftrightunsigned', c(col), colOrNumber(numBits))
/** left + right, NULL instead of overflowing. */
export const try_add = (left: ColumnOrName, right: ColumnOrName): Column => fn('try_add', c(left), c(right))
/** left - right, NULL instead of overflowing. */
export const try_subtract = (left: ColumnOrName, right: ColumnOrName): Column => fn('try_subtract', c(left), c(right))
/** left * right, NULL instead of overflowing. */
export const try_multiply = (left: ColumnOrName, right: ColumnOrName): Column => fn('try_multiply', c(left), c(right))
/** left / right, NULL for a zero divisor. */
export const try_divide = (left: ColumnOrName, right: ColumnOrName): Column => fn('try_divide', c(left), c(right))
/** left % right, NULL for a zero divisor. */
export const try_mod = (left: ColumnOrName, right: ColumnOrName): Column => fn('try_mod', c(left), c(right))
/** Uniform random doubles in [0, 1), Spark's sequence for `seed` (a random seed when omitted). */
export const rand = (seed?: number): Column => fn('rand', ...(seed === undefined ? [] : [colOrNumber(seed)]))
/** Standard normal random doubles, Spark's sequence for `seed` (a random seed when omitted). */
export const randn = (seed?: number): Column => fn('randn', ...(seed === undefined ? [] : [colOrNumber(seed)]))
