// count, sum, avg, min, max and the variance family as columnar accumulators.
import {
  arrayTypeFor,
  bitAt,
  type Column,
  compareNumbers,
  EXACT,
  gather,
  grown,
  int64ColumnFromParts,
  int64WordsOf,
  isInt64Backed,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  TWO_32,
  unconvertedInt64Words,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { type DataType, DecimalType, DOUBLE, isIntegral, LONG, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { coerceArgs } from '../functions/coercion.js'
import { isScalar, materialize, type Vec } from '../functions/vector.js'
import { sqlText } from '../sql-text.js'
import { ExactSumAccumulator } from './exact-sum.js'
import { ValueSlots } from './slot-store.js'
import type { Accumulator, AggregateFunction } from './spec.js'
import { columnOfSlotValues, slotKind } from './value-slots.js'

/** A validity bitmap for `groups` from a per-group presence flag. */
export function presence(seen: Uint8Array, groups: ArrayLike<number>): Uint8Array | null {
  let missing = false
  const bits = newBitmap(groups.length)
  for (let i = 0; i < groups.length; i++) {
    if (seen[groups[i]!] === 1) setBit(bits, i)
    else missing = true
  }
  return missing ? bits : null
}

/** For each row: is every argument non-null? (null validity = all rows) */
function rowsWithAllArgs(args: readonly Vec[], rows: number): Uint8Array | null {
  let result: Uint8Array | null = null
  for (const arg of args) {
    if (isScalar(arg)) {
      if (arg.value === null) return newBitmap(rows)
      continue
    }
    const validity = validityOf(arg)
    if (validity === null) continue
    result = result === null ? validity.slice() : result.map((b, i) => b & validity[i]!)
  }
  return result
}

class CountAccumulator implements Accumulator {
  private counts = new Float64Array(0)

  grow(groups: number): void {
    this.counts = grown(this.counts, groups)
  }

  reset(group: number): void {
    this.counts[group] = 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const valid = rowsWithAllArgs(args, rows)
    const counts = this.counts
    if (valid === null) for (let i = 0; i < rows; i++) counts[ids[i]!]!++
    else for (let i = 0; i < rows; i++) if (bitAt(valid, i)) counts[ids[i]!]!++
  }

  /** count(…) FILTER (WHERE c): a bit scan of c's rows (and the arguments' validity), no row list. */
  updateSelected(args: readonly Vec[], ids: Int32Array, rows: number, selected: Uint8Array): void {
    const valid = rowsWithAllArgs(args, rows)
    const counts = this.counts
    for (let byte = 0; byte < (rows + 7) >> 3; byte++) {
      let word = selected[byte]! & (valid === null ? 0xff : valid[byte]!)
      while (word !== 0) {
        const i = (byte << 3) + 31 - Math.clz32(word & -word)
        word &= word - 1
        if (i < rows) counts[ids[i]!]!++
      }
    }
  }

  merge(into: number, from: number): void {
    this.counts[into]! += this.counts[from]!
  }

  mergeStates([counts]: readonly Column[], ids: Int32Array, rows: number): void {
    const values = numbersOf(counts!)
    for (let i = 0; i < rows; i++) this.counts[ids[i]!]! += values[i]!
  }

  evaluate(groups: ArrayLike<number>): Column {
    return numericColumn(LONG, gather(this.counts, groups), null, 0)
  }

  memoryBytes(): number {
    return this.counts.byteLength
  }

  readonly stateTypes = [LONG]

  saveState(groups: ArrayLike<number>): Column[] {
    return [this.evaluate(groups)]
  }

  loadState(groups: ArrayLike<number>, [counts]: readonly Column[]): void {
    const values = numbersOf(counts!)
    for (let i = 0; i < groups.length; i++) this.counts[groups[i]!] = values[i]!
  }
}

/** Sum and average share a running sum and a count of non-null inputs. */
class SumAccumulator implements Accumulator {
  private sums = new Float64Array(0)
  private counts = new Float64Array(0)

  constructor(
    private readonly resultType: DataType,
    private readonly average: boolean,
  ) {}

  grow(groups: number): void {
    this.sums = grown(this.sums, groups)
    this.counts = grown(this.counts, groups)
  }

  reset(group: number): void {
    this.sums[group] = 0
    this.counts[group] = 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const words = unconvertedInt64Words(column)
    const values = words === null ? numbersOf(column) : null
    const validity = validityOf(column)
    const { sums, counts } = this
    for (let i = 0; i < rows; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      const g = ids[i]!
      // readable form: sums[g] += numbersOf(column)[i]
      sums[g]! += values === null ? words![2 * i + 1]! * TWO_32 + (words![2 * i]! >>> 0) : values[i]!
      counts[g]!++
    }
  }

  merge(into: number, from: number): void {
    this.sums[into]! += this.sums[from]!
    this.counts[into]! += this.counts[from]!
  }

  mergeStates([sums, counts]: readonly Column[], ids: Int32Array, rows: number): void {
    const s = numbersOf(sums!)
    const c = numbersOf(counts!)
    for (let i = 0; i < rows; i++) {
      this.sums[ids[i]!]! += s[i]!
      this.counts[ids[i]!]! += c[i]!
    }
  }

  evaluate(groups: ArrayLike<number>): Column {
    const n = groups.length
    const out = new Float64Array(n)
    const validity = newBitmap(n)
    let missing = false
    for (let i = 0; i < n; i++) {
      const g = groups[i]!
      const count = this.counts[g]!
      if (count === 0) missing = true
      else setBit(validity, i)
      out[i] = this.average ? this.sums[g]! / count : this.sums[g]!
    }
    return numericColumn(this.resultType, out, missing ? validity : null)
  }

  memoryBytes(): number {
    return this.sums.byteLength + this.counts.byteLength
  }

  readonly stateTypes = [DOUBLE, LONG]

  saveState(groups: ArrayLike<number>): Column[] {
    return [
      numericColumn(DOUBLE, gather(this.sums, groups), null, 0),
      numericColumn(LONG, gather(this.counts, groups), null, 0),
    ]
  }

  loadState(groups: ArrayLike<number>, [sums, counts]: readonly Column[]): void {
    const s = numbersOf(sums!)
    const c = numbersOf(counts!)
    for (let i = 0; i < groups.length; i++) {
      this.sums[groups[i]!] = s[i]!
      this.counts[groups[i]!] = c[i]!
    }
  }
}

/**
 * min / max of numbers (dates, timestamps, decimals up to 15 digits too) in a Float64Array; NaN is above every other
 * value. int64 values (BIGINT, timestamps) also keep their low word: two values past 2^53 that share a double differ
 * by less than 2^12, so the signed difference of their low words orders them.
 */
class NumberExtreme implements Accumulator {
  private numbers = new Float64Array(0)
  /** Low words of int64 values past 2^53 (the others are exact as doubles): empty until the first such value. */
  private lows = new Int32Array(0)
  private seen = new Uint8Array(0)
  private readonly int64: boolean

  constructor(
    private readonly type: DataType,
    private readonly isMax: boolean,
  ) {
    this.int64 = isInt64Backed(type)
  }

  grow(groups: number): void {
    this.numbers = grown(this.numbers, groups)
    if (this.lows.length > 0) this.lows = grown(this.lows, groups)
    this.seen = grown(this.seen, groups)
  }

  reset(group: number): void {
    this.seen[group] = 0
  }

  private offer(g: number, value: number, low: number): void {
    const inexact = this.int64 && !(value < EXACT && value > -EXACT)
    if (this.seen[g] === 1) {
      let c = compareNumbers(value, this.numbers[g]!)
      // Equal doubles past 2^53: the held value is past it too, so its low word was kept.
      if (c === 0 && inexact) c = (low - this.lows[g]!) | 0
      if (this.isMax ? c <= 0 : c >= 0) return
    }
    this.seen[g] = 1
    this.numbers[g] = value
    if (inexact) {
      if (this.lows.length === 0) this.lows = grown(this.lows, this.numbers.length)
      this.lows[g] = low
    }
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    this.offerColumn(column, ids, rows)
  }

  private offerColumn(column: Column, groups: ArrayLike<number>, rows: number): void {
    const validity = validityOf(column)
    // An int64 column not yet read as doubles is read through its words (no per-batch Float64Array).
    const unconverted = unconvertedInt64Words(column)
    const values = unconverted === null ? numbersOf(column) : null
    const words = unconverted ?? (this.int64 ? int64WordsOf(column) : null)
    const { seen, numbers, isMax } = this
    for (let i = 0; i < rows; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      const g = groups[i]!
      // readable form: const value = numbersOf(column)[i]
      const value = values === null ? words![2 * i + 1]! * TWO_32 + (words![2 * i]! >>> 0) : values[i]!
      // Most rows lose to the held value outright: a double strictly beyond it is beyond it as an int64 too
      // (rounding to the nearest double keeps order), and NaN on either side compares false and takes offer's path.
      if (seen[g] === 1 && (isMax ? value < numbers[g]! : value > numbers[g]!)) continue
      this.offer(g, value, words === null ? 0 : words[2 * i]!)
    }
  }

  merge(into: number, from: number): void {
    if (this.seen[from] === 1) this.offer(into, this.numbers[from]!, this.lows[from] ?? 0)
  }

  /** A buffer is the extreme itself (NULL when none): offering it is merging it. */
  mergeStates([values]: readonly Column[], ids: Int32Array, rows: number): void {
    this.offerColumn(values!, ids, rows)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const n = groups.length
    const out = new (arrayTypeFor(this.type))(n)
    const lows = new Int32Array(this.int64 ? n : 0)
    const valid = newBitmap(n)
    let missing = false
    for (let i = 0; i < n; i++) {
      const g = groups[i]!
      if (this.seen[g] === 1) {
        out[i] = this.numbers[g]!
        if (this.int64) lows[i] = this.lows[g] ?? 0
        setBit(valid, i)
      } else missing = true
    }
    const validity = missing ? valid : null
    return this.int64
      ? int64ColumnFromParts(this.type, out as Float64Array, (i) => lows[i]!, validity)
      : numericColumn(this.type, out, validity)
  }

  memoryBytes(): number {
    return this.numbers.byteLength + this.lows.byteLength + this.seen.byteLength
  }

  get stateTypes(): DataType[] {
    return [this.type]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    return [this.evaluate(groups)]
  }

  loadState(groups: ArrayLike<number>, [values]: readonly Column[]): void {
    for (let i = 0; i < groups.length; i++) this.seen[groups[i]!] = 0
    this.offerColumn(values!, groups, groups.length)
  }
}

/** min / max of any other orderable type (strings by bytes, structs field by field, ...), in ValueSlots. */
class ValueExtreme implements Accumulator {
  private readonly slots: ValueSlots

  constructor(
    type: DataType,
    private readonly isMax: boolean,
  ) {
    this.slots = new ValueSlots(type)
  }

  grow(groups: number): void {
    this.slots.grow(groups)
  }

  reset(group: number): void {
    this.slots.clear(group)
  }

  /** Whether a held value of sign `c` (held − candidate) loses to the candidate. */
  private beaten(c: number): boolean {
    return this.isMax ? c < 0 : c > 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const input = materialize(args[0]!, rows)
    const column = this.slots.bind(input)
    // max(struct(price, ...)): a row whose first field is below the held one (above, for min) loses whatever the
    // other fields hold, so most rows are settled by one comparison of numbers. NaN and nulls take the full path.
    const lead = this.slots.leadingField()
    const first = lead !== null ? numbersOf(input.children[0]!) : null
    const firstValid = lead !== null ? validityOf(input.children[0]!) : null
    for (let i = 0; i < rows; i++) {
      if (column.isNull(i)) continue
      const g = ids[i]!
      if (first !== null && lead!.present[g] === 1 && (firstValid === null || bitAt(firstValid, i))) {
        const held = lead!.values[g]!
        if (this.isMax ? first[i]! < held : first[i]! > held) continue
      }
      if (!this.slots.has(g) || this.beaten(column.compare(g, i))) column.store(g, i)
    }
    this.slots.unbind()
  }

  merge(into: number, from: number): void {
    if (!this.slots.has(from)) return
    if (!this.slots.has(into) || this.beaten(this.slots.compareGroups(into, from))) this.slots.copy(into, from)
  }

  /** A buffer is the extreme itself (NULL when none): offering it as a row is merging it. */
  mergeStates([values]: readonly Column[], ids: Int32Array, rows: number): void {
    this.update([values!], ids, rows)
  }

  evaluate(groups: ArrayLike<number>): Column {
    return this.slots.column(groups)
  }

  memoryBytes(): number {
    return this.slots.memoryBytes()
  }

  get stateTypes(): DataType[] {
    return [this.slots.type]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    return [this.evaluate(groups)]
  }

  loadState(groups: ArrayLike<number>, [values]: readonly Column[]): void {
    const column = this.slots.bind(values!)
    for (let i = 0; i < groups.length; i++) column.store(groups[i]!, i)
    this.slots.unbind()
  }
}

/** Running count/mean/M2 (Spark's CentralMomentAgg), merged with Chan's formula; finished as variance or deviation. */
class MomentsAccumulator implements Accumulator {
  private n = new Float64Array(0)
  private mean = new Float64Array(0)
  private m2 = new Float64Array(0)

  constructor(private readonly finish: (n: number, m2: number) => number | null) {}

  grow(groups: number): void {
    this.n = grown(this.n, groups)
    this.mean = grown(this.mean, groups)
    this.m2 = grown(this.m2, groups)
  }

  reset(group: number): void {
    this.n[group] = this.mean[group] = this.m2[group] = 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const values = numbersOf(column)
    const validity = validityOf(column)
    for (let i = 0; i < rows; i++) {
      if (validity !== null && !bitAt(validity, i)) continue
      // Spark's CentralMomentAgg update, in its order of operations (so results agree to the last bit).
      const g = ids[i]!
      const n = ++this.n[g]!
      const delta = values[i]! - this.mean[g]!
      const deltaN = delta / n
      this.mean[g]! += deltaN
      this.m2[g]! += delta * (delta - deltaN)
    }
  }

  merge(into: number, from: number): void {
    const na = this.n[into]!
    const nb = this.n[from]!
    if (nb === 0) return
    const n = na + nb
    const delta = this.mean[from]! - this.mean[into]!
    const deltaN = delta / n
    this.mean[into]! += deltaN * nb
    this.m2[into]! += this.m2[from]! + delta * deltaN * na * nb
    this.n[into] = n
  }

  evaluate(groups: ArrayLike<number>): Column {
    const values = Array.from(groups, (g) => this.finish(this.n[g]!, this.m2[g]!))
    return columnOfSlotValues(DOUBLE, values)
  }

  memoryBytes(): number {
    return this.n.byteLength * 3
  }

  readonly stateTypes = [DOUBLE, DOUBLE, DOUBLE]

  saveState(groups: ArrayLike<number>): Column[] {
    return [this.n, this.mean, this.m2].map((array) => numericColumn(DOUBLE, gather(array, groups), null, 0))
  }

  loadState(groups: ArrayLike<number>, columns: readonly Column[]): void {
    const [n, mean, m2] = columns.map((c) => numbersOf(c))
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      this.n[g] = n![i]!
      this.mean[g] = mean![i]!
      this.m2[g] = m2![i]!
    }
  }
}

function requireNumeric(name: string, args: readonly Expr[]) {
  return coerceArgs(name, args, ['numeric'])
}

const sumType = (t: DataType): DataType =>
  isIntegral(t) ? LONG : t.kind === 'decimal' ? DecimalType(Math.min(38, t.precision + 10), t.scale) : DOUBLE

const avgType = (t: DataType): DataType =>
  t.kind === 'decimal' ? DecimalType(Math.min(38, t.precision + 4), Math.min(38, t.scale + 4)) : DOUBLE

const orderable = (name: string, t: DataType) => {
  if (t.kind === 'map') {
    throw new AnalysisException(
      `Cannot resolve "${name}" due to data type mismatch: ${sqlTypeName(t)} is not orderable.`,
      {
        errorClass: 'DATATYPE_MISMATCH.INVALID_ORDERING_TYPE',
      },
    )
  }
}

function moments(finish: (n: number, m2: number) => number | null): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [1, 1],
    resolve: (args, name) => ({ args: requireNumeric(name, args), dataType: DOUBLE, nullable: true }),
    create: () => new MomentsAccumulator(finish),
  }
}

