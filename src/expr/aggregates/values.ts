// first, last, min_by, max_by, collect_list and collect_set: aggregates that keep values, not arithmetic.
import { makeData } from 'apache-arrow'
import { bitAt, type Column, grown, toArrowType, validityOf } from '../../arrow/index.js'
import { BigSet } from '../../common/big-set.js'
import { valueKey } from '../../common/value-key.js'
import { ArrayType, BOOLEAN, type DataType } from '../../types/data-types.js'
import { dataTypeOf, type Expr } from '../expression.js'
import { coerceArgs } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import { ValueSlots } from './slot-store.js'
import type { Accumulator, AggregateFunction } from './spec.js'
import { columnOfSlotValues, reader } from './value-slots.js'

/** first/last: the value of the first (or last) row seen per group; with ignoreNulls, of the first non-null one. */
class EdgeAccumulator implements Accumulator {
  private readonly slots: ValueSlots
  private assigned = new Uint8Array(0)

  constructor(
    type: DataType,
    private readonly last: boolean,
    private readonly ignoreNulls: boolean,
  ) {
    this.slots = new ValueSlots(type)
  }

  grow(groups: number): void {
    this.slots.grow(groups)
    this.assigned = grown(this.assigned, groups)
  }

  reset(group: number): void {
    this.slots.clear(group)
    this.assigned[group] = 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = this.slots.bind(materialize(args[0]!, rows))
    for (let i = 0; i < rows; i++) {
      const g = ids[i]!
      if (this.ignoreNulls && column.isNull(i)) continue
      if (!this.last && this.assigned[g] === 1) continue
      this.assigned[g] = 1
      column.store(g, i)
    }
    this.slots.unbind()
  }

  merge(into: number, from: number): void {
    if (this.assigned[from] !== 1 || (!this.last && this.assigned[into] === 1)) return
    this.assigned[into] = 1
    this.slots.copy(into, from)
  }

  evaluate(groups: ArrayLike<number>): Column {
    return this.slots.column(groups)
  }

  memoryBytes(): number {
    return this.slots.memoryBytes() + this.assigned.byteLength
  }

  get stateTypes(): DataType[] {
    return [BOOLEAN, this.slots.type]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    return [
      columnOfSlotValues(
        BOOLEAN,
        Array.from(groups, (g) => this.assigned[g] === 1),
      ),
      this.slots.column(groups),
    ]
  }

  loadState(groups: ArrayLike<number>, [assigned, values]: readonly Column[]): void {
    const readAssigned = reader(assigned!, BOOLEAN)
    const column = this.slots.bind(values!)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      this.assigned[g] = readAssigned(i) ? 1 : 0
      column.store(g, i)
    }
    this.slots.unbind()
  }
}

/** min_by / max_by: the value whose ordering argument is smallest (largest) per group. */
class ByAccumulator implements Accumulator {
  private readonly values: ValueSlots
  private readonly keys: ValueSlots

  constructor(
    valueType: DataType,
    keyType: DataType,
    private readonly isMax: boolean,
  ) {
    this.values = new ValueSlots(valueType)
    this.keys = new ValueSlots(keyType)
  }

  grow(groups: number): void {
    this.values.grow(groups)
    this.keys.grow(groups)
  }

  reset(group: number): void {
    this.values.clear(group)
    this.keys.clear(group)
  }

  /** Whether a key of sign `c` (held − candidate) loses to the candidate. */
  private beaten(c: number): boolean {
    return this.isMax ? c < 0 : c > 0
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const values = this.values.bind(materialize(args[0]!, rows))
    const keys = this.keys.bind(materialize(args[1]!, rows))
    for (let i = 0; i < rows; i++) {
      if (keys.isNull(i)) continue
      const g = ids[i]!
      if (this.keys.has(g) && !this.beaten(keys.compare(g, i))) continue
      keys.store(g, i)
      values.store(g, i)
    }
    this.keys.unbind()
    this.values.unbind()
  }

  merge(into: number, from: number): void {
    if (!this.keys.has(from)) return
    if (this.keys.has(into) && !this.beaten(this.keys.compareGroups(into, from))) return
    this.keys.copy(into, from)
    this.values.copy(into, from)
  }

  evaluate(groups: ArrayLike<number>): Column {
    return this.values.column(groups)
  }

  memoryBytes(): number {
    return this.values.memoryBytes() + this.keys.memoryBytes()
  }

