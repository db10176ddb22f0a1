// Exact casts into DECIMAL from decimals, integral numbers and strings: the unscaled value is rescaled (HALF_UP
// when the scale shrinks) and is NULL when it needs more digits than the target's precision (non-ANSI).
import {
  bitAt,
  type Column,
  decimalColumn,
  EXACT,
  POW10,
  POW10_BIG,
  parseUnscaled,
  roundDownScale,
  roundDownScaleBig,
  storeUnscaled,
  stringsOf,
  validityOf,
} from '../../arrow/index.js'
import { type DataType, type DecimalType, isIntegral } from '../../types/data-types.js'
import { exactUnscaled, unscaledOperand } from './decimal-arithmetic.js'

/** Whether `castToDecimal` handles a cast from this type. */
export const exactDecimalSource = (from: DataType): boolean =>
  from.kind === 'decimal' || from.kind === 'string' || isIntegral(from)

export function castToDecimal(column: Column, from: DataType, to: DecimalType): Column {
  const n = column.length
  const validity = validityOf(column)
  const out = new Float64Array(n)
  const wide = new Map<number, bigint>()
  let bits = validity
  if (from.kind === 'string') {
    // Spark reads the trimmed text as a Java BigDecimal (exponents allowed); anything else is NULL.
    const texts = stringsOf(column)
    for (let i = 0; i < n; i++) {
      const text = texts[i]
      const v = text == null ? undefined : parseUnscaled(text, to.scale)
      if (v !== undefined) storeUnscaled(out, wide, i, v)
      else if (text != null) {
        bits ??= new Uint8Array((n + 7) >> 3).fill(255)
        if (bits === validity) bits = validity.slice()
        bits[i >> 3]! &= ~(1 << (i & 7))
      }
    }
    return decimalColumn(to, out, wide, bits)
  }
  const source = unscaledOperand(column, from)
  const values = source.values as ArrayLike<number>
  const shift = to.scale - source.scale
  const factor = POW10[Math.max(0, shift)]!
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const v = values[i]!
    if (shift <= 0 && exactUnscaled(v)) out[i] = roundDownScale(v, -shift)
    else if (shift > 0 && Math.abs(v * factor) < EXACT) out[i] = v * factor
    else {
      const x = source.big(i)
      storeUnscaled(out, wide, i, shift >= 0 ? x * POW10_BIG[shift]! : roundDownScaleBig(x, -shift))
    }
  }
  return decimalColumn(to, out, wide, bits)
}
