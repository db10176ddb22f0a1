// left/right, split_part, btrim, elt, find_in_set, overlay, lengths, soundex, levenshtein, char and the conditional
// additions, against Spark's function docs and string-functions.sql.out.
import { describe, expect, it } from 'vitest'
import {
  bit_length,
  btrim,
  char,
  col,
  elt,
  equal_null,
  find_in_set,
  left,
  levenshtein,
  lit,
  nullifzero,
  nvl2,
  octet_length,
  overlay,
  right,
  SparkRuntimeException,
  soundex,
  split_part,
  zeroifnull,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const words = spark.createDataFrame(
  [
    { s: 'abcd', n: 2 },
    { s: 'héllo', n: -1 },
    { s: null, n: 1 },
    { s: 'xy', n: null },
  ],
  's STRING, n INT',
)

describe('left, right and split_part', () => {
  it('take characters from either end; NULL in, NULL out; nothing for a length <= 0', () => {
    expect(valuesOf(words, left('s', 'n'))).toEqual(['ab', '', null, null])
    expect(valuesOf(words, right('s', 'n'))).toEqual(['cd', '', null, null])
    expect(valuesOf(words, left('s', 3))).toEqual(['abc', 'hél', null, 'xy'])
    expect(nameOf(words, left('s', 2))).toBe('left(s, 2)')
  })

  it('split_part counts parts from either end and gives "" past the last (docs)', () => {
    const parts = spark.createDataFrame([{ s: '11.12.13' }], 's STRING')
    expect(valuesOf(parts, split_part('s', lit('.'), 2))).toEqual(['12'])
    expect(valuesOf(parts, split_part('s', lit('.'), -3))).toEqual(['11'])
    expect(valuesOf(parts, split_part('s', lit('.'), 4))).toEqual([''])
    expect(valuesOf(parts, split_part('s', lit(''), 1))).toEqual(['11.12.13'])
    expect(() => parts.select(split_part('s', lit('.'), 0)).collect()).toThrow(SparkRuntimeException)
  })
})

describe('trimming, choosing and searching', () => {
  it('btrim trims both ends (docs: btrim("    SparkSQL   ") = "SparkSQL", btrim("SSparkSQLS", "SL") = "parkSQ")', () => {
    expect(valuesOf(one, btrim(lit('    SparkSQL   ')))).toEqual(['SparkSQL'])
    expect(valuesOf(one, btrim(lit('SSparkSQLS'), lit('SL')))).toEqual(['parkSQ'])
  })

  it('elt picks the n-th input, NULL when out of range', () => {
    expect(valuesOf(words, elt('n', lit('scala'), lit('java')))).toEqual(['java', null, 'scala', null])
  })

  it('find_in_set is 1-based and 0 when absent (docs: find_in_set("ab", "abc,b,ab,c,def") = 3)', () => {
    expect(valuesOf(one, find_in_set(lit('ab'), lit('abc,b,ab,c,def')))).toEqual([3])
    expect(valuesOf(one, find_in_set(lit('a,b'), lit('a,b')))).toEqual([0])
  })

  it('overlay replaces from a position (docs: overlay("Spark SQL", "_", 6) = "Spark_SQL")', () => {
    expect(valuesOf(one, overlay(lit('Spark SQL'), lit('_'), 6))).toEqual(['Spark_SQL'])
    expect(valuesOf(one, overlay(lit('Spark SQL'), lit('CORE'), 7))).toEqual(['Spark CORE'])
    expect(valuesOf(one, overlay(lit('Spark SQL'), lit('ANSI '), 7, 0))).toEqual(['Spark ANSI SQL'])
    expect(valuesOf(one, overlay(lit('Spark SQL'), lit('tructured'), 2, 4))).toEqual(['Structured SQL'])
  })
})

describe('measures and codes', () => {
  it('octet_length and bit_length count UTF-8 bytes', () => {
    expect(valuesOf(words, octet_length('s'))).toEqual([4, 6, null, 2])
    expect(valuesOf(words, bit_length('s'))).toEqual([32, 48, null, 16])
  })

  it('soundex, levenshtein and char follow the docs (Miller = M460; kitten→sitting = 3; char(65) = A)', () => {
    expect(valuesOf(one, soundex(lit('Miller')))).toEqual(['M460'])
    expect(valuesOf(one, soundex(lit('1abc')))).toEqual(['1abc'])
    expect(valuesOf(one, levenshtein(lit('kitten'), lit('sitting')))).toEqual([3])
    expect(valuesOf(one, levenshtein(lit('kitten'), lit('sitting'), 2))).toEqual([-1])
    expect(valuesOf(one, char(lit(65)))).toEqual(['A'])
    expect(valuesOf(one, char(lit(321)))).toEqual(['A'])
  })
})

describe('conditional additions', () => {
  it('nvl2, nullifzero, zeroifnull and equal_null (conditional-functions.sql.out, null-handling.sql.out)', () => {
    expect(valuesOf(words, nvl2('s', lit('set'), lit('unset')))).toEqual(['set', 'set', 'unset', 'set'])
    expect(valuesOf(words, zeroifnull('n'))).toEqual([2, -1, 1, 0])
    expect(valuesOf(spark.createDataFrame([{ n: 0 }, { n: 3 }], 'n BIGINT'), nullifzero('n'))).toEqual([null, 3])
    expect(typeOf(one, zeroifnull(lit(null)))).toBe('int')
    expect(valuesOf(words, equal_null('n', col('n')))).toEqual([true, true, true, true])
  })
})

describe('lpad and rpad (string-functions.sql.out)', () => {
  const hexOf = (query: string) => spark.sql(query).collect()[0]!.h

  it('pad BINARY with zero bytes by default and cut it to the length in bytes', () => {
    expect(hexOf("SELECT hex(lpad(unhex('aabb'), 5)) h")).toBe('000000AABB')
    expect(hexOf("SELECT hex(rpad(unhex('aabb'), 5)) h")).toBe('AABB000000')
    expect(hexOf("SELECT hex(lpad(unhex('aabbcc'), 2)) h")).toBe('AABB')
    expect(hexOf("SELECT hex(rpad(unhex('aa'), 5, unhex('1f2e'))) h")).toBe('AA1F2E1F2E')
    expect(hexOf("SELECT hex(lpad(unhex('aabbcc'), 6, unhex(''))) h")).toBe('AABBCC')
    expect(spark.sql("SELECT lpad(unhex('aa'), 3)").columns).toEqual(["lpad(unhex(aa), 3, X'00')"])
  })

  it('count characters, not bytes, in strings; a length that is not a number gives NULL', () => {
    expect(spark.sql("SELECT lpad('héllo', 7, 'ü') a, rpad('héllo', 2) b").collect()[0]).toEqual({
      a: 'üühéllo',
      b: 'hé',
    })
    const invalid = spark.sql("SELECT lpad('hi', 'invalid_length')")
    expect(invalid.columns).toEqual(['lpad(hi, invalid_length,  )'])
    expect(invalid.collect()[0]).toEqual({ 'lpad(hi, invalid_length,  )': null })
  })
})

describe('substring and locate defaults (string-functions.sql.out)', () => {
  it('fill in the optional last argument, which shows in the column name', () => {
    expect(spark.sql("SELECT substring('Spark SQL', 5)").columns).toEqual(['substring(Spark SQL, 5, 2147483647)'])
    expect(spark.sql("SELECT locate('bar', 'foobarbar')").columns).toEqual(['locate(bar, foobarbar, 1)'])
  })

  it('give NULL for a NULL position or length, and 0 for a NULL start of locate', () => {
    expect(spark.sql("SELECT substring('Spark SQL', NULL) a, substring('Spark SQL', 1, NULL) b").collect()[0]).toEqual({
      a: null,
      b: null,
    })
    expect(spark.sql("SELECT locate('bar', 'foobarbar', NULL) p").collect()[0]).toEqual({ p: 0 })
  })
})
