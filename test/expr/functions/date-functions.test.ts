// More date functions, and the cast functions, against Spark's function docs and date.sql.out / timestamp.sql.out.
import { describe, expect, it } from 'vitest'
import {
  date_from_unix_date,
  dayname,
  functions,
  lit,
  monthname,
  months_between,
  next_day,
  to_date,
  unix_date,
  unix_micros,
} from '../../../src/index.js'
import { nameOf, oneRow, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const sql = (text: string) => spark.sql(text).collect()[0]
const dateOf = (iso: string) => new Date(`${iso}T00:00:00Z`)

describe('epoch days and micros', () => {
  it('unix_date and date_from_unix_date are inverses (date.sql.out: 2020-12-04 is day 18600)', () => {
    expect(valuesOf(one, unix_date(to_date(lit('2020-12-04'))))).toEqual([18600])
    expect(sql('SELECT date_from_unix_date(1000) d')).toEqual({ d: dateOf('1972-09-27') })
    expect(valuesOf(one, date_from_unix_date(lit(null)))).toEqual([null])
  })

  it('unix_micros counts microseconds (timestamp.sql.out)', () => {
    expect(sql("SELECT unix_micros(timestamp'2020-12-01 14:30:08.999999Z') m")).toEqual({ m: 1606833008999999 })
    expect(nameOf(one, unix_micros(lit(null)))).toBe('unix_micros(NULL)')
  })
})

describe('names and steps', () => {
  it('next_day finds the next weekday by any spelling; NULL for an unknown name (date.sql.out)', () => {
    const df = spark.createDataFrame([{ d: '2015-07-23' }, { d: 'xx' }], 'd STRING')
    expect(valuesOf(df, next_day('d', 'Mon'))).toEqual([dateOf('2015-07-27'), null])
    expect(valuesOf(df.limit(1), next_day('d', 'thursday'))).toEqual([dateOf('2015-07-30')])
    expect(valuesOf(df.limit(1), next_day('d', 'xx'))).toEqual([null])
  })

  it('dayname and monthname are three-letter English names (docs)', () => {
    expect(valuesOf(one, dayname(lit('2008-02-20')))).toEqual(['Wed'])
    expect(valuesOf(one, monthname(lit('2008-02-20')))).toEqual(['Feb'])
  })

  it('months_between rounds to 8 digits unless told not to (docs)', () => {
    const args = [lit('1997-02-28 10:30:00'), lit('1996-10-30')] as const
    expect(valuesOf(one, months_between(...args))).toEqual([3.94959677])
    expect(valuesOf(one, months_between(...args, false))).toEqual([3.9495967741935485])
    expect(sql("SELECT months_between('2020-03-31', '2020-02-29') m")).toEqual({ m: 1 })
  })

  it('current_timezone is the session zone; the synonyms answer as their originals', () => {
    expect(sql('SELECT current_timezone() z')).toEqual({ z: 'UTC' })
    expect(sql("SELECT date_diff('2009-07-31', '2009-07-30') d, datediff('2009-07-31', '2009-07-30') e")).toEqual({
      d: 1,
      e: 1,
    })
    expect(valuesOf(one, functions.typeof(lit(1)))).toEqual(['int'])
  })
})

describe('cast functions', () => {
  it('int(), date(), string() ... cast like CAST', () => {
    expect(sql("SELECT int('12') i, double('1.5') d, date('2016-12-31') t, string(1) s, boolean('true') b")).toEqual({
      i: 12,
      d: 1.5,
      t: dateOf('2016-12-31'),
      s: '1',
      b: true,
    })
  })
})

describe('date_add and date_sub day counts (date.sql.out)', () => {
  const errorClassOf = (query: string) => {
    try {
      spark.sql(query)
    } catch (error) {
      return (error as { errorClass?: string }).errorClass
    }
  }

  it('take INT, SMALLINT, TINYINT or a string literal holding an integer', () => {
    expect(
      sql("SELECT date_add('2011-11-11', 1Y) a, date_sub('2011-11-11', 1S) s, date_add('2011-11-11', '1') t"),
    ).toEqual({ a: dateOf('2011-11-12'), s: dateOf('2011-11-10'), t: dateOf('2011-11-12') })
  })

  it('reject BIGINT, fractional and non-literal string counts', () => {
    expect(errorClassOf("SELECT date_add('2011-11-11', 1L)")).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE')
    expect(errorClassOf("SELECT date_add('2011-11-11', 1.0)")).toBe('DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE')
    expect(errorClassOf("SELECT date_sub(date'2011-11-11', '1.2')")).toBe('SECOND_FUNCTION_ARGUMENT_NOT_INTEGER')
    expect(errorClassOf("SELECT date_add('2011-11-11', s) FROM VALUES ('1') AS t(s)")).toBe(
      'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE',
    )
  })
})

describe('to_timestamp of a number (timestamp.sql.out)', () => {
  it('counts seconds since the epoch, as CAST does', () => {
    const t = spark.sql('SELECT to_timestamp(1) t')
    expect(t.collect()[0]).toEqual({ t: new Date('1970-01-01T00:00:01Z') })
    expect(spark.sql('SELECT to_timestamp(1)').columns).toEqual(['to_timestamp(1)'])
  })
})

describe('to_timestamp_ntz and to_timestamp_ltz (pyspark docs, extract.sql.out)', () => {
  const la = newSession({ 'spark.sql.session.timeZone': 'America/Los_Angeles' })
  const text = (query: string) => Object.values(la.sql(query).collect()[0]!)

  it('to_timestamp_ntz keeps the wall clock whatever the session zone; to_timestamp_ltz is to_timestamp', () => {
    expect(
      text(
        "SELECT CAST(to_timestamp_ntz('2011-05-06 07:08:09.1234567') AS STRING), " +
          "CAST(to_timestamp_ntz('2016-04-08', 'yyyy-MM-dd') AS STRING), CAST(to_timestamp_ntz(DATE'2016-04-08') AS STRING)",
      ),
    ).toEqual(['2011-05-06 07:08:09.123456', '2016-04-08 00:00:00', '2016-04-08 00:00:00'])
    expect(text("SELECT to_timestamp_ltz('2016-04-08 10:00:00') = to_timestamp('2016-04-08 10:00:00')")).toEqual([true])
    expect(la.sql("SELECT to_timestamp_ntz('2016-04-08')").dtypes).toEqual([
      ['to_timestamp_ntz(2016-04-08)', 'timestamp_ntz'],
    ])
  })

  it('are exported with an optional format column', () => {
    const df = spark.createDataFrame([{ e: '2016-04-08' }], 'e STRING')
    expect(df.select(functions.to_timestamp_ntz('e', lit('yyyy-MM-dd')).alias('r')).dtypes).toEqual([
      ['r', 'timestamp_ntz'],
    ])
    expect(valuesOf(df, functions.to_timestamp_ltz('e'))).toEqual([new Date('2016-04-08T00:00:00Z')])
  })
})
