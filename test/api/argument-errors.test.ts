// Arguments of the wrong type from JavaScript callers (no type checker to stop them) get PySpark's typed argument
// errors (NOT_COLUMN_OR_STR, NOT_COLUMN, NOT_STR, NOT_DATAFRAME, NOT_LIST_OR_TUPLE, NOT_LIST_OF_STR), never a raw
// TypeError from deep inside the analyzer; rows that are not rows get PySpark's row checks, not rows of NULLs.
import { describe, expect, it } from 'vitest'
import {
  aggregate,
  call_function,
  col,
  date_part,
  decode,
  encode,
  expr,
  from_csv,
  from_json,
  IllegalArgumentException,
  lit,
  MemoryStream,
  slice,
  split,
  to_json,
  transform,
  uniform,
  upper,
  when,
  window,
} from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
const df = spark.range(3)
// biome-ignore lint/suspicious/noExplicitAny: the point is a call a type checker would have refused.
const untyped = (value: unknown) => value as any

const expectArgumentError = (call: () => unknown, message: string) => {
  expect(call).toThrow(IllegalArgumentException)
  expect(call).toThrow(message)
}

describe('DataFrame methods check their arguments as PySpark does', () => {
  it('a filter condition must be a Column or a SQL string', () => {
    expectArgumentError(
      () => df.where(untyped(false)),
      '[NOT_COLUMN_OR_STR] Argument `condition` should be a Column or str, got bool.',
    )
    expectArgumentError(() => df.filter(untyped(3)), 'Argument `condition` should be a Column or str, got int.')
    expect(df.filter('id > 0').count()).toBe(2)
  })

  it('columns given by name or Column, else NOT_COLUMN_OR_STR', () => {
    expectArgumentError(
      () => df.select(untyped(5)),
      '[NOT_COLUMN_OR_STR] Argument `col` should be a Column or str, got int.',
    )
    expectArgumentError(() => df.select(untyped(null)), 'got NoneType.')
    expectArgumentError(() => df.groupBy(untyped(3)).count(), 'got int.')
    expectArgumentError(() => df.orderBy(untyped({})), 'got dict.')
    expectArgumentError(() => df.drop(untyped(1.5)), 'got float.')
  })

  it('withColumn and withColumns take Columns only (NOT_COLUMN)', () => {
    expectArgumentError(
      () => df.withColumn('x', untyped(3)),
      '[NOT_COLUMN] Argument `col` should be a Column, got int.',
    )
    expectArgumentError(() => df.withColumns({ x: untyped('id') }), 'Argument `col` should be a Column, got str.')
    expect(df.withColumn('x', lit(1)).columns).toEqual(['id', 'x'])
  })

  it('join takes a DataFrame; dropDuplicates a list of names', () => {
    expectArgumentError(() => df.join(untyped(5)), '[NOT_DATAFRAME] Argument `other` should be a DataFrame, got int.')
    expectArgumentError(
      () => df.dropDuplicates(untyped('id')),
      '[NOT_LIST_OR_TUPLE] Argument `subset` should be a list or tuple, got str.',
    )
    expectArgumentError(
      () => df.dropDuplicates(untyped([1])),
      '[NOT_LIST_OF_STR] Argument `subset` should be a list[str], got int.',
    )
    expect(df.dropDuplicates(['id']).count()).toBe(3)
    for (const other of [
      () => df.union(untyped(null)),
      () => df.crossJoin(untyped('t')),
      () => df.subtract(untyped({})),
    ]) {
      expectArgumentError(other, '[NOT_DATAFRAME] Argument `other` should be a DataFrame')
    }
  })

  it('names, thresholds and counts are strings and ints (NOT_STR, NOT_INT)', () => {
    expectArgumentError(() => df.withColumnRenamed(untyped(5), 'x'), '[NOT_STR] Argument `existing` should be a str')
    expectArgumentError(
      () => df.withWatermark(untyped(5), '1 second'),
      'Argument `eventTime` should be a str, got int.',
    )
    expectArgumentError(() => df.withWatermark('id', untyped(5)), 'Argument `delayThreshold` should be a str, got int.')
    expectArgumentError(() => df.createOrReplaceTempView(untyped(5)), 'Argument `name` should be a str, got int.')
    expectArgumentError(() => df.limit(1.5), '[NOT_INT] Argument `num` should be an int, got float.')
    expectArgumentError(() => df.show(untyped('a')), '[NOT_INT] Argument `n` should be an int, got str.')
    expectArgumentError(() => df.show(1.5), '[NOT_INT] Argument `n` should be an int, got float.')
    expectArgumentError(() => df.show(2, untyped('yes')), '[NOT_BOOL] Argument `truncate` should be a bool, got str.')
    expectArgumentError(
      () => df.show(2, true, untyped('v')),
      '[NOT_BOOL] Argument `vertical` should be a bool, got str.',
    )
    expectArgumentError(() => df.show({ truncate: Number.NaN }), 'Argument `truncate` should be a bool, got float.')
  })

  it('the session checks sql, table and createDataFrame arguments', () => {
    expectArgumentError(() => spark.sql(untyped(5)), '[NOT_STR] Argument `sqlQuery` should be a str, got int.')
    expectArgumentError(() => spark.table(untyped(5)), 'Argument `tableName` should be a str, got int.')
    expectArgumentError(() => spark.createDataFrame(untyped(5)), '[NOT_LIST_OR_TUPLE] Argument `data` should be a list')
    // An Arrow record batch is data too (Rivulet's addition).
    expect(spark.createDataFrame(df.toArrow()).count()).toBe(3)
    expectArgumentError(
      () => spark.createDataFrame([[1]], untyped(5)),
      '[NOT_LIST_OR_NONE_OR_STRUCT] Argument `schema` should be a list, None or StructType, got int.',
    )
    expectArgumentError(
      () => spark.readStream.format('rate').load().writeStream.outputMode(untyped(5)),
      "[VALUE_NOT_NON_EMPTY_STR] Value for `outputMode` must be a non-empty string, got '5'.",
    )
  })
})