function extreme(isMax: boolean): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [1, 1],
    resolve(args, name) {
      orderable(`${name}(${sqlText(args[0]!)})`, dataTypeOf(args[0]!))
      return { args, dataType: dataTypeOf(args[0]!), nullable: true }
    },
    create: (call) =>
      slotKind(call.dataType) === 'number' && !(call.dataType.kind === 'decimal' && call.dataType.precision > 15)
        ? new NumberExtreme(call.dataType, isMax)
        : new ValueExtreme(call.dataType, isMax),
  }
}

export const numericAggregates: Record<string, AggregateFunction> = {
  count: {
    kind: 'aggregate',
    arity: [1, Number.POSITIVE_INFINITY],
    resolve: (args) => ({ args, dataType: LONG, nullable: false }),
    create: () => new CountAccumulator(),
  },
  sum: {
    kind: 'aggregate',
    arity: [1, 1],
    resolve(args, name) {
      const coerced = requireNumeric(name, args)
      return { args: coerced, dataType: sumType(dataTypeOf(coerced[0]!)), nullable: true }
    },
    create: (call, [input]) =>
      input!.kind === 'decimal' || isIntegral(input!)
        ? new ExactSumAccumulator(input!, call.dataType, false)
        : new SumAccumulator(call.dataType, false),
  },
  avg: {
    kind: 'aggregate',
    arity: [1, 1],
    resolve(args, name) {
      const coerced = requireNumeric(name, args)
      return { args: coerced, dataType: avgType(dataTypeOf(coerced[0]!)), nullable: true }
    },
    create: (call, [input]) =>
      input!.kind === 'decimal'
        ? new ExactSumAccumulator(input!, call.dataType, true)
        : new SumAccumulator(call.dataType, true),
  },
  min: extreme(false),
  max: extreme(true),
  // Spark 3+: the sample statistics of a single value are NULL (not NaN).
  var_samp: moments((n, m2) => (n < 2 ? null : m2 / (n - 1))),
  var_pop: moments((n, m2) => (n === 0 ? null : m2 / n)),
  stddev_samp: moments((n, m2) => (n < 2 ? null : Math.sqrt(m2 / (n - 1)))),
  stddev_pop: moments((n, m2) => (n === 0 ? null : Math.sqrt(m2 / n))),
}

/**
 * try_sum: sum, with NULL where an integral sum leaves BIGINT's range (the sum wraps in non-ANSI mode). Spark checks
 * each addition, so a running sum that overflows and comes back is NULL there; here the exact total decides.
 */
numericAggregates.try_sum = {
  ...numericAggregates.sum!,
  create: (call, [input]) =>
    input!.kind === 'decimal' || isIntegral(input!)
      ? new ExactSumAccumulator(input!, call.dataType, false, true)
      : new SumAccumulator(call.dataType, false),
}
/** try_avg: avg, which already gives NULL where Spark's try_avg does in non-ANSI mode (a decimal sum's overflow). */
numericAggregates.try_avg = numericAggregates.avg!

// Spark names the column after the name called (variance(x), not var_samp(x)): these synonyms are entries, not aliases.
numericAggregates.variance = numericAggregates.var_samp!
numericAggregates.stddev = numericAggregates.stddev_samp!
numericAggregates.std = numericAggregates.stddev_samp!

export const numericAggregateAliases: Readonly<Record<string, string>> = {
  mean: 'avg',
}
