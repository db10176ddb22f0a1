// histogram_numeric(expr, nb): an approximate histogram of a group's numbers in at most nb bins, as Spark's (Hive's)
// NumericHistogram computes it (Ben-Haim and Tom-Tov's streaming algorithm): each value joins its equal bin or opens
// a new one; past nb bins the two closest merge into their weighted centre, a tie between equally close pairs broken
// by a java.util.Random seeded 31183, exactly as Spark's, so the bins match Spark's for the same input order.
import type { Struct } from 'apache-arrow'
import {
  bitAt,
  type Column,
  listColumn,
  numbersOf,
  numericColumn,
  structColumn,
  toArrowType,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, type DataType, DOUBLE, isNumeric } from '../../types/data-types.js'
import { StructField, StructType } from '../../types/struct-type.js'
import { dataTypeOf } from '../expression.js'
import { callText, unexpectedInputType } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import { sqlText } from '../sql-text.js'
import type { Accumulator, AggregateFunction } from './spec.js'
import { columnOfSlotValues } from './value-slots.js'

const MULTIPLIER = 0x5deece66dn
const MASK = (1n << 48n) - 1n

/** java.util.Random's nextDouble (only drawn on ties, so the BigInt arithmetic stays off the per-row path). */
class JavaRandom {
  private seed: bigint

  constructor(seed: number) {
    this.seed = (BigInt(seed) ^ MULTIPLIER) & MASK
  }

  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + 0xbn) & MASK
    return Number(this.seed >> BigInt(48 - bits))
  }

  nextDouble(): number {
    return (this.next(26) * 2 ** 27 + this.next(27)) * 2 ** -53
  }
}

/** One group's bins, sorted by x. */
class Bins {
  readonly xs: number[] = []
  readonly ys: number[] = []
  private readonly random = new JavaRandom(31183)

  constructor(private readonly limit: number) {}

  add(v: number): void {
    // Binary search for v's bin, as NumericHistogram.add.
    let bin = 0
    for (let l = 0, r = this.xs.length; l < r; ) {
      bin = (l + r) >> 1
      if (this.xs[bin]! > v) r = bin
      else if (this.xs[bin]! < v) l = ++bin
      else break
    }
    if (bin < this.xs.length && this.xs[bin] === v) {
      this.ys[bin]!++
      return
    }
    this.xs.splice(bin, 0, v)
    this.ys.splice(bin, 0, 1)
    if (this.xs.length > this.limit) this.trim()
  }

  /** Folds another group's bins in (NumericHistogram.merge, algorithm 2 of the paper). */
  merge(other: Bins): void {
    const pairs = this.xs.map((x, i) => [x, this.ys[i]!] as const)
    for (let i = 0; i < other.xs.length; i++) pairs.push([other.xs[i]!, other.ys[i]!])
    // Collections.sort on Coord compares x only and is stable.
    pairs.sort((a, b) => a[0] - b[0])
    this.xs.length = 0
    this.ys.length = 0
    for (const [x, y] of pairs) {
      this.xs.push(x)
      this.ys.push(y)
    }
    this.trim()
  }

  private trim(): void {
    const { xs, ys } = this
    while (xs.length > this.limit) {
      let smallest = xs[1]! - xs[0]!
      let at = 0
      let ties = 1
      for (let i = 1; i < xs.length - 1; i++) {
        const diff = xs[i + 1]! - xs[i]!
        if (diff < smallest) {
          smallest = diff
          at = i
          ties = 1
        } else if (diff === smallest && this.random.nextDouble() <= 1 / ++ties) at = i
      }
      const d = ys[at]! + ys[at + 1]!
      let x = xs[at]!
      x *= ys[at]! / d
      x += (xs[at + 1]! / d) * ys[at + 1]!
      xs[at] = x
      ys[at] = d
      xs.splice(at + 1, 1)
      ys.splice(at + 1, 1)
    }
  }
}

