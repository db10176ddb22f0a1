// listagg / string_agg(expr[, delimiter]) [WITHIN GROUP (ORDER BY …)]: the non-null values of a group concatenated
// with the delimiter (none when it is NULL or absent), as Spark 4's ListAgg; STRING or BINARY like its input, NULL for
// a group without values. Each group keeps its values' bytes in arrival order, and under WITHIN GROUP each value's
// ordering keys (the call's SortOrder arguments), by which evaluation sorts the group's values stably.
import {
  bitAt,
  type Column,
  columnFromValues,
  listColumn,
  type RowCompare,
  rowComparator,
  Utf8Builder,
  validityOf,
  valueAt,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, BINARY, type DataType, NULL, STRING, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal, type SortOrder } from '../expression.js'
import { callText, coerceArgs } from '../functions/coercion.js'
import { materialize, type Vec } from '../functions/vector.js'
import { sqlText } from '../sql-text.js'
import type { Accumulator, AggregateFunction } from './spec.js'

const encoder = new TextEncoder()

/** The bytes of row i of a STRING or BINARY column (a view, no copy, for BINARY and strings alike). */
function bytesAt(column: Column, i: number): Uint8Array {
  const offsets = column.valueOffsets as Int32Array
  return (column.values as Uint8Array).subarray(offsets[i]!, offsets[i + 1]!)
}

/** A WITHIN GROUP ordering key: its type and direction. */
interface OrderKey {
  readonly type: DataType
  readonly ascending: boolean
  readonly nullsFirst: boolean
}

class ListAggAccumulator implements Accumulator {
  private lists: Uint8Array[][] = []
  /** Under WITHIN GROUP: per group, one array per ordering key of its values' key values (parallel to its list). */
  private keys: unknown[][][] = []

  constructor(
    private readonly type: DataType,
    private readonly delimiter: Uint8Array,
    private readonly orderKeys: readonly OrderKey[],
  ) {}

  grow(): void {}

  reset(group: number): void {
    this.lists[group] = []
    this.keys[group] = this.orderKeys.map(() => [])
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const validity = validityOf(column)
    for (let i = 0; i < rows; i++) {
      // slice(): the batch's buffer is not kept alive by the state.
      if (validity === null || bitAt(validity, i)) (this.lists[ids[i]!] ??= []).push(bytesAt(column, i).slice())
    }
    this.orderKeys.forEach(({ type }, k) => {
      const keyColumn = materialize(args[2 + k]!, rows)
      for (let i = 0; i < rows; i++) {
        if (validity === null || bitAt(validity, i)) this.keysOf(ids[i]!)[k]!.push(valueAt(keyColumn, type, i))
      }
    })
  }

  private keysOf(group: number): unknown[][] {
    return (this.keys[group] ??= this.orderKeys.map(() => []))
  }

  merge(into: number, from: number): void {
    const target = (this.lists[into] ??= [])
    for (const value of this.lists[from] ?? []) target.push(value)
    if (this.orderKeys.length === 0) return
    const keys = this.keysOf(into)
    this.keysOf(from).forEach((values, k) => {
      for (const value of values) keys[k]!.push(value)
    })
  }

  /** A group's values in WITHIN GROUP order (arrival order without one; ties keep arrival order). */
  private ordered(group: number): Uint8Array[] {
    const list = this.lists[group] ?? []
    if (this.orderKeys.length === 0 || list.length < 2) return list
    const keys = this.keysOf(group)
    const compares = this.orderKeys.map((key, k) => keyOrder(key, keys[k]!))
    const order = Array.from(list, (_, i) => i).sort((a, b) => {
      for (const compare of compares) {
        const c = compare(a, b)
        if (c !== 0) return c
      }
      return a - b
    })
    return order.map((i) => list[i]!)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const builder = new Utf8Builder(groups.length, groups.length * 16, this.type.kind === 'binary')
    for (let i = 0; i < groups.length; i++) {
      const list = this.ordered(groups[i]!)
      if (list.length === 0) {
        builder.appendNull()
        continue
      }
      let size = this.delimiter.length * (list.length - 1)
      for (const value of list) size += value.length
      const joined = new Uint8Array(size)
      let at = 0
      list.forEach((value, k) => {
        if (k > 0) {
          joined.set(this.delimiter, at)
          at += this.delimiter.length
        }
        joined.set(value, at)
        at += value.length
      })
      builder.appendBytes(joined)
    }
    return builder.finish()
  }

  memoryBytes(): number {
    const perKey = 16 * this.orderKeys.length
    return this.lists.reduce((sum, list) => sum + (list ?? []).reduce((s, v) => s + v.length + 16 + perKey, 0), 0)
  }

