// pyspark.sql.functions: string functions and predicates beyond the basics in functions.ts.
import type { Column } from './column.js'
import { type ColumnOrName, c, colOrNumber, fn, numberOrColumn } from './function-args.js'

/** The first `len` characters of `str` ('' when len <= 0). */
export const left = (str: ColumnOrName, len: ColumnOrName | number): Column => fn('left', c(str), colOrNumber(len))
/** The last `len` characters of `str` ('' when len <= 0). */
export const right = (str: ColumnOrName, len: ColumnOrName | number): Column => fn('right', c(str), colOrNumber(len))
/** Part `partNum` (1-based; negative from the end) of `src` split around the literal `delimiter`. */
export const split_part = (src: ColumnOrName, delimiter: ColumnOrName, partNum: ColumnOrName | number): Column =>
  fn('split_part', c(src), c(delimiter), colOrNumber(partNum))
/** `str` with both ends trimmed of spaces, or of the characters of `trim`. */
export const btrim = (str: ColumnOrName, trim?: ColumnOrName): Column =>
  fn('btrim', c(str), ...(trim === undefined ? [] : [c(trim)]))
/** The n-th (1-based) of the following inputs: elt(n, s1, s2, ...). */
export const elt = (...inputs: ColumnOrName[]): Column => fn('elt', ...inputs.map(c))
/** 1-based position of `str` in the comma-separated `str_array`; 0 when absent. */
export const find_in_set = (str: ColumnOrName, str_array: ColumnOrName): Column =>
  fn('find_in_set', c(str), c(str_array))
/** `src` with `len` characters from 1-based `pos` replaced by `replace` (len defaults to replace's length). */
export const overlay = (
  src: ColumnOrName,
  replace: ColumnOrName,
  pos: ColumnOrName | number,
  len: ColumnOrName | number = -1,
): Column => fn('overlay', c(src), c(replace), colOrNumber(pos), colOrNumber(len))
/** Bytes of a string's UTF-8 encoding (or of a binary). */
export const octet_length = (col: ColumnOrName): Column => fn('octet_length', c(col))
/** Bits of a string's UTF-8 encoding (or of a binary). */
export const bit_length = (col: ColumnOrName): Column => fn('bit_length', c(col))
/** The Soundex code of a string. */
export const soundex = (col: ColumnOrName): Column => fn('soundex', c(col))
/** The Levenshtein distance of two strings; -1 when it exceeds `threshold`. */
export const levenshtein = (left: ColumnOrName, right: ColumnOrName, threshold?: number): Column =>
  fn('levenshtein', c(left), c(right), ...(threshold === undefined ? [] : [colOrNumber(threshold)]))
/** The character whose code is `col` mod 256. */
export const char = (col: ColumnOrName): Column => fn('char', c(col))
/** Characters in a string (bytes in a binary). */
export const char_length = (str: ColumnOrName): Column => fn('char_length', c(str))
/** Characters in a string (bytes in a binary). */
export const character_length = (str: ColumnOrName): Column => fn('character_length', c(str))
/** `str` in lower case. */
export const lcase = (str: ColumnOrName): Column => fn('lcase', c(str))
/** `str` in upper case. */
export const ucase = (str: ColumnOrName): Column => fn('ucase', c(str))
/** Whether `left` contains `right`. */
export const contains = (left: ColumnOrName, right: ColumnOrName): Column => fn('contains', c(left), c(right))
/** Whether `str` starts with `prefix`. */
export const startswith = (str: ColumnOrName, prefix: ColumnOrName): Column => fn('startswith', c(str), c(prefix))
/** Whether `str` ends with `suffix`. */
export const endswith = (str: ColumnOrName, suffix: ColumnOrName): Column => fn('endswith', c(str), c(suffix))
/** 1-based position of `substr` in `str` at or after `start`; 0 when absent. */
export const position = (substr: ColumnOrName, str: ColumnOrName, start?: ColumnOrName): Column =>
  fn('position', c(substr), c(str), ...(start === undefined ? [] : [c(start)]))
/** printf-style formatting of the columns with `format`. */
export const printf = (format: ColumnOrName, ...cols: ColumnOrName[]): Column => fn('printf', c(format), ...cols.map(c))
/** The substring from 1-based `pos`, of `len` characters (to the end when omitted). */
export const substr = (str: ColumnOrName, pos: ColumnOrName | number, len?: ColumnOrName | number): Column =>
  fn('substr', c(str), colOrNumber(pos), ...(len === undefined ? [] : [colOrNumber(len)]))
