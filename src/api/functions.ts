// PySpark's `pyspark.sql.functions`: thin builders of Column expressions. A string argument names a column
// where PySpark's does (ColumnOrName); literal parameters (patterns, formats, durations) stay literals.
import { call, literal } from '../expr/expression.js'
import { unresolvedExpression } from '../sql/expression-strings.js'
import { type DataType, DOUBLE } from '../types/data-types.js'
import { Column, type ColumnOrValue, columnOnlyArg, literalExpr, toExpr } from './column.js'
import {
  type ColumnOrName,
  c,
  colOrNumber,
  fn,
  intOrColumnOrName,
  literalStrOrColumn,
  opt,
  schemaOrColumn,
  strOrColumn,
  text,
} from './function-args.js'
import { withOptions } from './functions-datetime-json.js'
import { argumentError, pyTypeName, strArg } from './py-type-name.js'
import { SparkSession } from './session.js'

export type { ColumnOrName } from './function-args.js'
export * from './functions-aggregates.js'
export * from './functions-collections.js'
export * from './functions-datetime.js'
export * from './functions-higher-order.js'
export * from './functions-math.js'
export * from './functions-misc.js'
export * from './functions-strings.js'
export * from './functions-windows.js'

/** A column by name (`'window.start'` reaches into a struct, `'*'` is every column). */
export const col = (name: string): Column => new Column(c(name))
export const column = col
/** A SQL expression string as a Column (`expr('length(name) > 3')`, `expr('a + 1 AS b')`). */
export const expr = (text: string): Column => {
  if (typeof text !== 'string')
    throw argumentError('NOT_STR', `Argument \`str\` should be a str, got ${pyTypeName(text)}.`)
  return new Column(unresolvedExpression(text, SparkSession.getActiveSession()?.timeZone ?? 'UTC'))
}
/** A literal value (a Column is returned as is). */
export const lit = (value: ColumnOrValue): Column => (value instanceof Column ? value : new Column(literalExpr(value)))

// Conditionals
export const when = (condition: Column, value: ColumnOrValue): Column =>
  new Column({ kind: 'CaseWhen', branches: [[columnOnlyArg(condition, 'condition'), toExpr(value)]] })
export const coalesce = (...cols: ColumnOrName[]): Column => fn('coalesce', ...cols.map(c))
export const isnull = (e: ColumnOrName): Column => fn('is_null', c(e))
export const isnan = (e: ColumnOrName): Column => fn('isnan', c(e))
export const nanvl = (a: ColumnOrName, b: ColumnOrName): Column => fn('nanvl', c(a), c(b))
export const greatest = (...cols: ColumnOrName[]): Column => fn('greatest', ...cols.map(c))
export const least = (...cols: ColumnOrName[]): Column => fn('least', ...cols.map(c))
export const nullif = (a: ColumnOrName, b: ColumnOrName): Column => fn('nullif', c(a), c(b))
export const nvl = (a: ColumnOrName, b: ColumnOrName): Column => fn('nvl', c(a), c(b))
export const ifnull = (a: ColumnOrName, b: ColumnOrName): Column => fn('ifnull', c(a), c(b))
export const not = (e: ColumnOrName): Column => fn('not', c(e))

// Structs, arrays, maps
export const struct = (...cols: ColumnOrName[]): Column => fn('struct', ...cols.map(c))
export const array = (...cols: ColumnOrName[]): Column => fn('array', ...cols.map(c))
export const size = (e: ColumnOrName): Column => fn('size', c(e))
export const element_at = (e: ColumnOrName, extraction: ColumnOrValue): Column =>
  fn('element_at', c(e), toExpr(extraction))
export const array_contains = (e: ColumnOrName, value: ColumnOrValue): Column =>
  fn('array_contains', c(e), toExpr(value))
export const map_keys = (e: ColumnOrName): Column => fn('map_keys', c(e))
export const map_values = (e: ColumnOrName): Column => fn('map_values', c(e))
export const explode = (e: ColumnOrName): Column => fn('explode', c(e))
export const explode_outer = (e: ColumnOrName): Column => fn('explode_outer', c(e))
export const posexplode = (e: ColumnOrName): Column => fn('posexplode', c(e))
export const posexplode_outer = (e: ColumnOrName): Column => fn('posexplode_outer', c(e))
/** A map from alternating key and value columns (Spark's `map(k1, v1, ...)`). */
export const create_map = (...cols: ColumnOrName[]): Column => fn('map', ...cols.map(c))
export const sort_array = (e: ColumnOrName, asc = true): Column => fn('sort_array', c(e), literalExpr(asc))
export const array_distinct = (e: ColumnOrName): Column => fn('array_distinct', c(e))
export const flatten = (e: ColumnOrName): Column => fn('flatten', c(e))
/** `length` elements from 1-based `start` (negative counts from the end). */
export const slice = (e: ColumnOrName, start: ColumnOrName | number, length: ColumnOrName | number): Column =>
  fn('slice', c(e), intOrColumnOrName(start, 'start'), intOrColumnOrName(length, 'length'))