  get stateTypes(): DataType[] {
    return [this.keys.type, this.values.type]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    return [this.keys.column(groups), this.values.column(groups)]
  }

  loadState(groups: ArrayLike<number>, [keys, values]: readonly Column[]): void {
    const keyColumn = this.keys.bind(keys!)
    const valueColumn = this.values.bind(values!)
    for (let i = 0; i < groups.length; i++) {
      keyColumn.store(groups[i]!, i)
      valueColumn.store(groups[i]!, i)
    }
    this.keys.unbind()
    this.values.unbind()
  }
}

/** collect_list / collect_set: the non-null values per group (a set keeps each value once, in first-seen order). */
class CollectAccumulator implements Accumulator {
  private lists: unknown[][] = []
  private seen: BigSet<string>[] = []

  constructor(
    private readonly elementType: DataType,
    private readonly resultType: DataType,
    private readonly distinct: boolean,
  ) {}

  grow(): void {}

  reset(group: number): void {
    this.lists[group] = []
    if (this.distinct) this.seen[group] = new BigSet()
  }

  private add(g: number, value: unknown): void {
    const list = (this.lists[g] ??= [])
    if (this.distinct) {
      const key = valueKey(value)
      if (!(this.seen[g] ??= new BigSet()).tryAdd(key)) return
    }
    list.push(value)
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const validity = validityOf(column)
    const read = reader(column, this.elementType)
    for (let i = 0; i < rows; i++) if (validity === null || bitAt(validity, i)) this.add(ids[i]!, read(i))
  }

  merge(into: number, from: number): void {
    for (const value of this.lists[from] ?? []) this.add(into, value)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const offsets = new Int32Array(groups.length + 1)
    const items: unknown[] = []
    for (let i = 0; i < groups.length; i++) {
      for (const value of this.lists[groups[i]!] ?? []) items.push(value)
      offsets[i + 1] = items.length
    }
    const child = columnOfSlotValues(this.elementType, items)
    return makeData({
      type: toArrowType(this.resultType),
      length: groups.length,
      nullCount: 0,
      valueOffsets: offsets,
      child,
    } as never)
  }

  memoryBytes(): number {
    return this.lists.reduce((sum, list) => sum + (list?.length ?? 0) * 16, 0)
  }

  get stateTypes(): DataType[] {
    return [this.resultType]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    return [this.evaluate(groups)]
  }

  loadState(groups: ArrayLike<number>, [lists]: readonly Column[]): void {
    const offsets = lists!.valueOffsets as Int32Array
    const read = reader(lists!.children[0]!, this.elementType)
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!
      this.reset(g)
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) this.add(g, read(j))
    }
  }
}

/** The optional `ignoreNulls` argument of first/last: a boolean literal. */
function ignoreNullsArg(args: readonly Expr[]): boolean {
  const arg = args[1]
  return arg?.kind === 'Literal' && arg.value === true
}

function edge(last: boolean): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [1, 2],
    resolve(args, name) {
      const rest = args.length > 1 ? coerceArgs(name, args.slice(1), [BOOLEAN]) : []
      return { args: [args[0]!, ...rest], dataType: dataTypeOf(args[0]!), nullable: true }
    },
    create: (call) => new EdgeAccumulator(call.dataType, last, ignoreNullsArg(call.args)),
  }
}

function by(isMax: boolean): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [2, 2],
    resolve: (args) => ({ args, dataType: dataTypeOf(args[0]!), nullable: true }),
    create: (call) => new ByAccumulator(call.dataType, dataTypeOf(call.args[1]!), isMax),
  }
}

function collect(distinct: boolean): AggregateFunction {
  return {
    kind: 'aggregate',
    arity: [1, 1],
    resolve: (args) => ({ args, dataType: ArrayType(dataTypeOf(args[0]!), false), nullable: false }),
    create: (call) => new CollectAccumulator(dataTypeOf(call.args[0]!), call.dataType, distinct),
  }
}

export const valueAggregates: Readonly<Record<string, AggregateFunction>> = {
  first: edge(false),
  last: edge(true),
  min_by: by(false),
  max_by: by(true),
  collect_list: collect(false),
  collect_set: collect(true),
  // collect_list under the name Spark keeps in the column name.
  array_agg: collect(false),
}

export const valueAggregateAliases: Readonly<Record<string, string>> = {
  first_value: 'first',
  last_value: 'last',
  any_value: 'first',
}
