// pyspark.sql.functions: array, map and struct functions beyond the basics in functions.ts.
import { type Column, type ColumnOrValue, toExpr } from './column.js'
import { type ColumnOrName, c, colOrNumber, fn } from './function-args.js'

/** The number of elements of an array (NULL for NULL). */
export const array_size = (col: ColumnOrName): Column => fn('array_size', c(col))
/** The number of elements of an array or map (-1 for NULL). */
export const cardinality = (col: ColumnOrName): Column => fn('cardinality', c(col))
/** The element at 0-based `index`, NULL when out of range. */
export const get = (col: ColumnOrName, index: ColumnOrName | number): Column => fn('get', c(col), colOrNumber(index))
/** element_at that is NULL (not an error) for an index out of range or a missing key. */
export const try_element_at = (col: ColumnOrName, extraction: ColumnOrName): Column =>
  fn('try_element_at', c(col), c(extraction))
/** The largest non-null element. */
export const array_max = (col: ColumnOrName): Column => fn('array_max', c(col))
/** The smallest non-null element. */
export const array_min = (col: ColumnOrName): Column => fn('array_min', c(col))
/** 1-based position of the first element equal to `value` (0 when absent), as BIGINT. */
export const array_position = (col: ColumnOrName, value: ColumnOrValue): Column =>
  fn('array_position', c(col), toExpr(value))
/** The array without the elements equal to `element`. */
export const array_remove = (col: ColumnOrName, element: ColumnOrValue): Column =>
  fn('array_remove', c(col), toExpr(element))
/** The array without its NULL elements. */
export const array_compact = (col: ColumnOrName): Column => fn('array_compact', c(col))
/** An array of `count` copies of `col`. */
export const array_repeat = (col: ColumnOrName, count: ColumnOrName | number): Column =>
  fn('array_repeat', c(col), colOrNumber(count))
/** The array with `value` added at the end. */
export const array_append = (col: ColumnOrName, value: ColumnOrValue): Column =>
  fn('array_append', c(col), toExpr(value))
/** The array with `value` added at the start. */
export const array_prepend = (col: ColumnOrName, value: ColumnOrValue): Column =>
  fn('array_prepend', c(col), toExpr(value))
/** The array with `value` inserted at 1-based `pos` (negative counts from the end; past the end pads with NULLs). */
export const array_insert = (arr: ColumnOrName, pos: ColumnOrName | number, value: ColumnOrValue): Column =>
  fn('array_insert', c(arr), colOrNumber(pos), toExpr(value))
/** The distinct elements of both arrays. */
export const array_union = (col1: ColumnOrName, col2: ColumnOrName): Column => fn('array_union', c(col1), c(col2))
/** The distinct elements present in both arrays. */
export const array_intersect = (col1: ColumnOrName, col2: ColumnOrName): Column =>
  fn('array_intersect', c(col1), c(col2))
/** The distinct elements of col1 that are not in col2. */
export const array_except = (col1: ColumnOrName, col2: ColumnOrName): Column => fn('array_except', c(col1), c(col2))
/** Whether the arrays share a non-null element (NULL when they do not but one holds a NULL). */
export const arrays_overlap = (a1: ColumnOrName, a2: ColumnOrName): Column => fn('arrays_overlap', c(a1), c(a2))
/** An array of structs whose i-th struct holds the i-th element of each array. */
export const arrays_zip = (...cols: ColumnOrName[]): Column => fn('arrays_zip', ...cols.map(c))
/** The union of the maps' entries (a repeated key is an error). */
export const map_concat = (...cols: ColumnOrName[]): Column => fn('map_concat', ...cols.map(c))
/** Whether the map has the key. */
export const map_contains_key = (col: ColumnOrName, value: ColumnOrValue): Column =>
  fn('map_contains_key', c(col), toExpr(value))
/** The map's entries as an array of (key, value) structs. */
export const map_entries = (col: ColumnOrName): Column => fn('map_entries', c(col))
/** A map from an array of keys and an array of values. */
export const map_from_arrays = (col1: ColumnOrName, col2: ColumnOrName): Column =>
  fn('map_from_arrays', c(col1), c(col2))
/** A map from an array of (key, value) structs. */
export const map_from_entries = (col: ColumnOrName): Column => fn('map_from_entries', c(col))
/** A map<string,string> parsed from text split by the regex delimiters (defaults ',' and ':'). */
export const str_to_map = (text: ColumnOrName, pairDelim?: ColumnOrName, keyValueDelim?: ColumnOrName): Column =>
  fn(
    'str_to_map',
    c(text),
    ...(pairDelim === undefined && keyValueDelim === undefined
      ? []
      : [pairDelim === undefined ? toExpr(',') : c(pairDelim)]),
    ...(keyValueDelim === undefined ? [] : [c(keyValueDelim)]),
  )
/** A struct from alternating field names and values: named_struct(lit('a'), x, lit('b'), y). */
export const named_struct = (...cols: ColumnOrName[]): Column => fn('named_struct', ...cols.map(c))
