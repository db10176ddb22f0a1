// pyspark.sql.functions: aggregate functions beyond count/sum/avg/min/max (statistics, booleans, bits, synonyms).

import { call } from '../expr/expression.js'
import { Column, type ColumnOrValue, literalExpr } from './column.js'
import { type ColumnOrName, c, fn, numberOrColumn, opt } from './function-args.js'

/** Pearson correlation coefficient of two columns (NULL for fewer than two pairs). */
export const corr = (col1: ColumnOrName, col2: ColumnOrName): Column => fn('corr', c(col1), c(col2))
/** Population covariance of two columns. */
export const covar_pop = (col1: ColumnOrName, col2: ColumnOrName): Column => fn('covar_pop', c(col1), c(col2))
/** Sample covariance of two columns (NULL for fewer than two pairs). */
export const covar_samp = (col1: ColumnOrName, col2: ColumnOrName): Column => fn('covar_samp', c(col1), c(col2))
/** Skewness of the values. */
export const skewness = (col: ColumnOrName): Column => fn('skewness', c(col))
/** Excess kurtosis of the values. */
export const kurtosis = (col: ColumnOrName): Column => fn('kurtosis', c(col))
/** Sample standard deviation (same as stddev). */
export const std = (col: ColumnOrName): Column => fn('std', c(col))
/** Pairs where both y and x are non-null. */
export const regr_count = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_count', c(y), c(x))
/** Average of x over the non-null (y, x) pairs. */
export const regr_avgx = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_avgx', c(y), c(x))
/** Average of y over the non-null (y, x) pairs. */
export const regr_avgy = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_avgy', c(y), c(x))
/** Slope of the least-squares line of y on x. */
export const regr_slope = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_slope', c(y), c(x))
/** Intercept of the least-squares line of y on x. */
export const regr_intercept = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_intercept', c(y), c(x))
/** Coefficient of determination of the least-squares line of y on x. */
export const regr_r2 = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_r2', c(y), c(x))
/** Sum of squares of x's deviations over the non-null pairs. */
export const regr_sxx = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_sxx', c(y), c(x))
/** Sum of products of the deviations of x and y over the non-null pairs. */
export const regr_sxy = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_sxy', c(y), c(x))
/** Sum of squares of y's deviations over the non-null pairs. */
export const regr_syy = (y: ColumnOrName, x: ColumnOrName): Column => fn('regr_syy', c(y), c(x))
/** True when every non-null value is true. */
export const bool_and = (col: ColumnOrName): Column => fn('bool_and', c(col))
/** True when every non-null value is true (same as bool_and). */
export const every = (col: ColumnOrName): Column => fn('every', c(col))
/** True when some non-null value is true. */
export const bool_or = (col: ColumnOrName): Column => fn('bool_or', c(col))
/** True when some non-null value is true (same as bool_or). */
export const some = (col: ColumnOrName): Column => fn('some', c(col))
/** The number of rows where the condition is true. */
export const count_if = (col: ColumnOrName): Column => fn('count_if', c(col))
/** Bitwise AND of the non-null values. */
export const bit_and = (col: ColumnOrName): Column => fn('bit_and', c(col))
/** Bitwise OR of the non-null values. */
export const bit_or = (col: ColumnOrName): Column => fn('bit_or', c(col))
/** Bitwise XOR of the non-null values. */
export const bit_xor = (col: ColumnOrName): Column => fn('bit_xor', c(col))
/** Product of the non-null values, as DOUBLE. */
export const product = (col: ColumnOrName): Column => fn('product', c(col))
/** Some value of the group (the first seen); with ignoreNulls, the first non-null one. */
export const any_value = (col: ColumnOrName, ignoreNulls = false): Column =>
  fn('first', c(col), literalExpr(ignoreNulls))
/** The first value of the group; with ignoreNulls, the first non-null one. */
export const first_value = (col: ColumnOrName, ignoreNulls = false): Column =>
  fn('first', c(col), literalExpr(ignoreNulls))
/** The last value of the group; with ignoreNulls, the last non-null one. */
export const last_value = (col: ColumnOrName, ignoreNulls = false): Column =>
  fn('last', c(col), literalExpr(ignoreNulls))

/** Percentages as literals: a number, or an array of numbers. */
const percentageArg = (percentage: number | readonly number[] | Column) =>
  percentage instanceof Object && 'expr' in percentage ? percentage.expr : literalExpr(percentage)

/** The exact percentile (interpolated) of the values; an array of percentages gives an array. */
export const percentile = (col: ColumnOrName, percentage: number | readonly number[] | Column, frequency = 1): Column =>
  fn('percentile', c(col), percentageArg(percentage), literalExpr(frequency))
/** The exact median of the values. */
export const median = (col: ColumnOrName): Column => fn('median', c(col))
/** A value of the group at the percentage's rank, within 1/accuracy; an array of percentages gives an array. */
export const percentile_approx = (
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  accuracy = 10000,
): Column => fn('percentile_approx', c(col), percentageArg(percentage), literalExpr(accuracy))
/** Same as percentile_approx. */
export const approx_percentile = (
  col: ColumnOrName,
  percentage: number | readonly number[] | Column,
  accuracy = 10000,
): Column => fn('approx_percentile', c(col), percentageArg(percentage), literalExpr(accuracy))
/** In an aggregation by rollup/cube: 1 when the row is a subtotal over `col` (its value is rolled up), else 0. */
export const grouping = (col: ColumnOrName): Column => fn('grouping', c(col))
/** In an aggregation by rollup/cube: the grouping level, a bit per grouping column (1 = rolled up), first highest. */
export const grouping_id = (...cols: ColumnOrName[]): Column => fn('grouping_id', ...cols.map(c))

/** The most frequent non-null value; with `deterministic`, the lowest of tied values. */
export const mode = (col: ColumnOrName, deterministic = false): Column =>
  deterministic ? fn('mode', c(col), literalExpr(true)) : fn('mode', c(col))
/** sum, but NULL instead of a wrapped-around value when an integral sum overflows. */
export const try_sum = (col: ColumnOrName): Column => fn('try_sum', c(col))
/** avg, but NULL where the average overflows. */
export const try_avg = (col: ColumnOrName): Column => fn('try_avg', c(col))
/** The non-null values concatenated, separated by `delimiter` (none by default). */
export const listagg = (col: ColumnOrName, delimiter?: ColumnOrValue): Column =>
  fn('listagg', c(col), ...opt(delimiter))
/** listagg over the distinct values. */
export const listagg_distinct = (col: ColumnOrName, delimiter?: ColumnOrValue): Column =>
  new Column(call('listagg', [c(col), ...opt(delimiter)], true))
/** Same as listagg, under the name string_agg. */
export const string_agg = (col: ColumnOrName, delimiter?: ColumnOrValue): Column =>
  fn('string_agg', c(col), ...opt(delimiter))
/** string_agg over the distinct values. */
export const string_agg_distinct = (col: ColumnOrName, delimiter?: ColumnOrValue): Column =>
  new Column(call('string_agg', [c(col), ...opt(delimiter)], true))
/** An approximate histogram of the values in at most `nBins` bins: an array of (x, y) bin centres and heights. */
export const histogram_numeric = (col: ColumnOrName, nBins: number | Column): Column =>
  fn('histogram_numeric', c(col), numberOrColumn(nBins, 'nBins'))
