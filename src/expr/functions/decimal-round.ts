// round / bround of a DECIMAL on its unscaled value, exactly: HALF_UP or HALF_EVEN to the requested scale, into the
// result type of Spark's RoundBase (one more integral digit; a negative scale rounds to tens, hundreds, ...).
import { bitAt, type Column, decimalColumn, EXACT, POW10, POW10_BIG, storeUnscaled } from '../../arrow/index.js'
import { DecimalType } from '../../types/data-types.js'
import { exactUnscaled, unscaledOperand } from './decimal-arithmetic.js'
import { combinedValidity, type Vec } from './vector.js'

const MAX_PRECISION = 38

/** RoundBase.dataType for DECIMAL(p, s) rounded to `scale` digits. */
export function roundedDecimalType(type: DecimalType, scale: number): DecimalType {
  const integralDigits = type.precision - type.scale + 1
  if (scale < 0) return DecimalType(Math.min(Math.max(integralDigits, 1 - scale), MAX_PRECISION), 0)
  const newScale = Math.min(type.scale, scale)
  return DecimalType(Math.min(integralDigits + newScale, MAX_PRECISION), newScale)
}

/** v / 10^k rounded to a whole number (v a whole double below 2^53): halves away from zero, or to the even one. */
function roundedNumber(v: number, k: number, halfEven: boolean): number {
  const d = POW10[k]!
  const r = v % d
  const q = (v - r) / d
  const twice = 2 * Math.abs(r)
  return twice > d || (twice === d && (!halfEven || q % 2 !== 0)) ? q + Math.sign(v) : q
}

/** The same on bigints, for any v and d = 10^k. */
function roundedBigInt(v: bigint, d: bigint, halfEven: boolean): bigint {
  const q = v / d
  const r = v % d
  const twice = 2n * (r < 0n ? -r : r)
  return twice > d || (twice === d && (!halfEven || q % 2n !== 0n)) ? q + (v < 0n ? -1n : 1n) : q
}

/** Each value of `arg` (of `type`) rounded to `scale` digits, as `result` (NULL where it does not fit, as Spark). */
export function decimalRound(
  arg: Vec,
  type: DecimalType,
  scale: number,
  halfEven: boolean,
  result: DecimalType,
  n: number,
): Column {
  const source = unscaledOperand(arg, type)
  const validity = combinedValidity([arg], n)
  // Digits dropped from the unscaled value, then zeros put back (a negative scale keeps its result at scale 0).
  // Past 40 dropped digits every DECIMAL(≤ 38) value is under half a unit and rounds to 0, so larger cuts stop there.
  const dropped = Math.min(40, Math.max(0, type.scale - (scale < 0 ? scale : result.scale)))
  const restored = scale < 0 ? Math.min(40, -scale) : 0
  const out = new Float64Array(n)
  const wide = new Map<number, bigint>()
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const v = typeof source.values === 'number' ? source.values : source.values[i]!
    if (exactUnscaled(v) && dropped <= 15 && restored <= 15) {
      const r = (dropped === 0 ? v : roundedNumber(v, dropped, halfEven)) * POW10[restored]!
      if (r < EXACT && r > -EXACT) {
        out[i] = r + 0
        continue
      }
    }
    const exact = exactUnscaled(v) ? BigInt(v) : source.big(i)
    const rounded = dropped === 0 ? exact : roundedBigInt(exact, POW10_BIG[dropped]!, halfEven)
    storeUnscaled(out, wide, i, rounded === 0n ? 0n : rounded * POW10_BIG[restored]!)
  }
  return decimalColumn(result, out, wide.size > 0 ? wide : null, validity)
}
