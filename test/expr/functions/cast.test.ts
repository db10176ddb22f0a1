// CAST with Spark 3.5's default (non-ANSI) semantics: lenient parsing, NULL on failure, JVM narrowing, zoned text.
import { describe, expect, it } from 'vitest'
import { AnalysisException, col, lit } from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const strings = (values: readonly (string | null)[]) =>
  spark.createDataFrame(
    values.map((s) => ({ s })),
    's STRING',
  )
const doubles = (values: readonly number[]) =>
  spark.createDataFrame(
    values.map((d) => ({ d })),
    'd DOUBLE',
  )
const epochSeconds = (iso: string) => Date.parse(iso) / 1000

describe('generated column names', () => {
  it('a cast column keeps its name; other casts print CAST(... AS TYPE)', () => {
    const df = spark.createDataFrame([{ a: 1, s: '2' }], 'a INT, s STRING')
    expect(nameOf(df, col('a').cast('string'))).toBe('a')
    expect(nameOf(df, col('s').cast('decimal(10,2)'))).toBe('s')
    expect(nameOf(df, col('a').plus(1).cast('string'))).toBe('CAST((a + 1) AS STRING)')
    expect(nameOf(df, lit('1').cast('int'))).toBe('CAST(1 AS INT)')
    expect(nameOf(df, col('a').cast('long').plus(1))).toBe('(CAST(a AS BIGINT) + 1)')
    expect(nameOf(df, col('a').cast('tinyint').cast('smallint').plus(1))).toBe(
      '(CAST(CAST(a AS TINYINT) AS SMALLINT) + 1)',
    )
    expect(nameOf(df, lit(null).cast('array<int>'))).toBe('CAST(NULL AS ARRAY<INT>)')
  })
})

describe('string to number', () => {
  it('INT trims whitespace, accepts a sign and truncates a fraction; anything else is NULL', () => {
    const df = strings(['1', ' 12 ', '+5', '-7', '1.9', '-1.9', '\t3\n', '1e2', 'abc', '', '2147483648', null])
    expect(valuesOf(df, col('s').cast('int'))).toEqual([1, 12, 5, -7, 1, -1, 3, null, null, null, null, null])
  })

  it('narrow integral types are NULL outside their range', () => {
    const df = strings(['127', '128', '-128', '-129'])
    expect(valuesOf(df, col('s').cast('tinyint'))).toEqual([127, null, -128, null])
    expect(valuesOf(strings(['32767', '32768']), col('s').cast('smallint'))).toEqual([32767, null])
    expect(valuesOf(strings(['9007199254740991']), col('s').cast('bigint'))).toEqual([9007199254740991])
  })

  it('DOUBLE follows Java parsing plus the special literals inf, infinity and nan in any case', () => {
    const df = strings(['1.5', ' 2 ', '1e3', '-1.5E-3', '1d', '2.5f', '.5', '5.', 'NaN', 'Infinity', '-inf', 'INF'])
    expect(valuesOf(df, col('s').cast('double'))).toEqual([
      1.5,
      2,
      1000,
      -0.0015,
      1,
      2.5,
      0.5,
      5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      Number.POSITIVE_INFINITY,
    ])
    expect(valuesOf(strings(['abc', '', '1,5', '0x10']), col('s').cast('double'))).toEqual([null, null, null, null])
  })

  it('FLOAT rounds to single precision', () => {
    expect(valuesOf(strings(['0.1']), col('s').cast('float'))).toEqual([Math.fround(0.1)])
  })

  it('DECIMAL rounds half up to the scale and is NULL on overflow', () => {
    const df = strings(['1.235', '-1.235', '12345.6', '999.994', 'x'])
    expect(typeOf(df, col('s').cast('decimal(5,2)'))).toBe('decimal(5,2)')
    expect(valuesOf(df, col('s').cast('decimal(5,2)'))).toEqual([1.24, -1.24, null, 999.99, null])
  })
})

