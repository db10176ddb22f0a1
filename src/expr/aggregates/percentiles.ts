// Percentiles over the values of a group: percentile (exact, interpolated), median, and percentile_approx /
// approx_percentile (a value of the group, as Spark's QuantileSummaries answers while they hold every value). Each
// group keeps its numbers in a growable Float64Array; the percentages are literals (one, or an array of them).
import {
  arrayTypeFor,
  bitAt,
  type Column,
  listColumn,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, type DataType, DOUBLE, INTEGER, isNumeric, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
import { callText, castTo, coerceArgs } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import type { Accumulator, AggregateFunction } from './spec.js'

type Pick = (sorted: Float64Array, n: number, p: number) => number

/** Spark's Percentile: position (n - 1) * p, interpolated linearly between its neighbours. */
const interpolate: Pick = (sorted, n, p) => {
  const position = (n - 1) * p
  const lower = Math.floor(position)
  const higher = Math.ceil(position)
  if (lower === higher) return sorted[lower]!
  return (higher - position) * sorted[lower]! + (position - lower) * sorted[higher]!
}

/** PercentileDisc (Spark 3.5+): the first value whose cumulative share reaches p, at position ceil(n * p) - 1. */
const discrete: Pick = (sorted, n, p) => sorted[Math.max(0, Math.ceil(n * p) - 1)]!

/** QuantileSummaries.query on exact summaries: the value at rank ceil(p * n), the ends within the relative error. */
const approximate =
  (accuracy: number): Pick =>
  (sorted, n, p) => {
    const error = 1 / accuracy
    if (p <= error) return sorted[0]!
    if (p >= 1 - error) return sorted[n - 1]!
    return sorted[Math.max(1, Math.ceil(p * n)) - 1]!
  }

class PercentileAccumulator implements Accumulator {
  private values: Float64Array[] = []
  private sizes = new Int32Array(0)

  constructor(
    private readonly percentages: readonly number[],
    private readonly asArray: boolean,
    private readonly pick: Pick,
    private readonly valueType: DataType,
    /** WITHIN GROUP (ORDER BY v DESC): the percentile counts from the largest value. */
    private readonly descending = false,
  ) {}

  grow(groups: number): void {
    if (groups <= this.sizes.length) return
    const sizes = new Int32Array(Math.max(groups, this.sizes.length * 2))
    sizes.set(this.sizes)
    this.sizes = sizes
  }

  reset(group: number): void {
    this.sizes[group] = 0
  }

  private add(g: number, x: number): void {
    let list = this.values[g]
    const size = this.sizes[g]!
    if (list === undefined || list.length === size) {
      const bigger = new Float64Array(Math.max(8, size * 2))
      if (list !== undefined) bigger.set(list)
      this.values[g] = list = bigger
    }
    list[size] = x
    this.sizes[g] = size + 1
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const numbers = numbersOf(column)
    const valid = validityOf(column)
    for (let i = 0; i < rows; i++) if (valid === null || bitAt(valid, i)) this.add(ids[i]!, numbers[i]!)
  }

  merge(into: number, from: number): void {
    const list = this.values[from]
    for (let k = 0; k < this.sizes[from]!; k++) this.add(into, list![k]!)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const n = groups.length
    const k = this.percentages.length
    const out = new (arrayTypeFor(this.valueType))(n * k)
    const valid = newBitmap(n)
    let nulls = 0
    for (let i = 0; i < n; i++) {
      const g = groups[i]!
      const size = this.sizes[g] ?? 0
      if (size === 0) {
        nulls++
        continue
      }
      setBit(valid, i)
      const sorted = this.values[g]!.slice(0, size).sort()
      if (this.descending) sorted.reverse()
      for (let j = 0; j < k; j++) out[i * k + j] = this.pick(sorted, size, this.percentages[j]!)
    }
    if (!this.asArray) return numericColumn(this.valueType, out, nulls > 0 ? valid : null)
    const offsets = Int32Array.from({ length: n + 1 }, (_, i) => i * k)
    return listColumn(
      ArrayType(this.valueType, false),
      offsets,
      numericColumn(this.valueType, out, null),
      nulls > 0 ? valid : null,
    )
  }

  memoryBytes(): number {
    return this.values.reduce((sum, list) => sum + (list?.byteLength ?? 0), this.sizes.byteLength)
  }

  readonly stateTypes = [ArrayType(DOUBLE, false)]

  saveState(groups: ArrayLike<number>): Column[] {
    const offsets = new Int32Array(groups.length + 1)
    for (let i = 0; i < groups.length; i++) offsets[i + 1] = offsets[i]! + (this.sizes[groups[i]!] ?? 0)
    const flat = new Float64Array(offsets[groups.length]!)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      if (this.sizes[g]) flat.set(this.values[g]!.subarray(0, this.sizes[g]), offsets[i])
    }
    return [listColumn(ArrayType(DOUBLE, false), offsets, numericColumn(DOUBLE, flat, null))]
  }

  loadState(groups: ArrayLike<number>, [lists]: readonly Column[]): void {
    const offsets = lists!.valueOffsets as Int32Array
    const numbers = numbersOf(lists!.children[0]!)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      this.sizes[g] = 0
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) this.add(g, numbers[j]!)
    }
  }
}

