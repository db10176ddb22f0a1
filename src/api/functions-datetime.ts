// pyspark.sql.functions: date and time functions beyond the basics in functions.ts, and a few misc functions.

import { literal } from '../expr/expression.js'
import { BOOLEAN } from '../types/data-types.js'
import type { Column } from './column.js'
import { type ColumnOrName, c, colOrNumber, fn, strOrColumn } from './function-args.js'

/** Days since 1970-01-01 of a date. */
export const unix_date = (col: ColumnOrName): Column => fn('unix_date', c(col))
/** The date `days` after 1970-01-01. */
export const date_from_unix_date = (days: ColumnOrName): Column => fn('date_from_unix_date', c(days))
/** Microseconds since the epoch of a timestamp. */
export const unix_micros = (col: ColumnOrName): Column => fn('unix_micros', c(col))
/** Milliseconds since the epoch of a timestamp (truncated). */
export const unix_millis = (col: ColumnOrName): Column => fn('unix_millis', c(col))
/** Seconds since the epoch of a timestamp (truncated). */
export const unix_seconds = (col: ColumnOrName): Column => fn('unix_seconds', c(col))
/** Seconds since the epoch of a timestamp or of a string in `format` (default 'yyyy-MM-dd HH:mm:ss'). */
export const to_unix_timestamp = (timestamp: ColumnOrName, format?: ColumnOrName): Column =>
  fn('to_unix_timestamp', c(timestamp), ...(format === undefined ? [] : [c(format)]))
/** The first date after `date` that falls on `dayOfWeek` ('Mon', 'Tuesday', 'WE', ...). */
export const next_day = (date: ColumnOrName, dayOfWeek: string): Column =>
  fn('next_day', c(date), strOrColumn(dayOfWeek, 'dayOfWeek'))
/** The three-letter English name of the weekday ('Mon'). */
export const dayname = (col: ColumnOrName): Column => fn('dayname', c(col))
/** The three-letter English name of the month ('Jan'). */
export const monthname = (col: ColumnOrName): Column => fn('monthname', c(col))
/** Months between two timestamps (fractions over 31-day months), rounded to 8 digits unless roundOff is false. */
export const months_between = (date1: ColumnOrName, date2: ColumnOrName, roundOff = true): Column =>
  fn('months_between', c(date1), c(date2), literal(roundOff, BOOLEAN))
/** The session time zone. */
export const current_timezone = (): Column => fn('current_timezone')
/** The current date (same as current_date). */
export const curdate = (): Column => fn('curdate')
/** The batch's current timestamp as the session time zone's wall clock (a TIMESTAMP_NTZ). */
export const localtimestamp = (): Column => fn('localtimestamp')
/** Days from `start` to `end`. */
export const date_diff = (end: ColumnOrName, start: ColumnOrName): Column => fn('date_diff', c(end), c(start))
/** The date `days` after `start`. */
export const dateadd = (start: ColumnOrName, days: ColumnOrName | number): Column =>
  fn('dateadd', c(start), colOrNumber(days))
/** Day of the month. */
export const day = (col: ColumnOrName): Column => fn('day', c(col))
/** Day of the week, 0 = Monday. */
export const weekday = (col: ColumnOrName): Column => fn('weekday', c(col))
/** The SQL type name of the value ('int', 'array<string>', ...); exported as `typeof`. */
const typeOfValue = (col: ColumnOrName): Column => fn('typeof', c(col))

export { typeOfValue as typeof }
/** SHA-1 of a binary as a hex string (same as sha1). */
export const sha = (col: ColumnOrName): Column => fn('sha', c(col))
/** `timestamp` parsed (with an optional `format` column) as a TIMESTAMP; same as to_timestamp. */
export const to_timestamp_ltz = (timestamp: ColumnOrName, format?: ColumnOrName): Column =>
  fn('to_timestamp_ltz', c(timestamp), ...(format === undefined ? [] : [c(format)]))
/** `timestamp` parsed (with an optional `format` column) as a TIMESTAMP_NTZ: the wall clock, no time zone. */
export const to_timestamp_ntz = (timestamp: ColumnOrName, format?: ColumnOrName): Column =>
  fn('to_timestamp_ntz', c(timestamp), ...(format === undefined ? [] : [c(format)]))