export const array_join = (e: ColumnOrName, delimiter: string, nullReplacement?: string): Column =>
  fn(
    'array_join',
    c(e),
    strOrColumn(delimiter, 'delimiter'),
    ...(nullReplacement === undefined ? [] : [strOrColumn(nullReplacement, 'nullReplacement')]),
  )

// Strings
export const upper = (e: ColumnOrName): Column => fn('upper', c(e))
export const lower = (e: ColumnOrName): Column => fn('lower', c(e))
export const trim = (e: ColumnOrName): Column => fn('trim', c(e))
export const ltrim = (e: ColumnOrName): Column => fn('ltrim', c(e))
export const rtrim = (e: ColumnOrName): Column => fn('rtrim', c(e))
export const length = (e: ColumnOrName): Column => fn('length', c(e))
export const concat = (...cols: ColumnOrName[]): Column => fn('concat', ...cols.map(c))
export const concat_ws = (sep: string, ...cols: ColumnOrName[]): Column =>
  fn('concat_ws', strOrColumn(sep, 'sep'), ...cols.map(c))
/** Splits around matches of a Java regex; `limit` ≤ 0 keeps every part (Spark's default -1). */
export const split = (str: ColumnOrName, pattern: string, limit = -1): Column =>
  fn('split', c(str), strOrColumn(pattern, 'pattern'), literalExpr(limit))
export const substring = (str: ColumnOrName, pos: number, len: number): Column =>
  fn('substring', c(str), literalExpr(pos), literalExpr(len))
export const substring_index = (str: ColumnOrName, delim: string, count: number): Column =>
  fn('substring_index', c(str), strOrColumn(delim, 'delim'), literalExpr(count))
export const regexp_replace = (str: ColumnOrName, pattern: string | Column, replacement: string | Column): Column =>
  fn('regexp_replace', c(str), toExpr(pattern), toExpr(replacement), literalExpr(1))
export const regexp_extract = (str: ColumnOrName, pattern: string, idx: number): Column =>
  fn('regexp_extract', c(str), strOrColumn(pattern, 'pattern'), literalExpr(idx))
export const lpad = (col: ColumnOrName, len: number, pad: string): Column =>
  fn('lpad', c(col), literalExpr(len), strOrColumn(pad, 'pad'))
export const rpad = (col: ColumnOrName, len: number, pad: string): Column =>
  fn('rpad', c(col), literalExpr(len), strOrColumn(pad, 'pad'))
export const initcap = (e: ColumnOrName): Column => fn('initcap', c(e))
export const reverse = (e: ColumnOrName): Column => fn('reverse', c(e))
export const repeat = (e: ColumnOrName, n: ColumnOrName | number): Column => fn('repeat', c(e), colOrNumber(n))
export const instr = (str: ColumnOrName, substr: string): Column => fn('instr', c(str), strOrColumn(substr, 'substr'))
export const locate = (substr: string, str: ColumnOrName, pos = 1): Column =>
  fn('locate', strOrColumn(substr, 'substr'), c(str), literalExpr(pos))
/** Every occurrence of `search` in `src` replaced by `replacement` (removed when it is omitted); all columns. */
export const replace = (src: ColumnOrName, search: ColumnOrName, replacement?: ColumnOrName): Column =>
  fn('replace', c(src), c(search), ...(replacement === undefined ? [] : [c(replacement)]))
export const translate = (src: ColumnOrName, matching: string, replace: string): Column =>
  fn('translate', c(src), strOrColumn(matching, 'matching'), strOrColumn(replace, 'replace'))
export const ascii = (e: ColumnOrName): Column => fn('ascii', c(e))
/** printf-style formatting with java.util.Formatter conversions (`%s`, `%d`, `%.2f`, `%x`, `%5s`, `%-5s`, ...). */
export const format_string = (format: string, ...cols: ColumnOrName[]): Column =>
  fn('format_string', strOrColumn(format, 'format'), ...cols.map(c))
