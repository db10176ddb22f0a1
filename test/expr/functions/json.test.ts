// to_json, from_json and get_json_object against Spark 3.5's Jackson-based JSON support.
import { describe, expect, it } from 'vitest'
import { array, col, create_map, from_json, get_json_object, lit, struct, to_json } from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()

describe('to_json', () => {
  const df = spark.createDataFrame(
    [
      { a: 1, b: 'x', d: 1.0, t: new Date('2024-01-01T10:00:00Z'), day: new Date('2024-02-29T00:00:00Z') },
      { a: 2, b: null, d: Number.NaN, t: null, day: null },
    ],
    'a INT, b STRING, d DOUBLE, t TIMESTAMP, day DATE',
  )

  it('writes structs as objects, leaving out NULL fields', () => {
    expect(nameOf(df, to_json(struct('a', 'b')))).toBe('to_json(struct(a, b))')
    expect(valuesOf(df, to_json(struct('a', 'b')))).toEqual(['{"a":1,"b":"x"}', '{"a":2}'])
  })

  it('writes doubles like Java, NaN quoted, timestamps with milliseconds and offset, dates plainly', () => {
    expect(valuesOf(df, to_json(struct('d')))).toEqual(['{"d":1.0}', '{"d":"NaN"}'])
    expect(valuesOf(df, to_json(struct('t', 'day')))).toEqual([
      '{"t":"2024-01-01T10:00:00.000Z","day":"2024-02-29"}',
      '{}',
    ])
    const ny = newSession({ 'spark.sql.session.timeZone': 'America/New_York' })
    const t = ny.createDataFrame([{ t: new Date('2024-01-01T10:00:00Z') }], 't TIMESTAMP')
    expect(valuesOf(t, to_json(struct('t')))).toEqual(['{"t":"2024-01-01T05:00:00.000-05:00"}'])
  })

  it('writes arrays (keeping NULLs), maps and nested values', () => {
    expect(valuesOf(one, to_json(array(lit(1), lit(null), lit(3))))).toEqual(['[1,null,3]'])
    expect(valuesOf(one, to_json(create_map(lit('k'), lit(1))))).toEqual(['{"k":1}'])
    expect(valuesOf(one, to_json(struct(lit('q"').alias('s'), array(lit(1)).alias('xs'))))).toEqual([
      '{"s":"q\\"","xs":[1]}',
    ])
  })
})

describe('from_json', () => {
  const df = spark.createDataFrame(
    [
      { j: '{"a": 1, "b": "x"}' },
      { j: '{"b": "y", "extra": true}' },
      { j: '{"a": "not a number", "b": "z"}' },
      { j: 'not json' },
      { j: '' },
      { j: null },
    ],
    'j STRING',
  )

  it('parses into the schema; fields that do not fit are NULL, other fields are kept', () => {
    const parsed = from_json('j', 'a INT, b STRING')
    expect(nameOf(df, parsed)).toBe('from_json(j)')
    expect(typeOf(df, parsed)).toBe('struct<a:int,b:string>')
    expect(valuesOf(df, parsed)).toEqual([
      { a: 1, b: 'x' },
      { a: null, b: 'y' },
      { a: null, b: 'z' },
      { a: null, b: null },
      null,
      null,
    ])
  })

  it('a bad value inside a nested struct nulls that struct only', () => {
    const nested = spark.createDataFrame([{ j: '{"p": {"x": "bad"}, "q": 1}' }], 'j STRING')
    expect(valuesOf(nested, from_json('j', 'p STRUCT<x: INT>, q INT'))).toEqual([{ p: null, q: 1 }])
  })

  it('parses arrays, nested objects kept as text in STRING fields, and timestamps', () => {
    expect(valuesOf(one, from_json(lit('[1, 2]'), 'array<int>'))).toEqual([[1, 2]])
    expect(valuesOf(one, from_json(lit('{"o": {"k": [1]}}'), 'o STRING'))).toEqual([{ o: '{"k":[1]}' }])
    expect(valuesOf(one, from_json(lit('{"t": "2024-01-01T10:00:00Z"}'), 't TIMESTAMP'))).toEqual([
      { t: new Date('2024-01-01T10:00:00Z') },
    ])
  })
})

describe('get_json_object', () => {
  const df = spark.createDataFrame([{ j: '{"a": {"b": [10, {"c": "x"}]}, "n": null}' }, { j: '{oops' }], 'j STRING')

  it('extracts values by JSONPath', () => {
    expect(nameOf(df, get_json_object('j', '$.a'))).toBe('get_json_object(j, $.a)')
    expect(valuesOf(df, get_json_object('j', '$.a.b[1].c'))).toEqual(['x', null])
    expect(valuesOf(df, get_json_object('j', '$.a.b[0]'))).toEqual(['10', null])
    expect(valuesOf(df, get_json_object('j', '$.a.b'))).toEqual(['[10,{"c":"x"}]', null])
    expect(valuesOf(df, get_json_object('j', "$['a']"))).toEqual(['{"b":[10,{"c":"x"}]}', null])
    expect(valuesOf(df, get_json_object('j', '$.missing'))).toEqual([null, null])
    expect(valuesOf(df, get_json_object('j', '$.n'))).toEqual([null, null])
    expect(valuesOf(df, get_json_object('j', 'a'))).toEqual([null, null])
  })
})

describe('columns in JSON', () => {
  it('round-trips through to_json and from_json', () => {
    const df = spark.createDataFrame([{ a: 7, b: 'q' }], 'a INT, b STRING')
    const back = df.select(from_json(to_json(struct('a', 'b')), 'a INT, b STRING').alias('r'))
    expect(back.select(col('r.a'), col('r.b')).collect()).toEqual([{ a: 7, b: 'q' }])
  })
})