/** The bin centre as a value of the input type (Spark converts the double back: integral types truncate). */
function converter(type: DataType): (x: number) => number {
  switch (type.kind) {
    case 'byte':
    case 'short':
    case 'integer':
    case 'long':
      return Math.trunc
    case 'float':
      return Math.fround
    default:
      return (x) => x
  }
}

class HistogramAccumulator implements Accumulator {
  private groups: Bins[] = []

  constructor(
    private readonly limit: number,
    private readonly inputType: DataType,
    private readonly resultType: DataType,
  ) {}

  grow(): void {}

  reset(group: number): void {
    this.groups[group] = new Bins(this.limit)
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const values = numbersOf(column)
    const validity = validityOf(column)
    for (let i = 0; i < rows; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      const g = ids[i]!
      ;(this.groups[g] ??= new Bins(this.limit)).add(values[i]!)
    }
  }

  merge(into: number, from: number): void {
    const source = this.groups[from]
    if (!source || source.xs.length === 0) return
    const target = (this.groups[into] ??= new Bins(this.limit))
    if (target.xs.length === 0) {
      target.xs.push(...source.xs)
      target.ys.push(...source.ys)
    } else target.merge(source)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const toValue = converter(this.inputType)
    const rows = Array.from(groups, (g) => {
      const bins = this.groups[g]
      if (!bins || bins.xs.length === 0) return null
      return bins.xs.map((x, i) => ({ x: toValue(x), y: bins.ys[i]! }))
    })
    return columnOfSlotValues(this.resultType, rows)
  }

  memoryBytes(): number {
    return this.groups.reduce((sum, b) => sum + (b?.xs.length ?? 0) * 16, 0)
  }

  get stateTypes(): DataType[] {
    return [binsType(DOUBLE)]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    const offsets = new Int32Array(groups.length + 1)
    const xs: number[] = []
    const ys: number[] = []
    for (let i = 0; i < groups.length; i++) {
      const bins = this.groups[groups[i]!]
      if (bins) {
        xs.push(...bins.xs)
        ys.push(...bins.ys)
      }
      offsets[i + 1] = xs.length
    }
    const type = binsType(DOUBLE) as ArrayType
    const entries = structColumn(
      toArrowType(type.elementType) as Struct,
      [numericColumn(DOUBLE, Float64Array.from(xs), null), numericColumn(DOUBLE, Float64Array.from(ys), null)],
      xs.length,
    )
    return [listColumn(type, offsets, entries)]
  }

  loadState(groups: ArrayLike<number>, [lists]: readonly Column[]): void {
    const offsets = lists!.valueOffsets as Int32Array
    const fields = lists!.children[0]!.children
    const xs = numbersOf(fields[0]!)
    const ys = numbersOf(fields[1]!)
    for (let i = 0; i < groups.length; i++) {
      const bins = new Bins(this.limit)
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        bins.xs.push(xs[j]!)
        bins.ys.push(ys[j]!)
      }
      this.groups[groups[i]!] = bins
    }
  }
}

const binsType = (x: DataType): DataType =>
  ArrayType(StructType([StructField('x', x, true), StructField('y', DOUBLE, true)]), true)

export const histogramNumeric: AggregateFunction = {
  kind: 'aggregate',
  arity: [2, 2],
  resolve(args, name) {
    const type = dataTypeOf(args[0]!)
    if (!isNumeric(type)) {
      throw unexpectedInputType(callText(name, args), 0, 'numeric', args[0]!)
    }
    const nb = args[1]!
    const bins = nb.kind === 'Literal' && dataTypeOf(nb).kind === 'integer' ? Number(nb.value) : Number.NaN
    if (!(bins >= 2)) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: The \`nb\` must be a foldable INT ` +
          `of at least 2, but got ${sqlText(nb)}.`,
        { errorClass: 'DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE' },
      )
    }
    return { args: [...args], dataType: binsType(type), nullable: true }
  },
  create: (call, [input]) =>
    new HistogramAccumulator(Number((call.args[1] as { value: unknown }).value), input!, call.dataType),
}
