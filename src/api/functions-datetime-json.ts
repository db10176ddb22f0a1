// pyspark.sql.functions: CSV and JSON records (from_csv, to_csv, schema_of_*, json_tuple), timestamps and intervals
// built from fields (make_*), unit arithmetic (timestamp_add/_diff), convert_timezone and date_part/extract.
import type { Expr } from '../expr/expression.js'
import { type Column, columnOnlyArg, literalExpr } from './column.js'
import { type ColumnOrName, c, fn, literalStrOrColumn, text } from './function-args.js'
import { argumentError, entriesOf, isPlainObject, pyTypeName, strArg } from './py-type-name.js'

/** Reader/writer options as Spark's `map('key', 'value', ...)` argument (PySpark's `options` dict). */
export function optionsMap(options: Readonly<Record<string, string | number | boolean>>): Expr {
  if (!isPlainObject(options) && !((options as unknown) instanceof Map)) {
    throw argumentError('NOT_DICT', `Argument \`options\` should be a dict, got ${pyTypeName(options)}.`)
  }
  return fn('map', ...entriesOf(options).flatMap(([k, v]) => [text(String(k)), text(String(v))])).expr
}

/** The options argument, if any: undefined and null (Python's None) give none. */
export const withOptions = (options: Readonly<Record<string, string | number | boolean>> | null | undefined): Expr[] =>
  options === undefined || options === null ? [] : [optionsMap(options)]

/** Parses a CSV record into a struct of `schema` (a DDL string such as 'a INT, b STRING', or schema_of_csv(...)). */
export const from_csv = (
  col: ColumnOrName,
  schema: string | Column,
  options?: Readonly<Record<string, string | number | boolean>>,
): Column => fn('from_csv', c(col), literalStrOrColumn(schema, 'schema'), ...withOptions(options))
/** The DDL of the struct a CSV record is inferred as (`STRUCT<_c0: INT, _c1: STRING>`). */
export const schema_of_csv = (
  csv: string | Column,
  options?: Readonly<Record<string, string | number | boolean>>,
): Column => fn('schema_of_csv', literalStrOrColumn(csv, 'csv'), ...withOptions(options))
/** A struct column as one CSV record. */
export const to_csv = (col: ColumnOrName, options?: Readonly<Record<string, string | number | boolean>>): Column =>
  fn('to_csv', c(col), ...withOptions(options))
/** The DDL of the type a JSON document is inferred as (`STRUCT<a: BIGINT>`). */
export const schema_of_json = (
  json: string | Column,
  options?: Readonly<Record<string, string | number | boolean>>,
): Column => fn('schema_of_json', literalStrOrColumn(json, 'json'), ...withOptions(options))
/** One row of columns c0, c1, ... with the JSON object's `fields` as text (a generator, like explode). */
export const json_tuple = (col: ColumnOrName, ...fields: string[]): Column =>
  fn('json_tuple', c(col), ...fields.map(text))

/** The wall clock `sourceTs` in `sourceTz` (default: the session time zone) as the wall clock in `targetTz`. */
export function convert_timezone(
  sourceTz: Column | null | undefined,
  targetTz: Column,
  sourceTs: ColumnOrName,
): Column {
  return fn(
    'convert_timezone',
    ...(sourceTz === null || sourceTz === undefined ? [] : [columnOnlyArg(sourceTz, 'sourceTz')]),
    columnOnlyArg(targetTz, 'targetTz'),
    c(sourceTs),
  )
}
/** A field ('YEAR', 'MONTH', 'DOW', 'SECOND', ...) of a datetime or interval (`field` is a literal Column). */
export const date_part = (field: Column, source: ColumnOrName): Column =>
  fn('date_part', columnOnlyArg(field, 'field'), c(source))
/** Same as date_part. */
export const datepart = (field: Column, source: ColumnOrName): Column =>
  fn('datepart', columnOnlyArg(field, 'field'), c(source))
/** Same as date_part (SQL's `EXTRACT(field FROM source)`). */
export const extract = (field: Column, source: ColumnOrName): Column =>
  fn('date_part', columnOnlyArg(field, 'field'), c(source))

const optionalArgs = (...args: (ColumnOrName | undefined)[]): Expr[] => {
  const last = args.findLastIndex((a) => a !== undefined)
  return args.slice(0, last + 1).map((a) => (a === undefined ? literalExpr(0) : c(a)))
}

/** An INTERVAL DAY TO SECOND from days, hours, minutes and seconds (with microseconds); missing fields are 0. */
export const make_dt_interval = (
  days?: ColumnOrName,
  hours?: ColumnOrName,
  mins?: ColumnOrName,
  secs?: ColumnOrName,
): Column => fn('make_dt_interval', ...optionalArgs(days, hours, mins, secs))
/** An INTERVAL YEAR TO MONTH from years and months; missing fields are 0. */
export const make_ym_interval = (years?: ColumnOrName, months?: ColumnOrName): Column =>
  fn('make_ym_interval', ...optionalArgs(years, months))

type Fields = [ColumnOrName, ColumnOrName, ColumnOrName, ColumnOrName, ColumnOrName, ColumnOrName]
const fields = (name: string, [y, mo, d, h, mi, s]: Fields, timezone?: ColumnOrName): Column =>
  fn(name, ...[y, mo, d, h, mi, s].map(c), ...(timezone === undefined ? [] : [c(timezone)]))

/** A TIMESTAMP from fields, read in `timezone` or the session time zone (same as make_timestamp). */
export const make_timestamp_ltz = (...[y, mo, d, h, mi, s, tz]: [...Fields, ColumnOrName?]): Column =>
  fields('make_timestamp_ltz', [y, mo, d, h, mi, s], tz)
/** A TIMESTAMP_NTZ (a wall clock) from fields. */
export const make_timestamp_ntz = (...f: Fields): Column => fields('make_timestamp_ntz', f)
/** make_timestamp, NULL for invalid fields. */
export const try_make_timestamp = (...[y, mo, d, h, mi, s, tz]: [...Fields, ColumnOrName?]): Column =>
  fields('try_make_timestamp', [y, mo, d, h, mi, s], tz)
/** make_timestamp_ltz, NULL for invalid fields. */
export const try_make_timestamp_ltz = (...[y, mo, d, h, mi, s, tz]: [...Fields, ColumnOrName?]): Column =>
  fields('try_make_timestamp_ltz', [y, mo, d, h, mi, s], tz)
/** make_timestamp_ntz, NULL for invalid fields. */
export const try_make_timestamp_ntz = (...f: Fields): Column => fields('try_make_timestamp_ntz', f)
/** to_timestamp, NULL where the string does not parse. */
export const try_to_timestamp = (col: ColumnOrName, format?: Column): Column =>
  fn('try_to_timestamp', c(col), ...(format === undefined ? [] : [columnOnlyArg(format, 'format')]))

/** `ts` moved by `quantity` units ('YEAR', 'QUARTER', 'MONTH', 'WEEK', 'DAY', 'HOUR', ... 'MICROSECOND'). */
export const timestamp_add = (unit: string, quantity: ColumnOrName, ts: ColumnOrName): Column =>
  fn('timestampadd', text(strArg(unit, 'unit')), c(quantity), c(ts))
/** Whole `unit`s from `start` to `end` on the session time zone's wall clock, as a BIGINT. */
export const timestamp_diff = (unit: string, start: ColumnOrName, end: ColumnOrName): Column =>
  fn('timestampdiff', text(strArg(unit, 'unit')), c(start), c(end))
