// Arithmetic and math functions against Spark 3.5's default (non-ANSI) semantics: types, overflow, NULLs, names.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  abs,
  bitwise_not,
  bround,
  call_function,
  ceil,
  col,
  exp,
  floor,
  lit,
  log,
  log2,
  log10,
  pmod,
  pow,
  round,
  signum,
  sqrt,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const nums = spark.createDataFrame(
  [
    { a: 7, b: 2, d: 2.5, s: '1', l: 10 },
    { a: -7, b: 0, d: -2.5, s: 'abc', l: -1 },
    { a: null, b: 3, d: null, s: ' 2 ', l: null },
  ],
  'a INT, b INT, d DOUBLE, s STRING, l BIGINT',
)
const one = oneRow()

describe('generated column names', () => {
  it('print binary operators in parentheses', () => {
    expect(nameOf(nums, col('a').plus(1))).toBe('(a + 1)')
    expect(nameOf(nums, col('a').minus(col('b')))).toBe('(a - b)')
    expect(nameOf(nums, col('a').multiply(2))).toBe('(a * 2)')
    expect(nameOf(nums, col('a').divide(col('b')))).toBe('(a / b)')
    expect(nameOf(nums, col('a').mod(3))).toBe('(a % 3)')
    expect(nameOf(nums, call_function('div', col('a'), lit(2)))).toBe('(a div 2)')
    expect(nameOf(nums, pmod(col('a'), 3))).toBe('pmod(a, 3)')
  })

  it('hide implicit casts but show user casts', () => {
    // Spark's usePrettyExpression drops casts without the USER_SPECIFIED_CAST tag.
    expect(nameOf(nums, col('s').plus(1))).toBe('(s + 1)')
    expect(nameOf(nums, col('a').plus(col('d')))).toBe('(a + d)')
    expect(nameOf(nums, col('a').divide(col('b')))).toBe('(a / b)')
    expect(nameOf(nums, col('a').cast('bigint').plus(1))).toBe('(CAST(a AS BIGINT) + 1)')
    expect(nameOf(nums, col('a').plus(1).cast('string'))).toBe('CAST((a + 1) AS STRING)')
  })

  it('print literals the way Java prints them', () => {
    expect(nameOf(nums, col('d').plus(0.5))).toBe('(d + 0.5)')
    expect(nameOf(nums, col('d').multiply(1.25e-5))).toBe('(d * 1.25E-5)')
    expect(nameOf(nums, col('d').plus(lit(null)))).toBe('(d + NULL)')
    expect(nameOf(nums, col('s').plus('x'))).toBe('(s + x)')
  })

  it('use the math functions’ own names', () => {
    expect(nameOf(nums, abs('a'))).toBe('abs(a)')
    expect(nameOf(nums, sqrt('d'))).toBe('SQRT(d)')
    expect(nameOf(nums, exp('d'))).toBe('EXP(d)')
    expect(nameOf(nums, log('d'))).toBe('ln(d)')
    expect(nameOf(nums, log10('d'))).toBe('LOG10(d)')
    expect(nameOf(nums, log2('d'))).toBe('LOG2(d)')
    expect(nameOf(nums, pow('d', 2))).toBe('POWER(d, 2)')
    expect(nameOf(nums, floor('d'))).toBe('FLOOR(d)')
    expect(nameOf(nums, ceil('a'))).toBe('CEIL(a)')
    expect(nameOf(nums, signum('d'))).toBe('SIGNUM(d)')
    expect(nameOf(nums, round('d'))).toBe('round(d, 0)')
    expect(nameOf(nums, round('d', 2))).toBe('round(d, 2)')
    expect(nameOf(nums, bround('d'))).toBe('bround(d, 0)')
  })
})

