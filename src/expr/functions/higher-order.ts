// Higher-order functions (transform, filter, exists, forall, aggregate/reduce, zip_with, transform_keys/values,
// map_filter), vectorized: a lambda runs once per batch over every array element at once — its parameters are the
// arrays' element columns, and the columns it reads from the row are gathered to one value per element.
import {
  bitAt,
  boolColumn,
  type Column,
  listColumn,
  newBitmap,
  nullColumn,
  numericColumn,
  setBit,
  take,
  validityOf,
} from '../../arrow/index.js'
import { AnalysisException } from '../../common/errors.js'
import { ArrayType, BOOLEAN, type DataType, INTEGER, type MapType, NULL, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, type Fn } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { materialize, type Vec } from './vector.js'

/** A compiled lambda: its body over `n` values of its parameters, `rows[k]` being the row value k belongs to. */
export type LambdaEvaluator = (params: readonly Column[], rows: Int32Array, n: number) => Vec

/** The resolved form of a lambda argument: `lambda_function(body, param1, param2, ...)`. */
export const LAMBDA = 'lambda_function'
export const isLambda = (e: Expr): e is Fn => e.kind === 'Fn' && e.name === LAMBDA

/** Which arguments of a higher-order function are functions, and the types of their parameters. */
export interface HigherOrder {
  /** The parameter types of argument `position` when it is a function (given the arguments before it), else undefined. */
  readonly lambdaParams: (args: readonly Expr[], position: number) => readonly DataType[] | undefined
}

const evaluatorOf = (v: Vec): LambdaEvaluator => (v as { value: LambdaEvaluator }).value
const bodyOf = (lambda: Expr): Expr => (lambda as Fn).args[0]!

