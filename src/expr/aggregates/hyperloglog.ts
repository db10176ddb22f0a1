// approx_count_distinct: a HyperLogLog++ sketch per group (Spark's register count for a relative error, dense
// registers, linear counting below the HLL++ threshold).
import { bitAt, type Column, grown, numbersOf, numericColumn, Utf8Builder, validityOf } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { finish, hashBytes, hashNumber, hashText } from '../../common/hash.js'
import { valueKey } from '../../common/value-key.js'
import { BINARY, DOUBLE, LONG } from '../../types/data-types.js'
import { dataTypeOf } from '../expression.js'
import { coerceArgs } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import type { Accumulator, AggregateFunction } from './spec.js'
import { reader, slotKind } from './value-slots.js'

/** Register-index bits for a relative standard deviation (Spark's HyperLogLogPlusPlusHelper). */
export function precisionFor(relativeSD: number): number {
  const p = Math.ceil((2 * Math.log(1.106 / relativeSD)) / Math.log(2))
  if (p < 4)
    throw new AnalysisException('HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.')
  return p
}

/** Linear-counting thresholds from the HLL++ paper, for p = 4..18. */
const THRESHOLDS = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000]

function alpha(m: number): number {
  return m === 16 ? 0.673 : m === 32 ? 0.697 : m === 64 ? 0.709 : 0.7213 / (1 + 1.079 / m)
}

/** A 64-bit hash as two 32-bit words from two seeds. */
function hash64(value: unknown, out: Int32Array): void {
  const seeds = [0x2a, 0x9e3779b9]
  for (let k = 0; k < 2; k++) {
    let h = seeds[k]!
    if (typeof value === 'number') h = hashNumber(h, value)
    else if (typeof value === 'string') h = hashText(h, value)
    else if (value instanceof Uint8Array) h = hashBytes(h, value, 0, value.length)
    else h = hashText(h, valueKey(value))
    out[k] = finish(h)
  }
}

class HyperLogLogAccumulator implements Accumulator {
  private registers = new Uint8Array(0)
  private readonly m: number
  private readonly words = new Int32Array(2)

  constructor(
    private readonly p: number,
    private readonly numeric: boolean,
    private readonly type: Parameters<typeof reader>[1],
  ) {
    this.m = 1 << p
  }

  grow(groups: number): void {
    this.registers = grown(this.registers, groups * this.m)
  }

  reset(group: number): void {
    this.registers.fill(0, group * this.m, (group + 1) * this.m)
  }

  private add(group: number, value: unknown): void {
    hash64(value, this.words)
    const hi = this.words[0]!
    const lo = this.words[1]!
    const p = this.p
    const index = hi >>> (32 - p)
    // Leading zeros of (hash << p) with a guard bit, plus one: the rank HLL records.
    const shiftedHi = (hi << p) | (lo >>> (32 - p))
    const shiftedLo = (lo << p) | (1 << (p - 1))
    const rank = shiftedHi !== 0 ? Math.clz32(shiftedHi) + 1 : 33 + Math.clz32(shiftedLo)
    const at = group * this.m + index
    if (rank > this.registers[at]!) this.registers[at] = rank
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const validity = validityOf(column)
    if (this.numeric) {
      const values = numbersOf(column)
      for (let i = 0; i < rows; i++) if (validity === null || bitAt(validity, i)) this.add(ids[i]!, values[i]!)
      return
    }
    const read = reader(column, this.type)
    for (let i = 0; i < rows; i++) if (validity === null || bitAt(validity, i)) this.add(ids[i]!, read(i))
  }

  merge(into: number, from: number): void {
    const { m, registers } = this
    for (let j = 0; j < m; j++) {
      const a = into * m + j
      const b = from * m + j
      if (registers[b]! > registers[a]!) registers[a] = registers[b]!
    }
  }

  private estimate(group: number): number {
    const { m, p } = this
    let zInverse = 0
    let zeros = 0
    for (let j = group * m; j < (group + 1) * m; j++) {
      const r = this.registers[j]!
      zInverse += 2 ** -r
      if (r === 0) zeros++
    }
    const raw = (alpha(m) * m * m) / zInverse
    if (zeros > 0) {
      const linear = m * Math.log(m / zeros)
      if (linear <= (THRESHOLDS[p - 4] ?? 0)) return Math.round(linear)
    }
    return Math.round(raw)
  }

  evaluate(groups: ArrayLike<number>): Column {
    return numericColumn(
      LONG,
      Float64Array.from(groups, (g) => this.estimate(g)),
      null,
      0,
    )
  }

  memoryBytes(): number {
    return this.registers.byteLength
  }

  readonly stateTypes = [BINARY]

  saveState(groups: ArrayLike<number>): Column[] {
    const builder = new Utf8Builder(groups.length, groups.length * this.m, true)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      builder.appendBytes(this.registers, g * this.m, (g + 1) * this.m)
    }
    return [builder.finish()]
  }

  loadState(groups: ArrayLike<number>, [registers]: readonly Column[]): void {
    const offsets = registers!.valueOffsets as Int32Array
    const bytes = registers!.values as Uint8Array
    for (let i = 0; i < groups.length; i++)
      this.registers.set(bytes.subarray(offsets[i]!, offsets[i + 1]!), groups[i]! * this.m)
  }
}

export const approxCountDistinct: AggregateFunction = {
  kind: 'aggregate',
  arity: [1, 2],
  resolve(args, name) {
    const rest = args.length > 1 ? coerceArgs(name, args.slice(1), [DOUBLE]) : []
    return { args: [args[0]!, ...rest], dataType: LONG, nullable: false }
  },
  create(call) {
    const rsd = call.args[1]?.kind === 'Literal' ? Number(call.args[1].value) : 0.05
    const type = dataTypeOf(call.args[0]!)
    return new HyperLogLogAccumulator(precisionFor(rsd), slotKind(type) === 'number', type)
  },
}