export const base64 = (e: ColumnOrName): Column => fn('base64', c(e))
export const unbase64 = (e: ColumnOrName): Column => fn('unbase64', c(e))
/** The string's bytes in `charset` ('US-ASCII', 'ISO-8859-1', 'UTF-8', 'UTF-16BE', 'UTF-16LE', 'UTF-16'). */
export const encode = (e: ColumnOrName, charset: string): Column => fn('encode', c(e), strOrColumn(charset, 'charset'))
/** Binary read as text in `charset`. */
export const decode = (e: ColumnOrName, charset: string): Column => fn('decode', c(e), strOrColumn(charset, 'charset'))

// JSON
/** JSON text of a struct, map or array column (NULL struct fields are left out). */
export const to_json = (e: ColumnOrName, options?: Readonly<Record<string, string | number | boolean>>): Column =>
  fn('to_json', c(e), ...withOptions(options))
/** Parses JSON text into `schema` (a DDL string such as 'a INT, b STRING', or a DataType); PERMISSIVE. */
export const from_json = (
  e: ColumnOrName,
  schema: string | DataType | Column,
  options?: Readonly<Record<string, string | number | boolean>>,
): Column => fn('from_json', c(e), schemaOrColumn(schema, 'schema'), ...withOptions(options))
/** The value at a JSONPath (`$.a.b[0]`, `$['key']`); strings unquoted, objects and arrays as JSON text. */
export const get_json_object = (e: ColumnOrName, path: string): Column =>
  fn('get_json_object', c(e), strOrColumn(path, 'path'))

// Hashes
export const md5 = (e: ColumnOrName): Column => fn('md5', c(e))
export const sha1 = (e: ColumnOrName): Column => fn('sha1', c(e))
/** SHA-2 of `numBits` 224, 256 (or 0), 384 or 512, as hex; any other length gives NULL. */
export const sha2 = (e: ColumnOrName, numBits: number): Column => fn('sha2', c(e), literalExpr(numBits))
export const crc32 = (e: ColumnOrName): Column => fn('crc32', c(e))
/** Spark's Murmur3 hash (seed 42) of the columns, as an INT. */
export const hash = (...cols: ColumnOrName[]): Column => fn('hash', ...cols.map(c))

// Math
export const abs = (e: ColumnOrName): Column => fn('abs', c(e))
/** `~` on an integral column. */
export const bitwise_not = (e: ColumnOrName): Column => fn('bitwise_not', c(e))
export const round = (e: ColumnOrName, scale = 0): Column => fn('round', c(e), literalExpr(scale))
export const bround = (e: ColumnOrName, scale = 0): Column => fn('bround', c(e), literalExpr(scale))
/** The largest integer not greater than `e`, or with `scale` a DECIMAL rounded down to `scale` digits. */
export const floor = (e: ColumnOrName, scale?: ColumnOrName | number): Column =>
  fn('floor', c(e), ...(scale === undefined ? [] : [colOrNumber(scale)]))
/** The smallest integer not less than `e`, or with `scale` a DECIMAL rounded up to `scale` digits. */
export const ceil = (e: ColumnOrName, scale?: ColumnOrName | number): Column =>
  fn('ceil', c(e), ...(scale === undefined ? [] : [colOrNumber(scale)]))
export const sqrt = (e: ColumnOrName): Column => fn('sqrt', c(e))
export const exp = (e: ColumnOrName): Column => fn('exp', c(e))
/** `log(col)` is the natural logarithm (`ln`); `log(base, col)` the logarithm in `base` (Spark's LOG). */
export function log(e: ColumnOrName): Column
export function log(base: number, e: ColumnOrName): Column
export function log(a: ColumnOrName | number, b?: ColumnOrName): Column {
  if (b === undefined) return fn('ln', c(a as ColumnOrName))
  return fn('log', literal(Number(a), DOUBLE), c(b))
}
export const log10 = (e: ColumnOrName): Column => fn('log10', c(e))
export const log2 = (e: ColumnOrName): Column => fn('log2', c(e))
export const pow = (a: ColumnOrName | number, b: ColumnOrName | number): Column =>
  fn('pow', typeof a === 'number' ? literalExpr(a) : c(a), typeof b === 'number' ? literalExpr(b) : c(b))
export const signum = (e: ColumnOrName): Column => fn('signum', c(e))
export const pmod = (a: ColumnOrName, b: ColumnOrValue): Column => fn('pmod', c(a), toExpr(b))

