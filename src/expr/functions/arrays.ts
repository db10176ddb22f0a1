import {
  allValidBitmap,
  bitAt,
  type Column,
  concatColumns,
  exactNumberReader,
  keyTextAt,
  listColumn,
  nullColumn,
  rowComparator,
  stringAt,
  take,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import { BigSet } from '../../common/big-set.js'
import { AnalysisException, SparkRuntimeException } from '../../common/errors.js'
import { ArrayType, BOOLEAN, type DataType, INTEGER, STRING, sqlTypeName } from '../../types/data-types.js'
import { dataTypeOf, type Expr, type Fn } from '../expression.js'
import { sqlText } from '../sql-text.js'
import { callText, coerceArgs, coerceToCommonType } from './coercion.js'
import { numbersOver } from './define.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, isScalar, materialize, type Vec } from './vector.js'

/** A key identifying equal values of a non-null row (NaN equals NaN, -0.0 equals 0.0). */
export function rowKey(column: Column, type: DataType): (j: number) => unknown {
  switch (type.kind) {
    case 'string':
      return (j) => stringAt(column, j)
    case 'boolean':
      return (j) => bitAt(column.values as Uint8Array, j)
    case 'binary':
    case 'array':
    case 'map':
    case 'struct':
      return (j) => keyTextAt(column, type, j)
    default: {
      // Values whose doubles could be shared by distinct values key by their exact form instead.
      if (type.kind === 'decimal' && type.precision > 15) return (j) => keyTextAt(column, type, j)
      return exactNumberReader(column)
    }
  }
}

function requireArray(name: string, args: readonly Expr[]): ArrayType {
  const type = dataTypeOf(coerceArgs(name, [args[0]!], ['array'])[0]!)
  return type as ArrayType
}

/** sort_array(arr, asc = true): NULL elements first when ascending, last when descending. */
const sortArray: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 2],
  resolve(args, name) {
    const type = requireArray(name, args)
    const order = args[1] ?? { kind: 'Literal', value: true, dataType: BOOLEAN }
    // CAST(NULL AS BOOLEAN) is as foldable as a NULL literal: every row's result is NULL.
    if ((order.kind !== 'Literal' && !isNullCast(order)) || dataTypeOf(order).kind !== 'boolean') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 2 requires the "BOOLEAN" ` +
          `type, however "${sqlText(order)}" has the type "${sqlTypeName(dataTypeOf(order))}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    return { args: [args[0]!, order as Expr], dataType: type }
  },
  kernel(args, ctx, call) {
    const type = dataTypeOf(call.args[0]!) as ArrayType
    const direction = isScalar(args[1]!) ? args[1].value : null
    if (direction === null) return nullColumn(call.dataType, ctx.length)
    const ascending = direction !== false
    const column = materialize(args[0]!, ctx.length)
    const child = column.children[0]!
    const offsets = column.valueOffsets as Int32Array
    const childValid = validityOf(child)
    const compare = rowComparator(type.elementType, child, child)
    const order = ascending ? compare : (a: number, b: number) => compare(b, a)
    const indices: number[] = []
    const nulls: number[] = []
    const values: number[] = []
    const append = (rows: readonly number[]) => {
      for (const j of rows) indices.push(j)
    }
    for (let i = 0; i < ctx.length; i++) {
      nulls.length = 0
      values.length = 0
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) (childValid && !bitAt(childValid, j) ? nulls : values).push(j)
      values.sort(order)
      append(ascending ? nulls : values)
      append(ascending ? values : nulls)
    }
    return listColumn(call.dataType, rebase(offsets), take(child, indices), validityOf(column))
  },
}

const isNullCast = (e: Expr) =>
  e.kind === 'Cast' && e.child.kind === 'Literal' && e.child.value === null && dataTypeOf(e).kind === 'boolean'

/** Offsets relative to the first element (the gathered child starts at 0). */
function rebase(offsets: Int32Array): Int32Array {
  const base = offsets[0]!
  return base === 0 ? offsets : offsets.map((o) => o - base)
}