/** SQL LIKE: `_` one character, `%` any run (a string names a column, as in PySpark: use lit() for a pattern). */
export const like = (str: ColumnOrName, pattern: ColumnOrName): Column => fn('like', c(str), c(pattern))
/** Case-insensitive LIKE. */
export const ilike = (str: ColumnOrName, pattern: ColumnOrName): Column => fn('ilike', c(str), c(pattern))
/** Whether `str` matches the Java regular expression `regexp` anywhere. */
export const rlike = (str: ColumnOrName, regexp: ColumnOrName): Column => fn('rlike', c(str), c(regexp))
/** Whether `str` matches the Java regular expression `regexp` anywhere (same as rlike). */
export const regexp = (str: ColumnOrName, regexp: ColumnOrName): Column => fn('regexp', c(str), c(regexp))
/** Whether `str` matches the Java regular expression `regexp` anywhere (same as rlike). */
export const regexp_like = (str: ColumnOrName, regexp: ColumnOrName): Column => fn('regexp_like', c(str), c(regexp))
/** `col1 <=> col2`: equality where two NULLs are equal and NULL never results. */
export const equal_null = (col1: ColumnOrName, col2: ColumnOrName): Column => fn('equal_null', c(col1), c(col2))
/** Whether `col` is not NULL. */
export const isnotnull = (col: ColumnOrName): Column => fn('is_not_null', c(col))
/** `col2` where `col1` is not NULL, else `col3`. */
export const nvl2 = (col1: ColumnOrName, col2: ColumnOrName, col3: ColumnOrName): Column =>
  fn('nvl2', c(col1), c(col2), c(col3))
/** NULL where `col` is 0, else `col`. */
export const nullifzero = (col: ColumnOrName): Column => fn('nullifzero', c(col))
/** 0 where `col` is NULL, else `col`. */
export const zeroifnull = (col: ColumnOrName): Column => fn('zeroifnull', c(col))
/** Group `idx` (default 1) of every match of the Java regex `regexp` in `str`. */
export const regexp_extract_all = (str: ColumnOrName, regexp: ColumnOrName, idx?: number | Column): Column =>
  fn('regexp_extract_all', c(str), c(regexp), ...(idx === undefined ? [] : [numberOrColumn(idx, 'idx')]))
/** How many times the Java regex `regexp` matches `str`. */
export const regexp_count = (str: ColumnOrName, regexp: ColumnOrName): Column => fn('regexp_count', c(str), c(regexp))
/** The first match of the Java regex `regexp` in `str`, NULL when none. */
export const regexp_substr = (str: ColumnOrName, regexp: ColumnOrName): Column => fn('regexp_substr', c(str), c(regexp))
/** 1-based position of the first match (of group `idx`) of the Java regex `regexp` in `str`; 0 when none. */
export const regexp_instr = (str: ColumnOrName, regexp: ColumnOrName, idx?: number | Column): Column =>
  fn('regexp_instr', c(str), c(regexp), ...(idx === undefined ? [] : [numberOrColumn(idx, 'idx')]))
/** A part of a URL: 'HOST', 'PATH', 'QUERY' (or one query parameter with `key`), 'REF', 'PROTOCOL', 'FILE', ... */
export const parse_url = (url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column =>
  fn('parse_url', c(url), c(partToExtract), ...(key === undefined ? [] : [c(key)]))
/** parse_url, NULL for an invalid URL. */
export const try_parse_url = (url: ColumnOrName, partToExtract: ColumnOrName, key?: ColumnOrName): Column =>
  fn('try_parse_url', c(url), c(partToExtract), ...(key === undefined ? [] : [c(key)]))
/** The string in application/x-www-form-urlencoded form (UTF-8). */
export const url_encode = (str: ColumnOrName): Column => fn('url_encode', c(str))
/** The application/x-www-form-urlencoded string decoded; a malformed escape is an error. */
export const url_decode = (str: ColumnOrName): Column => fn('url_decode', c(str))
/** url_decode, NULL for a malformed escape. */
export const try_url_decode = (str: ColumnOrName): Column => fn('try_url_decode', c(str))
/** Elements of a JSON array string; NULL for invalid JSON or another kind of value. */
export const json_array_length = (col: ColumnOrName): Column => fn('json_array_length', c(col))
/** Keys of a JSON object string; NULL for invalid JSON or another kind of value. */
export const json_object_keys = (col: ColumnOrName): Column => fn('json_object_keys', c(col))