describe('functions check their arguments as PySpark does', () => {
  it('when() and Column.when() take a Column condition', () => {
    expectArgumentError(() => when(untyped(true), 1), '[NOT_COLUMN] Argument `condition` should be a Column, got bool.')
    expectArgumentError(() => when(col('id').eq(1), 1).when(untyped('id = 2'), 2), 'got str.')
  })

  it('expr() takes SQL text; column functions take a Column or name', () => {
    expectArgumentError(() => expr(untyped(5)), '[NOT_STR] Argument `str` should be a str, got int.')
    expectArgumentError(
      () => upper(untyped(5)),
      '[NOT_COLUMN_OR_STR] Argument `col` should be a Column or str, got int.',
    )
  })

  it('higher-order functions take a callback that returns a Column', () => {
    const arrays = spark.sql('SELECT array(1, 2) AS a')
    expectArgumentError(() => transform('a', untyped(1)), '[NOT_CALLABLE] Argument `f` should be a callable, got int.')
    expectArgumentError(
      () => aggregate('a', lit(0), untyped(undefined)),
      'Argument `merge` should be a callable, got NoneType.',
    )
    expectArgumentError(
      () => transform('a', () => untyped(1)),
      '[HIGHER_ORDER_FUNCTION_SHOULD_RETURN_COLUMN] Function `<lambda>` should return Column, got int.',
    )
    expect(arrays.select(transform('a', (x) => x.plus(1)).alias('b')).collect()).toEqual([{ b: [2, 3] }])
  })

  it('str, int and schema arguments are checked; a str argument may be a Column, as lit() passes one through', () => {
    expectArgumentError(() => encode('id', untyped(5)), '[NOT_STR] Argument `charset` should be a str, got int.')
    expectArgumentError(() => split('id', untyped(undefined)), 'Argument `pattern` should be a str, got NoneType.')
    expectArgumentError(() => window('id', untyped(10)), 'Argument `windowDuration` should be a str, got int.')
    expectArgumentError(() => call_function(untyped(true)), 'Argument `funcName` should be a str, got bool.')
    expectArgumentError(
      () => slice('id', 1.5, 2),
      '[NOT_COLUMN_OR_INT_OR_STR] Argument `start` should be a Column, int or str, got float.',
    )
    expectArgumentError(
      () => from_json('id', untyped(null)),
      '[NOT_COLUMN_OR_DATATYPE_OR_STR] Argument `schema` should be a Column, str or DataType, but got NoneType.',
    )
    expectArgumentError(() => to_json('id', untyped('x')), '[NOT_DICT] Argument `options` should be a dict, got str.')
    expectArgumentError(() => date_part(untyped('YEAR'), 'id'), '[NOT_COLUMN] Argument `field` should be a Column')
    expectArgumentError(() => uniform(untyped({}), 1), '[NOT_COLUMN_OR_INT] Argument `min` should be a Column or int')
    // PySpark's slice reads a str as a column name; options None means no options; lit(Column) is the Column.
    const row = spark.sql("SELECT array(1, 2, 3) AS a, 2 AS n, '1,2' AS s, 'UTF-8' AS cs")
    expect(row.select(slice('a', 'n', 'n').alias('x')).collect()).toEqual([{ x: [2, 3] }])
    expect(row.select(from_csv('s', 'p INT, q INT', untyped(null)).alias('x')).collect()).toEqual([
      { x: { p: 1, q: 2 } },
    ])
    expect(row.select(decode(encode('s', untyped(col('cs'))), 'UTF-8').alias('x')).collect()).toEqual([{ x: '1,2' }])
  })
})