// Date and time
export const current_timestamp = (): Column => fn('current_timestamp')
export const now = current_timestamp
export const current_date = (): Column => fn('current_date')
export const to_timestamp = (e: ColumnOrName, format?: string): Column => fn('to_timestamp', c(e), ...opt(format))
export const to_date = (e: ColumnOrName, format?: string): Column => fn('to_date', c(e), ...opt(format))
export const date_format = (e: ColumnOrName, format: string): Column =>
  fn('date_format', c(e), strOrColumn(format, 'format'))
export const unix_timestamp = (e?: ColumnOrName, format = 'yyyy-MM-dd HH:mm:ss'): Column =>
  e === undefined ? fn('unix_timestamp') : fn('unix_timestamp', c(e), strOrColumn(format, 'format'))
export const from_unixtime = (e: ColumnOrName, format = 'yyyy-MM-dd HH:mm:ss'): Column =>
  fn('from_unixtime', c(e), strOrColumn(format, 'format'))
export const timestamp_seconds = (e: ColumnOrName): Column => fn('timestamp_seconds', c(e))
export const timestamp_millis = (e: ColumnOrName): Column => fn('timestamp_millis', c(e))
export const timestamp_micros = (e: ColumnOrName): Column => fn('timestamp_micros', c(e))
export const year = (e: ColumnOrName): Column => fn('year', c(e))
export const quarter = (e: ColumnOrName): Column => fn('quarter', c(e))
export const month = (e: ColumnOrName): Column => fn('month', c(e))
export const dayofmonth = (e: ColumnOrName): Column => fn('dayofmonth', c(e))
export const dayofweek = (e: ColumnOrName): Column => fn('dayofweek', c(e))
export const dayofyear = (e: ColumnOrName): Column => fn('dayofyear', c(e))
export const weekofyear = (e: ColumnOrName): Column => fn('weekofyear', c(e))
export const hour = (e: ColumnOrName): Column => fn('hour', c(e))
export const minute = (e: ColumnOrName): Column => fn('minute', c(e))
export const second = (e: ColumnOrName): Column => fn('second', c(e))
export const date_add = (e: ColumnOrName, days: ColumnOrValue): Column => fn('date_add', c(e), toExpr(days))
export const date_sub = (e: ColumnOrName, days: ColumnOrValue): Column => fn('date_sub', c(e), toExpr(days))
export const datediff = (end: ColumnOrName, start: ColumnOrName): Column => fn('datediff', c(end), c(start))
export const date_trunc = (format: string, e: ColumnOrName): Column =>
  fn('date_trunc', strOrColumn(format, 'format'), c(e))
/** The date truncated to 'year', 'quarter', 'month' or 'week' (and their abbreviations); NULL for other units. */
export const trunc = (date: ColumnOrName, format: string): Column => fn('trunc', c(date), strOrColumn(format, 'format'))
export const add_months = (start: ColumnOrName, months: ColumnOrValue): Column =>
  fn('add_months', c(start), toExpr(months))
export const last_day = (date: ColumnOrName): Column => fn('last_day', c(date))
export const make_date = (year: ColumnOrName, month: ColumnOrName, day: ColumnOrName): Column =>
  fn('make_date', c(year), c(month), c(day))
/** A timestamp from fields; `secs` may carry microseconds; read in `timezone` or the session time zone. */
export const make_timestamp = (
  years: ColumnOrName,
  months: ColumnOrName,
  days: ColumnOrName,
  hours: ColumnOrName,
  mins: ColumnOrName,
  secs: ColumnOrName,
  timezone?: ColumnOrName,
): Column =>
  fn(
    'make_timestamp',
    ...[years, months, days, hours, mins, secs].map(c),
    ...(timezone === undefined ? [] : [c(timezone)]),
  )
/** The UTC wall clock of `timestamp` read in `tz` (shifts by tz's offset). */
export const from_utc_timestamp = (timestamp: ColumnOrName, tz: string | Column): Column =>
  fn('from_utc_timestamp', c(timestamp), literalStrOrColumn(tz, 'tz'))
/** The wall clock of `timestamp` in `tz` read as UTC (the inverse of from_utc_timestamp). */
export const to_utc_timestamp = (timestamp: ColumnOrName, tz: string | Column): Column =>
  fn('to_utc_timestamp', c(timestamp), literalStrOrColumn(tz, 'tz'))

