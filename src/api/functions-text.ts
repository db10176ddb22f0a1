// pyspark.sql.functions: number formatting, masking, sentences, binary conversion, UTF-8 validity and collations.
import { literal } from '../expr/expression.js'
import { STRING } from '../types/data-types.js'
import type { Column } from './column.js'
import { type ColumnOrName, c, colOrNumber, fn, text } from './function-args.js'
import { strArg } from './py-type-name.js'

const optional = (...cols: (ColumnOrName | undefined)[]) =>
  cols.slice(0, cols.findLastIndex((x) => x !== undefined) + 1).map((x) => (x === undefined ? text('') : c(x)))

/** `col` rounded half-even to `d` decimal places with thousands separators ('#,###,###.##'); NULL when d < 0. */
export const format_number = (col: ColumnOrName, d: number): Column => fn('format_number', c(col), colOrNumber(d))
/** The 1-based bucket of `v` among `numBucket` equal-width buckets over [min, max]; 0 below, numBucket + 1 above. */
export const width_bucket = (
  v: ColumnOrName,
  min: ColumnOrName,
  max: ColumnOrName,
  numBucket: ColumnOrName | number,
): Column => fn('width_bucket', c(v), c(min), c(max), colOrNumber(numBucket))
/**
 * `col` with upper-case letters, lower-case letters and digits replaced by 'X', 'x' and 'n' (or the given
 * single-character columns); other characters kept unless `otherChar` is given.
 */
export const mask = (
  col: ColumnOrName,
  upperChar?: ColumnOrName,
  lowerChar?: ColumnOrName,
  digitChar?: ColumnOrName,
  otherChar?: ColumnOrName,
): Column => {
  const given = [upperChar, lowerChar, digitChar, otherChar]
  const count = given.findLastIndex((x) => x !== undefined) + 1
  const defaults = ['X', 'x', 'n']
  return fn(
    'mask',
    c(col),
    ...given.slice(0, count).map((x, k) => (x === undefined ? (k < 3 ? text(defaults[k]!) : nullText()) : c(x))),
  )
}
const nullText = () => literal(null, STRING)
/** The text split into sentences, each an array of words (ARRAY<ARRAY<STRING>>), for an optional locale. */
export const sentences = (string: ColumnOrName, language?: ColumnOrName, country?: ColumnOrName): Column =>
  fn('sentences', c(string), ...optional(language, country))
/** The text as BINARY, read as `format` ('hex' when omitted, 'utf-8' or 'base64'); malformed input fails. */
export const to_binary = (col: ColumnOrName, format?: ColumnOrName): Column =>
  fn('to_binary', c(col), ...(format === undefined ? [] : [c(format)]))
/** to_binary, with NULL for malformed input. */
export const try_to_binary = (col: ColumnOrName, format?: ColumnOrName): Column =>
  fn('try_to_binary', c(col), ...(format === undefined ? [] : [c(format)]))
/** Whether the string's bytes are valid UTF-8. */
export const is_valid_utf8 = (str: ColumnOrName): Column => fn('is_valid_utf8', c(str))
/** The string with invalid UTF-8 sequences replaced by U+FFFD. */
export const make_valid_utf8 = (str: ColumnOrName): Column => fn('make_valid_utf8', c(str))
/** The string if it is valid UTF-8; otherwise the query fails (INVALID_UTF8_STRING). */
export const validate_utf8 = (str: ColumnOrName): Column => fn('validate_utf8', c(str))
/** The string if it is valid UTF-8, else NULL. */
export const try_validate_utf8 = (str: ColumnOrName): Column => fn('try_validate_utf8', c(str))
/** `col` with the collation `collation` (only 'UTF8_BINARY', the byte order Rivulet compares strings in). */
export const collate = (col: ColumnOrName, collation: string): Column =>
  fn('collate', c(col), text(strArg(collation, 'collation')))
/** The collation of a string column ('SYSTEM.BUILTIN.UTF8_BINARY'). */
export const collation = (col: ColumnOrName): Column => fn('collation', c(col))
