// df.na / fillna / dropna / replace: which columns a value applies to (Spark's DataFrameNaFunctions), NaN counted as
// missing, subset, how and thresh, and PySpark's argument errors.
import { describe, expect, it } from 'vitest'
import { AnalysisException, IllegalArgumentException } from '../../src/index.js'
import { newSession } from '../support/session.js'

const spark = newSession()
// PySpark's docstring example for fillna/dropna (age, height, name, bool), plus a double column with NaN.
const df = spark.createDataFrame(
  [
    [10, 80.5, 'Alice', null],
    [5, null, 'Bob', null],
    [null, null, 'Tom', null],
    [null, Number.NaN, null, true],
  ],
  'age INT, height DOUBLE, name STRING, bool BOOLEAN',
)

describe('na.fill / fillna', () => {
  it('a number fills numeric columns only, cast to each column type; NaN counts as missing', () => {
    expect(df.na.fill(50).collect()).toEqual([
      { age: 10, height: 80.5, name: 'Alice', bool: null },
      { age: 5, height: 50, name: 'Bob', bool: null },
      { age: 50, height: 50, name: 'Tom', bool: null },
      { age: 50, height: 50, name: null, bool: true },
    ])
    // A fractional value is cast to an integer column's type (truncated), kept in a double column.
    expect(
      df
        .fillna(2.7, ['age', 'height'])
        .collect()
        .map((r) => [r.age, r.height]),
    ).toEqual([
      [10, 80.5],
      [5, 2.7],
      [2, 2.7],
      [2, 2.7],
    ])
  })

  it('a string fills string columns, a boolean boolean columns; the schema is unchanged', () => {
    expect(
      df.na
        .fill('unknown')
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice', 'Bob', 'Tom', 'unknown'])
    expect(
      df.na
        .fill(false)
        .collect()
        .map((r) => r.bool),
    ).toEqual([false, false, false, true])
    expect(df.na.fill('x').dtypes).toEqual(df.dtypes)
    expect(df.na.fill(0).dtypes).toEqual(df.dtypes)
  })

  it('subset limits the columns; a dict fills each column with its own value and ignores subset', () => {
    expect(
      df.na
        .fill(0, 'age')
        .collect()
        .map((r) => [r.age, r.height]),
    ).toEqual([
      [10, 80.5],
      [5, null],
      [0, null],
      [0, Number.NaN],
    ])
    expect(df.fillna({ age: 50, name: 'unknown' }).collect()).toEqual([
      { age: 10, height: 80.5, name: 'Alice', bool: null },
      { age: 5, height: null, name: 'Bob', bool: null },
      { age: 50, height: null, name: 'Tom', bool: null },
      { age: 50, height: Number.NaN, name: 'unknown', bool: true },
    ])
    expect(
      df.na
        .fill(new Map([['height', 0]]))
        .collect()
        .map((r) => r.height),
    ).toEqual([80.5, 0, 0, 0])
  })

  it('rejects other value types and a bad subset with PySpark’s messages, unknown columns with UNRESOLVED_COLUMN', () => {
    expect(() => df.na.fill([1] as never)).toThrow(
      'Argument `value` should be a bool, dict, float, int or str, got list.',
    )
    expect(() => df.na.fill([1] as never)).toThrow(IllegalArgumentException)
    expect(() => df.na.fill(1, 5 as never)).toThrow('Argument `subset` should be a list or tuple, got int.')
    expect(() => df.na.fill(1, ['nope'])).toThrow(AnalysisException)
    expect(() => df.na.fill(1, ['nope'])).toThrow(/UNRESOLVED_COLUMN/)
  })
})

describe('na.drop / dropna', () => {
  it("how='any' drops rows with any null or NaN; how='all' only rows with nothing else", () => {
    expect(df.na.drop().collect()).toEqual([])
    expect(
      df
        .dropna('any', null, ['age', 'name'])
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice', 'Bob'])
    expect(
      df.na
        .drop('all', null, ['age', 'height'])
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice', 'Bob'])
    expect(df.na.drop('all').count()).toBe(4)
  })

  it('thresh keeps rows with at least that many non-null, non-NaN values and overrides how', () => {
    expect(
      df.na
        .drop('all', 2)
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice', 'Bob'])
    expect(df.dropna('any', 1).count()).toBe(4)
    expect(
      df
        .dropna('any', 3)
        .collect()
        .map((r) => r.name),
    ).toEqual(['Alice'])
    expect(df.dropna('any', 0).count()).toBe(4)
  })

  it("rejects how other than 'any'/'all' and a non-integer thresh", () => {
    expect(() => df.na.drop('some')).toThrow("Value for `how` must be 'any' or 'all', got 'some'.")
    expect(() => df.na.drop('some')).toThrow(expect.objectContaining({ errorClass: 'VALUE_NOT_ANY_OR_ALL' }))
    expect(() => df.dropna('any', 1.5)).toThrow('Argument `thresh` should be an int, got float.')
  })
})

describe('na.replace / replace', () => {
  const people = spark.createDataFrame(
    [
      [10, 80, 'Alice'],
      [5, null, 'Bob'],
      [null, 10, 'Tom'],
    ],
    'age INT, height INT, name STRING',
  )

  it('replaces a number in every numeric column, a string in every string column', () => {
    expect(people.na.replace(10, 20).collect()).toEqual([
      { age: 20, height: 80, name: 'Alice' },
      { age: 5, height: null, name: 'Bob' },
      { age: null, height: 20, name: 'Tom' },
    ])
    expect(
      people
        .replace('Alice', null)
        .collect()
        .map((r) => r.name),
    ).toEqual([null, 'Bob', 'Tom'])
  })

  it('lists pair up; a dict (a Map for number keys) maps old to new; subset limits the columns', () => {
    expect(
      people.na
        .replace(['Alice', 'Bob'], ['A', 'B'], 'name')
        .collect()
        .map((r) => r.name),
    ).toEqual(['A', 'B', 'Tom'])
    expect(
      people
        .replace({ Alice: 'Al', Tom: 'T' })
        .collect()
        .map((r) => r.name),
    ).toEqual(['Al', 'Bob', 'T'])
    expect(
      people
        .replace(new Map([[10, 1]]), undefined, ['height'])
        .collect()
        .map((r) => [r.age, r.height]),
    ).toEqual([
      [10, 80],
      [5, null],
      [null, 1],
    ])
    // A replacement value is cast to the column's type.
    expect(
      people
        .replace(5, 7.9)
        .collect()
        .map((r) => r.age),
    ).toEqual([10, 7, null])
  })

  it('rejects mixed types, a missing value, mismatched lengths and bad types with PySpark’s messages', () => {
    expect(() => people.replace(new Map<number | string, number | string>([[1, 'a']]))).toThrow(
      'Mixed type replacements are not supported.',
    )
    expect(() => people.replace(10)).toThrow('Argument `value` is required when `to_replace` is dict.')
    expect(() => people.replace([1, 2], [3])).toThrow('to_replace and value should be of the same length, got 2 and 1.')
    expect(() => people.replace(null as never, 1)).toThrow(
      'Argument `to_replace` should be a bool, dict, float, int, list, str or tuple, got NoneType.',
    )
  })
})
