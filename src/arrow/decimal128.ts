// Exact DECIMAL values: Arrow Decimal128 columns read and written as unscaled integers — whole numbers in a
// Float64Array while they are below 2^53 in magnitude (exact there, no BigInt), BigInt only for the rare wider value.
//
// Layout: four little-endian 32-bit words per value, two's complement over 128 bits.
import { makeData } from 'apache-arrow'
import type { DecimalType } from '../types/data-types.js'
import { toArrowType } from './arrow-types.js'
import { bitAt, type Column, countUnset, newBitmap, TWO_32 } from './column.js'

/** 2^53: whole numbers below it in magnitude are exact in a double, and so are their sums and differences below it. */
export const EXACT = 2 ** 53

/** 10^k as a double (exact for k ≤ 22) and as a bigint. */
export const POW10 = Array.from({ length: 40 }, (_, k) => 10 ** k)
export const POW10_BIG = Array.from({ length: 80 }, (_, k) => 10n ** BigInt(k))

const unscaledViews = new WeakMap<Column, Float64Array>()

/** Row i's unscaled value as a bigint, exact at any width. */
export function unscaledBigIntAt(words: Uint32Array, i: number): bigint {
  const j = 4 * i
  const v =
    (BigInt(words[j + 3]!) << 96n) | (BigInt(words[j + 2]!) << 64n) | (BigInt(words[j + 1]!) << 32n) | BigInt(words[j]!)
  return BigInt.asIntN(128, v)
}

/**
 * The unscaled values of a Decimal128 column as exact whole numbers, computed once and cached; NaN marks a value of
 * 2^53 or more in magnitude (read it with `unscaledBigIntAt`).
 */
export function unscaledOf(column: Column): Float64Array {
  let view = unscaledViews.get(column)
  if (view) return view
  const words = column.values as Uint32Array
  view = new Float64Array(column.length)
  for (let i = 0, j = 0; i < view.length; i++, j += 4) {
    const v = (words[j + 1]! | 0) * TWO_32 + words[j]!
    // The upper 64 bits must only extend the sign of the lower 64 for v to be the whole value.
    const fill = v < 0 ? 0xffffffff : 0
    const extended = words[j + 2] === fill && words[j + 3] === fill
    view[i] = extended && Math.abs(v) < EXACT ? v : Number.NaN
  }
  unscaledViews.set(column, view)
  return view
}

/** Writes a whole number below 2^53 in magnitude as row i's words. */
export function writeUnscaled(words: Uint32Array, i: number, v: number): void {
  const j = 4 * i
  const hi = Math.floor(v / TWO_32)
  words[j] = v - hi * TWO_32
  words[j + 1] = hi >>> 0
  words[j + 2] = words[j + 3] = v < 0 ? 0xffffffff : 0
}

/** Writes any value that fits 128 bits as row i's words. */
export function writeUnscaledBigInt(words: Uint32Array, i: number, v: bigint): void {
  let u = BigInt.asUintN(128, v)
  for (let k = 0; k < 4; k++, u >>= 32n) words[4 * i + k] = Number(u & 0xffffffffn)
}

