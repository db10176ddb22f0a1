// Exact DECIMAL + - * / %: unscaled integers brought to a common scale, computed exactly and rounded HALF_UP to the
// result type's scale; a result of more digits than its precision is NULL (non-ANSI), as is a division by zero.
//
// Each row is computed on whole doubles while every operand and result stays below 2^53 (exact there); a row that
// does not is recomputed with BigInt. Division always uses BigInt: Spark divides to 38 digits first.
import {
  bitAt,
  type Column,
  DecimalBuilder,
  decimalColumn,
  EXACT,
  numbersOf,
  POW10,
  POW10_BIG,
  parseUnscaled,
  roundDownScale,
  roundDownScaleBig,
  roundedQuotient,
  storeUnscaled,
  TWO_32,
  unconvertedInt64Words,
  unscaledBigIntAt,
  unscaledOf,
} from '../../arrow/index.js'
import type { DataType, DecimalType } from '../../types/data-types.js'
import type { ArithmeticOp } from './loops.js'
import { combinedValidity, isScalar, type Vec } from './vector.js'

/**
 * An operand as unscaled integers at its scale: doubles, exact where `exactUnscaled` holds; elsewhere (NaN, or a
 * BIGINT's nearest double at or past 2^53) `big` must be asked.
 */
interface Unscaled {
  readonly values: ArrayLike<number> | number
  readonly big: (i: number) => bigint
  readonly scale: number
}

const MAX_SCALE = 38

/** Whether an unscaled operand's double is its exact value (below 2^53 in magnitude; false for NaN). */
export const exactUnscaled = (v: number): boolean => v < EXACT && v > -EXACT

/** A decimal or integral operand's unscaled values (integral values have scale 0). */
export function unscaledOperand(v: Vec, type: DataType): Unscaled {
  const scale = type.kind === 'decimal' ? type.scale : 0
  if (isScalar(v)) {
    const value = v.value
    const exact =
      typeof value === 'bigint'
        ? value * POW10_BIG[scale]!
        : (parseUnscaled(typeof value === 'string' ? value : String(value), scale) ?? 0n)
    const small = exact > -9007199254740992n && exact < 9007199254740992n
    return { values: small ? Number(exact) : Number.NaN, big: () => exact, scale }
  }
  if (type.kind === 'decimal') {
    const words = v.values as Uint32Array
    return { values: unscaledOf(v), big: (i) => unscaledBigIntAt(words, i), scale }
  }
  if (!(v.values instanceof BigInt64Array)) {
    const numbers = numbersOf(v)
    return { values: numbers, big: (i) => BigInt(numbers[i]!), scale }
  }
  // BIGINT: the column's cached doubles (shared with the batch's other readers), exact below 2^53; past it, its words.
  const longs = v.values
  return { values: numbersOf(v), big: (i) => longs[i]!, scale }
}

const at = (values: ArrayLike<number> | number, i: number) => (typeof values === 'number' ? values : values[i]!)

/** `a op b` over a batch, as a column of the decimal result type. */
export function decimalArithmetic(
  op: ArithmeticOp,
  args: readonly Vec[],
  types: readonly DataType[],
  result: DecimalType,
  n: number,
): Column {
  const validity = combinedValidity(args, n)
  const out = new DecimalBuilder(result, n, validity)
  if (op === 'multiply') {
    const scaled = scaledByConstant(args, types, result.scale, out, validity, n)
    if (scaled !== null) return scaled
  }
  const a = unscaledOperand(args[0]!, types[0]!)
  const b = unscaledOperand(args[1]!, types[1]!)
  const exact = exactRow(op, a, b, result.scale)
  const big = bigRow(op, a, b, result.scale)
  const divides = op === 'divide' || op === 'remainder' || op === 'pmod'
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const x = at(a.values, i)
    const y = at(b.values, i)
    if (divides && y === 0) {
      out.setNull(i)
      continue
    }
    const r = exactUnscaled(x) && exactUnscaled(y) ? exact(x, y) : Number.NaN
    if (!Number.isNaN(r)) out.set(i, r)
    else {
      const q = big(a.big(i), b.big(i))
      if (q === null) out.setNull(i)
      else out.setBig(i, q)
    }
  }
  return out.finish()
}

/**
 * `constant * column` (either order) in one loop without a row kernel: the common `0.908 * price`. Reads an int64
 * column's words directly when nothing has converted them yet. Null when neither operand is a constant below 2^53.
 */
