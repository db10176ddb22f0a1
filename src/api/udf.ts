// User-defined functions (PySpark's `udf`, Spark 4.1's `arrow_udf`, `spark.udf.register`): TypeScript functions used
// like any column function, from the DataFrame API and from SQL. See src/expr/udf-kernels.ts for how they run and
// for the null convention.
import { IllegalArgumentException } from '../common/errors.js'
import { call } from '../expr/expression.js'
import { defineUserFunction, registerUserFunction, type UserFunction } from '../expr/user-functions.js'
import { type DataType, STRING } from '../types/data-types.js'
import { parseTypeString } from '../types/ddl.js'
import { Column, columnArg } from './column.js'

export interface UdfOptions {
  /** The function returns a promise, awaited once per batch (async functions are detected without this). */
  readonly async?: boolean
  /** Row UDFs: also call the function for rows with a null argument (it receives `null`). Default false. */
  readonly acceptsNulls?: boolean
}

/** A user-defined function: call it with columns (or column names) to get a Column. */
export interface UserDefinedFunction {
  (...cols: (Column | string)[]): Column
  /** The wrapped function. */
  readonly func: (...args: never[]) => unknown
  readonly returnType: DataType
  /** `row` (udf) or `arrow` (arrow_udf). */
  readonly evalType: 'row' | 'arrow'
  /** The same function, marked non-deterministic (PySpark's `asNondeterministic`). */
  asNondeterministic(): UserDefinedFunction
}

const definitions = new WeakMap<UserDefinedFunction, UserFunction>()

const typeOf = (returnType: DataType | string): DataType =>
  typeof returnType === 'string' ? parseTypeString(returnType) : returnType

const isAsyncFunction = (f: unknown) => (f as { constructor?: { name?: string } }).constructor?.name === 'AsyncFunction'

function callable(definition: UserFunction): UserDefinedFunction {
  const apply = (...cols: (Column | string)[]) =>
    new Column(
      call(
        definition.name,
        cols.map((c) => columnArg(c)),
      ),
    )
  const udf = Object.assign(apply, {
    func: definition.fn,
    returnType: definition.returnType,
    evalType: definition.kind,
    asNondeterministic: () => callable(defineUserFunction({ ...definition, deterministic: false })),
  }) as UserDefinedFunction
  definitions.set(udf, definition)
  return udf
}

function define(
  kind: 'row' | 'arrow',
  f: (...args: never[]) => unknown,
  returnType: DataType | string,
  options: UdfOptions,
): UserDefinedFunction {
  if (typeof f !== 'function') {
    throw new IllegalArgumentException(`Argument \`f\` should be a function, got ${typeof f}.`, {
      errorClass: 'NOT_CALLABLE',
    })
  }
  return callable(
    defineUserFunction({
      displayName: f.name === '' ? 'UDF' : f.name,
      kind,
      fn: f as UserFunction['fn'],
      returnType: typeOf(returnType),
      async: options.async === true || isAsyncFunction(f),
      acceptsNulls: kind === 'arrow' || options.acceptsNulls === true,
      deterministic: true,
    }),
  )
}

/**
 * A row-at-a-time UDF: `f` gets one row's argument values (numbers, strings, booleans, Dates, arrays, objects) and
 * returns the result's value. Rows with a null argument give null without calling `f` unless `acceptsNulls` is set.
 * The return type defaults to string, as in PySpark.
 */
export function udf<A extends unknown[]>(
  f: (...args: A) => unknown,
  returnType: DataType | string = STRING,
  options: UdfOptions = {},
): UserDefinedFunction {
  return define('row', f as (...args: never[]) => unknown, returnType, options)
}

/**
 * A vectorized UDF (Spark 4.1's `arrow_udf`): `f` gets one apache-arrow Vector per argument for the whole batch and
 * returns a Vector of the same length — or a typed array (no nulls) or a plain array — of the return type.
 */
export function arrow_udf(
  // biome-ignore lint/suspicious/noExplicitAny: Vectors of any type
  f: (...vectors: any[]) => unknown,
  returnType: DataType | string,
  options: UdfOptions = {},
): UserDefinedFunction {
  return define('arrow', f, returnType, options)
}

/** `spark.udf`: registers functions for SQL. */
export class UDFRegistration {
  /**
   * Makes `f` callable from SQL as `name(...)` (case-insensitive, replacing a function registered under the name).
   * `f` is a function (its return type defaults to string) or a UDF from `udf()`/`arrow_udf()`, whose return type
   * it keeps. Returns the UDF, whose columns are named after `name`.
   */
  register(
    name: string,
    f: UserDefinedFunction | ((...args: never[]) => unknown),
    returnType?: DataType | string,
  ): UserDefinedFunction {
    const existing = definitions.get(f as UserDefinedFunction)
    if (existing && returnType !== undefined) {
      throw new IllegalArgumentException(
        'Invalid return type: data type can not be specified when f is a user-defined function, but got ' +
          `${typeof returnType === 'string' ? returnType : JSON.stringify(returnType)}.`,
        { errorClass: 'CANNOT_SPECIFY_RETURN_TYPE_FOR_UDF' },
      )
    }
    const definition = existing ?? definitions.get(udf(f as (...args: unknown[]) => unknown, returnType ?? STRING))!
    return callable(registerUserFunction(name, definition))
  }
}
