// BIGINT arithmetic past 2^53: the double loop is exact while operands and result stay below 2^53; rows where one of
// them does not are recomputed from the int64 words with BigInt, wrapping at 64 bits as Java's long arithmetic does.
import { bitAt, type Column, EXACT, numericColumn } from '../../arrow/index.js'
import { LONG } from '../../types/data-types.js'
import type { ArithmeticOp } from './loops.js'
import { isScalar, type Vec } from './vector.js'

const unsafe = (x: number) => !(x > -EXACT && x < EXACT)

/** The exact int64 of row i of a BIGINT operand (a column's word, or the scalar). */
function bigAt(v: Vec, i: number): bigint {
  if (isScalar(v)) return typeof v.value === 'bigint' ? v.value : BigInt(v.value as number)
  return (v.values as BigInt64Array)[i]!
}

function exact(op: ArithmeticOp, x: bigint, y: bigint): bigint {
  switch (op) {
    case 'add':
      return x + y
    case 'subtract':
      return x - y
    case 'multiply':
      return x * y
    case 'div':
      return x / y
    case 'remainder':
      return x % y
    default: {
      const r = x % y
      return r < 0n ? (r + y) % y : r
    }
  }
}

/**
 * The BIGINT result column when some valid row left the exact range of doubles (`out` holds the double results,
 * `left`/`right` the operands' doubles); null when every row is exact as it is.
 */
export function exactLongResult(
  op: ArithmeticOp,
  args: readonly Vec[],
  left: ArrayLike<number> | number,
  right: ArrayLike<number> | number,
  out: Float64Array,
  validity: Uint8Array | null,
): Column | null {
  const n = out.length
  const at = (v: ArrayLike<number> | number, i: number) => (typeof v === 'number' ? v : v[i]!)
  let first = -1
  for (let i = 0; i < n && first < 0; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    if (unsafe(out[i]!) || unsafe(at(left, i)) || unsafe(at(right, i))) first = i
  }
  if (first < 0) return null
  const words = new BigInt64Array(n)
  const halves = new Int32Array(words.buffer)
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const r = out[i]!
    if (i >= first && (unsafe(r) || unsafe(at(left, i)) || unsafe(at(right, i)))) {
      const y = bigAt(args[1]!, i)
      words[i] =
        y === 0n && op !== 'add' && op !== 'subtract' && op !== 'multiply'
          ? 0n
          : BigInt.asIntN(64, exact(op, bigAt(args[0]!, i), y))
    } else {
      const high = Math.floor(r / 4294967296)
      halves[2 * i] = (r - high * 4294967296) | 0
      halves[2 * i + 1] = high | 0
    }
  }
  return numericColumn(LONG, words, validity)
}

/**
 * round/bround of BIGINT values to a negative `scale` (tens, hundreds, ...), exactly: Spark's
 * `BigDecimal(x).setScale(scale, mode).toLong`, which wraps at 64 bits when the rounded value leaves the range.
 * Rows within ±2^52 round in doubles; the rest go through BigInt.
 */
export function roundLong(
  values: BigInt64Array,
  scale: number,
  halfEven: boolean,
  validity: Uint8Array | null,
): Column {
  const n = values.length
  const out = new BigInt64Array(n)
  const halves = new Int32Array(out.buffer)
  const input = new Int32Array(values.buffer, values.byteOffset, 2 * n)
  // Past 10^20 every BIGINT (below 9.3 × 10^18) is under half a unit and rounds to 0, so larger units are cut there.
  const digits = Math.min(-scale, 20)
  const d = 10 ** digits
  const bigD = 10n ** BigInt(digits)
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const x = input[2 * i + 1]! * 4294967296 + (input[2 * i]! >>> 0)
    if (Math.abs(x) < 2 ** 52 && d < 2 ** 52) {
      const a = Math.abs(x)
      const q = Math.floor(a / d)
      const r = a - q * d
      const up = 2 * r > d || (2 * r === d && (!halfEven || q % 2 === 1))
      const rounded = Math.sign(x) * (up ? q + 1 : q) * d
      const high = Math.floor(rounded / 4294967296)
      halves[2 * i] = (rounded - high * 4294967296) | 0
      halves[2 * i + 1] = high | 0
      continue
    }
    const big = values[i]!
    let q = big / bigD
    const r = big % bigD
    const twice = 2n * (r < 0n ? -r : r)
    if (twice > bigD || (twice === bigD && (!halfEven || q % 2n !== 0n))) q += big < 0n ? -1n : 1n
    out[i] = BigInt.asIntN(64, q * bigD)
  }
  return numericColumn(LONG, out, validity)
}
