// pyspark.sql.functions: sort helpers, hints, session information and assertions.

import { Column } from './column.js'
import type { DataFrame } from './data-frame.js'
import { type ColumnOrName, c, fn } from './function-args.js'

/** Ascending, NULLs first. */
export const asc_nulls_first = (col: ColumnOrName): Column => new Column(c(col)).asc_nulls_first()
/** Ascending, NULLs last. */
export const asc_nulls_last = (col: ColumnOrName): Column => new Column(c(col)).asc_nulls_last()
/** Descending, NULLs first. */
export const desc_nulls_first = (col: ColumnOrName): Column => new Column(c(col)).desc_nulls_first()
/** Descending, NULLs last. */
export const desc_nulls_last = (col: ColumnOrName): Column => new Column(c(col)).desc_nulls_last()
/** Marks a DataFrame as small enough to send whole to every join it takes part in (the build side of a hash join). */
export const broadcast = (df: DataFrame): DataFrame => df.hint('broadcast')
/** The current database ('default'). */
export const current_database = (): Column => fn('current_database')
/** The current schema ('default'). */
export const current_schema = (): Column => fn('current_schema')
/** The current catalog ('spark_catalog'). */
export const current_catalog = (): Column => fn('current_catalog')
/** The user running the session (SPARK_USER, or the OS user). */
export const current_user = (): Column => fn('current_user')
/** The user running the session (same as current_user). */
export const user = (): Column => fn('user')
/** The user running the session (same as current_user). */
export const session_user = (): Column => fn('session_user')
/** NULL when `col` is true; otherwise the query fails with `errMsg` (USER_RAISED_EXCEPTION). */
export const assert_true = (col: ColumnOrName, errMsg?: ColumnOrName): Column =>
  fn('assert_true', c(col), ...(errMsg === undefined ? [] : [c(errMsg)]))
/** Fails the query with the message (USER_RAISED_EXCEPTION). */
export const raise_error = (errMsg: ColumnOrName): Column => fn('raise_error', c(errMsg))
/** The values of the group as an array (same as collect_list). */
export const array_agg = (col: ColumnOrName): Column => fn('array_agg', c(col))
