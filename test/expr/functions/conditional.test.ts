// CASE WHEN, if, coalesce, nvl, nullif, greatest, least and nanvl against Spark 3.5 (values, types, names, errors).
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  call_function,
  coalesce,
  col,
  greatest,
  IntegerType,
  ifnull,
  least,
  lit,
  nanvl,
  nullif,
  nvl,
  udf,
  when,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const df = spark.createDataFrame(
  [
    { a: 5, b: null, c: 1, s: 'x', d: Number.NaN },
    { a: null, b: 2, c: 3, s: null, d: 1.5 },
    { a: null, b: null, c: null, s: 'z', d: null },
  ],
  'a INT, b INT, c INT, s STRING, d DOUBLE',
)

describe('generated column names', () => {
  it('print CASE WHEN with its branches', () => {
    expect(nameOf(df, when(col('a').gt(1), 'x').otherwise('y'))).toBe('CASE WHEN (a > 1) THEN x ELSE y END')
    expect(nameOf(df, when(col('a').gt(1), 1))).toBe('CASE WHEN (a > 1) THEN 1 END')
    expect(nameOf(df, when(col('a').gt(1), 1).when(col('a').lt(0), -1).otherwise(0))).toBe(
      'CASE WHEN (a > 1) THEN 1 WHEN (a < 0) THEN -1 ELSE 0 END',
    )
  })

  it('print the other conditionals as calls', () => {
    expect(nameOf(df, coalesce('a', 'b'))).toBe('coalesce(a, b)')
    expect(nameOf(df, nvl('a', 'b'))).toBe('nvl(a, b)')
    expect(nameOf(df, ifnull('a', 'b'))).toBe('ifnull(a, b)')
    expect(nameOf(df, nullif('a', 'c'))).toBe('nullif(a, c)')
    expect(nameOf(df, greatest('a', 'b', 'c'))).toBe('greatest(a, b, c)')
    expect(nameOf(df, least('a', 'b'))).toBe('least(a, b)')
    expect(nameOf(df, nanvl('d', 'a'))).toBe('nanvl(d, a)')
    expect(nameOf(df, call_function('if', col('a').gt(1), col('b'), col('c')))).toBe('(IF((a > 1), b, c))')
  })
})

describe('CASE WHEN', () => {
  it('takes the first true branch; a NULL condition counts as false', () => {
    const e = when(col('a').gt(1), 'big').when(col('c').gt(2), 'c').otherwise('none')
    expect(valuesOf(df, e)).toEqual(['big', 'c', 'none'])
  })

  it('takes the first true branch row by row across many rows, NULL conditions counting as false', () => {
    // 21 rows (three bitmap bytes, the last partial): n % 3 = 0 → 'three' first, then n % 2 = 0 → 'two', every
    // seventh n a NULL in both conditions.
    const rows = Array.from({ length: 21 }, (_, n) => ({ n, m: n % 7 === 6 ? null : n }))
    const many = spark.createDataFrame(rows, 'n INT, m INT')
    const byThree = col('m').mod(3).eqNullSafe(0).and(col('m').isNotNull())
    const cased = when(col('m').mod(3).eq(0), 'three').when(col('m').mod(2).eq(0), 'two')
    const expected = rows.map(({ m }) => (m === null ? null : m % 3 === 0 ? 'three' : m % 2 === 0 ? 'two' : null))
    expect(valuesOf(many, cased)).toEqual(expected)
    expect(valuesOf(many, cased.otherwise('other'))).toEqual(expected.map((v) => v ?? 'other'))
    expect(valuesOf(many, when(byThree, col('n')))).toEqual(
      rows.map(({ n, m }) => (m !== null && m % 3 === 0 ? n : null)),
    )
  })

  it('is NULL without an ELSE when nothing matches', () => {
    expect(valuesOf(df, when(col('a').gt(1), 'big'))).toEqual(['big', null, null])
  })

  it('widens the branch values to a common type', () => {
    expect(typeOf(df, when(col('a').gt(1), 1).otherwise(2.5))).toBe('double')
    expect(valuesOf(df, when(col('a').gt(1), 1).otherwise(2.5))).toEqual([1, 2.5, 2.5])
    expect(typeOf(df, when(col('a').gt(1), 1).otherwise('x'))).toBe('string')
    expect(valuesOf(df, when(col('a').gt(1), 1).otherwise('x'))).toEqual(['1', 'x', 'x'])
  })

  it('evaluates branch values per row', () => {
    expect(valuesOf(df, when(col('b').isNull(), col('c')).otherwise(col('b')))).toEqual([1, 2, null])
  })

  it('does not cast a condition to BOOLEAN: the branch is named by its position, as in Spark', () => {
    expect(() => df.select(when(col('a').gt(1), 1).when(col('s'), 2))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "CASE WHEN (a > 1) THEN 1 WHEN s THEN 2 END" due to data type mismatch: Parameter 2 requires the "BOOLEAN" type, however "s" has the type "STRING".',
    )
    expect(valuesOf(df, when(lit(null), 1).otherwise(2))).toEqual([2, 2, 2])
  })

  it('names the whole CASE expression and `casewhen` when branch values share no type', () => {
    expect(() => df.select(when(col('a').gt(1), lit(true)).otherwise(col('d')))).toThrow(
      '[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "CASE WHEN (a > 1) THEN true ELSE d END" due to data type mismatch: Input to `casewhen` should all be the same type, but it\'s ["BOOLEAN", "DOUBLE"].',
    )
  })
})