describe('+ - *', () => {
  it('keep the wider operand type', () => {
    expect(typeOf(nums, col('a').plus(1))).toBe('int')
    expect(typeOf(nums, col('a').plus(col('l')))).toBe('bigint')
    expect(typeOf(nums, col('a').multiply(col('d')))).toBe('double')
    expect(valuesOf(nums, col('a').plus(col('b')))).toEqual([9, -7, null])
    expect(valuesOf(nums, col('a').minus(col('l')))).toEqual([-3, -6, null])
    expect(valuesOf(nums, col('a').multiply(col('d')))).toEqual([17.5, 17.5, null])
  })

  it('wrap INT overflow like Java ints', () => {
    const edges = spark.createDataFrame(
      [
        { x: 2147483647, y: 2147483647 },
        { x: -2147483648, y: 65536 },
        { x: 65536, y: 65536 },
      ],
      'x INT, y INT',
    )
    expect(valuesOf(edges, col('x').plus(1))).toEqual([-2147483648, -2147483647, 65537])
    expect(valuesOf(edges, col('x').minus(1))).toEqual([2147483646, 2147483647, 65535])
    expect(valuesOf(edges, col('x').multiply(col('y')))).toEqual([1, 0, 0])
    expect(valuesOf(edges, col('x').multiply(2))).toEqual([-2, 0, 131072])
    expect(valuesOf(edges, abs('x'))).toEqual([2147483647, -2147483648, 65536])
  })

  it('wrap TINYINT overflow and keep TINYINT', () => {
    const bytes = spark.createDataFrame([{ x: 127 }, { x: -128 }], 'x TINYINT')
    expect(typeOf(bytes, col('x').plus(col('x')))).toBe('tinyint')
    expect(valuesOf(bytes, col('x').plus(col('x')))).toEqual([-2, 0])
    // A plain number literal is an INT, so the sum widens.
    expect(valuesOf(bytes, col('x').plus(1))).toEqual([128, -127])
  })

  it('propagate NULL from either side, typed by the other side', () => {
    expect(typeOf(nums, col('a').plus(lit(null)))).toBe('int')
    expect(valuesOf(nums, col('a').plus(lit(null)))).toEqual([null, null, null])
    expect(valuesOf(nums, lit(null).multiply(col('d')))).toEqual([null, null, null])
  })

  it('cast string operands to DOUBLE; unparsable strings are NULL', () => {
    expect(typeOf(nums, col('s').plus(1))).toBe('double')
    expect(valuesOf(nums, col('s').plus(1))).toEqual([2, null, 3])
    expect(valuesOf(one, lit('1').plus(lit('2')))).toEqual([3])
  })
})

describe('/ div % pmod', () => {
  it('divide as DOUBLE and return NULL for a zero divisor', () => {
    expect(typeOf(nums, col('a').divide(col('b')))).toBe('double')
    expect(valuesOf(nums, col('a').divide(col('b')))).toEqual([3.5, null, null])
    expect(valuesOf(nums, col('d').divide(0))).toEqual([null, null, null])
    expect(valuesOf(one, lit(0.0).divide(lit(0.0)))).toEqual([null])
    expect(valuesOf(one, lit(1).divide(lit(3)))).toEqual([0.3333333333333333])
  })

  it('div truncates toward zero into BIGINT', () => {
    const df = spark.createDataFrame(
      [
        { x: 7, y: 2 },
        { x: -7, y: 2 },
        { x: 7, y: 0 },
      ],
      'x INT, y INT',
    )
    const div = call_function('div', col('x'), col('y'))
    expect(typeOf(df, div)).toBe('bigint')
    expect(valuesOf(df, div)).toEqual([3, -3, null])
  })

  it('% takes the sign of the dividend; pmod is never negative for a positive divisor', () => {
    const df = spark.createDataFrame(
      [
        { x: 7, y: 3 },
        { x: -7, y: 3 },
        { x: 7, y: -3 },
        { x: -7, y: -3 },
        { x: 7, y: 0 },
      ],
      'x INT, y INT',
    )
    expect(valuesOf(df, col('x').mod(col('y')))).toEqual([1, -1, 1, -1, null])
    // Spark: r = x % y; if (r < 0) (r + y) % y else r.
    expect(valuesOf(df, pmod('x', col('y')))).toEqual([1, 2, 1, -1, null])
    expect(valuesOf(one, lit(7.5).mod(lit(2)))).toEqual([1.5])
    expect(valuesOf(one, lit(7.5).mod(lit(0)))).toEqual([null])
    expect(valuesOf(one, pmod(lit(-7.5), lit(2)))).toEqual([0.5])
  })

  it('% on BIGINT values beyond the int32 range takes the exact remainder; no negative zeros', () => {
    const longs = spark.createDataFrame(
      [{ x: 1099511627783 }, { x: -1099511627783 }, { x: 2147483648 }, { x: -2147483648 }, { x: -14 }],
      'x BIGINT',
    )
    expect(valuesOf(longs, col('x').mod(7))).toEqual([2, -2, 2, -2, 0])
    // A BIGINT has no negative zero.
    expect(valuesOf(longs, col('x').multiply(0))).toEqual([0, 0, 0, 0, 0])
  })
})