/** The literal percentage(s) of a call: a number in [0, 1] or an array of them. */
function percentagesOf(name: string, args: readonly Expr[], given: Expr): { values: number[]; asArray: boolean } {
  const e = given.kind === 'Cast' ? given.child : given
  const bad = (why: string) =>
    new AnalysisException(`Cannot resolve "${callText(name, args)}" due to data type mismatch: ${why}`, {
      errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    })
  const value =
    e.kind === 'Literal'
      ? e.value
      : e.kind === 'Fn' && e.name === 'array'
        ? e.args.map((a) => (a.kind === 'Literal' ? a.value : undefined))
        : undefined
  const values = (Array.isArray(value) ? value : [value]).map(Number)
  if (value === undefined || value === null || values.some((v) => !(v >= 0 && v <= 1))) {
    throw bad(`the percentage(s) must be literals between 0.0 and 1.0, but got ${callText('x', [e]).slice(2, -1)}.`)
  }
  return { values, asArray: Array.isArray(value) }
}

/** percentile(col, percentage[, frequency]) and median(col): exact, interpolated, DOUBLE (or ARRAY<DOUBLE>). */
function exactPercentile(median: boolean): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: median ? [1, 1] : [2, 3],
    resolve(args, name) {
      const [value] = coerceArgs(name, [args[0]!], [DOUBLE])
      if (median) return { args: [value!], dataType: DOUBLE, nullable: true }
      const { asArray } = percentagesOf(name, args, args[1]!)
      const frequency = args[2] ?? literal(1, INTEGER)
      return {
        args: [value!, args[1]!, frequency],
        dataType: asArray ? ArrayType(DOUBLE, false) : DOUBLE,
        nullable: true,
      }
    },
    create(call) {
      const { values, asArray } = median
        ? { values: [0.5], asArray: false }
        : percentagesOf(call.name, call.args, call.args[1]!)
      return new PercentileAccumulator(values, asArray, interpolate, DOUBLE)
    },
  }
}

/** percentile_approx / approx_percentile(col, percentage[, accuracy = 10000]): a value of the group, of its type. */
const approxPercentile: AggregateFunction = {
  kind: 'aggregate',
  arity: [2, 3],
  resolve(args, name) {
    const t = dataTypeOf(args[0]!)
    if (!isNumeric(t) && t.kind !== 'date' && t.kind !== 'timestamp' && t.kind !== 'timestamp_ntz') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the ` +
          `("NUMERIC" or "DATE" or "TIMESTAMP") type, however "${callText('x', [args[0]!]).slice(2, -1)}" has the ` +
          `type "${sqlTypeName(t)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    const { asArray } = percentagesOf(name, args, args[1]!)
    const accuracy = args[2] ?? literal(10000, INTEGER)
    const percentage = args[1]!.kind === 'Literal' ? castTo(args[1]!, DOUBLE) : args[1]!
    return { args: [args[0]!, percentage, accuracy], dataType: asArray ? ArrayType(t, false) : t, nullable: true }
  },
  create(call) {
    const { values, asArray } = percentagesOf(call.name, call.args, call.args[1]!)
    const accuracy = call.args[2]!.kind === 'Literal' ? Number(call.args[2]!.value) : 10000
    const type = asArray ? (call.dataType as ArrayType).elementType : call.dataType
    return new PercentileAccumulator(values, asArray, approximate(accuracy), type)
  },
}

/**
 * percentile_cont(p) / percentile_disc(p) WITHIN GROUP (ORDER BY v [DESC]), resolved by the SQL binder as
 * (v, p, descending): Spark's PercentileCont (interpolated, as percentile) and PercentileDisc (a value of the group).
 */
function inverseDistribution(pick: Pick): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [3, 3],
    resolve(args, name) {
      const [value] = coerceArgs(name, [args[0]!], [DOUBLE])
      percentagesOf(name, args, args[1]!)
      return { args: [value!, args[1]!, args[2]!], dataType: DOUBLE, nullable: true }
    },
    create(call) {
      const { values } = percentagesOf(call.name, call.args, call.args[1]!)
      const descending = call.args[2]!.kind === 'Literal' && call.args[2]!.value === true
      return new PercentileAccumulator(values, false, pick, DOUBLE, descending)
    },
  }
}

export const percentileAggregates: Readonly<Record<string, AggregateFunction>> = {
  percentile: exactPercentile(false),
  median: exactPercentile(true),
  percentile_approx: approxPercentile,
  approx_percentile: approxPercentile,
  percentile_cont: inverseDistribution(interpolate),
  percentile_disc: inverseDistribution(discrete),
}
