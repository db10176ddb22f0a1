// User-defined functions: row UDFs (null in, null out), arrow UDFs over Vectors, async UDFs awaited once per batch,
// SQL registration, and Spark's FAILED_EXECUTE_UDF carrying the user's error and the row it failed on.
import { makeVector, type Vector } from 'apache-arrow'
import { describe, expect, it } from 'vitest'
import {
  arrow_udf,
  col,
  IllegalArgumentException,
  IllegalStateException,
  lit,
  MemoryStream,
  SparkException,
  udf,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { AddData, CheckNewAnswer, ExpectFailure } from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

const people = () =>
  newSession().createDataFrame(
    [
      [1, 'ann', 2.5],
      [2, null, 3.5],
      [null, 'cy', 1],
    ],
    'n INT, s STRING, d DOUBLE',
  )

describe('row UDFs', () => {
  it('are called per row with JS values; a null argument gives null without a call', () => {
    const calls: unknown[] = []
    const plusOne = udf((n: number) => {
      calls.push(n)
      return n + 1
    }, 'int')
    function shout(s: string) {
      return `${s.toUpperCase()}!`
    }
    const df = people().select(plusOne(col('n')), udf(shout)('s'))
    // An anonymous function is named UDF (Scala's name), a named one by its name; the return type defaults to string.
    expect(df.columns).toEqual(['UDF(n)', 'shout(s)'])
    expect(df.dtypes).toEqual([
      ['UDF(n)', 'int'],
      ['shout(s)', 'string'],
    ])
    expect(df.collect()).toEqual([
      { 'UDF(n)': 2, 'shout(s)': 'ANN!' },
      { 'UDF(n)': 3, 'shout(s)': null },
      { 'UDF(n)': null, 'shout(s)': 'CY!' },
    ])
    expect(calls).toEqual([1, 2])
  })

  it('declared acceptsNulls see nulls; undefined and null results are nulls', () => {
    const describeIt = udf((s: string | null) => (s === null ? 'missing' : s === 'cy' ? undefined : s), 'string', {
      acceptsNulls: true,
    })
    expect(
      people()
        .select(describeIt('s').alias('r'))
        .collect()
        .map((r) => r.r),
    ).toEqual(['ann', 'missing', null])
  })

  it('get timestamps as Dates, several arguments and literals', () => {
    const spark = newSession()
    const df = spark.createDataFrame([[new Date(Date.UTC(2024, 0, 1, 12)), 3]], 'ts TIMESTAMP, h INT')
    const later = udf((ts: Date, hours: number, label: string) => `${label}:${ts.getUTCHours() + hours}`)
    expect(df.select(later('ts', 'h', lit('at')).alias('r')).collect()).toEqual([{ r: 'at:15' }])
  })

  it('fail with FAILED_EXECUTE_UDF, the user error as cause and the offending input', () => {
    const boom = new Error('no twos')
    const picky = udf((n: number) => {
      if (n === 2) throw boom
      return n
    }, 'int')
    let caught: unknown
    try {
      people().select(picky('n')).collect()
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(SparkException)
    const error = caught as SparkException
    expect(error.message).toBe(
      '[FAILED_EXECUTE_UDF] User defined function (`UDF`: (int) => int) failed due to: Error: no twos.',
    )
    expect(error.errorClass).toBe('FAILED_EXECUTE_UDF')
    expect(error.cause).toBe(boom)
    expect(error.input).toEqual([2])
  })

  it('reject a result of the wrong type instead of writing a wrong value', () => {
    const wrong = udf((n: number) => (n === 1 ? 1.5 : n), 'int')
    expect(() => people().select(wrong('n')).collect()).toThrow(
      '[FAILED_EXECUTE_UDF] User defined function (`UDF`: (int) => int) failed due to: IllegalArgumentException: field value: int can not accept object 1.5 in type number.',
    )
    const promised = udf((n: number) => Promise.resolve(n), 'int', { async: false })
    // A function that is not an async function but returns a promise must be declared async.
    expect(() => people().select(promised('n')).collect()).toThrow(IllegalStateException)
  })
})

describe('arrow UDFs', () => {
  const twiceAPlusB = arrow_udf((a: Vector, b: Vector) => {
    const xs = a.toArray() as Float64Array
    const ys = b.toArray() as Float64Array
    const out = new Float64Array(xs.length)
    for (let i = 0; i < xs.length; i++) out[i] = xs[i]! * 2 + ys[i]!
    return makeVector(out)
  }, 'double')

  it('get one Vector per argument for the whole batch and return a Vector', () => {
    const spark = newSession()
    const df = spark.createDataFrame(
      [
        [1, 10],
        [2, 20],
        [3, 30],
      ],
      'a DOUBLE, b DOUBLE',
    )
    expect(df.select(twiceAPlusB('a', 'b').alias('r')).collect()).toEqual([{ r: 12 }, { r: 24 }, { r: 36 }])
  })

  it('may return a typed or plain array; a wrong length or type fails with the reason', () => {
    const spark = newSession()
    const df = spark.createDataFrame([[1], [2]], 'a INT')
    const plain = arrow_udf(
      (a: Vector) => Array.from(a.toArray() as Int32Array, (x) => (x === 2 ? null : `#${x}`)),
      'string',
    )
    expect(df.select(plain('a').alias('r')).collect()).toEqual([{ r: '#1' }, { r: null }])
    const short = arrow_udf(() => Int32Array.of(1), 'int')
    expect(() => df.select(short('a')).collect()).toThrow(
      'failed due to: IllegalArgumentException: the function returned 1 values for 2 input rows.',
    )
    const mistyped = arrow_udf((a: Vector) => a, 'string')
    expect(() => df.select(mistyped('a')).collect()).toThrow(
      'failed due to: IllegalArgumentException: the function returned int values, but its return type is string.',
    )
  })
})

describe('SQL registration', () => {
  it('makes functions and UDFs callable from SQL by name', () => {
    const spark = newSession()
    spark.udf.register('plusTen', (n: number) => n + 10, 'int')
    const strong = spark.udf.register(
      'strong',
      udf((s: string) => s.length, 'int'),
    )
    expect(spark.sql('SELECT plusTen(n), STRONG(s) FROM VALUES (1, "ab"), (2, "c") AS t(n, s)').collect()).toEqual([
      { 'plusTen(n)': 11, 'strong(s)': 2 },
      { 'plusTen(n)': 12, 'strong(s)': 1 },
    ])
    expect(strong.returnType).toEqual({ kind: 'integer' })
    expect(() => spark.udf.register('again', strong, 'string')).toThrow(IllegalArgumentException)
  })
})

describe('async UDFs', () => {
  it('are awaited once per batch in a streaming select and filter', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    let inFlight = 0
    let most = 0
    const lookup = udf(async (n: number) => {
      inFlight++
      most = Math.max(most, inFlight)
      await new Promise((resolve) => setTimeout(resolve, 2))
      inFlight--
      return n * 10
    }, 'int')
    const df = input.toDF().filter(lookup('n').gt(10)).select(col('n'), lookup('n').alias('x'))
    await testStream(df)(
      AddData(input, [1], [2], [3]),
      CheckNewAnswer({ n: 2, x: 20 }, { n: 3, x: 30 }),
      AddData(input, [null], [5]),
      CheckNewAnswer({ n: 5, x: 50 }),
    )
    // The rows of a batch were looked up concurrently.
    expect(most).toBe(3)
  })

  it('fail the query with FAILED_EXECUTE_UDF when their promise rejects', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    const flaky = udf(async (n: number) => {
      if (n < 0) throw new Error(`negative ${n}`)
      return n
    }, 'int')
    await testStream(input.toDF().select(flaky('n')))(
      AddData(input, [1], [-4]),
      ExpectFailure(SparkException, 'failed due to: Error: negative -4.'),
    )
  })

  it('cannot run in a batch collect(), which is synchronous', () => {
    const later = udf(async (n: number) => n, 'int')
    expect(() => people().select(later('n')).collect()).toThrow(
      'A batch query with asynchronous operators must be collected asynchronously',
    )
  })
})
