// How user-defined functions run over a batch. A row UDF is called once per row with JS values (numbers, strings,
// Dates, ...) read straight from the columns' typed arrays, its results written into the result type's array; an
// arrow UDF is called once per batch with apache-arrow Vectors and returns a Vector (or a typed or plain array). A
// failure is Spark's FAILED_EXECUTE_UDF with the user's error as cause and the offending input attached.
//
// Null convention: a row UDF is not called for a row where an argument is null — the result is null, as Spark does
// for Scala UDFs over primitive types — unless it was declared `acceptsNulls`; then it receives `null`. Returning
// null or undefined gives a null. An arrow UDF always sees the whole batch, nulls included.
import {
  arrayTypeFor,
  bitAt,
  type Column,
  columnFromValues,
  columnOfVector,
  fromArrowType,
  isVector,
  newBitmap,
  numbersOf,
  numericColumn,
  setBit,
  stringsOf,
  validityOf,
  valueAt,
  vectorOf,
} from '../arrow/index.js'
import { IllegalArgumentException, IllegalStateException, SparkException, throwableText } from '../common/errors.js'
import { MILLIS_PER_DAY } from '../common/interval.js'
import { type DataType, isIntegral, isNumeric, sameType, simpleString } from '../types/data-types.js'
import { dataTypeOf, type Fn } from './expression.js'
import type { ScalarFunction } from './functions/spec.js'
import { type EvalContext, isScalar, materialize, type Vec } from './functions/vector.js'
import type { UserFunction } from './user-functions.js'

const specs = new WeakMap<UserFunction, ScalarFunction>()

/** The function registry's entry for a user function. */
export function userFunctionSpec(udf: UserFunction): ScalarFunction {
  let spec = specs.get(udf)
  if (!spec) specs.set(udf, (spec = newSpec(udf)))
  return spec
}

function newSpec(udf: UserFunction): ScalarFunction {
  return {
    kind: 'scalar',
    arity: [0, Number.POSITIVE_INFINITY],
    resolve: (args) => ({ args, dataType: udf.returnType, nullable: true }),
    kernel: udf.async ? awaitedElsewhere(udf) : udf.kind === 'row' ? rowKernel(udf) : arrowKernel(udf),
    // Never folded at planning time, never cached across batches: user code may not be deterministic.
    perBatch: true,
  }
}