describe('if', () => {
  it('picks the second argument where the condition is true, else the third (NULL counts as false)', () => {
    const e = call_function('if', col('a').gt(1), col('s'), lit('no'))
    expect(valuesOf(df, e)).toEqual(['x', 'no', 'no'])
  })
})

describe('coalesce / nvl / ifnull', () => {
  it('return the first non-NULL argument', () => {
    expect(valuesOf(df, coalesce('a', 'b', 'c'))).toEqual([5, 2, null])
    expect(valuesOf(df, coalesce('b', lit(0)))).toEqual([0, 2, 0])
    expect(valuesOf(df, nvl('a', 'c'))).toEqual([5, 3, null])
    expect(valuesOf(df, ifnull('s', lit('?')))).toEqual(['x', '?', 'z'])
  })

  it('widen to a common type', () => {
    expect(typeOf(df, coalesce('a', 'd'))).toBe('double')
    expect(typeOf(df, coalesce('a', 's'))).toBe('string')
    expect(valuesOf(df, coalesce('a', 's'))).toEqual(['5', null, 'z'])
  })

  it('do not promote a BOOLEAN and a STRING to a common type', () => {
    expect(() => df.select(coalesce(lit(true), 's'))).toThrow(
      '[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "coalesce(true, s)" due to data type mismatch: ' +
        'Input to `coalesce` should all be the same type, but it\'s ("BOOLEAN" or "STRING").',
    )
  })

  it('are non-nullable when any argument is', () => {
    const schema = df.select(coalesce('a', lit(0))).schema
    expect(schema.fields[0]!.nullable).toBe(false)
    expect(df.select(coalesce('a', 'b')).schema.fields[0]!.nullable).toBe(true)
  })

  it('need at least one argument', () => {
    expect(() => df.select(coalesce())).toThrow(
      '[DATATYPE_MISMATCH.WRONG_NUM_ARGS] Cannot resolve "coalesce()" due to data type mismatch: ' +
        'The `coalesce` requires > 0 parameters but the actual number is 0.',
    )
  })
})

describe('nullif', () => {
  it('is NULL where the arguments are equal, else the first', () => {
    expect(valuesOf(df, nullif('c', lit(1)))).toEqual([null, 3, null])
    expect(valuesOf(df, nullif('a', 'b'))).toEqual([5, null, null])
  })

  it('treats NaN as equal to NaN', () => {
    expect(valuesOf(df, nullif('d', lit(Number.NaN)))).toEqual([null, 1.5, null])
  })

  it('keeps the first argument’s type', () => {
    expect(typeOf(df, nullif('c', lit('1')))).toBe('int')
    expect(valuesOf(df, nullif('c', lit('1')))).toEqual([null, 3, null])
  })
})

