// pyspark.sql.functions: random values, row ids, task and file information, version, xxhash64 and call_udf.

import type { Column } from './column.js'
import { type ColumnOrName, c, fn, numberOrColumn } from './function-args.js'
import { strArg } from './py-type-name.js'

type NumberOrColumn = Column | number

const numberArg = (x: NumberOrColumn, argName: string) => numberOrColumn(x, argName)

/** A random value in [min, max) (an integer when both bounds are), from an optional seed. */
export const uniform = (min: NumberOrColumn, max: NumberOrColumn, seed?: NumberOrColumn): Column =>
  fn('uniform', numberArg(min, 'min'), numberArg(max, 'max'), ...(seed == null ? [] : [numberArg(seed, 'seed')]))
/** A random string of `length` characters from 0-9, a-j and A-J (Spark's pool), from an optional seed. */
export const randstr = (length: NumberOrColumn, seed?: NumberOrColumn): Column =>
  fn('randstr', numberArg(length, 'length'), ...(seed == null ? [] : [numberArg(seed, 'seed')]))
/** Unique, increasing 64-bit ids: the partition index in the upper bits, the row's position in its task below. */
export const monotonically_increasing_id = (): Column => fn('monotonically_increasing_id')
/** The partition a row is in (0: Rivulet evaluates a query's rows in one partition). */
export const spark_partition_id = (): Column => fn('spark_partition_id')
/** The file a row was read from ('' when unknown, as in Spark outside a file scan). */
export const input_file_name = (): Column => fn('input_file_name')
/** The start offset of the file block a row was read from (-1 when unknown). */
export const input_file_block_start = (): Column => fn('input_file_block_start')
/** The length of the file block a row was read from (-1 when unknown). */
export const input_file_block_length = (): Column => fn('input_file_block_length')
/** The Spark release Rivulet implements and Rivulet's revision ('4.0.0 rivulet-0.1.0'). */
export const version = (): Column => fn('version')
/** Spark's 64-bit xxHash (XXH64, seed 42) of the columns, as a BIGINT. */
export const xxhash64 = (...cols: ColumnOrName[]): Column => fn('xxhash64', ...cols.map(c))
/** Calls the user-defined function registered as `udfName` (spark.udf.register) on the columns. */
export const call_udf = (udfName: string, ...cols: ColumnOrName[]): Column =>
  fn(strArg(udfName, 'udfName'), ...cols.map(c))
