// regexp_extract_all, regexp_count, regexp_substr, regexp_instr and regexp_extract/regexp_replace checks, against
// regexp-functions.sql.out and Spark's function docs.
import { describe, expect, it } from 'vitest'
import { lit, regexp_count, regexp_extract_all, regexp_instr, regexp_substr } from '../../../src/index.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const df = spark.createDataFrame([{ s: '1a 2b 14m' }, { s: 'a b m' }, { s: null }], 's STRING')
const sql = (text: string) => spark.sql(text).collect()[0]

describe('regex searches', () => {
  it('regexp_extract_all returns a group of every match, "" for a group that did not take part', () => {
    expect(valuesOf(df, regexp_extract_all('s', lit('(\\d+)([a-z]+)'), 2))).toEqual([['a', 'b', 'm'], [], null])
    expect(valuesOf(df.limit(1), regexp_extract_all('s', lit('(\\d+)?'), 1))).toEqual([
      ['1', '', '', '2', '', '', '14', '', ''],
    ])
    expect(() => df.select(regexp_extract_all('s', lit('\\d+'))).collect()).toThrow(
      /REGEX_GROUP_INDEX_EXCEED_REGEX_GROUP_COUNT/,
    )
  })

  it('regexp_count, regexp_substr and regexp_instr', () => {
    expect(valuesOf(df, regexp_count('s', lit('\\d+')))).toEqual([3, 0, null])
    expect(valuesOf(df, regexp_substr('s', lit('\\d{2}(a|b|m)')))).toEqual(['14m', null, null])
    expect(valuesOf(df, regexp_instr('s', lit('\\d{2}(a|b|m)')))).toEqual([7, 0, null])
    expect(sql("SELECT regexp_substr('1a 2b 14m', '') e, regexp_count('the fox', '(?i)FOX') c")).toEqual({
      e: null,
      c: 1,
    })
  })

  it('regexp_extract and regexp_replace check their group index and position (regexp-functions.sql.out)', () => {
    expect(() => spark.sql("SELECT regexp_extract('1a 2b 14m', '\\\\d+', -1)").collect()).toThrow(
      /_LEGACY_ERROR_TEMP_2006|less than zero/,
    )
    expect(() => spark.sql("SELECT regexp_replace('healthy', '\\\\w', 'x', 0)")).toThrow(/VALUE_OUT_OF_RANGE/)
    expect(sql("SELECT regexp_replace('healthy, wealthy, and wise', '\\\\w+thy', 'something', 8) r")).toEqual({
      r: 'healthy, something, and wise',
    })
    expect(sql("SELECT regexp_replace('healthy', '\\\\w', 'x', null) r")).toEqual({ r: null })
  })
})