describe('decimal arithmetic', () => {
  const decimals = spark.createDataFrame([{ x: 1.25, y: 2 }], 'x DECIMAL(10,2), y INT')

  it('follows DecimalPrecision result types', () => {
    expect(typeOf(decimals, col('x').plus(col('y')))).toBe('decimal(13,2)')
    expect(typeOf(decimals, col('x').plus(col('x')))).toBe('decimal(11,2)')
    expect(typeOf(decimals, col('x').multiply(col('x')))).toBe('decimal(21,4)')
    expect(typeOf(decimals, col('x').divide(col('x')))).toBe('decimal(23,13)')
    expect(typeOf(decimals, col('x').plus(lit(0.5)))).toBe('double')
    expect(valuesOf(decimals, col('x').plus(col('y')))).toEqual([3.25])
    expect(valuesOf(decimals, col('x').multiply(col('x')))).toEqual([1.5625])
  })
})

describe('math functions', () => {
  it('sqrt, exp, pow return DOUBLE; sqrt of a negative is NaN', () => {
    expect(valuesOf(one, sqrt(lit(4)))).toEqual([2])
    expect(valuesOf(one, sqrt(lit(-1)))).toEqual([Number.NaN])
    expect(valuesOf(one, exp(lit(0)))).toEqual([1])
    expect(valuesOf(one, pow(2, 10))).toEqual([1024])
    expect(valuesOf(one, pow(-8, 1 / 3))).toEqual([Number.NaN])
    expect(valuesOf(nums, sqrt('a'))).toEqual([Math.sqrt(7), Number.NaN, null])
  })

  it('log with a base is LOG(base, x), NULL unless both are positive', () => {
    expect(nameOf(nums, log(10, 'd'))).toBe('LOG(10.0, d)')
    expect(nameOf(nums, call_function('log', col('d')))).toBe('LOG(E(), d)')
    expect(valuesOf(one, call_function('log', lit(Math.E)))).toEqual([1])
    expect(valuesOf(one, log(10, lit(100)))).toEqual([2])
    expect(valuesOf(one, log(2, lit(8)))).toEqual([3])
    expect(valuesOf(one, log(10, lit(0)))).toEqual([null])
    expect(valuesOf(one, log(-1, lit(5)))).toEqual([null])
    expect(valuesOf(nums, log(10, 'd'))).toEqual([Math.log(2.5) / Math.log(10), null, null])
  })

  it('logarithms of zero or negatives are NULL, not -Infinity or NaN', () => {
    expect(valuesOf(one, log(lit(1)))).toEqual([0])
    expect(valuesOf(one, log(lit(0)))).toEqual([null])
    expect(valuesOf(one, log(lit(-1)))).toEqual([null])
    expect(valuesOf(one, log10(lit(100)))).toEqual([2])
    expect(valuesOf(one, log2(lit(8)))).toEqual([3])
    expect(valuesOf(one, log2(lit(0)))).toEqual([null])
  })

  it('are NULL for NULL input', () => {
    expect(valuesOf(one, sqrt(lit(null)))).toEqual([null])
    expect(valuesOf(one, log(lit(null)))).toEqual([null])
    expect(valuesOf(one, log10(lit(null)))).toEqual([null])
    expect(valuesOf(one, pow(lit(null), 2))).toEqual([null])
    expect(valuesOf(one, round(lit(null), 2))).toEqual([null])
    expect(valuesOf(one, abs(lit(null)))).toEqual([null])
  })

  it('round halves away from zero on the decimal text of a double', () => {
    expect(valuesOf(nums, round('d'))).toEqual([3, -3, null])
    expect(valuesOf(one, round(lit(1.005), 2))).toEqual([1.01])
    expect(valuesOf(one, round(lit(2.675), 2))).toEqual([2.68])
    expect(valuesOf(one, round(lit(Number.NaN), 2))).toEqual([Number.NaN])
    expect(valuesOf(one, round(lit(1234.5678), -2))).toEqual([1200])
  })

  it('round and bround keep integral types and accept negative scales', () => {
    const ints = spark.createDataFrame([{ x: 15 }, { x: 25 }, { x: -15 }], 'x INT')
    expect(typeOf(ints, round('x', -1))).toBe('int')
    expect(valuesOf(ints, round('x', -1))).toEqual([20, 30, -20])
    expect(valuesOf(ints, bround('x', -1))).toEqual([20, 20, -20])
  })

  it('round with a scale past any digit: integral input as it is, doubles unchanged, everything to 0 far left', () => {
    // Spark's RoundBase: an integral type with scale ≥ 0 is returned as is; BigDecimal.setScale does the rest.
    const row = spark
      .sql(
        'SELECT round(9007199254740993L, 2) AS a, round(525L, 2147483647) AS b, round(1.5D, 400) AS c, ' +
          'round(525L, -2147483647) AS d, round(5.5, -2147483647) AS e, bround(525, -2147483647) AS f, ' +
          'round(9000000000000000000L, -19) AS g',
      )
      .collect()[0]
    // g: 9e18 rounds half up to 10^19, which BigDecimal.toLong wraps to 10^19 - 2^64.
    expect(row).toEqual({ a: 9007199254740993n, b: 525, c: 1.5, d: 0, e: 0, f: 0, g: -8446744073709551616n })
  })

  it('bround rounds halves to even', () => {
    expect(valuesOf(nums, bround('d'))).toEqual([2, -2, null])
    expect(valuesOf(one, bround(lit(3.5)))).toEqual([4])
    expect(valuesOf(one, bround(lit(0.125), 2))).toEqual([0.12])
  })

  it('floor and ceil return BIGINT', () => {
    expect(typeOf(nums, floor('d'))).toBe('bigint')
    expect(valuesOf(nums, floor('d'))).toEqual([2, -3, null])
    expect(valuesOf(nums, ceil('d'))).toEqual([3, -2, null])
    expect(typeOf(nums, ceil('a'))).toBe('bigint')
    expect(valuesOf(nums, ceil('a'))).toEqual([7, -7, null])
  })

  it('floor and ceil of a decimal keep the integral digits', () => {
    const decimals = spark.createDataFrame([{ x: -1.25 }], 'x DECIMAL(10,2)')
    expect(typeOf(decimals, floor('x'))).toBe('decimal(9,0)')
    expect(valuesOf(decimals, floor('x'))).toEqual([-2])
    expect(valuesOf(decimals, ceil('x'))).toEqual([-1])
  })

  it('abs and signum', () => {
    expect(valuesOf(nums, abs('d'))).toEqual([2.5, 2.5, null])
    expect(typeOf(nums, signum('a'))).toBe('double')
    expect(valuesOf(nums, signum('a'))).toEqual([1, -1, null])
  })
})