/** array_distinct(arr): the first occurrence of each value, NULL kept once, in order. */
const arrayDistinct: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve: (args, name) => ({ args, dataType: requireArray(name, args) }),
  kernel(args, ctx, call) {
    const type = dataTypeOf(call.args[0]!) as ArrayType
    const column = materialize(args[0]!, ctx.length)
    const child = column.children[0]!
    const offsets = column.valueOffsets as Int32Array
    const childValid = validityOf(child)
    const key = rowKey(child, type.elementType)
    const indices: number[] = []
    const out = new Int32Array(ctx.length + 1)
    const seen = new BigSet<unknown>()
    for (let i = 0; i < ctx.length; i++) {
      seen.clear()
      let sawNull = false
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        if (childValid && !bitAt(childValid, j)) {
          if (!sawNull) indices.push(j)
          sawNull = true
          continue
        }
        if (seen.tryAdd(key(j))) indices.push(j)
      }
      out[i + 1] = indices.length
    }
    return listColumn(call.dataType, out, take(child, indices), validityOf(column))
  },
}

/** flatten(array<array<T>>): the inner arrays concatenated; NULL when any inner array is NULL. */
const flatten: ScalarFunction = {
  kind: 'scalar',
  arity: [1, 1],
  resolve(args, name) {
    const type = requireArray(name, args)
    if (type.elementType.kind !== 'array') {
      throw new AnalysisException(
        `Cannot resolve "${callText(name, args)}" due to data type mismatch: Parameter 1 requires the ` +
          `"ARRAY" of "ARRAY" type, however "${sqlText(args[0]!)}" has the type "${sqlTypeName(type)}".`,
        { errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' },
      )
    }
    return { args, dataType: type.elementType }
  },
  kernel(args, ctx, call) {
    const column = materialize(args[0]!, ctx.length)
    const outerOffsets = column.valueOffsets as Int32Array
    const inner = column.children[0]!
    const innerOffsets = inner.valueOffsets as Int32Array
    const innerValid = validityOf(inner)
    const valid = combinedValidity([column], ctx.length) ?? allValidBitmap(ctx.length)
    const indices: number[] = []
    const out = new Int32Array(ctx.length + 1)
    for (let i = 0; i < ctx.length; i++) {
      let hasNull = false
      for (let k = outerOffsets[i]!; k < outerOffsets[i + 1]!; k++)
        if (innerValid && !bitAt(innerValid, k)) hasNull = true
      if (hasNull || !bitAt(valid, i)) valid[i >> 3]! &= ~(1 << (i & 7))
      else {
        for (let k = outerOffsets[i]!; k < outerOffsets[i + 1]!; k++) {
          for (let j = innerOffsets[k]!; j < innerOffsets[k + 1]!; j++) indices.push(j)
        }
      }
      out[i + 1] = indices.length
    }
    return listColumn(call.dataType, out, take(inner.children[0]!, indices), valid)
  },
}

/** slice(arr, start, length): `length` elements from 1-based `start` (negative counts from the end). */
const slice: ScalarFunction = {
  kind: 'scalar',
  arity: [3, 3],
  resolve(args, name) {
    const type = requireArray(name, args)
    const [start, length] = coerceArgs(name, args.slice(1), [INTEGER, INTEGER])
    return { args: [args[0]!, start!, length!], dataType: type }
  },
  kernel(args, ctx, call) {
    const n = ctx.length
    const column = materialize(args[0]!, n)
    const offsets = column.valueOffsets as Int32Array
    const starts = numbersOver(args[1]!, n)
    const lengths = numbersOver(args[2]!, n)
    const valid = combinedValidity(args, n)
    const indices: number[] = []
    const out = new Int32Array(n + 1)
    for (let i = 0; i < n; i++) {
      if (valid === null || bitAt(valid, i)) {
        const size = offsets[i + 1]! - offsets[i]!
        const start = starts[i]!
        const length = lengths[i]!
        if (start === 0) {
          throw new SparkRuntimeException(
            'Unexpected value for start in function slice: SQL array indices start at 1.',
            { errorClass: 'INVALID_PARAMETER_VALUE.START' },
          )
        }
        if (length < 0) {
          throw new SparkRuntimeException(
            `Unexpected value for length in function slice: length must be greater than or equal to 0.`,
            { errorClass: 'INVALID_PARAMETER_VALUE.LENGTH' },
          )
        }
        const from = start > 0 ? start - 1 : size + start
        if (from >= 0) for (let j = from; j < Math.min(size, from + length); j++) indices.push(offsets[i]! + j)
      }
      out[i + 1] = indices.length
    }
    return listColumn(call.dataType, out, take(column.children[0]!, indices), valid)
  },
}

/** array_join(arr, delimiter[, nullReplacement]): the string elements joined; NULLs skipped unless replaced. */
const arrayJoin: ScalarFunction = {
  kind: 'scalar',
  arity: [2, 3],
  resolve(args, name) {
    const [arr, ...rest] = coerceArgs(name, args, [ArrayType(STRING), 'string', 'string'])
    return { args: [arr!, ...rest], dataType: STRING }
  },
  kernel(args, ctx) {
    const n = ctx.length
    const column = materialize(args[0]!, n)
    const offsets = column.valueOffsets as Int32Array
    const child = column.children[0]!
    const delimiters = materialize(args[1]!, n)
    const replacements = args[2] ? materialize(args[2], n) : null
    const valid = combinedValidity(args, n)
    const builder = new Utf8Builder(n, n * 16)
    for (let i = 0; i < n; i++) {
      if (valid !== null && !bitAt(valid, i)) {
        builder.appendNull()
        continue
      }
      const parts: string[] = []
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const s = stringAt(child, j) ?? (replacements ? stringAt(replacements, i) : null)
        if (s !== null) parts.push(s)
      }
      builder.append(parts.join(stringAt(delimiters, i)!))
    }
    return builder.finish()
  },
}

