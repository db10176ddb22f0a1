// sum of BIGINT/INT and sum/avg of DECIMAL without rounding: whole numbers (integers, unscaled decimals) summed
// exactly per group, with no BigInt per row.
//
// A group's sum is  wide + hi·2^32 + lo:  `lo` takes each value below 2^52 and gives its excess to `hi` (counted in
// units of 2^32) once it reaches 2^52, so every addition stays exact in a double; the rare larger value, or a `hi`
// that reaches 2^52 itself, goes to a bigint `wide`. BIGINT sums wrap at 64 bits as Spark's (non-ANSI) do; decimal
// sums beyond their precision are NULL; avg divides as Spark's Average does (sum / count to 38 digits, then the
// division's scale, then the result type's, each HALF_UP).
import {
  allValidBitmap,
  bitAt,
  type Column,
  decimalColumn,
  grown,
  newBitmap,
  numbersOf,
  numericColumn,
  POW10_BIG,
  roundDownScaleBig,
  roundedQuotient,
  setBit,
  storeUnscaled,
  TWO_32,
  unconvertedInt64Words,
  validityOf,
} from '../../arrow/index.js'
import { type DataType, DecimalType, LONG } from '../../types/data-types.js'
import { unscaledOperand } from '../functions/decimal-arithmetic.js'
import { materialize, type Vec } from '../functions/vector.js'
import type { Accumulator } from './spec.js'

const LIMIT = 2 ** 52
const INVERSE_TWO_32 = 1 / TWO_32
const MAX_SCALE = 38

export class ExactSumAccumulator implements Accumulator {
  private lo = new Float64Array(0)
  /** Empty until a sum first carries past 2^52 (most never do): then as long as `lo`. */
  private hi = new Float64Array(0)
  private counts = new Float64Array(0)
  private readonly wide = new Map<number, bigint>()
  readonly stateTypes: readonly DataType[]

  constructor(
    private readonly inputType: DataType,
    private readonly resultType: DataType,
    private readonly average: boolean,
    /** try_sum: a BIGINT sum outside the 64-bit range is NULL instead of wrapping. */
    private readonly nullOnOverflow = false,
  ) {
    const scale = inputType.kind === 'decimal' ? inputType.scale : 0
    this.stateTypes = [inputType.kind === 'decimal' ? DecimalType(38, scale) : LONG, LONG]
  }

  grow(groups: number): void {
    this.lo = grown(this.lo, groups)
    if (this.hi.length > 0) this.hi = grown(this.hi, groups)
    this.counts = grown(this.counts, groups)
  }

  reset(group: number): void {
    this.lo[group] = this.hi[group] = this.counts[group] = 0
    this.wide.delete(group)
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    // A BIGINT column not yet read as doubles is read through its words (no per-batch Float64Array).
    const words = this.inputType.kind === 'decimal' ? null : unconvertedInt64Words(column)
    const source = words === null ? unscaledOperand(column, this.inputType) : null
    const values = source === null ? null : (source.values as ArrayLike<number>)
    const validity = validityOf(column)
    const { lo, counts } = this
    for (let i = 0; i < rows; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      const g = ids[i]!
      // readable form: const v = unscaledOperand(column, this.inputType).values[i]
      const v = values === null ? words![2 * i + 1]! * TWO_32 + (words![2 * i]! >>> 0) : values[i]!
      counts[g]!++
      if (v > -LIMIT && v < LIMIT) {
        const sum = lo[g]! + v
        if (sum > -LIMIT && sum < LIMIT) lo[g] = sum
        else this.carry(g, sum)
      } else this.addWide(g, source === null ? (column.values as BigInt64Array)[i]! : source.big(i))
    }
  }

  /** Keeps `lo` below 2^52 by moving whole multiples of 2^32 into `hi` (all steps exact). */
  private carry(g: number, sum: number): void {
    const c = Math.trunc(sum * INVERSE_TWO_32)
    this.lo[g] = sum - c * TWO_32
    if (this.hi.length === 0) this.hi = grown(this.hi, this.lo.length)
    const h = this.hi[g]! + c
    if (h > -LIMIT && h < LIMIT) this.hi[g] = h
    else {
      this.hi[g] = 0
      this.addWide(g, BigInt(h) << 32n)
    }
  }

  private addWide(g: number, v: bigint): void {
    this.wide.set(g, (this.wide.get(g) ?? 0n) + v)
  }

  merge(into: number, from: number): void {
    this.counts[into]! += this.counts[from]!
    // While `hi` is empty both read 0, and the store below is a no-op on the empty array.
    const h = (this.hi[into] ?? 0) + (this.hi[from] ?? 0)
    if (h > -LIMIT && h < LIMIT) this.hi[into] = h
    else {
      this.hi[into] = 0
      this.addWide(into, BigInt(h) << 32n)
    }
    const w = this.wide.get(from)
    if (w !== undefined) this.addWide(into, w)
    const sum = this.lo[into]! + this.lo[from]!
    if (sum > -LIMIT && sum < LIMIT) this.lo[into] = sum
    else this.carry(into, sum)
  }

