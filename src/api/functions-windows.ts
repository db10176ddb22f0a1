// pyspark.sql.functions: the window functions (used with `.over(Window…)`).
import type { Column } from './column.js'
import { literalExpr } from './column.js'
import { type ColumnOrName, c, fn } from './function-args.js'

/** 1, 2, 3, … in the window's order, within each partition. */
export const row_number = (): Column => fn('row_number')
/** The rank of the row in its partition, with gaps after ties (1, 1, 3). */
export const rank = (): Column => fn('rank')
/** The rank of the row in its partition, without gaps after ties (1, 1, 2). */
export const dense_rank = (): Column => fn('dense_rank')
/** (rank - 1) / (rows in the partition - 1), 0 for a single row. */
export const percent_rank = (): Column => fn('percent_rank')
/** The fraction of the partition's rows ordered at or before the row (its peers included). */
export const cume_dist = (): Column => fn('cume_dist')
/** The bucket (1..n) of the row when the partition is split into n buckets as evenly as possible. */
export const ntile = (n: number): Column => fn('ntile', literalExpr(n))
/** The value `offset` rows before the current row in its partition, else `defaultValue`. */
export const lag = (col: ColumnOrName, offset = 1, defaultValue: unknown = null, ignoreNulls = false): Column =>
  fn('lag', c(col), literalExpr(offset), literalExpr(defaultValue), literalExpr(ignoreNulls))
/** The value `offset` rows after the current row in its partition, else `defaultValue`. */
export const lead = (col: ColumnOrName, offset = 1, defaultValue: unknown = null, ignoreNulls = false): Column =>
  fn('lead', c(col), literalExpr(offset), literalExpr(defaultValue), literalExpr(ignoreNulls))
/** The value of the frame's `offset`-th row (1-based; of its non-null values with ignoreNulls), else NULL. */
export const nth_value = (col: ColumnOrName, offset: number, ignoreNulls = false): Column =>
  fn('nth_value', c(col), literalExpr(offset), literalExpr(ignoreNulls))