  /** The values' bytes, then one list per ordering key (parallel to the values). */
  get stateTypes(): DataType[] {
    return [ArrayType(BINARY, false), ...this.orderKeys.map((key) => ArrayType(key.type, true))]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    const offsets = new Int32Array(groups.length + 1)
    const values = new Utf8Builder(groups.length, groups.length * 16, true)
    const keyValues: unknown[][] = this.orderKeys.map(() => [])
    for (let i = 0; i < groups.length; i++) {
      const list = this.lists[groups[i]!] ?? []
      for (const value of list) values.appendBytes(value)
      if (this.orderKeys.length > 0)
        this.keysOf(groups[i]!).forEach((values, k) => {
          for (const value of values) keyValues[k]!.push(value)
        })
      offsets[i + 1] = offsets[i]! + list.length
    }
    return [
      listColumn(ArrayType(BINARY, false), offsets, values.finish()),
      ...this.orderKeys.map((key, k) =>
        listColumn(ArrayType(key.type, true), offsets, columnFromValues(key.type, keyValues[k]!)),
      ),
    ]
  }

  loadState(groups: ArrayLike<number>, [lists, ...keyLists]: readonly Column[]): void {
    const offsets = lists!.valueOffsets as Int32Array
    const values = lists!.children[0]!
    for (let i = 0; i < groups.length; i++) {
      const list: Uint8Array[] = []
      const keys = this.orderKeys.map(() => [] as unknown[])
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        list.push(bytesAt(values, j).slice())
        for (let k = 0; k < keys.length; k++)
          keys[k]!.push(valueAt(keyLists[k]!.children[0]!, this.orderKeys[k]!.type, j))
      }
      this.lists[groups[i]!] = list
      this.keys[groups[i]!] = keys
    }
  }
}

/** Compares two of a group's values (by index) on one ordering key, with its direction and NULL placement. */
function keyOrder(key: OrderKey, values: readonly unknown[]): RowCompare {
  const column = columnFromValues(key.type, values)
  const validity = validityOf(column)
  const compare = rowComparator(key.type, column, column)
  const sign = key.ascending ? 1 : -1
  const nullSign = key.nullsFirst ? -1 : 1
  return (a, b) => {
    const aNull = validity !== null && !bitAt(validity, a)
    const bNull = validity !== null && !bitAt(validity, b)
    if (aNull || bNull) return aNull === bNull ? 0 : aNull ? nullSign : -nullSign
    return sign * compare(a, b)
  }
}

/** The delimiter's bytes: a foldable STRING/BINARY (NULL: none). */
function delimiterOf(name: string, args: readonly Expr[]): Uint8Array {
  const delimiter = args[1]
  if (delimiter === undefined) return new Uint8Array(0)
  if (delimiter.kind !== 'Literal') {
    throw new AnalysisException(
      `Cannot resolve "${callText(name, args)}" due to data type mismatch: the input \`delimiter\` should be a ` +
        `foldable "${sqlTypeName(dataTypeOf(delimiter))}" expression; however, got "${sqlText(delimiter)}".`,
      { errorClass: 'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT' },
    )
  }
  const value = delimiter.value
  if (value === null) return new Uint8Array(0)
  return typeof value === 'string' ? encoder.encode(value) : (value as Uint8Array)
}

/** A delimiter cast to the value's type: its literal. */
const unwrapCast = (e: Expr): Expr =>
  e.kind === 'Cast' && e.child.kind === 'Literal'
    ? literal(e.child.value === null ? null : String(e.child.value), STRING)
    : e

export const listAgg: AggregateFunction = {
  kind: 'aggregate',
  arity: [1, 2],
  resolve(all, name) {
    // WITHIN GROUP's orderings follow the value and delimiter as SortOrder arguments.
    const orderings = all.filter((a): a is SortOrder => a.kind === 'SortOrder')
    const args = all.filter((a) => a.kind !== 'SortOrder')
    const input = dataTypeOf(args[0]!)
    const type = input.kind === 'binary' ? BINARY : STRING
    const [value] = coerceArgs(name, [args[0]!], [type])
    // The delimiter prints even when defaulted: listagg(x, NULL).
    const given = args[1] ?? literal(null, NULL)
    const givenType = dataTypeOf(given)
    // Implicitly cast to the value's type where Spark's ImplicitCastInputTypes would (listagg(s, 1) joins with "1").
    const delimiter =
      givenType.kind === 'null' ||
      givenType.kind === type.kind ||
      (type.kind === 'binary') !== (givenType.kind === 'binary')
        ? given
        : coerceArgs(name, [given], [type])[0]!
    const delimiterType = dataTypeOf(delimiter)
    if (delimiterType.kind !== 'null' && delimiterType.kind !== type.kind) {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, [value!, delimiter])}" due to data type mismatch: Input to \`${name}\` ` +
          `should all be the same type, but it's ("${sqlTypeName(type)}" or "${sqlTypeName(delimiterType)}").`,
        { errorClass: 'DATATYPE_MISMATCH.DATA_DIFF_TYPES' },
      )
    }
    delimiterOf(name, [value!, given])
    return { args: [value!, delimiter, ...orderings], dataType: type, nullable: true }
  },
  create: (call) =>
    new ListAggAccumulator(
      call.dataType,
      delimiterOf(call.name, call.args.slice(0, 2).map(unwrapCast)),
      call.args.slice(2).map((o) => {
        const order = o as SortOrder
        return { type: dataTypeOf(order.child), ascending: order.ascending, nullsFirst: order.nullsFirst }
      }),
    ),
}