describe('string to boolean', () => {
  it('accepts t/true/y/yes/1 and f/false/n/no/0, trimmed and in any case', () => {
    const df = strings(['true', 'TRUE', ' yes ', 'y', '1', 't', 'false', 'No', 'n', '0', 'F', 'maybe', '', '2', null])
    expect(valuesOf(df, col('s').cast('boolean'))).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
      false,
      null,
      null,
      null,
      null,
    ])
  })
})

describe('string to date and timestamp', () => {
  it('DATE accepts yyyy, yyyy-[m]m and yyyy-[m]m-[d]d, ignoring anything after a space or T', () => {
    const df = strings([
      '2024-02-29',
      '2024-2-3',
      '2024',
      '2024-05',
      ' 2024-01-01 ',
      '2024-01-01 12:34:56',
      '2024-01-01T10:00',
      '2023-02-29',
      '2024-13-01',
      '2024-01-32',
      'abc',
      '',
    ])
    expect(valuesOf(df, col('s').cast('date').cast('string'))).toEqual([
      '2024-02-29',
      '2024-02-03',
      '2024-01-01',
      '2024-05-01',
      '2024-01-01',
      '2024-01-01',
      '2024-01-01',
      null,
      null,
      null,
      null,
      null,
    ])
  })

  it('TIMESTAMP keeps microseconds, truncates further digits and honours a zone suffix', () => {
    const df = strings([
      '2024-01-01 12:34:56',
      '2024-01-01T12:34:56.123456',
      '2024-01-01 12:34:56.1234567',
      '2024-01-01 12:34:56.5',
      '2024-01-01 12:34',
      '2024-01-01',
      '2024-01-01T12:34:56Z',
      '2024-01-01 12:34:56+02:00',
      '2024-01-01 12:34:56-05:30',
      '2024-01-01 24:00:00',
      '2024-02-30 00:00:00',
      'not a time',
    ])
    expect(valuesOf(df, col('s').cast('timestamp').cast('string'))).toEqual([
      '2024-01-01 12:34:56',
      '2024-01-01 12:34:56.123456',
      '2024-01-01 12:34:56.123456',
      '2024-01-01 12:34:56.5',
      '2024-01-01 12:34:00',
      '2024-01-01 00:00:00',
      '2024-01-01 12:34:56',
      '2024-01-01 10:34:56',
      '2024-01-01 18:04:56',
      null,
      null,
      null,
    ])
  })
})

describe('casts in a non-UTC session time zone', () => {
  const ny = newSession({ 'spark.sql.session.timeZone': 'America/New_York' })

  it('render timestamps in the session zone, across DST', () => {
    const df = ny.createDataFrame(
      [{ t: new Date('2024-07-01T12:00:00Z') }, { t: new Date('2024-01-01T12:00:00Z') }],
      't TIMESTAMP',
    )
    expect(valuesOf(df, col('t').cast('string'))).toEqual(['2024-07-01 08:00:00', '2024-01-01 07:00:00'])
    expect(valuesOf(df, col('t').cast('date').cast('string'))).toEqual(['2024-07-01', '2024-01-01'])
  })

  it('read zone-less text in the session zone; a gap moves forward, an overlap takes the earlier offset', () => {
    const df = ny.createDataFrame(
      [{ s: '2024-07-01 08:00:00' }, { s: '2024-03-10 02:30:00' }, { s: '2024-11-03 01:30:00' }],
      's STRING',
    )
    expect(valuesOf(df, col('s').cast('timestamp').cast('long'))).toEqual([
      epochSeconds('2024-07-01T12:00:00Z'),
      epochSeconds('2024-03-10T07:30:00Z'),
      epochSeconds('2024-11-03T05:30:00Z'),
    ])
    expect(valuesOf(df, col('s').cast('timestamp').cast('string'))).toEqual([
      '2024-07-01 08:00:00',
      '2024-03-10 03:30:00',
      '2024-11-03 01:30:00',
    ])
  })

  it('a date becomes local midnight, and a timestamp its local calendar day', () => {
    const df = ny.createDataFrame([{ s: '2024-07-01' }], 's STRING')
    expect(valuesOf(df, col('s').cast('date').cast('timestamp').cast('long'))).toEqual([
      epochSeconds('2024-07-01T04:00:00Z'),
    ])
    const late = ny.createDataFrame([{ t: new Date('2024-07-01T02:00:00Z') }], 't TIMESTAMP')
    expect(valuesOf(late, col('t').cast('date').cast('string'))).toEqual(['2024-06-30'])
  })
})

