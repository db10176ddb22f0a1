// User-defined functions by the name plans call them with: a `udf()` gets a unique internal name, `spark.udf.register`
// adds the SQL name it is called by. Resolved calls are ordinary `Fn` nodes naming the function, so plans stay data;
// the function registry looks the definition up here (see udf-kernels.ts for how one runs).
import type { DataType } from '../types/data-types.js'

/**
 * row: called once per row with JS values · arrow: called once per batch with apache-arrow Vectors. An async function
 * (or one declared async) returns a promise; the engine awaits it once per batch, where it can await.
 */
export type UserFunctionKind = 'row' | 'arrow'

export interface UserFunction {
  /** The name `Fn` nodes carry (lower case): unique per definition, or the SQL name it was registered under. */
  readonly name: string
  /** The name users see in column names, plans and errors. */
  readonly displayName: string
  readonly kind: UserFunctionKind
  // biome-ignore lint/suspicious/noExplicitAny: user functions take any arguments
  readonly fn: (...args: any[]) => unknown
  readonly returnType: DataType
  /** Returns a promise (awaited once per batch). */
  readonly async: boolean
  /** Row functions: also called for rows with a null argument (by default such rows give null). */
  readonly acceptsNulls: boolean
  readonly deterministic: boolean
}

const definitions = new Map<string, UserFunction>()
let next = 0

/** Defines a function under a fresh internal name. */
export function defineUserFunction(definition: Omit<UserFunction, 'name'>): UserFunction {
  const udf = Object.freeze({ ...definition, name: `udf#${next++}` })
  definitions.set(udf.name, udf)
  return udf
}

/** Makes a function callable from SQL by `name` (case-insensitive), replacing a function registered under it. */
export function registerUserFunction(name: string, definition: UserFunction): UserFunction {
  const udf = Object.freeze({ ...definition, name: name.toLowerCase(), displayName: name })
  definitions.set(udf.name, udf)
  return udf
}

/** The user function a (case-insensitive) name calls, if any. */
export function lookupUserFunction(name: string): UserFunction | undefined {
  return definitions.get(name.toLowerCase())
}

/** The name users see for a function name a plan carries (the name itself for built-in functions). */
export function displayNameOf(name: string): string {
  return definitions.get(name)?.displayName ?? name
}