describe('type errors', () => {
  it('reject operands with no common type', () => {
    expect(() => nums.select(col('a').plus(lit(true)))).toThrow(AnalysisException)
    expect(() => nums.select(col('a').plus(lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(a + true)" due to data type mismatch: ' +
        'the left and right operands of the binary operator have incompatible types ("INT" and "BOOLEAN").',
    )
  })

  it('reject operands of a type the operator does not take', () => {
    expect(() => one.select(lit(true).plus(lit(false)))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve "(true + false)" due to data type mismatch: ' +
        'the binary operator requires the input type ("NUMERIC" or "INTERVAL DAY TO SECOND" or ' +
        '"INTERVAL YEAR TO MONTH" or "INTERVAL"), not "BOOLEAN".',
    )
    expect(() => one.select(lit(true).divide(lit(false)))).toThrow(
      'the binary operator requires the input type ("DOUBLE" or "DECIMAL"), not "BOOLEAN".',
    )
    expect(() => one.select(lit(true).multiply(lit(false)))).toThrow(
      'the binary operator requires the input type "NUMERIC", not "BOOLEAN".',
    )
  })

  it('name the expected parameter type of a math function', () => {
    expect(() => one.select(sqrt(lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "SQRT(true)" due to data type mismatch: ' +
        'Parameter 1 requires the "DOUBLE" type, however "true" has the type "BOOLEAN".',
    )
  })
})

describe('round arguments', () => {
  it('require a constant INT scale', () => {
    const df = spark.createDataFrame([{ x: 1.5, k: 1 }], 'x DOUBLE, k INT')
    expect(() => df.select(call_function('round', col('x'), col('k')))).toThrow(
      '[DATATYPE_MISMATCH.NON_FOLDABLE_INPUT] Cannot resolve "round(x, k)" due to data type mismatch: ' +
        'the input scala should be a foldable "INT" expression; however, got "k".',
    )
    expect(() => df.select(call_function('round', col('x'), lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "round(x, true)" due to data type mismatch: ' +
        'Parameter 2 requires the "INT" type, however "true" has the type "BOOLEAN".',
    )
  })
})

describe('bitwise operators', () => {
  it("work on integral columns in two's complement, BIGINT beyond 32 bits included, and widen INT with BIGINT", () => {
    const df = spark.createDataFrame(
      [
        { a: 12, b: 10, l: 1099511627781 },
        { a: -12, b: 10, l: -1099511627781 },
        { a: null, b: 3, l: 6 },
      ],
      'a INT, b INT, l BIGINT',
    )
    expect(valuesOf(df, col('a').bitwiseAND(col('b')))).toEqual([8, 0, null])
    expect(valuesOf(df, col('a').bitwiseOR(col('b')))).toEqual([14, -2, null])
    expect(valuesOf(df, col('a').bitwiseXOR(col('b')))).toEqual([6, -2, null])
    expect(valuesOf(df, bitwise_not('a'))).toEqual([-13, 11, null])
    expect(typeOf(df, col('l').bitwiseAND(col('b')))).toBe('bigint')
    expect(valuesOf(df, col('l').bitwiseAND(col('b')))).toEqual([0, 10, 2])
    expect(valuesOf(df, col('l').bitwiseXOR(lit(-1)))).toEqual([-1099511627782, 1099511627780, -7])
    expect(nameOf(df, col('a').bitwiseAND(col('b')))).toBe('(a & b)')
    expect(nameOf(df, bitwise_not('a'))).toBe('~a')
    expect(() => typeOf(df, col('a').bitwiseAND(lit(1.5)))).toThrow('requires the input type "INTEGRAL"')
  })
})
