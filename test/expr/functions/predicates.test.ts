// Comparisons and boolean logic against Spark 3.5: three-valued logic, NULL-safe equality, IN, LIKE, NaN ordering.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  array,
  col,
  collect_list,
  isnan,
  isnull,
  lit,
  not,
  sort_array,
  struct,
} from '../../../src/index.js'
import { nameOf, oneRow, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()

/** Every pair of (true, false, null), as rows p, q. */
const truth = spark.createDataFrame(
  [
    [true, true],
    [true, false],
    [true, null],
    [false, true],
    [false, false],
    [false, null],
    [null, true],
    [null, false],
    [null, null],
  ],
  'p BOOLEAN, q BOOLEAN',
)

const nums = spark.createDataFrame(
  [
    { a: 1, b: 1, d: 1.0, s: '1' },
    { a: 2, b: 3, d: Number.NaN, s: '1.5' },
    { a: null, b: 3, d: null, s: 'abc' },
  ],
  'a INT, b INT, d DOUBLE, s STRING',
)

describe('generated column names', () => {
  it('print comparisons and logic the way Spark does', () => {
    expect(nameOf(nums, col('a').eq(col('b')))).toBe('(a = b)')
    expect(nameOf(nums, col('a').neq(col('b')))).toBe('(NOT (a = b))')
    expect(nameOf(nums, col('a').gt(1))).toBe('(a > 1)')
    expect(nameOf(nums, col('a').geq(1))).toBe('(a >= 1)')
    expect(nameOf(nums, col('a').lt(1))).toBe('(a < 1)')
    expect(nameOf(nums, col('a').leq(1))).toBe('(a <= 1)')
    expect(nameOf(nums, col('a').eqNullSafe(col('b')))).toBe('(a <=> b)')
    expect(nameOf(truth, col('p').and(col('q')))).toBe('(p AND q)')
    expect(nameOf(truth, col('p').or(col('q')))).toBe('(p OR q)')
    expect(nameOf(truth, not(col('p')))).toBe('(NOT p)')
    expect(nameOf(nums, col('a').isNull())).toBe('(a IS NULL)')
    expect(nameOf(nums, isnull('a'))).toBe('(a IS NULL)')
    expect(nameOf(nums, col('a').isNotNull())).toBe('(a IS NOT NULL)')
    expect(nameOf(nums, col('a').isin(1, 2))).toBe('(a IN (1, 2))')
    expect(nameOf(nums, col('a').between(1, 3))).toBe('((a >= 1) AND (a <= 3))')
    expect(nameOf(nums, col('s').like('1%'))).toBe('s LIKE 1%')
    expect(nameOf(nums, col('s').rlike('^1'))).toBe('s RLIKE ^1')
    expect(nameOf(nums, col('s').contains('b'))).toBe('contains(s, b)')
    expect(nameOf(nums, col('s').startswith('a'))).toBe('startswith(s, a)')
    expect(nameOf(nums, col('s').endswith('c'))).toBe('endswith(s, c)')
    expect(nameOf(nums, isnan('d'))).toBe('isnan(d)')
  })

  it('hide the casts coercion adds', () => {
    expect(nameOf(nums, col('s').eq(1))).toBe('(s = 1)')
    expect(nameOf(nums, col('a').lt(col('d')))).toBe('(a < d)')
    expect(nameOf(nums, col('a').isin('1', 2))).toBe('(a IN (1, 2))')
  })
})

describe('three-valued logic', () => {
  it('AND is false when either side is false, else NULL when either is NULL', () => {
    expect(valuesOf(truth, col('p').and(col('q')))).toEqual([true, false, null, false, false, false, null, false, null])
  })

  it('OR is true when either side is true, else NULL when either is NULL', () => {
    expect(valuesOf(truth, col('p').or(col('q')))).toEqual([true, true, true, true, false, null, true, null, null])
  })

  it('NOT of NULL is NULL', () => {
    expect(valuesOf(truth, not(col('p')))).toEqual([false, false, false, true, true, true, null, null, null])
  })

  it('AND/OR with literal operands', () => {
    expect(valuesOf(truth, col('p').and(lit(null)))).toEqual([null, null, null, false, false, false, null, null, null])
    expect(valuesOf(truth, col('p').or(lit(true)))).toEqual(Array(9).fill(true))
    expect(valuesOf(one, lit(null).and(lit(false)))).toEqual([false])
  })

  it('comparisons with NULL are NULL; <=> never is', () => {
    expect(valuesOf(nums, col('a').eq(col('b')))).toEqual([true, false, null])
    expect(valuesOf(nums, col('a').neq(col('b')))).toEqual([false, true, null])
    expect(valuesOf(nums, col('a').lt(col('b')))).toEqual([false, true, null])
    expect(valuesOf(nums, col('a').eqNullSafe(col('b')))).toEqual([true, false, false])
    expect(valuesOf(truth, col('p').eqNullSafe(col('q')))).toEqual([
      true,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      true,
    ])
    expect(valuesOf(one, lit(null).eqNullSafe(lit(null)))).toEqual([true])
  })

  it('IS NULL / IS NOT NULL are never NULL', () => {
    expect(valuesOf(nums, col('a').isNull())).toEqual([false, false, true])
    expect(valuesOf(nums, col('a').isNotNull())).toEqual([true, true, false])
    expect(valuesOf(one, lit(null).isNull())).toEqual([true])
    expect(valuesOf(one, lit(1).isNull())).toEqual([false])
    expect(valuesOf(one, lit(1).isNotNull())).toEqual([true])
  })

  it('between is inclusive and NULL-propagating', () => {
    expect(valuesOf(nums, col('b').between(1, 2))).toEqual([true, false, false])
    expect(valuesOf(nums, col('a').between(1, 2))).toEqual([true, true, null])
  })
})

describe('IN', () => {
  it('is NULL for a NULL value, or for no match when the list holds NULL', () => {
    expect(valuesOf(nums, col('a').isin(1, 5))).toEqual([true, false, null])
    expect(valuesOf(nums, col('a').isin(1, null))).toEqual([true, null, null])
    expect(valuesOf(nums, col('a').isin([2]))).toEqual([false, true, null])
  })

  it('is NULL for a NULL literal', () => {
    expect(valuesOf(one, lit(null).isin(1, 2))).toEqual([null])
  })

  it('compares strings exactly (bytes, case, length), NULL for no match when the list holds NULL', () => {
    const texts = spark.createDataFrame([['apple'], ['Apple'], ['appl'], [null], ['épée'], ['']], 's STRING')
    expect(valuesOf(texts, col('s').isin('apple', 'épée', 'apples'))).toEqual([true, false, false, null, true, false])
    expect(valuesOf(texts, col('s').isin('', null))).toEqual([null, null, null, null, null, true])
  })

  it('compares against other columns row by row', () => {
    expect(valuesOf(nums, col('b').isin(col('a'), 3))).toEqual([true, true, true])
    expect(valuesOf(nums, col('a').isin(col('b')))).toEqual([true, false, null])
  })

  it('widens to a common type, strings included', () => {
    expect(valuesOf(nums, col('a').isin('1', 7))).toEqual([true, false, null])
    expect(valuesOf(nums, col('a').isin(1.0))).toEqual([true, false, null])
  })

  it('finds NaN in a list holding NaN', () => {
    expect(valuesOf(nums, col('d').isin(Number.NaN))).toEqual([false, true, null])
  })
})

describe('string equality with a constant', () => {
  const words = spark.createDataFrame(
    [{ w: 'apple' }, { w: 'Apple' }, { w: 'apples' }, { w: 'appl' }, { w: '' }, { w: null }, { w: 'été' }],
    'w STRING',
  )

  it('is byte equality: same length and bytes, empty strings equal, NULL unknown, from either side', () => {
    expect(valuesOf(words, col('w').eqNullSafe('apple'))).toEqual([true, false, false, false, false, false, false])
    expect(valuesOf(words, col('w').eq('apple'))).toEqual([true, false, false, false, false, null, false])
    expect(valuesOf(words, lit('apple').eq(col('w')))).toEqual([true, false, false, false, false, null, false])
    expect(valuesOf(words, col('w').eq(''))).toEqual([false, false, false, false, true, null, false])
    expect(valuesOf(words, col('w').eq('été'))).toEqual([false, false, false, false, false, null, true])
    expect(valuesOf(words, col('w').neq('apple'))).toEqual([false, true, true, true, true, null, true])
  })

  it('reads a filtered column (offsets not starting at 0) at its own rows', () => {
    const filtered = words.filter(col('w').neq('apple'))
    expect(valuesOf(filtered, col('w').eq('appl'))).toEqual([false, false, true, false, false])
  })
})

describe('comparison coercion', () => {
  it('casts a string to the other side’s type (so "1.5" = 1 is true, as in Spark)', () => {
    expect(valuesOf(nums, col('s').eq(1))).toEqual([true, true, null])
    expect(valuesOf(nums, col('s').eq(1.5))).toEqual([false, true, null])
    expect(valuesOf(nums, col('s').gt(lit(1)))).toEqual([false, false, null])
  })

  it('compares ints and doubles as doubles', () => {
    expect(valuesOf(nums, col('a').eq(col('d')))).toEqual([true, false, null])
    expect(valuesOf(one, lit(1).eq(lit(1.0)))).toEqual([true])
  })

  it('compares a string and a date as dates', () => {
    const dates = spark.createDataFrame([{ d: new Date('2024-02-29T00:00:00Z') }], 'd DATE')
    expect(valuesOf(dates, col('d').eq('2024-02-29'))).toEqual([true])
    expect(valuesOf(dates, col('d').lt('2024-3-1'))).toEqual([true])
  })

  it('compares a boolean with a number (BooleanEquality)', () => {
    expect(valuesOf(truth.limit(4), col('p').eq(1))).toEqual([true, true, true, false])
    expect(valuesOf(truth.limit(4), col('p').eq(0))).toEqual([false, false, false, true])
    expect(valuesOf(truth.limit(4), col('p').eq(2))).toEqual([false, false, false, false])
  })

  it('orders strings by UTF-8 bytes', () => {
    const words = spark.createDataFrame(
      [
        { x: 'B', y: 'a' },
        { x: 'é', y: 'z' },
        { x: 'ab', y: 'a' },
      ],
      'x STRING, y STRING',
    )
    expect(valuesOf(words, col('x').lt(col('y')))).toEqual([true, false, false])
    expect(valuesOf(words, col('x').gt(col('y')))).toEqual([false, true, true])
  })
})

describe('NaN', () => {
  it('equals itself and sorts above every other double', () => {
    const df = spark.createDataFrame(
      [
        { x: Number.NaN, y: Number.NaN },
        { x: Number.NaN, y: Number.POSITIVE_INFINITY },
        { x: 1, y: Number.NaN },
        { x: -0, y: 0 },
      ],
      'x DOUBLE, y DOUBLE',
    )
    expect(valuesOf(df, col('x').eq(col('y')))).toEqual([true, false, false, true])
    expect(valuesOf(df, col('x').gt(col('y')))).toEqual([false, true, false, false])
    expect(valuesOf(df, col('x').geq(col('y')))).toEqual([true, true, false, true])
    expect(valuesOf(df, col('x').lt(col('y')))).toEqual([false, false, true, false])
    expect(valuesOf(df, col('x').leq(col('y')))).toEqual([true, false, true, true])
    expect(valuesOf(df, col('x').eqNullSafe(col('y')))).toEqual([true, false, false, true])
  })

  it('isnan is false for NULL', () => {
    expect(valuesOf(nums, isnan('d'))).toEqual([false, true, false])
    expect(valuesOf(one, isnan(lit(null)))).toEqual([false])
  })
})

describe('LIKE, RLIKE, ILIKE', () => {
  const words = spark.createDataFrame(
    [{ w: 'apple' }, { w: 'a_b' }, { w: 'line1\nline2' }, { w: 'a😀' }, { w: '' }, { w: null }],
    'w STRING',
  )

  it('% matches any run and _ one character, across newlines and by code point', () => {
    expect(valuesOf(words, col('w').like('a%'))).toEqual([true, true, false, true, false, null])
    expect(valuesOf(words, col('w').like('a_'))).toEqual([false, false, false, true, false, null])
    expect(valuesOf(words, col('w').like('line1%2'))).toEqual([false, false, true, false, false, null])
    expect(valuesOf(words, col('w').like('%'))).toEqual([true, true, true, true, true, null])
  })

  it('a backslash escapes % and _', () => {
    expect(valuesOf(words, col('w').like('a\\_b'))).toEqual([false, true, false, false, false, null])
    expect(valuesOf(words, col('w').like('a\\%'))).toEqual([false, false, false, false, false, null])
  })

  it('rejects an escape before any other character, or at the end', () => {
    expect(() => words.select(col('w').like('a\\b')).collect()).toThrow(
      "the pattern 'a\\b' is invalid, the escape character is not allowed to precede 'b'",
    )
    expect(() => words.select(col('w').like('a\\')).collect()).toThrow(
      "the pattern 'a\\' is invalid, it is not allowed to end with the escape character",
    )
    expect(valuesOf(spark.createDataFrame([{ w: 'a\\b' }], 'w STRING'), col('w').like('a\\\\b'))).toEqual([true])
  })

  it('treats regex metacharacters in LIKE literally', () => {
    const df = spark.createDataFrame([{ w: 'a.c' }, { w: 'abc' }], 'w STRING')
    expect(valuesOf(df, col('w').like('a.c'))).toEqual([true, false])
  })

  it('ILIKE ignores case', () => {
    expect(valuesOf(words, col('w').ilike('APP%'))).toEqual([true, false, false, false, false, null])
  })

  it('RLIKE takes Java syntax: inline flags, POSIX classes, \\A and $ before a final line break', () => {
    const df = spark.createDataFrame([{ w: 'SPARK sql' }, { w: 'line\n' }, { w: 'é1' }], 'w STRING')
    expect(valuesOf(df, col('w').rlike('(?i)^spark'))).toEqual([true, false, false])
    expect(valuesOf(df, col('w').rlike('^\\p{Upper}+\\s'))).toEqual([true, false, false])
    expect(valuesOf(df, col('w').rlike('\\p{Alpha}\\p{Digit}'))).toEqual([false, false, false])
    expect(valuesOf(df, col('w').rlike('line$'))).toEqual([false, true, false])
    expect(valuesOf(df, col('w').rlike('\\Al'))).toEqual([false, true, false])
  })

  it('RLIKE finds the pattern anywhere (Java Matcher.find)', () => {
    expect(valuesOf(words, col('w').rlike('p+l'))).toEqual([true, false, false, false, false, null])
    expect(valuesOf(words, col('w').rlike('^a'))).toEqual([true, true, false, true, false, null])
    expect(valuesOf(words, col('w').rlike(''))).toEqual([true, true, true, true, true, null])
  })
})

describe('contains, startswith, endswith', () => {
  const words = spark.createDataFrame([{ w: 'Spark' }, { w: '' }, { w: null }], 'w STRING')

  it('match substrings; the empty string matches everything', () => {
    expect(valuesOf(words, col('w').contains('par'))).toEqual([true, false, null])
    expect(valuesOf(words, col('w').contains(''))).toEqual([true, true, null])
    expect(valuesOf(words, col('w').startswith('Sp'))).toEqual([true, false, null])
    expect(valuesOf(words, col('w').startswith('sp'))).toEqual([false, false, null])
    expect(valuesOf(words, col('w').endswith('rk'))).toEqual([true, false, null])
    expect(valuesOf(words, col('w').endswith(lit(null)))).toEqual([null, null, null])
  })
})

describe('type errors', () => {
  it('comparing an INT with a BOOLEAN', () => {
    expect(() => nums.select(col('a').gt(lit(true)))).toThrow(AnalysisException)
    expect(() => nums.select(col('a').gt(lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(a > true)" due to data type mismatch: ' +
        'the left and right operands of the binary operator have incompatible types ("INT" and "BOOLEAN").',
    )
  })

  it('AND with a non-boolean operand', () => {
    expect(() => nums.select(col('a').and(lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve "(a AND true)" due to data type mismatch: ' +
        'the left and right operands of the binary operator have incompatible types ("INT" and "BOOLEAN").',
    )
    expect(() => nums.select(col('s').or(col('s')))).toThrow(
      '[DATATYPE_MISMATCH.BINARY_OP_WRONG_TYPE] Cannot resolve "(s OR s)" due to data type mismatch: ' +
        'the binary operator requires the input type "BOOLEAN", not "STRING".',
    )
  })

  it('NOT of an INT', () => {
    expect(() => nums.select(not(col('a')))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "(NOT a)" due to data type mismatch: ' +
        'Parameter 1 requires the "BOOLEAN" type, however "a" has the type "INT".',
    )
  })

  it('IN with a value of no common type', () => {
    expect(() => nums.select(col('a').isin(true))).toThrow(
      '[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "(a IN (true))" due to data type mismatch: ' +
        'Input to `in` should all be the same type, but it\'s ["INT", "BOOLEAN"].',
    )
  })
})

describe('ordering of nested values', () => {
  const spark = newSession()
  const df = spark.createDataFrame(
    [
      [9, 'b', [1, 10]],
      [10, 'a', [1, 9]],
      [null, 'c', [1]],
    ],
    'n INT, s STRING, xs ARRAY<INT>',
  )

  it('compares structs field by field and arrays element by element, with NULLs first', () => {
    const pair = struct(col('n'), col('s'))
    expect(valuesOf(df, pair.lt(struct(lit(10).alias('n'), lit('a').alias('s'))))).toEqual([true, false, true])
    expect(valuesOf(df, col('xs').gt(array(lit(1), lit(9))))).toEqual([true, false, false])
  })

  it('sorts by a struct and sorts arrays of structs in that order', () => {
    const sorted = df.orderBy(struct(col('n'), col('s'))).collect()
    expect(sorted.map((r) => r.n)).toEqual([null, 9, 10])
    const nested = df.agg(sort_array(collect_list(struct(col('n'), col('s')))).alias('all')).collect()
    expect(nested[0]!.all).toEqual([
      { n: null, s: 'c' },
      { n: 9, s: 'b' },
      { n: 10, s: 'a' },
    ])
  })
})
