// Helpers for declaring built-in functions: typed signatures and the common element-wise kernel shapes.
import { Buffer } from 'node:buffer'
import { Type } from 'apache-arrow'
import {
  arrayTypeFor,
  type Column,
  type NumberArray,
  numericColumn,
  stringsOf,
  Utf8Builder,
  validityOf,
} from '../../arrow/index.js'
import type { DataType } from '../../types/data-types.js'
import { dataTypeOf, type Expr, type Fn } from '../expression.js'
import { coerceArgs, type Expected } from './coercion.js'
import type { ScalarFunction } from './spec.js'
import { combinedValidity, type EvalContext, isScalar, materialize, numbersOfVec, type Vec } from './vector.js'

type Returns = DataType | ((args: readonly Expr[]) => DataType)

/** A scalar function whose arguments are coerced to `expected` categories and whose result type is `returns`. */
export function typed(
  expected: readonly Expected[],
  returns: Returns,
  kernel: ScalarFunction['kernel'],
  options: {
    arity?: readonly [number, number]
    nullable?: (args: readonly Expr[]) => boolean
    perBatch?: boolean
  } = {},
): ScalarFunction {
  return {
    kind: 'scalar',
    arity: options.arity ?? [expected.length, expected.length],
    resolve(args, name) {
      const coerced = coerceArgs(name, args, expected)
      const dataType = typeof returns === 'function' ? returns(coerced) : returns
      return options.nullable
        ? { args: coerced, dataType, nullable: options.nullable(coerced) }
        : { args: coerced, dataType }
    },
    kernel,
    ...(options.perBatch ? { perBatch: true } : {}),
  }
}

/** The result type is the (coerced) type of the first argument. */
export const sameAsFirst = (args: readonly Expr[]): DataType => dataTypeOf(args[0]!)

/** A kernel applying `f` to each non-null number of the first argument; the result type's array holds the output. */
export function numericMap(f: (x: number) => number): ScalarFunction['kernel'] {
  return (args, ctx, call) => {
    const input = materialize(args[0]!, ctx.length)
    const values = numbersOfVec(input) as ArrayLike<number>
    const out = new (arrayTypeFor(call.dataType))(ctx.length)
    for (let i = 0; i < ctx.length; i++) out[i] = f(values[i]!)
    return numericColumn(call.dataType, out, combinedValidity(args, ctx.length))
  }
}

/** A kernel applying `f` row by row to the JS strings of its arguments (null in → null out unless `f` handles it). */
export function stringMap(
  f: (values: readonly (string | null)[], row: number) => string | null,
  nullIntolerant = true,
): ScalarFunction['kernel'] {
  return (args, ctx) => {
    const inputs = args.map((a) => stringsOfVec(a, ctx.length))
    const builder = new Utf8Builder(ctx.length, ctx.length * 8)
    const row: (string | null)[] = new Array(args.length)
    for (let i = 0; i < ctx.length; i++) {
      let hasNull = false
      for (let k = 0; k < inputs.length; k++) {
        const value = inputs[k]![i]!
        row[k] = value
        if (value === null) hasNull = true
      }
      builder.append(hasNull && nullIntolerant ? null : f(row, i))
    }
    return builder.finish()
  }
}

/** A kernel computing a number from the JS strings of its arguments, into the result type's array. */
export function stringToNumber(
  f: (values: readonly (string | null)[], row: number) => number | null,
): ScalarFunction['kernel'] {
  return (args, ctx, call) => {
    const inputs = args.map((a) => stringsOfVec(a, ctx.length))
    const out = new (arrayTypeFor(call.dataType))(ctx.length)
    const valid: boolean[] = new Array(ctx.length)
    const row: (string | null)[] = new Array(args.length)
    for (let i = 0; i < ctx.length; i++) {
      for (let k = 0; k < inputs.length; k++) row[k] = inputs[k]![i]!
      const result = row.includes(null) ? null : f(row, i)
      valid[i] = result !== null
      out[i] = result ?? 0
    }
    return numericColumn(call.dataType, out, validityFromFlags(valid))
  }
}

/** A string's characters as Spark counts them: code points, not UTF-16 units. */
export const codePoints = (s: string): string[] => Array.from(s)

/** JS strings of a string vector, one per row (a scalar repeats), for a kernel that re-encodes what it builds. */
export function stringsOfVec(v: Vec, length: number): readonly (string | null)[] {
  if (isScalar(v)) return new Array<string | null>(length).fill(v.value as string | null)
  return asciiSlices(v) ?? stringsOf(v)
}

/** Columns with more bytes than this are decoded row by row (V8 strings stop at about 2^29 characters). */
const WHOLE_TEXT_LIMIT = 1 << 28

/** Whether bytes[start, end) are all ASCII (below 0x80), read four at a time where aligned. */
export function allAscii(bytes: Uint8Array, start: number, end: number): boolean {
  let i = start
  while (i < end && (bytes.byteOffset + i) % 4 !== 0) if (bytes[i++]! >= 0x80) return false
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + i, (end - i) >> 2)
  let any = 0
  for (let w = 0; w < words.length; w++) any |= words[w]!
  if ((any & 0x80808080) !== 0) return false
  for (i += words.length * 4; i < end; i++) if (bytes[i]! >= 0x80) return false
  return true
}

/**
 * The rows of an all-ASCII Utf8 column as slices of one string of all its bytes (latin1, one character per byte,
 * which ASCII bytes are), instead of one UTF-8 decode per row; null when some byte is not ASCII. A slice may share
 * the whole text's memory, so the strings are for kernels that encode their results into new columns, never for
 * values kept beyond the batch (user code gets stringsOf's).
 */
function asciiSlices(column: Column): (string | null)[] | null {
  const offsets = column.valueOffsets as Int32Array
  const n = column.length
  const start = offsets[0]!
  const end = offsets[n]!
  const bytes = column.values as Uint8Array
  if (end - start > WHOLE_TEXT_LIMIT || column.typeId !== Type.Utf8 || !allAscii(bytes, start, end)) return null
  const text = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1')
  const out = new Array<string | null>(n)
  const validity = validityOf(column)
  for (let i = 0; i < n; i++) {
    out[i] =
      validity !== null && ((validity[i >> 3]! >> (i & 7)) & 1) === 0
        ? null
        : text.slice(offsets[i]! - start, offsets[i + 1]! - start)
  }
  return out
}

/** A validity bitmap from per-row flags, or null when all are valid. */
export function validityFromFlags(valid: readonly boolean[]): Uint8Array | null {
  if (valid.every(Boolean)) return null
  const bits = new Uint8Array((valid.length + 7) >> 3)
  valid.forEach((v, i) => {
    if (v) bits[i >> 3]! |= 1 << (i & 7)
  })
  return bits
}

/** The numbers of a vector over `length` rows as an array (materializing a scalar). */
export function numbersOver(v: Vec, length: number): NumberArray {
  return numbersOfVec(materialize(v, length)) as NumberArray
}

export type Kernel = (args: readonly Vec[], ctx: EvalContext, call: Fn) => Vec
export type { Column }