/**
 * Event-time windows: `window(col('ts'), '10 minutes', '5 minutes', '0 seconds')` yields a `window` struct of
 * `start` and `end`; tumbling when no slide is given. Windows align to the epoch (plus `startTime`).
 */
export const window = (
  timeColumn: ColumnOrName,
  windowDuration: string,
  slideDuration?: string,
  startTime?: string,
): Column =>
  fn(
    'window',
    c(timeColumn),
    text(strArg(windowDuration, 'windowDuration')),
    ...(slideDuration !== undefined || startTime !== undefined
      ? [text(strArg(slideDuration ?? windowDuration, 'slideDuration'))]
      : []),
    ...(startTime !== undefined ? [text(strArg(startTime, 'startTime'))] : []),
  )

/** Session windows: rows of a key closer than `gapDuration` (a string, or a Column for a per-row gap) merge. */
export const session_window = (timeColumn: ColumnOrName, gapDuration: string | Column): Column =>
  fn('session_window', c(timeColumn), literalStrOrColumn(gapDuration, 'gapDuration'))

/** `window.end - 1 microsecond`: the event time of a window aggregate's row, for chained window aggregations. */
export const window_time = (windowColumn: ColumnOrName): Column => fn('window_time', c(windowColumn))

/** Any function by its Spark SQL name, for functions without a wrapper here. */
export const call_function = (funcName: string, ...cols: ColumnOrName[]): Column =>
  fn(strArg(funcName, 'funcName'), ...cols.map(c))

// Aggregates
/** Rows (`count('*')`, named `count(1)`) or non-null values of a column. */
export const count = (e: ColumnOrName): Column => fn('count', c(e))
export const countDistinct = (e: ColumnOrName, ...more: ColumnOrName[]): Column =>
  new Column(call('count', [c(e), ...more.map(c)], true))
export const count_distinct = countDistinct
export const sum = (e: ColumnOrName): Column => fn('sum', c(e))
export const sum_distinct = (e: ColumnOrName): Column => new Column(call('sum', [c(e)], true))
export const avg = (e: ColumnOrName): Column => fn('avg', c(e))
export const mean = (e: ColumnOrName): Column => fn('avg', c(e))
export const min = (e: ColumnOrName): Column => fn('min', c(e))
export const max = (e: ColumnOrName): Column => fn('max', c(e))
export const first = (e: ColumnOrName, ignoreNulls = false): Column => fn('first', c(e), literalExpr(ignoreNulls))
export const last = (e: ColumnOrName, ignoreNulls = false): Column => fn('last', c(e), literalExpr(ignoreNulls))
export const collect_list = (e: ColumnOrName): Column => fn('collect_list', c(e))
export const collect_set = (e: ColumnOrName): Column => fn('collect_set', c(e))
/** Distinct count estimated with a HyperLogLog++ sketch; `rsd` is the maximum relative standard deviation. */
export const approx_count_distinct = (e: ColumnOrName, rsd?: number): Column =>
  fn('approx_count_distinct', c(e), ...(rsd === undefined ? [] : [literalExpr(rsd)]))
export const stddev = (e: ColumnOrName): Column => fn('stddev', c(e))
export const stddev_samp = (e: ColumnOrName): Column => fn('stddev_samp', c(e))
export const stddev_pop = (e: ColumnOrName): Column => fn('stddev_pop', c(e))
export const variance = (e: ColumnOrName): Column => fn('variance', c(e))
export const var_samp = (e: ColumnOrName): Column => fn('var_samp', c(e))
export const var_pop = (e: ColumnOrName): Column => fn('var_pop', c(e))
export const min_by = (e: ColumnOrName, ord: ColumnOrName): Column => fn('min_by', c(e), c(ord))
export const max_by = (e: ColumnOrName, ord: ColumnOrName): Column => fn('max_by', c(e), c(ord))

// Sort orders
export const asc = (e: ColumnOrName): Column => new Column(c(e)).asc()
export const desc = (e: ColumnOrName): Column => new Column(c(e)).desc()

// ---- Spark 4.0 functions (issue 16: function coverage) ----
export * from './functions-crypto.js'
export * from './functions-datetime-json.js'
export * from './functions-number-format.js'
export * from './functions-partitioning.js'
export * from './functions-sequences.js'
export * from './functions-system.js'
export * from './functions-text.js'
export * from './functions-xml.js'
// ---- User-defined functions (issue 14: user code in the stream) ----
export { arrow_udf, type UdfOptions, type UserDefinedFunction, udf } from './udf.js'