export function requireArray(name: string, args: readonly Expr[], index: number): ArrayType {
  const t = dataTypeOf(args[index]!)
  if (t.kind === 'array') return t
  if (t.kind === 'null') return ArrayType(NULL)
  throw new AnalysisException(
    `Cannot resolve "${callText(name, args)}" due to data type mismatch: The ${ordinal(index)} parameter requires the "ARRAY" type, however "${sqlText(args[index]!)}" has the type "${sqlTypeName(t)}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

export function requireMap(name: string, args: readonly Expr[], index: number): MapType {
  const t = dataTypeOf(args[index]!)
  if (t.kind === 'map') return t
  throw new AnalysisException(
    `Cannot resolve "${callText(name, args)}" due to data type mismatch: The ${ordinal(index)} parameter requires the "MAP" type, however "${sqlText(args[index]!)}" has the type "${sqlTypeName(t)}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

const ordinal = (index: number) => ['first', 'second', 'third', 'fourth'][index] ?? `${index + 1}th`

/** A function argument that must return BOOLEAN (filter, exists, forall, map_filter). */
export function requireBoolean(name: string, args: readonly Expr[], index: number): void {
  const t = dataTypeOf(bodyOf(args[index]!))
  if (t.kind === 'boolean' || t.kind === 'null') return
  throw new AnalysisException(
    `Cannot resolve "${callText(name, args)}" due to data type mismatch: The ${ordinal(index)} parameter requires the "BOOLEAN" type, however "${sqlText(args[index]!)}" has the type "${sqlTypeName(t)}".`,
    { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
  )
}

/** For each element of a list column: the row it belongs to, and its position in its array. */
function elementRows(list: Column): { rows: Int32Array; positions: Int32Array } {
  const offsets = list.valueOffsets as Int32Array
  const n = offsets[list.length]! - offsets[0]!
  const rows = new Int32Array(n)
  const positions = new Int32Array(n)
  for (let r = 0; r < list.length; r++) {
    for (let j = offsets[r]!; j < offsets[r + 1]!; j++) {
      rows[j - offsets[0]!] = r
      positions[j - offsets[0]!] = j - offsets[r]!
    }
  }
  return { rows, positions }
}

const positionColumn = (positions: Int32Array) => numericColumn(INTEGER, positions, null, 0)

/** transform(array, x -> f) or (x, i) -> f: the same arrays with f of each element. */
const transform: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [2, 2],
  lambdaParams: (args, position) =>
    position === 1 ? [requireArray('transform', args, 0).elementType, INTEGER] : undefined,
  resolve(args, name) {
    requireArray(name, args, 0)
    const body = dataTypeOf(bodyOf(args[1]!))
    return { args, dataType: ArrayType(body), nullable: true }
  },
  kernel(args, ctx, call) {
    const list = materialize(args[0]!, ctx.length)
    if (list.nullCount === list.length) return nullColumn(call.dataType, ctx.length)
    const { rows, positions } = elementRows(list)
    const values = evaluatorOf(args[1]!)([list.children[0]!, positionColumn(positions)], rows, rows.length)
    return listColumn(
      call.dataType,
      list.valueOffsets as Int32Array,
      materialize(values, rows.length),
      validityOf(list),
    )
  },
}

/** filter(array, x -> cond) or (x, i) -> cond: the elements for which cond is true. */
const filter: ScalarFunction & HigherOrder = {
  kind: 'scalar',
  arity: [2, 2],
  lambdaParams: (args, position) =>
    position === 1 ? [requireArray('filter', args, 0).elementType, INTEGER] : undefined,
  resolve(args, name) {
    requireArray(name, args, 0)
    requireBoolean(name, args, 1)
    return { args, dataType: dataTypeOf(args[0]!), nullable: true }
  },
  kernel(args, ctx, call) {
    const list = materialize(args[0]!, ctx.length)
    if (list.nullCount === list.length) return nullColumn(call.dataType, ctx.length)
    const { rows, positions } = elementRows(list)
    const keep = trueBits(
      evaluatorOf(args[1]!)([list.children[0]!, positionColumn(positions)], rows, rows.length),
      rows.length,
    )
    const offsets = list.valueOffsets as Int32Array
    const out = new Int32Array(ctx.length + 1)
    const kept: number[] = []
    for (let r = 0; r < ctx.length; r++) {
      for (let j = offsets[r]!; j < offsets[r + 1]!; j++) if (keep.true(j - offsets[0]!)) kept.push(j)
      out[r + 1] = kept.length
    }
    return listColumn(call.dataType, out, take(list.children[0]!, Int32Array.from(kept)), validityOf(list))
  },
}

/** Per value of a BOOLEAN result: is it true, is it null. */
function trueBits(result: Vec, n: number) {
  const column = materialize(result, n)
  const bits = column.values as Uint8Array
  const validity = validityOf(column)
  return {
    true: (i: number) => (validity === null || bitAt(validity, i)) && bitAt(bits, i),
    null: (i: number) => validity !== null && !bitAt(validity, i),
  }
}

/** exists / forall with Spark's three-valued logic: a NULL answer when no element decides and one is NULL. */
function quantifier(forall: boolean): ScalarFunction & HigherOrder {
  const name = forall ? 'forall' : 'exists'
  return {
    kind: 'scalar',
    arity: [2, 2],
    lambdaParams: (args, position) => (position === 1 ? [requireArray(name, args, 0).elementType] : undefined),
    resolve(args, fname) {
      requireArray(fname, args, 0)
      requireBoolean(fname, args, 1)
      return { args, dataType: BOOLEAN, nullable: true }
    },
    kernel(args, ctx) {
      const list = materialize(args[0]!, ctx.length)
      const { rows } = elementRows(list)
      const result = trueBits(evaluatorOf(args[1]!)([list.children[0]!], rows, rows.length), rows.length)
      const offsets = list.valueOffsets as Int32Array
      const listValid = validityOf(list)
      const bits = newBitmap(ctx.length)
      const valid = newBitmap(ctx.length)
      for (let r = 0; r < ctx.length; r++) {
        if (listValid !== null && !bitAt(listValid, r)) continue
        let decided = false
        let sawNull = false
        for (let j = offsets[r]!; j < offsets[r + 1]! && !decided; j++) {
          const k = j - offsets[0]!
          if (result.null(k)) sawNull = true
          else if (result.true(k) !== forall) decided = true
        }
        // exists: true once an element is true; forall: false once one is false.
        const answer = decided ? !forall : forall
        if (decided || !sawNull) {
          setBit(valid, r)
          if (answer) setBit(bits, r)
        }
      }
      return boolColumn(bits, ctx.length, valid)
    },
  }
}

export const higherOrderFunctions: Record<string, ScalarFunction & HigherOrder> = {
  transform,
  filter,
  exists: quantifier(false),
  forall: quantifier(true),
}
