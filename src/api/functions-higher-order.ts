// pyspark.sql.functions' higher-order functions: a TypeScript callback builds the lambda's body from Columns standing
// for its parameters, as PySpark's Python lambdas do (`transform(col('a'), (x) => x.plus(1))`).
import { call, columnRef, type Expr } from '../expr/expression.js'
import { Column, type ColumnOrValue, toExpr } from './column.js'
import { type ColumnOrName, c, fn } from './function-args.js'
import { argumentError, pyTypeName } from './py-type-name.js'

let lambdaCount = 0

/**
 * A lambda argument: the callback called with one fresh, uniquely named Column per parameter (`arity` of them, or
 * for transform/filter one or two as the callback declares). PySpark's checks: `f` must be callable (NOT_CALLABLE)
 * and return a Column (HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN).
 */
function lambda(f: unknown, argName: string, arity?: number): Expr {
  if (typeof f !== 'function') {
    throw argumentError('NOT_CALLABLE', `Argument \`${argName}\` should be a callable, got ${pyTypeName(f)}.`)
  }
  const count = arity ?? (f.length === 2 ? 2 : 1)
  const names = Array.from({ length: count }, (_, k) => `__lambda_${++lambdaCount}_${k}`)
  const result: unknown = f(...names.map((n) => new Column(columnRef(n))))
  if (!(result instanceof Column)) {
    throw argumentError(
      'HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN',
      `Function \`${f.name || '<lambda>'}\` should return Column, got ${pyTypeName(result)}.`,
    )
  }
  return call('lambda_function', [result.expr, ...names.map((n) => columnRef(n))])
}

/** Each element of an array mapped by `f(element)` or `f(element, index)`. */
export const transform = (col: ColumnOrName, f: (x: Column, i: Column) => Column): Column =>
  fn('transform', c(col), lambda(f, 'f'))
/** The elements for which `f(element)` (or `f(element, index)`) is true. */
export const filter = (col: ColumnOrName, f: (x: Column, i: Column) => Column): Column =>
  fn('filter', c(col), lambda(f, 'f'))
/** Whether `f` is true for some element (NULL when none is and one gives NULL). */
export const exists = (col: ColumnOrName, f: (x: Column) => Column): Column => fn('exists', c(col), lambda(f, 'f', 1))
/** Whether `f` is true for every element (NULL when none is false and one gives NULL). */
export const forall = (col: ColumnOrName, f: (x: Column) => Column): Column => fn('forall', c(col), lambda(f, 'f', 1))
/** The fold `name(col, initialValue, merge[, finish])` (Spark's ArrayAggregate, under either of its names). */
const fold =
  (name: 'aggregate' | 'reduce') =>
  (
    col: ColumnOrName,
    initialValue: ColumnOrValue,
    merge: (acc: Column, x: Column) => Column,
    finish?: (acc: Column) => Column,
  ): Column =>
    fn(name, c(col), toExpr(initialValue), lambda(merge, 'merge', 2), ...(finish ? [lambda(finish, 'finish', 1)] : []))
/** Folds the array from `initialValue` with `merge(acc, x)`, then applies `finish(acc)` if given. */
export const aggregate = fold('aggregate')
/** The same fold as aggregate, under its other name. */
export const reduce = fold('reduce')
/** Two arrays merged element-wise by `f(left, right)`; the shorter one is padded with NULLs. */
export const zip_with = (left: ColumnOrName, right: ColumnOrName, f: (x: Column, y: Column) => Column): Column =>
  fn('zip_with', c(left), c(right), lambda(f, 'f', 2))
/** A map with each key replaced by `f(key, value)`. */
export const transform_keys = (col: ColumnOrName, f: (k: Column, v: Column) => Column): Column =>
  fn('transform_keys', c(col), lambda(f, 'f', 2))
/** A map with each value replaced by `f(key, value)`. */
export const transform_values = (col: ColumnOrName, f: (k: Column, v: Column) => Column): Column =>
  fn('transform_values', c(col), lambda(f, 'f', 2))
/** The entries for which `f(key, value)` is true. */
export const map_filter = (col: ColumnOrName, f: (k: Column, v: Column) => Column): Column =>
  fn('map_filter', c(col), lambda(f, 'f', 2))
/** The array sorted ascending with NULLs last, or by `comparator(left, right)` (negative, 0 or positive INT). */
export const array_sort = (col: ColumnOrName, comparator?: (left: Column, right: Column) => Column): Column =>
  fn('array_sort', c(col), ...(comparator ? [lambda(comparator, 'comparator', 2)] : []))
/** One entry per key of either map, valued `f(key, value1, value2)` (NULL where a map lacks the key). */
export const map_zip_with = (
  col1: ColumnOrName,
  col2: ColumnOrName,
  f: (k: Column, v1: Column, v2: Column) => Column,
): Column => fn('map_zip_with', c(col1), c(col2), lambda(f, 'f', 3))
