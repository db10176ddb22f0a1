// mode(col[, deterministic]): the most frequent non-null value of a group (Spark's Mode). Each group counts its
// distinct values in a map keyed by the value's key text; a tie goes to the lowest value, which is what Spark returns
// with deterministic = true (without it Spark returns any of the tied values).
import type { Struct } from 'apache-arrow'
import {
  bitAt,
  type Column,
  listColumn,
  numericColumn,
  structColumn,
  toArrowType,
  validityOf,
} from '../../arrow/index.js'
import { BigMap } from '../../common/big-set.js'
import { AnalysisException } from '../../common/errors.js'
import { valueKey } from '../../common/value-key.js'
import { ArrayType, type DataType, LONG } from '../../types/data-types.js'
import { StructField, StructType as structType } from '../../types/struct-type.js'
import { dataTypeOf } from '../expression.js'
import { callText } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import type { Accumulator, AggregateFunction } from './spec.js'
import { columnOfSlotValues, reader } from './value-slots.js'

interface Tally {
  readonly value: unknown
  count: number
}

/** Orders two values of one type as Spark's ordering does for the atomic types (by key text for nested ones). */
function lessThan(a: unknown, b: unknown): boolean {
  if (typeof a === 'object' || typeof b === 'object') return valueKey(a) < valueKey(b)
  return (a as number) < (b as number)
}

class ModeAccumulator implements Accumulator {
  private tallies: BigMap<string, Tally>[] = []

  constructor(private readonly type: DataType) {}

  grow(): void {}

  reset(group: number): void {
    this.tallies[group] = new BigMap()
  }

  private add(g: number, value: unknown, count: number): void {
    const tally = (this.tallies[g] ??= new BigMap())
    const key = valueKey(value)
    const found = tally.get(key)
    if (found) found.count += count
    else tally.set(key, { value, count })
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const validity = validityOf(column)
    const read = reader(column, this.type)
    for (let i = 0; i < rows; i++) if (validity === null || bitAt(validity, i)) this.add(ids[i]!, read(i), 1)
  }

  merge(into: number, from: number): void {
    for (const { value, count } of this.tallies[from]?.values() ?? []) this.add(into, value, count)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const out: unknown[] = new Array(groups.length).fill(null)
    for (let i = 0; i < groups.length; i++) {
      let best: Tally | undefined
      for (const tally of this.tallies[groups[i]!]?.values() ?? []) {
        if (!best || tally.count > best.count || (tally.count === best.count && lessThan(tally.value, best.value))) {
          best = tally
        }
      }
      if (best) out[i] = best.value
    }
    return columnOfSlotValues(this.type, out)
  }

  memoryBytes(): number {
    return this.tallies.reduce((sum, t) => sum + (t?.size ?? 0) * 48, 0)
  }

  get stateTypes(): DataType[] {
    return [ArrayType(structType([StructField('value', this.type, false), StructField('count', LONG, false)]), false)]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    const offsets = new Int32Array(groups.length + 1)
    const values: unknown[] = []
    const counts: number[] = []
    for (let i = 0; i < groups.length; i++) {
      for (const { value, count } of this.tallies[groups[i]!]?.values() ?? []) {
        values.push(value)
        counts.push(count)
      }
      offsets[i + 1] = values.length
    }
    const entry = (this.stateTypes[0] as ArrayType).elementType
    const entries = structColumn(
      toArrowType(entry) as Struct,
      [columnOfSlotValues(this.type, values), numericColumn(LONG, Float64Array.from(counts), null)],
      values.length,
    )
    return [listColumn(this.stateTypes[0]!, offsets, entries)]
  }

  loadState(groups: ArrayLike<number>, [lists]: readonly Column[]): void {
    const offsets = lists!.valueOffsets as Int32Array
    const fields = lists!.children[0]!.children
    const read = reader(fields[0]!, this.type)
    const counts = reader(fields[1]!, LONG)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      this.reset(g)
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) this.add(g, read(j), Number(counts(j)))
    }
  }
}

export const mode: AggregateFunction = {
  kind: 'aggregate',
  arity: [1, 2],
  resolve(args, name) {
    const flag = args[1]
    if (flag && (flag.kind !== 'Literal' || dataTypeOf(flag).kind !== 'boolean')) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input deterministic should be a ` +
          `foldable "BOOLEAN" expression.`,
        { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
      )
    }
    return { args: [...args], dataType: dataTypeOf(args[0]!), nullable: true }
  },
  create: (call) => new ModeAccumulator(call.dataType),
}
