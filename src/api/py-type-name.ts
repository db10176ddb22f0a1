// PySpark's view of a JS argument, for the argument checks PySpark makes before calling Spark: the type name its
// PySparkTypeError messages print, the typed error itself, and what counts as a dict.
import { IllegalArgumentException } from '../common/errors.js'
import { pyTypeName } from '../common/py-type-name.js'

export { pyTypeName }

/** PySpark's typed argument error (a PySparkTypeError / PySparkValueError), as an IllegalArgumentException. */
export function argumentError(errorClass: string, message: string): IllegalArgumentException {
  return new IllegalArgumentException(message, { errorClass })
}

/** A string argument (PySpark's NOT_STR check). */
export function strArg(value: unknown, argName: string): string {
  if (typeof value === 'string') return value
  throw argumentError('NOT_STR', `Argument \`${argName}\` should be a str, got ${pyTypeName(value)}.`)
}

/** A list of column names, or none (PySpark's NOT_LIST_OR_TUPLE and NOT_LIST_OF_STR checks). */
export function namesArg(value: unknown, argName: string): readonly string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value)) {
    throw argumentError(
      'NOT_LIST_OR_TUPLE',
      `Argument \`${argName}\` should be a list or tuple, got ${pyTypeName(value)}.`,
    )
  }
  const bad = value.find((v) => typeof v !== 'string')
  if (bad !== undefined) {
    throw argumentError('NOT_LIST_OF_STR', `Argument \`${argName}\` should be a list[str], got ${pyTypeName(bad)}.`)
  }
  return value
}

/** A dict argument given as an object literal (not a class instance, array or null). */
export const isPlainObject = (v: unknown): v is Readonly<Record<string, unknown>> =>
  typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype

/** A dict argument's entries (a Map keeps number and boolean keys; an object's keys are strings). */
export const entriesOf = <K, V>(v: ReadonlyMap<K, V> | Readonly<Record<string, V>>): [K | string, V][] =>
  v instanceof Map ? [...v.entries()] : Object.entries(v)