describe('timestamps and numbers', () => {
  it('timestamp to BIGINT floors to seconds; to DOUBLE keeps the fraction', () => {
    const df = spark.createDataFrame(
      [{ t: new Date(-1500) }, { t: new Date(1500) }, { t: new Date('2024-02-29T00:00:00Z') }],
      't TIMESTAMP',
    )
    expect(valuesOf(df, col('t').cast('bigint'))).toEqual([-2, 1, 1709164800])
    expect(valuesOf(df, col('t').cast('double'))).toEqual([-1.5, 1.5, 1709164800])
  })

  it('numbers to TIMESTAMP are seconds since the epoch; NaN and infinities are NULL', () => {
    const df = spark.createDataFrame([{ n: 86400 }, { n: -1 }], 'n BIGINT')
    expect(valuesOf(df, col('n').cast('timestamp').cast('string'))).toEqual([
      '1970-01-02 00:00:00',
      '1969-12-31 23:59:59',
    ])
    const ds = doubles([1.5, 0.000001, Number.NaN, Number.POSITIVE_INFINITY])
    expect(valuesOf(ds, col('d').cast('timestamp').cast('string'))).toEqual([
      '1970-01-01 00:00:01.5',
      '1970-01-01 00:00:00.000001',
      null,
      null,
    ])
  })

  it('a boolean becomes one microsecond or zero', () => {
    expect(valuesOf(one, lit(true).cast('timestamp').cast('string'))).toEqual(['1970-01-01 00:00:00.000001'])
  })
})

describe('numbers to numbers', () => {
  it('fractional to INT truncates and saturates; NaN is 0', () => {
    const df = doubles([1.9, -1.9, 1e10, -1e10, Number.NaN, Number.POSITIVE_INFINITY])
    expect(valuesOf(df, col('d').cast('int'))).toEqual([1, -1, 2147483647, -2147483648, 0, 2147483647])
  })

  it('fractional to TINYINT goes through INT and then wraps, as the JVM does', () => {
    const df = doubles([300.7, 1e10, -129.5, 127.9])
    expect(valuesOf(df, col('d').cast('tinyint'))).toEqual([44, -1, 127, 127])
    expect(valuesOf(df, col('d').cast('smallint'))).toEqual([300, -1, -129, 127])
  })

  it('integral narrowing wraps', () => {
    const df = spark.createDataFrame([{ n: 300 }, { n: -129 }, { n: 2147483653 }], 'n BIGINT')
    expect(valuesOf(df, col('n').cast('tinyint'))).toEqual([44, 127, 5])
    expect(valuesOf(df, col('n').cast('int'))).toEqual([300, -129, -2147483643])
  })

  it('numbers to DECIMAL round half up on the decimal text and overflow to NULL', () => {
    const df = doubles([1.005, -2.675, 1234.5, Number.NaN])
    expect(valuesOf(df, col('d').cast('decimal(5,2)'))).toEqual([1.01, -2.68, null, null])
    const ints = spark.createDataFrame([{ n: 123 }, { n: 1000 }], 'n INT')
    expect(valuesOf(ints, col('n').cast('decimal(4,1)'))).toEqual([123, null])
  })

  it('booleans to numbers and numbers to booleans', () => {
    expect(valuesOf(one, lit(true).cast('int'))).toEqual([1])
    expect(valuesOf(one, lit(false).cast('double'))).toEqual([0])
    const df = doubles([0, -0.5, Number.NaN])
    expect(valuesOf(df, col('d').cast('boolean'))).toEqual([false, true, true])
  })

  it('a DATE cast to a number or a boolean is NULL', () => {
    const df = spark.createDataFrame([{ d: new Date('2024-01-01T00:00:00Z') }], 'd DATE')
    expect(valuesOf(df, col('d').cast('int'))).toEqual([null])
    expect(valuesOf(df, col('d').cast('boolean'))).toEqual([null])
  })
})

