// pyspark.sql.functions: generated arrays (sequence, shuffle) and generators of several columns (inline, stack).

import type { Column } from './column.js'
import { type ColumnOrName, c, colOrNumber, fn, numberOrColumn } from './function-args.js'

/** The integers (or dates / timestamps) from `start` to `stop` inclusive by `step` (±1, or ±1 day, by default). */
export const sequence = (start: ColumnOrName, stop: ColumnOrName, step?: ColumnOrName): Column =>
  fn('sequence', c(start), c(stop), ...(step === undefined ? [] : [c(step)]))
/** A random permutation of the array, from an optional seed. */
export const shuffle = (col: ColumnOrName, seed?: Column | number): Column =>
  fn('shuffle', c(col), ...(seed === undefined || seed === null ? [] : [numberOrColumn(seed, 'seed')]))
/** One row per struct of an array of structs, one column per field. */
export const inline = (col: ColumnOrName): Column => fn('inline', c(col))
/** inline, with a row of NULLs for a NULL or empty array. */
export const inline_outer = (col: ColumnOrName): Column => fn('inline_outer', c(col))
/** `stack(n, v1, ..., vk)`: each row as n rows of ceil(k / n) columns col0, col1, ... (a number is a literal). */
export const stack = (...cols: (ColumnOrName | number)[]): Column => fn('stack', ...cols.map(colOrNumber))