/** The exact text of an unscaled value at a scale, as Spark prints a decimal: `0.30`, `-1.05`, `7`. */
export function decimalText(unscaled: number | bigint, scale: number): string {
  const negative = unscaled < 0
  let digits = (negative ? -unscaled : unscaled).toString()
  if (scale > 0) {
    digits = digits.padStart(scale + 1, '0')
    digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`
  }
  return negative ? `-${digits}` : digits
}

/** The exact text of row i of a Decimal128 column. */
export function decimalTextAt(column: Column, scale: number, i: number): string {
  const v = unscaledOf(column)[i]!
  return decimalText(Number.isNaN(v) ? unscaledBigIntAt(column.values as Uint32Array, i) : v, scale)
}

/**
 * Builds a Decimal128 column row by row straight into its words (no array of unscaled values in between): `set` a
 * whole number below 2^53 in magnitude, `setBig` any other, `setNull`; a value of more than the type's precision
 * digits becomes NULL (Spark's non-ANSI overflow). Rows never set are NULL only if `validity` says so.
 */
export class DecimalBuilder {
  private readonly words: Uint32Array
  private readonly limit: number
  private readonly limitBig: bigint
  private bits: Uint8Array | null

  constructor(
    private readonly type: DecimalType,
    private readonly length: number,
    private readonly validity: Uint8Array | null,
  ) {
    this.words = new Uint32Array(length * 4)
    this.limit = POW10[type.precision]!
    this.limitBig = POW10_BIG[type.precision]!
    this.bits = validity
  }

  set(i: number, v: number): void {
    if (Math.abs(v) < this.limit) writeUnscaled(this.words, i, v)
    else this.setNull(i)
  }

  setBig(i: number, v: bigint): void {
    if ((v < 0n ? -v : v) < this.limitBig) writeUnscaledBigInt(this.words, i, v)
    else this.setNull(i)
  }

  setNull(i: number): void {
    if (this.bits === null || this.bits === this.validity)
      this.bits = this.validity ? this.validity.slice() : newBitmap(this.length).fill(255)
    this.bits[i >> 3]! &= ~(1 << (i & 7))
  }

  finish(): Column {
    const nullCount = this.bits === null ? 0 : countUnset(this.bits, this.length)
    return makeData({
      type: toArrowType(this.type),
      length: this.length,
      nullCount,
      nullBitmap: nullCount > 0 ? this.bits! : undefined,
      data: this.words,
    } as never)
  }
}

/**
 * A Decimal128 column from unscaled values: whole numbers below 2^53 in `values`, wider ones in `wide` (by row,
 * where `values` holds NaN). A value of more than `precision` digits becomes NULL (Spark's non-ANSI overflow).
 */
export function decimalColumn(
  type: DecimalType,
  values: Float64Array,
  wide: ReadonlyMap<number, bigint> | null,
  validity: Uint8Array | null,
): Column {
  const builder = new DecimalBuilder(type, values.length, validity)
  for (let i = 0; i < values.length; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const v = values[i]!
    if (!Number.isNaN(v)) builder.set(i, v)
    else {
      const big = wide?.get(i)
      if (big === undefined) builder.setNull(i)
      else builder.setBig(i, big)
    }
  }
  return builder.finish()
}

/** Integer division by 10^k, halves away from zero (HALF_UP), of a whole number below 2^53. */
export function roundDownScale(v: number, k: number): number {
  if (k === 0) return v
  const d = POW10[k]!
  const r = v % d
  const q = (v - r) / d
  return 2 * Math.abs(r) >= d ? q + Math.sign(v) : q
}

/** The same on bigints. */
export function roundDownScaleBig(v: bigint, k: number): bigint {
  return roundedQuotient(v, POW10_BIG[k]!)
}

/** v / d rounded HALF_UP (halves away from zero). */
export function roundedQuotient(v: bigint, d: bigint): bigint {
  const q = v / d
  const r = v % d
  const twice = 2n * (r < 0n ? -r : r)
  return twice >= (d < 0n ? -d : d) ? q + (v < 0n !== d < 0n ? -1n : 1n) : q
}

/** A bigint as the double store (NaN = look in `wide`) for `decimalColumn`. */
export function storeUnscaled(values: Float64Array, wide: Map<number, bigint>, i: number, v: bigint): void {
  if (v > -9007199254740992n && v < 9007199254740992n) values[i] = Number(v)
  else {
    values[i] = Number.NaN
    wide.set(i, v)
  }
}

/**
 * Parses a decimal text (`-12.5`, `1e3`, `  7 `) to its unscaled value at `scale`, rounding HALF_UP; undefined when
 * the text is not a number.
 */
export function parseUnscaled(text: string, scale: number): bigint | undefined {
  const match = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text)
  if (!match) return undefined
  const [, sign, whole = '', fraction = '', exponent = '0'] = match
  if (whole === '' && fraction === '') return undefined
  const digits = BigInt(whole + fraction)
  const shift = Number(exponent) - fraction.length + scale
  if (Math.abs(shift) > 400) return shift < 0 ? 0n : undefined
  const v = shift >= 0 ? digits * 10n ** BigInt(shift) : roundedQuotient(digits, 10n ** BigInt(-shift))
  return sign === '-' ? -v : v
}
