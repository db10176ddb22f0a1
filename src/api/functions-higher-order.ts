// pyspark.sql.functions' higher-order functions: a TypeScript callback builds the lambda's body from Columns standing
// for its parameters, as PySpark's Python lambdas do (`transform(col('a'), (x) => x.plus(1))`).
import { call, columnRef } from '../expr/expression.js'
import { Column, type ColumnOrValue, toExpr } from './column.js'
import { type ColumnOrName, c, fn } from './function-args.js'

let lambdaCount = 0

/** A lambda argument: the callback called with one fresh, uniquely named Column per parameter. */
function lambda(arity: number, body: (...params: Column[]) => Column): Column {
  const names = Array.from({ length: arity }, (_, k) => `__lambda_${++lambdaCount}_${k}`)
  const result = body(...names.map((n) => new Column(columnRef(n))))
  return new Column(call('lambda_function', [result.expr, ...names.map((n) => columnRef(n))]))
}

/** Each element of an array mapped by `f(element)` or `f(element, index)`. */
export const transform = (col: ColumnOrName, f: (x: Column, i: Column) => Column): Column =>
  fn('transform', c(col), lambda(f.length === 2 ? 2 : 1, f).expr)
/** The elements for which `f(element)` (or `f(element, index)`) is true. */
export const filter = (col: ColumnOrName, f: (x: Column, i: Column) => Column): Column =>
  fn('filter', c(col), lambda(f.length === 2 ? 2 : 1, f).expr)
/** Whether `f` is true for some element (NULL when none is and one gives NULL). */
export const exists = (col: ColumnOrName, f: (x: Column) => Column): Column => fn('exists', c(col), lambda(1, f).expr)
/** Whether `f` is true for every element (NULL when none is false and one gives NULL). */
export const forall = (col: ColumnOrName, f: (x: Column) => Column): Column => fn('forall', c(col), lambda(1, f).expr)
/** The fold `name(col, initialValue, merge[, finish])` (Spark's ArrayAggregate, under either of its names). */
const fold =
  (name: 'aggregate' | 'reduce') =>
  (
    col: ColumnOrName,
    initialValue: ColumnOrValue,
    merge: (acc: Column, x: Column) => Column,
    finish?: (acc: Column) => Column,
  ): Column =>
    fn(name, c(col), toExpr(initialValue), lambda(2, merge).expr, ...(finish ? [lambda(1, finish).expr] : []))
/** Folds the array from `initialValue` with `merge(acc, x)`, then applies `finish(acc)` if given. */
export const aggregate = fold('aggregate')
/** The same fold as aggregate, under its other name. */
export const reduce = fold('reduce')
/** Two arrays merged element-wise by `f(left, right)`; the shorter one is padded with NULLs. */
export const zip_with = (left: ColumnOrName, right: ColumnOrName, f: (x: Column, y: Column) => Column): Column =>
  fn('zip_with', c(left), c(right), lambda(2, f).expr)
/** A map with each key replaced by `f(key, value)`. */
export const transform_keys = (col: ColumnOrName, f: (k: Column, v: Column) => Column): Column =>
  fn('transform_keys', c(col), lambda(2, f).expr)
/** A map with each value replaced by `f(key, value)`. */
export const transform_values = (col: ColumnOrName, f: (k: Column, v: Column) => Column): Column =>
  fn('transform_values', c(col), lambda(2, f).expr)
/** The entries for which `f(key, value)` is true. */
export const map_filter = (col: ColumnOrName, f: (k: Column, v: Column) => Column): Column =>
  fn('map_filter', c(col), lambda(2, f).expr)
/** The array sorted ascending with NULLs last, or by `comparator(left, right)` (negative, 0 or positive INT). */
export const array_sort = (col: ColumnOrName, comparator?: (left: Column, right: Column) => Column): Column =>
  fn('array_sort', c(col), ...(comparator ? [lambda(2, comparator).expr] : []))
/** One entry per key of either map, valued `f(key, value1, value2)` (NULL where a map lacks the key). */
export const map_zip_with = (
  col1: ColumnOrName,
  col2: ColumnOrName,
  f: (k: Column, v1: Column, v2: Column) => Column,
): Column => fn('map_zip_with', c(col1), c(col2), lambda(3, f).expr)