describe('to string', () => {
  it('prints doubles and floats like Java', () => {
    const df = doubles([1, 1e7, 1234567.5, 0.001, 1e-4, -0, Number.NaN, Number.NEGATIVE_INFINITY, 123456789.125])
    expect(valuesOf(df, col('d').cast('string'))).toEqual([
      '1.0',
      '1.0E7',
      '1234567.5',
      '0.001',
      '1.0E-4',
      '-0.0',
      'NaN',
      '-Infinity',
      '1.23456789125E8',
    ])
    const floats = spark.createDataFrame([{ f: 0.1 }, { f: 3e10 }], 'f FLOAT')
    expect(valuesOf(floats, col('f').cast('string'))).toEqual(['0.1', '3.0E10'])
  })

  it('prints integers, booleans and decimals', () => {
    const df = spark.createDataFrame([{ n: -42, b: true, x: 1.5 }], 'n INT, b BOOLEAN, x DECIMAL(5,2)')
    expect(valuesOf(df, col('n').cast('string'))).toEqual(['-42'])
    expect(valuesOf(df, col('b').cast('string'))).toEqual(['true'])
    expect(valuesOf(df, col('x').cast('string'))).toEqual(['1.50'])
  })

  it('prints arrays, maps and structs with null for NULL elements', () => {
    const df = spark.createDataFrame(
      [{ a: [1, null, 3], m: { a: 1, b: null }, s: { x: 1, y: null } }],
      'a ARRAY<INT>, m MAP<STRING, INT>, s STRUCT<x: INT, y: STRING>',
    )
    expect(valuesOf(df, col('a').cast('string'))).toEqual(['[1, null, 3]'])
    expect(valuesOf(df, col('m').cast('string'))).toEqual(['{a -> 1, b -> null}'])
    expect(valuesOf(df, col('s').cast('string'))).toEqual(['{1, null}'])
  })

  it('decodes binary as UTF-8', () => {
    const df = spark.createDataFrame([{ b: new Uint8Array([0x68, 0xc3, 0xa9]) }], 'b BINARY')
    expect(valuesOf(df, col('b').cast('string'))).toEqual(['hé'])
    expect(valuesOf(strings(['hé']), col('s').cast('binary'))).toEqual([new Uint8Array([0x68, 0xc3, 0xa9])])
  })

  it('an integer becomes its big-endian bytes as BINARY', () => {
    expect(valuesOf(one, lit(258).cast('binary'))).toEqual([new Uint8Array([0, 0, 1, 2])])
    expect(valuesOf(one, lit(-1).cast('tinyint').cast('binary'))).toEqual([new Uint8Array([0xff])])
  })
})

describe('complex and NULL casts', () => {
  it('cast arrays element by element', () => {
    const df = spark.createDataFrame([{ a: ['1', 'x', null] }], 'a ARRAY<STRING>')
    expect(typeOf(df, col('a').cast('array<int>'))).toBe('array<int>')
    expect(valuesOf(df, col('a').cast('array<int>'))).toEqual([[1, null, null]])
  })

  it('a NULL literal casts to a typed NULL', () => {
    expect(typeOf(one, lit(null).cast('int'))).toBe('int')
    expect(valuesOf(one, lit(null).cast('int'))).toEqual([null])
  })

  it('rejects casts Spark cannot do', () => {
    const df = spark.createDataFrame([{ a: [1] }], 'a ARRAY<INT>')
    expect(() => df.select(col('a').cast('int'))).toThrow(AnalysisException)
    expect(() => df.select(col('a').cast('int'))).toThrow(
      '[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve "CAST(a AS INT)" due to data type mismatch: cannot cast "ARRAY<INT>" to "INT".',
    )
  })
})

describe('integral to binary', () => {
  it('writes each width big-endian', () => {
    const df = spark.createDataFrame([{ l: -2, s: 258 }], 'l BIGINT, s SMALLINT')
    expect(valuesOf(df, col('l').cast('binary'))).toEqual([new Uint8Array([255, 255, 255, 255, 255, 255, 255, 254])])
    expect(valuesOf(df, col('s').cast('binary'))).toEqual([new Uint8Array([1, 2])])
  })
})