  /** The exact sum of a group: a double when it is small, else a bigint. */
  private total(g: number): number | bigint {
    const h = this.hi[g] ?? 0
    const w = this.wide.get(g)
    if ((w === undefined || w === 0n) && h > -(2 ** 20) && h < 2 ** 20) return h * TWO_32 + this.lo[g]!
    return (w ?? 0n) + (BigInt(h) << 32n) + BigInt(this.lo[g]!)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const n = groups.length
    const validity = newBitmap(n)
    let missing = false
    for (let i = 0; i < n; i++) {
      if (this.counts[groups[i]!] === 0) missing = true
      else setBit(validity, i)
    }
    const bits = missing ? validity : null
    if (this.resultType.kind !== 'decimal') return this.longColumn(groups, bits)
    const out = new Float64Array(n)
    const wide = new Map<number, bigint>()
    for (let i = 0; i < n; i++) {
      const g = groups[i]!
      if (this.counts[g] === 0) continue
      const t = this.total(g)
      if (!this.average) {
        if (typeof t === 'number') out[i] = t
        else storeUnscaled(out, wide, i, t)
      } else {
        const q = this.averageOf(typeof t === 'number' ? BigInt(t) : t, this.counts[g]!)
        // An average whose sum overflowed is NULL (decimalColumn turns an infinite value into NULL).
        if (q === null) out[i] = Number.POSITIVE_INFINITY
        else storeUnscaled(out, wide, i, q)
      }
    }
    return decimalColumn(this.resultType, out, wide, bits)
  }

  /** Spark's Average over decimals: sum (DECIMAL(p+10, s), NULL on overflow) / count. */
  private averageOf(sum: bigint, count: number): bigint | null {
    const input = this.inputType as DecimalType
    const result = this.resultType as DecimalType
    const s = input.scale
    const sumPrecision = Math.min(38, input.precision + 10)
    if ((sum < 0n ? -sum : sum) >= POW10_BIG[sumPrecision]!) return null
    // The division's type: DECIMAL(sumPrecision, s) / DECIMAL(20, 0), bounded to 38 digits.
    const divScale = Math.max(MAX_SCALE - (sumPrecision - s), Math.min(s + 21, 6))
    const q38 = roundedQuotient(sum * POW10_BIG[MAX_SCALE - s]!, BigInt(count))
    const q = roundDownScaleBig(q38, MAX_SCALE - divScale)
    return result.scale >= divScale
      ? q * POW10_BIG[result.scale - divScale]!
      : roundDownScaleBig(q, divScale - result.scale)
  }

  /** BIGINT sums as 64-bit words, wrapping as Java's long addition does. */
  private longColumn(groups: ArrayLike<number>, validity: Uint8Array | null): Column {
    const out = new BigInt64Array(groups.length)
    const words = new Int32Array(out.buffer)
    let bits = validity
    for (let i = 0; i < groups.length; i++) {
      const t = this.total(groups[i]!)
      if (typeof t === 'bigint') {
        out[i] = BigInt.asIntN(64, t)
        if (this.nullOnOverflow && out[i] !== t) {
          bits ??= allValidBitmap(groups.length)
          bits[i >> 3]! &= ~(1 << (i & 7))
        }
      } else {
        const high = Math.floor(t * INVERSE_TWO_32)
        words[2 * i] = (t - high * TWO_32) | 0
        words[2 * i + 1] = high | 0
      }
    }
    return numericColumn(LONG, out, bits)
  }

  memoryBytes(): number {
    return this.lo.byteLength + this.hi.byteLength + this.counts.byteLength + this.wide.size * 32
  }

  saveState(groups: ArrayLike<number>): Column[] {
    const n = groups.length
    const counts = new Float64Array(n)
    for (let i = 0; i < n; i++) counts[i] = this.counts[groups[i]!]!
    const sums = this.inputType.kind === 'decimal' ? this.decimalSums(groups) : this.longColumn(groups, null)
    return [sums, numericColumn(LONG, counts, null, 0)]
  }

  private decimalSums(groups: ArrayLike<number>): Column {
    const out = new Float64Array(groups.length)
    const wide = new Map<number, bigint>()
    for (let i = 0; i < groups.length; i++) {
      const t = this.total(groups[i]!)
      if (typeof t === 'number') out[i] = t
      else storeUnscaled(out, wide, i, t)
    }
    return decimalColumn(this.stateTypes[0] as DecimalType, out, wide, null)
  }

  loadState(groups: ArrayLike<number>, [sums, counts]: readonly Column[]): void {
    const source = unscaledOperand(sums!, this.stateTypes[0]!)
    const values = source.values as ArrayLike<number>
    const n = numbersOf(counts!)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      this.reset(g)
      this.counts[g] = n[i]!
      const v = values[i]!
      if (v > -LIMIT && v < LIMIT) this.lo[g] = v
      else this.addWide(g, source.big(i))
    }
  }
}