describe('greatest / least', () => {
  it('skip NULLs and are NULL only when all arguments are', () => {
    expect(valuesOf(df, greatest('a', 'b', 'c'))).toEqual([5, 3, null])
    expect(valuesOf(df, least('a', 'b', 'c'))).toEqual([1, 2, null])
  })

  it('widen to a common type', () => {
    expect(typeOf(df, greatest('a', 'd'))).toBe('double')
    expect(typeOf(df, greatest(lit(1), lit('10'), lit('9')))).toBe('string')
    // Compared as strings: '9' > '10'.
    expect(valuesOf(one, greatest(lit(1), lit('10'), lit('9')))).toEqual(['9'])
  })

  it('order NaN above every other double', () => {
    expect(valuesOf(one, greatest(lit(1.0), lit(Number.NaN)))).toEqual([Number.NaN])
    expect(valuesOf(one, least(lit(1.5), lit(Number.NaN)))).toEqual([1.5])
    expect(valuesOf(one, greatest(lit(Number.POSITIVE_INFINITY), lit(Number.NaN)))).toEqual([Number.NaN])
  })

  it('order booleans false before true', () => {
    expect(valuesOf(one, greatest(lit(false), lit(true)))).toEqual([true])
    expect(valuesOf(one, least(lit(false), lit(true)))).toEqual([false])
  })

  it('order strings by bytes', () => {
    expect(valuesOf(one, greatest(lit('apple'), lit('Zebra'), lit('éclair')))).toEqual(['éclair'])
    expect(valuesOf(one, least(lit('apple'), lit('Zebra')))).toEqual(['Zebra'])
  })

  it('need two arguments', () => {
    expect(() => df.select(greatest('a'))).toThrow(
      '[DATATYPE_MISMATCH.WRONG_NUM_ARGS] Cannot resolve "greatest(a)" due to data type mismatch: ' +
        'The `greatest` requires > 1 parameters but the actual number is 1.',
    )
  })

  it('reject arguments of no common type', () => {
    expect(() => df.select(least(col('a'), lit(true)))).toThrow(AnalysisException)
    expect(() => df.select(least(col('a'), lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.DATA_DIFF_TYPES] Cannot resolve "least(a, true)" due to data type mismatch: ' +
        'Input to `least` should all be the same type, but it\'s ["INT", "BOOLEAN"].',
    )
  })
})

describe('nanvl', () => {
  it('replaces NaN by the second argument, which may be NULL', () => {
    expect(valuesOf(df, nanvl('d', lit(0.0)))).toEqual([0, 1.5, null])
    expect(valuesOf(df, nanvl('d', 'b'))).toEqual([null, 1.5, null])
    expect(valuesOf(one, nanvl(lit(Number.NaN), lit(null)))).toEqual([null])
  })
})

describe('CASE WHEN with numeric branches', () => {
  it('gives each row its branch, NULL where no branch matched or the branch is NULL, for numbers and dates', () => {
    const rows = spark.createDataFrame([{ p: 5 }, { p: 50 }, { p: null }, { p: 500 }], 'p INT')
    expect(valuesOf(rows, when(col('p').lt(10), 1))).toEqual([1, null, null, null])
    expect(valuesOf(rows, when(col('p').lt(10), 1).when(col('p').lt(100), lit(null)).otherwise(3))).toEqual([
      1,
      null,
      3,
      3,
    ])
    expect(valuesOf(rows, when(col('p').gt(10), lit(2.5)).otherwise(lit(-1)))).toEqual([-1, 2.5, -1, 2.5])
    expect(typeOf(rows, when(col('p').gt(10), lit(2.5)).otherwise(lit(-1)))).toBe('double')
    const dates = valuesOf(rows, when(col('p').gt(10), call_function('to_date', lit('2024-02-29')))) as (Date | null)[]
    expect(dates.map((d) => d?.toISOString().slice(0, 10) ?? null)).toEqual([null, '2024-02-29', null, '2024-02-29'])
  })

  it('reads a column branch row by row, its nulls included', () => {
    const rows = spark.createDataFrame(
      [
        { p: 5, q: 7 },
        { p: 50, q: null },
        { p: null, q: 9 },
        { p: 500, q: 11 },
      ],
      'p INT, q BIGINT',
    )
    expect(valuesOf(rows, when(col('p').gt(10), col('q')))).toEqual([null, null, null, 11])
    expect(valuesOf(rows, when(col('p').lt(10), col('q')).when(col('p').lt(100), -1).otherwise(col('p')))).toEqual([
      7,
      -1,
      null,
      500,
    ])
  })
})

// Spark evaluates a CASE branch, if's values, coalesce's later arguments, nvl2's and AND/OR's right side row by row,
// only where the row needs them: an error on a row that does not (raise_error, assert_true, a failing UDF) is not
// raised; one on a row that does is.
describe('arguments only some rows need', () => {
  const t = spark.createDataFrame([{ v: 1 }, { v: -2 }, { v: null }, { v: 8 }], 'v INT')
  t.createOrReplaceTempView('guarded_t')
  const query = (sql: string, where = 'true') => spark.sql(`SELECT ${sql} AS c FROM guarded_t WHERE ${where}`)
  const column = (sql: string, where?: string) =>
    query(sql, where)
      .collect()
      .map((row) => row.c)

  it('CASE computes a branch, and a later condition, only where the row reaches it', () => {
    expect(column('CASE WHEN v > 0 THEN assert_true(v > 0) ELSE 7 END')).toEqual([null, 7, 7, null])
    expect(column('CASE WHEN v IS NULL OR v < 0 THEN 0 WHEN assert_true(v > 0) IS NULL THEN v END')).toEqual([
      1, 0, 0, 8,
    ])
    expect(() => column("CASE WHEN v IS NULL OR v < 5 THEN v ELSE raise_error('big: ' || v) END")).toThrow('big: 8')
  })

  it('if, coalesce and nvl2 compute a value only where it is chosen', () => {
    expect(column("if(v > 5, raise_error('too big: ' || v), v + 1)", 'v IS NULL OR v < 5')).toEqual([2, -1, null])
    expect(() => column("if(v > 5, raise_error('too big: ' || v), v + 1)")).toThrow('too big: 8')
    expect(column('coalesce(v, assert_true(v IS NULL))')).toEqual([1, -2, null, 8])
    expect(column('nvl2(v, assert_true(v IS NOT NULL), 0)')).toEqual([null, null, 0, null])
    expect(() => column('nvl2(v, 0, assert_true(v IS NOT NULL))')).toThrow('is not true!')
  })

  it('AND and OR compute the right side only where the left does not decide', () => {
    expect(column('v IS NOT NULL AND v > 0 AND assert_true(v > 0) IS NULL')).toEqual([true, false, false, true])
    expect(column('v IS NULL OR v < 0 OR assert_true(v > 0) IS NULL')).toEqual([true, true, true, true])
    // NULL AND x needs x: assert_true(NULL) fails.
    expect(() => column('v > 0 AND assert_true(v > 0) IS NULL')).toThrow('is not true!')
  })

  it('a UDF guarded by when() is not called on the rows it cannot handle', () => {
    const parse = udf((s: string) => {
      if (!/^[0-9]+$/.test(s)) throw new Error(`not a number: ${s}`)
      return Number(s)
    }, IntegerType())
    const texts = spark.createDataFrame([{ s: '12' }, { s: 'bad' }, { s: '7' }], 's STRING')
    expect(valuesOf(texts, when(col('s').rlike('^[0-9]+$'), parse(col('s'))).otherwise(-1))).toEqual([12, -1, 7])
    expect(() => valuesOf(texts, parse(col('s')))).toThrow('not a number: bad')
  })
})