/** concat over arrays: every argument's elements in order; NULL when any argument is NULL. */
function concatArrays(args: readonly Vec[], ctx: EvalContext, call: Fn): Column {
  const n = ctx.length
  const columns = args.map((a) => materialize(a, n))
  const valid = combinedValidity(columns, n)
  // Gather from the arguments' children stacked one after another.
  const bases: number[] = []
  let total = 0
  for (const c of columns) {
    bases.push(total)
    total += c.children[0]!.length
  }
  const indices: number[] = []
  const out = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) {
    if (valid === null || bitAt(valid, i)) {
      columns.forEach((c, k) => {
        const offsets = c.valueOffsets as Int32Array
        for (let j = offsets[i]!; j < offsets[i + 1]!; j++) indices.push(bases[k]! + j)
      })
    }
    out[i + 1] = indices.length
  }
  const elementType = (call.dataType as ArrayType).elementType
  const stacked = columns.length === 1 ? columns[0]!.children[0]! : concatColumns(columns.map((c) => c.children[0]!))
  return listColumn(
    call.dataType,
    out,
    take(stacked.length === 0 ? nullColumn(elementType, 0) : stacked, indices),
    valid,
  )
}

/** concat: arrays when every argument is an array (widened to a common element type), else strings. */
export function concatFunction(stringForm: ScalarFunction): ScalarFunction {
  return {
    ...stringForm,
    resolve(args, name) {
      if (args.length === 0 || !args.every((a) => dataTypeOf(a).kind === 'array')) return stringForm.resolve(args, name)
      const { args: coerced, type } = coerceToCommonType(name, args)
      return { args: coerced, dataType: type }
    },
    kernel: (args, ctx, call) =>
      call.dataType.kind === 'array' ? concatArrays(args, ctx, call) : stringForm.kernel(args, ctx, call),
  }
}

/** reverse: the elements of an array in reverse order, or the characters of a string. */
export function reverseFunction(stringForm: ScalarFunction): ScalarFunction {
  return {
    ...stringForm,
    resolve: (args, name) =>
      dataTypeOf(args[0]!).kind === 'array' ? { args, dataType: dataTypeOf(args[0]!) } : stringForm.resolve(args, name),
    kernel(args, ctx, call) {
      if (call.dataType.kind !== 'array') return stringForm.kernel(args, ctx, call)
      const column = materialize(args[0]!, ctx.length)
      const offsets = column.valueOffsets as Int32Array
      const indices: number[] = []
      for (let i = 0; i < ctx.length; i++) for (let j = offsets[i + 1]! - 1; j >= offsets[i]!; j--) indices.push(j)
      return listColumn(call.dataType, rebase(offsets), take(column.children[0]!, indices), validityOf(column))
    },
  }
}

export const arrayFunctions = {
  sort_array: sortArray,
  array_distinct: arrayDistinct,
  flatten,
  slice,
  array_join: arrayJoin,
} satisfies Record<string, ScalarFunction>
