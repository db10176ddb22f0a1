// listagg / string_agg(expr[, delimiter]): the non-null values of a group concatenated with the delimiter (none when
// it is NULL or absent), as Spark 4's ListAgg; STRING or BINARY like its input, NULL for a group without values.
// Each group keeps its values' bytes in arrival order; evaluation writes every group straight into one builder.
import { bitAt, type Column, listColumn, Utf8Builder, validityOf } from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, BINARY, type DataType, NULL, STRING, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, literal } from '../expression.js'
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

class ListAggAccumulator implements Accumulator {
  private lists: Uint8Array[][] = []

  constructor(
    private readonly type: DataType,
    private readonly delimiter: Uint8Array,
  ) {}

  grow(): void {}

  reset(group: number): void {
    this.lists[group] = []
  }

  update(args: readonly Vec[], ids: Int32Array, rows: number): void {
    const column = materialize(args[0]!, rows)
    const validity = validityOf(column)
    for (let i = 0; i < rows; i++) {
      // slice(): the batch's buffer is not kept alive by the state.
      if (validity === null || bitAt(validity, i)) (this.lists[ids[i]!] ??= []).push(bytesAt(column, i).slice())
    }
  }

  merge(into: number, from: number): void {
    const target = (this.lists[into] ??= [])
    for (const value of this.lists[from] ?? []) target.push(value)
  }

  evaluate(groups: ArrayLike<number>): Column {
    const builder = new Utf8Builder(groups.length, groups.length * 16, this.type.kind === 'binary')
    for (let i = 0; i < groups.length; i++) {
      const list = this.lists[groups[i]!] ?? []
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
    return this.lists.reduce((sum, list) => sum + (list ?? []).reduce((s, v) => s + v.length + 16, 0), 0)
  }

  get stateTypes(): DataType[] {
    return [ArrayType(BINARY, false)]
  }

  saveState(groups: ArrayLike<number>): Column[] {
    const offsets = new Int32Array(groups.length + 1)
    const values = new Utf8Builder(groups.length, groups.length * 16, true)
    for (let i = 0; i < groups.length; i++) {
      const list = this.lists[groups[i]!] ?? []
      for (const value of list) values.appendBytes(value)
      offsets[i + 1] = offsets[i]! + list.length
    }
    return [listColumn(ArrayType(BINARY, false), offsets, values.finish())]
  }

  loadState(groups: ArrayLike<number>, [lists]: readonly Column[]): void {
    const offsets = lists!.valueOffsets as Int32Array
    const values = lists!.children[0]!
    for (let i = 0; i < groups.length; i++) {
      const list: Uint8Array[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) list.push(bytesAt(values, j).slice())
      this.lists[groups[i]!] = list
    }
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
  resolve(args, name) {
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
    return { args: [value!, delimiter], dataType: type, nullable: true }
  },
  create: (call) => new ListAggAccumulator(call.dataType, delimiterOf(call.name, call.args.map(unwrapCast))),
}