describe('rows are checked as PySpark verifies createDataFrame rows', () => {
  it('a row is an object, a Map or an array of one value per field', () => {
    expectArgumentError(
      () => spark.createDataFrame(untyped([1, 2]), 'a INT'),
      "[FIELD_DATA_TYPE_UNACCEPTABLE] struct<a:int> can not accept object 1 in type <class 'int'>.",
    )
    expectArgumentError(
      () => spark.createDataFrame(untyped(['x']), 'a STRING'),
      "can not accept object 'x' in type <class 'str'>.",
    )
    expectArgumentError(
      () => spark.createDataFrame(untyped([null]), 'a INT'),
      "can not accept object None in type <class 'NoneType'>.",
    )
    expectArgumentError(
      () => spark.createDataFrame([[1, 2, 3]], 'a INT'),
      '[FIELD_STRUCT_LENGTH_MISMATCH] Length of object (3) does not match with length of fields (1).',
    )
    expectArgumentError(
      () => spark.createDataFrame([[1], [2, 'x']], 'a INT, b STRING'),
      'Length of object (1) does not match with length of fields (2).',
    )
    // A dict's fields by name, missing ones NULL and others ignored, as PySpark's verifier reads obj.get(f).
    expect(
      spark
        .createDataFrame(
          [
            untyped(
              new Map<string, unknown>([
                ['b', 'x'],
                ['a', 1],
              ]),
            ),
            { a: 2, c: 3 },
          ],
          'a INT, b STRING',
        )
        .collect(),
    ).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: null },
    ])
  })

  it('MemoryStream.addData checks its rows the same way, before anything is added', () => {
    const input = new MemoryStream(spark, 'a INT, b STRING')
    // Rows passed one by one instead of as one list: the first row's values were read as rows.
    expectArgumentError(() => input.addData(untyped([1, 'x'])), "can not accept object 1 in type <class 'int'>.")
    expect(input.addData([[1, 'x']])).toBe(0)
  })
})