/** Spark's FAILED_EXECUTE_UDF for a user function that threw (or returned something unusable) on `input`. */
export function udfFailure(udf: UserFunction, call: Fn, cause: unknown, input: readonly unknown[]): SparkException {
  const signature = call.args.map((a) => simpleString(dataTypeOf(a))).join(', ')
  return new SparkException(
    `User defined function (\`${udf.displayName}\`: (${signature}) => ${simpleString(udf.returnType)}) failed due to: ${throwableText(cause)}.`,
    { errorClass: 'FAILED_EXECUTE_UDF', cause, input },
  )
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function'

function notDeclaredAsync(udf: UserFunction): IllegalStateException {
  return new IllegalStateException(
    `The user defined function \`${udf.displayName}\` returned a Promise but was not declared async: define it with an async function or pass { async: true } to udf()/arrow_udf()`,
  )
}

function awaitedElsewhere(udf: UserFunction): ScalarFunction['kernel'] {
  return () => {
    throw new IllegalStateException(
      `The async user defined function \`${udf.displayName}\` can only be used in select(), withColumn(), selectExpr() or filter() of a streaming query (where the engine awaits it once per batch); compute it in a select() first`,
    )
  }
}

/** Reads row i of an argument as a JS value. */
export type Reader = (i: number) => unknown

/** A reader of a column's (or constant's) JS values, the conversions done once per column, not per row. */
export function valueReader(value: Vec, type: DataType): Reader {
  if (isScalar(value)) {
    const constant = valueAt(materialize(value, 1), type, 0)
    return () => constant
  }
  const column = value
  const valid = validityOf(column)
  const orNull =
    (read: Reader): Reader =>
    (i) =>
      valid !== null && !bitAt(valid, i) ? null : read(i)
  switch (type.kind) {
    case 'string': {
      const strings = stringsOf(column)
      return (i) => strings[i]
    }
    case 'boolean': {
      const bits = column.values as Uint8Array
      return orNull((i) => bitAt(bits, i))
    }
    case 'timestamp':
    case 'timestamp_ntz': {
      const micros = numbersOf(column)
      const read = (i: number) => new Date(Math.floor(micros[i]! / 1000))
      return valid === null ? read : orNull(read)
    }
    case 'date': {
      const days = numbersOf(column)
      return orNull((i) => new Date(days[i]! * MILLIS_PER_DAY))
    }
    default:
      if (isNumeric(type) && type.kind !== 'decimal') {
        const numbers = numbersOf(column)
        return valid === null ? (i) => numbers[i] : orNull((i) => numbers[i])
      }
      return (i) => valueAt(column, type, i)
  }
}

/** Collects a row UDF's results: numbers straight into the result type's array, other types as JS values. */
class ResultWriter {
  private readonly numbers: ReturnType<typeof newNumbers> | null
  private readonly values: unknown[] | null
  private readonly validity: Uint8Array
  private nulls = 0

  constructor(
    private readonly type: DataType,
    length: number,
  ) {
    const numeric = isNumeric(type) && type.kind !== 'decimal'
    this.numbers = numeric ? newNumbers(type, length) : null
    this.values = numeric ? null : new Array(length)
    this.validity = newBitmap(length)
  }

  set(i: number, value: unknown): void {
    if (value === null || value === undefined) {
      this.nulls++
      if (this.values) this.values[i] = null
      return
    }
    if (this.numbers) {
      const n = typeof value === 'number' ? value : typeof value === 'bigint' ? Number(value) : Number.NaN
      if (Number.isNaN(n) && typeof value !== 'number') reject(value, this.type)
      if (isIntegral(this.type) && !Number.isInteger(n)) reject(value, this.type)
      this.numbers[i] = n
    } else this.values![i] = value
    setBit(this.validity, i)
  }

  finish(): Column {
    if (this.numbers) return numericColumn(this.type, this.numbers, this.nulls > 0 ? this.validity : null)
    return columnFromValues(this.type, this.values!)
  }
}

const newNumbers = (type: DataType, length: number) => new (arrayTypeFor(type))(length)

function reject(value: unknown, type: DataType): never {
  const shown = typeof value === 'string' ? `'${value}'` : String(value)
  throw new IllegalArgumentException(
    `field value: ${simpleString(type)} can not accept object ${shown} in type ${typeof value}`,
  )
}

function rowKernel(udf: UserFunction): ScalarFunction['kernel'] {
  const fn = udf.fn
  return (args, ctx, call) => {
    const n = ctx.length
    const readers = args.map((a, k) => valueReader(a, dataTypeOf(call.args[k]!)))
    const out = new ResultWriter(udf.returnType, n)
    const values: unknown[] = new Array(args.length)
    const arity = args.length
    for (let i = 0; i < n; i++) {
      let hasNull = false
      for (let k = 0; k < arity; k++) {
        const v = readers[k]!(i)
        values[k] = v
        if (v === null) hasNull = true
      }
      if (hasNull && !udf.acceptsNulls) {
        out.set(i, null)
        continue
      }
      let result: unknown
      try {
        result = arity === 1 ? fn(values[0]) : arity === 2 ? fn(values[0], values[1]) : fn(...values)
      } catch (error) {
        throw udfFailure(udf, call, error, [...values])
      }
      if (isThenable(result)) throw notDeclaredAsync(udf)
      try {
        out.set(i, result)
      } catch (error) {
        throw udfFailure(udf, call, error, [...values])
      }
    }
    try {
      return out.finish()
    } catch (error) {
      throw udfFailure(udf, call, error, [])
    }
  }
}

function arrowKernel(udf: UserFunction): ScalarFunction['kernel'] {
  return (args, ctx, call) => {
    const vectors = args.map((a) => vectorOf(materialize(a, ctx.length)))
    let result: unknown
    try {
      result = udf.fn(...vectors)
    } catch (error) {
      throw udfFailure(udf, call, error, vectors)
    }
    if (isThenable(result)) throw notDeclaredAsync(udf)
    return arrowResult(udf, call, result, ctx.length, vectors)
  }
}

/** An arrow UDF's result as a column of its return type and the batch's length. */
function arrowResult(udf: UserFunction, call: Fn, result: unknown, length: number, input: readonly unknown[]): Column {
  const type = udf.returnType
  const fail = (reason: string) => udfFailure(udf, call, new IllegalArgumentException(reason), input)
  let column: Column
  try {
    if (isVector(result)) column = result.data.length === 0 ? columnFromValues(type, []) : columnOfVector(result)
    else if (ArrayBuffer.isView(result) && !(result instanceof DataView) && isNumeric(type)) {
      // Copied (the user may reuse the array): natively, unless 64-bit integer elements need Number().
      const typed = result as unknown as ArrayLike<number>
      const values = newNumbers(type, typed.length)
      if (result instanceof BigInt64Array || result instanceof BigUint64Array) {
        for (let i = 0; i < typed.length; i++) values[i] = Number(typed[i])
      } else values.set(typed)
      column = numericColumn(type, values, null)
    } else if (Array.isArray(result)) column = columnFromValues(type, result)
    else if (ArrayBuffer.isView(result)) {
      throw fail(
        `a typed array is a result only for numeric types; return a Vector or an array for ${simpleString(type)}`,
      )
    } else
      throw fail(`an arrow UDF must return an apache-arrow Vector, a typed array or an array, not ${typeof result}`)
  } catch (error) {
    if (error instanceof SparkException) throw error
    throw udfFailure(udf, call, error, input)
  }
  if (column.length !== length) {
    throw fail(`the function returned ${column.length} values for ${length} input rows`)
  }
  const actual = fromArrowType(column.type)
  if (!sameType(actual, type, true)) {
    throw fail(`the function returned ${simpleString(actual)} values, but its return type is ${simpleString(type)}`)
  }
  return column
}

/** Runs an async user function over a batch: one promise per batch, awaited by the operator that evaluates it. */
export async function evaluateAsync(udf: UserFunction, call: Fn, args: readonly Vec[], ctx: EvalContext) {
  const n = ctx.length
  if (udf.kind === 'arrow') {
    const vectors = args.map((a) => vectorOf(materialize(a, n)))
    let result: unknown
    try {
      result = await udf.fn(...vectors)
    } catch (error) {
      throw udfFailure(udf, call, error, vectors)
    }
    return arrowResult(udf, call, result, n, vectors)
  }
  const readers = args.map((a, k) => valueReader(a, dataTypeOf(call.args[k]!)))
  const pending: (Promise<unknown> | null)[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const values = readers.map((read) => read(i))
    if (!udf.acceptsNulls && values.includes(null)) {
      pending[i] = null
      continue
    }
    pending[i] = (async () => {
      try {
        return await udf.fn(...values)
      } catch (error) {
        throw udfFailure(udf, call, error, values)
      }
    })()
  }
  const results = await Promise.all(pending)
  const out = new ResultWriter(udf.returnType, n)
  for (let i = 0; i < n; i++) {
    try {
      out.set(i, results[i])
    } catch (error) {
      throw udfFailure(
        udf,
        call,
        error,
        readers.map((read) => read(i)),
      )
    }
  }
  return out.finish()
}
