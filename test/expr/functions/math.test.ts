// Math, base and bit functions against Spark's function docs and golden files (math.sql.out, bitwise.sql.out).
import { describe, expect, it } from 'vitest'
import {
  acos,
  atan2,
  bin,
  bit_count,
  bit_get,
  ceil,
  col,
  conv,
  cot,
  degrees,
  e,
  factorial,
  floor,
  getbit,
  hex,
  hypot,
  IllegalArgumentException,
  lit,
  log1p,
  pi,
  rint,
  shiftleft,
  shiftright,
  shiftrightunsigned,
  unhex,
} from '../../../src/index.js'
import { oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const numbers = spark.createDataFrame([{ n: 0 }, { n: 5 }, { n: 20 }, { n: 21 }, { n: -1 }, { n: null }], 'n INT')
const longs = spark.createDataFrame([{ v: 11n }, { v: -1n }, { v: 4611686018427387904n }, { v: null }], 'v BIGINT')

const sql = (text: string) => spark.sql(text).collect()[0]

describe('trigonometry and friends', () => {
  it('take and return doubles (docs: acos(1) = 0.0, cot(1) = 0.6420926159343306)', () => {
    expect(valuesOf(one, acos(lit(1)))).toEqual([0])
    expect(valuesOf(one, cot(lit(1)))).toEqual([0.6420926159343306])
    expect(valuesOf(one, atan2(lit(0), lit(0)))).toEqual([0])
    expect(valuesOf(one, hypot(lit(3), lit(4)))).toEqual([5])
    expect(valuesOf(one, degrees(pi()))).toEqual([180])
    expect(valuesOf(one, e())).toEqual([Math.E])
    expect(typeOf(one, acos(lit(1)))).toBe('double')
  })

  it('log1p is NULL at and below -1; rint rounds halves to even', () => {
    expect(valuesOf(one, log1p(lit(-1)))).toEqual([null])
    expect(valuesOf(one, log1p(lit(0)))).toEqual([0])
    expect(valuesOf(one, rint(lit(2.5)))).toEqual([2])
    expect(valuesOf(one, rint(lit(3.5)))).toEqual([4])
    expect(Object.is(valuesOf(one, rint(lit(-0.2)))[0], -0)).toBe(true)
  })

  it('factorial is a BIGINT for 0..20 and NULL outside', () => {
    expect(valuesOf(numbers, factorial('n'))).toEqual([1, 120, 2432902008176640000, null, null, null])
    expect(typeOf(numbers, factorial('n'))).toBe('bigint')
  })
})

describe('bases', () => {
  it('hex of integers is their 64-bit two’s complement, of strings their UTF-8 bytes (docs: hex(17) = 11)', () => {
    expect(valuesOf(longs, hex('v'))).toEqual(['B', 'FFFFFFFFFFFFFFFF', '4000000000000000', null])
    expect(valuesOf(one, hex(lit('Spark SQL')))).toEqual(['537061726B2053514C'])
  })

  it('unhex decodes hex, padding an odd length, and is NULL for other characters', () => {
    const bytes = (value: unknown) => Array.from(value as Uint8Array)
    expect(bytes(valuesOf(one, unhex(lit('537061726B2053514C')))[0])).toEqual(Array.from(Buffer.from('Spark SQL')))
    expect(bytes(valuesOf(one, unhex(lit('123')))[0])).toEqual([0x01, 0x23])
    expect(valuesOf(one, unhex(lit('GG')))).toEqual([null])
  })

  it('bin casts to BIGINT (bin(25.5) = 11001) and shows negatives in two’s complement', () => {
    expect(valuesOf(one, bin(lit(25.5)))).toEqual(['11001'])
    expect(valuesOf(one, bin(lit(-1)))).toEqual(['1'.repeat(64)])
  })

  it('conv follows NumberConverter, overflow to all ones included (math.sql.out)', () => {
    expect(sql("SELECT conv('100', 2, 10) a, conv(-10, 16, -10) b, conv('9223372036854775808', 10, 16) c")).toEqual({
      a: '4',
      b: '-16',
      c: '8000000000000000',
    })
    expect(sql("SELECT conv('92233720368547758070', 10, 16) a, conv('-9223372036854775807', 36, 10) b")).toEqual({
      a: 'FFFFFFFFFFFFFFFF',
      b: '18446744073709551615',
    })
    expect(valuesOf(one, conv(lit('11'), 2, 40))).toEqual([null])
  })
})

describe('bits', () => {
  it('bit_count counts the bits of the type’s width (bitwise.sql.out)', () => {
    expect(valuesOf(longs, bit_count('v'))).toEqual([3, 64, 1, null])
    expect(sql('SELECT bit_count(cast(-1 as tinyint)) a, bit_count(true) b, bit_count(-1) c')).toEqual({
      a: 8,
      b: 1,
      c: 32,
    })
  })

  it('getbit reads one bit and rejects positions outside the type', () => {
    expect(valuesOf(longs, getbit('v', 3))).toEqual([1, 1, 0, null])
    expect(valuesOf(longs, bit_get('v', 63))).toEqual([0, 1, 0, null])
    expect(() => spark.sql('SELECT getbit(11L, 64)').collect()).toThrow(IllegalArgumentException)
    expect(() => spark.sql('SELECT getbit(11, 32)').collect()).toThrow(/\[0, 32\)/)
  })

  it('shifts behave as Java’s << >> >>> on INT and BIGINT', () => {
    expect(sql('SELECT shiftleft(1, 31) a, shiftright(-8, 1) b, shiftrightunsigned(-8, 28) c')).toEqual({
      a: -2147483648,
      b: -4,
      c: 15,
    })
    expect(valuesOf(longs.limit(2), shiftleft('v', 4))).toEqual([176, -16])
    expect(valuesOf(longs.limit(2), shiftright('v', 1))).toEqual([5, -1])
    expect(valuesOf(longs.limit(2), shiftrightunsigned('v', 60))).toEqual([0, 15])
    expect(valuesOf(longs.limit(1), shiftleft(col('v'), 64))).toEqual([11])
  })
})

describe('ceil and floor with a scale (docs, ceil-floor-with-scale-param.sql.out)', () => {
  it('round a DECIMAL up or down to the scale; a negative scale rounds left of the point', () => {
    expect(valuesOf(one, ceil(lit(3.14115), -3))).toEqual([1000])
    expect(valuesOf(one, floor(lit(3.14115), -3))).toEqual([0])
    expect(valuesOf(one, floor(lit(-9.9), 0))).toEqual([-10])
    expect(valuesOf(one, ceil(lit(-0.1), 0))).toEqual([0])
    expect(sql('SELECT ceil(-0.35, 1) c, floor(-0.35, 1) f, ceil(9.9, 0) n')).toEqual({ c: -0.3, f: -0.4, n: 10 })
  })

  it('type the result as one more integral digit and at most `scale` fraction digits', () => {
    const types = spark.sql(
      'SELECT ceil(2.5, 0), floor(5, 0), ceil(-35, -1), ceil(3.14115, -3), floor(-0.35, 1)',
    ).dtypes
    expect(types.map(([, t]) => t)).toEqual([
      'decimal(2,0)',
      'decimal(11,0)',
      'decimal(11,0)',
      'decimal(4,0)',
      'decimal(2,1)',
    ])
  })

  it('take the scale only as a non-NULL INT literal', () => {
    const errorClassOf = (query: string) => {
      try {
        spark.sql(query)
      } catch (error) {
        return (error as { errorClass?: string }).errorClass
      }
    }
    expect(errorClassOf('SELECT ceil(2.5, null)')).toBe('_LEGACY_ERROR_TEMP_1100')
    expect(errorClassOf("SELECT floor(2.5, 'a')")).toBe('_LEGACY_ERROR_TEMP_1100')
  })
})