function scaledByConstant(
  args: readonly Vec[],
  types: readonly DataType[],
  scale: number,
  out: DecimalBuilder,
  validity: Uint8Array | null,
  n: number,
): Column | null {
  const k = isScalar(args[0]!) ? 0 : 1
  // Exactly one constant operand (a column's values are only read once the constant qualifies).
  if (!isScalar(args[k]!) || isScalar(args[1 - k]!)) return null
  const constant = unscaledOperand(args[k]!, types[k]!)
  const c = constant.values as number
  if (!exactUnscaled(c)) return null
  const column = args[1 - k] as Column
  const words = unconvertedInt64Words(column)
  const other: Unscaled =
    words === null
      ? unscaledOperand(column, types[1 - k]!)
      : { values: Number.NaN, big: (i) => (column.values as BigInt64Array)[i]!, scale: 0 }
  const down = constant.scale + other.scale - scale
  const values = other.values as ArrayLike<number>
  const big = constant.big(0)
  for (let i = 0; i < n; i++) {
    if (validity !== null && !bitAt(validity, i)) continue
    const x = words === null ? values[i]! : words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)
    const product = c * x
    if (exactUnscaled(x) && exactUnscaled(product)) out.set(i, roundDownScale(product, down))
    else out.setBig(i, roundDownScaleBig(big * other.big(i), down))
  }
  return out.finish()
}

/** The row kernel on exact doubles: the unscaled result, or NaN when some step would leave the exact range. */
function exactRow(op: ArithmeticOp, a: Unscaled, b: Unscaled, scale: number): (x: number, y: number) => number {
  const common = Math.max(a.scale, b.scale)
  const fa = POW10[common - a.scale]!
  const fb = POW10[common - b.scale]!
  const fits = (v: number) => v > -EXACT && v < EXACT
  switch (op) {
    case 'add':
    case 'subtract': {
      const sign = op === 'add' ? 1 : -1
      const down = common - scale
      return (x, y) => {
        const l = x * fa
        const r = sign * y * fb
        const sum = l + r
        return fits(l) && fits(r) && fits(sum) ? roundDownScale(sum, down) : Number.NaN
      }
    }
    case 'multiply': {
      const down = a.scale + b.scale - scale
      return (x, y) => {
        const product = x * y
        return fits(product) ? roundDownScale(product, down) : Number.NaN
      }
    }
    case 'remainder':
    case 'pmod':
      return (x, y) => {
        const l = x * fa
        const r = y * fb
        if (!fits(l) || !fits(r)) return Number.NaN
        const m = l % r
        const v = op === 'pmod' && m !== 0 && m < 0 !== r < 0 ? m + r : m
        return roundDownScale(v, common - scale) + 0
      }
    default:
      return () => Number.NaN
  }
}

/** The same row kernel on bigints (null: division by zero). */
function bigRow(op: ArithmeticOp, a: Unscaled, b: Unscaled, scale: number): (x: bigint, y: bigint) => bigint | null {
  const common = Math.max(a.scale, b.scale)
  const fa = POW10_BIG[common - a.scale]!
  const fb = POW10_BIG[common - b.scale]!
  switch (op) {
    case 'add':
      return (x, y) => roundDownScaleBig(x * fa + y * fb, common - scale)
    case 'subtract':
      return (x, y) => roundDownScaleBig(x * fa - y * fb, common - scale)
    case 'multiply':
      return (x, y) => roundDownScaleBig(x * y, a.scale + b.scale - scale)
    case 'divide': {
      // Java's BigDecimal.divide(that, 38, HALF_UP), then the result type's scale (HALF_UP again), as Spark does.
      const up = POW10_BIG[MAX_SCALE + b.scale - a.scale]!
      return (x, y) => (y === 0n ? null : roundDownScaleBig(roundedQuotient(x * up, y), MAX_SCALE - scale))
    }
    default:
      return (x, y) => {
        if (y === 0n) return null
        const l = x * fa
        const r = y * fb
        const m = l % r
        const v = op === 'pmod' && m !== 0n && m < 0n !== r < 0n ? m + r : m
        return roundDownScaleBig(v, common - scale)
      }
  }
}

/** Exact `-x` and `abs(x)` of a DECIMAL (the negation of a value is always in range). */
export function decimalUnary(op: 'negative' | 'abs', arg: Vec, type: DecimalType, n: number): Column {
  const source = unscaledOperand(arg, type)
  const out = new Float64Array(n)
  const wide = new Map<number, bigint>()
  const validity = combinedValidity([arg], n)
  for (let i = 0; i < n; i++) {
    const v = at(source.values, i)
    if (exactUnscaled(v)) out[i] = (op === 'negative' ? -v : Math.abs(v)) + 0
    else {
      const b = source.big(i)
      storeUnscaled(out, wide, i, op === 'negative' || b < 0n ? -b : b)
    }
  }
  return decimalColumn(type, out, wide, validity)
}
