// ANSI intervals in SQL: literal types and texts, casts, arithmetic and errors, each expectation taken from Spark's
// golden files (sql-tests/results/{interval,cast,try_arithmetic,literals}.sql.out) or Spark's IntervalUtils rules.
import { describe, expect, it } from 'vitest'
import { SparkError } from '../../src/common/errors.js'
import { DayTimeIntervalType, YearMonthIntervalType } from '../../src/types/data-types.js'
import { dayTimeIntervalText, yearMonthIntervalText } from '../../src/types/interval-format.js'
import { resultRows, schemaLine, zone } from '../spark-sql/hive-result.js'
import { newSession } from '../support/session.js'

const spark = newSession({ 'spark.sql.session.timeZone': zone })

/** The schema line and the rows of a query, as Spark's golden files print them. */
function run(sql: string): { schema: string; rows: string[] } {
  const df = spark.sql(sql)
  return { schema: schemaLine(df.schema), rows: resultRows(df.toArrow(), df.schema) }
}

function errorClassOf(sql: string): string | undefined {
  try {
    spark.sql(sql).toArrow()
  } catch (error) {
    if (error instanceof SparkError) return error.errorClass ?? error.name
    throw error
  }
  return undefined
}

describe('interval texts (IntervalUtils.toDayTimeIntervalString / toYearMonthIntervalString)', () => {
  it('prints the ANSI style with only the type fields, seconds zero-padded and trailing zeros stripped', () => {
    expect(dayTimeIntervalText(2_000_000, DayTimeIntervalType(3, 3), 'ansi')).toBe("INTERVAL '02' SECOND")
    expect(dayTimeIntervalText(-10_123_456, DayTimeIntervalType(3, 3), 'ansi')).toBe("INTERVAL '-10.123456' SECOND")
    expect(dayTimeIntervalText(29_470_001_000, DayTimeIntervalType(1, 3), 'ansi')).toBe(
      "INTERVAL '08:11:10.001' HOUR TO SECOND",
    )
    expect(dayTimeIntervalText(-82_859_000_000, DayTimeIntervalType(0, 3), 'ansi')).toBe(
      "INTERVAL '-0 23:00:59' DAY TO SECOND",
    )
    expect(yearMonthIntervalText(-11, YearMonthIntervalType(0, 1), 'ansi')).toBe("INTERVAL '-0-11' YEAR TO MONTH")
    expect(yearMonthIntervalText(-12, YearMonthIntervalType(0, 0), 'ansi')).toBe("INTERVAL '-1' YEAR")
    expect(yearMonthIntervalText(-11, YearMonthIntervalType(1, 1), 'ansi')).toBe("INTERVAL '-11' MONTH")
  })

  it('prints the Hive style with every field and nanoseconds', () => {
    expect(dayTimeIntervalText(-82_859_000_000, DayTimeIntervalType(3, 3), 'hive')).toBe('-0 23:00:59.000000000')
    expect(yearMonthIntervalText(-11, YearMonthIntervalType(1, 1), 'hive')).toBe('-0-11')
  })
})

describe('interval literals', () => {
  it('type year and month units as INTERVAL YEAR TO MONTH, spanning the units written', () => {
    expect(run('select interval 2 years 4 months')).toEqual({
      schema: "struct<INTERVAL '2-4' YEAR TO MONTH:interval year to month>",
      rows: ['2-4'],
    })
    expect(run("select interval -'11' month")).toEqual({
      schema: "struct<INTERVAL '-11' MONTH:interval month>",
      rows: ['-0-11'],
    })
  })

  it('type the other units as day-time intervals, a minus flipping the sign of a signed string', () => {
    expect(run("select interval -'-1 2:3:4.001' day to second")).toEqual({
      schema: "struct<INTERVAL '1 02:03:04.001' DAY TO SECOND:interval day to second>",
      rows: ['1 02:03:04.001000000'],
    })
    expect(run("select interval -'23' hour")).toEqual({
      schema: "struct<INTERVAL '-23' HOUR:interval hour>",
      rows: ['-0 23:00:00.000000000'],
    })
    expect(run("select +interval '1 day'")).toEqual({
      schema: "struct<(+ INTERVAL '1' DAY):interval day>",
      rows: ['1 00:00:00.000000000'],
    })
  })

  it('reject year-month and day-time units together', () => {
    expect(errorClassOf('select interval 4 month 2 weeks 3 microseconds * 1.5')).toBe('_LEGACY_ERROR_TEMP_0029')
    expect(errorClassOf("select -interval '-1 month 1 day -1 second'")).toBe('_LEGACY_ERROR_TEMP_0029')
  })
})

describe('interval casts', () => {
  it('count the end field when casting to and from numbers', () => {
    expect(run("select cast(interval -'1 02:03:04.123' day to second as int)").rows).toEqual(['-93784'])
    expect(run("select cast(interval '-10-2' year to month as smallint)").rows).toEqual(['-122'])
    expect(run('select cast(1000 as interval month)')).toEqual({
      schema: 'struct<CAST(1000 AS INTERVAL MONTH):interval month>',
      rows: ['83-4'],
    })
    expect(run('select cast(100Y as interval hour to second)').rows).toEqual(['0 00:01:40.000000000'])
    expect(run("select cast(interval '10.005' second as decimal(4, 2))").rows).toEqual(['10.01'])
  })

  it('raise CAST_OVERFLOW when the value does not fit, even without ANSI mode', () => {
    expect(errorClassOf("select cast(interval '23:59:59' hour to second as smallint)")).toBe('CAST_OVERFLOW')
    expect(errorClassOf('select cast(2147483647 as interval year)')).toBe('CAST_OVERFLOW')
  })

  it('read interval strings and print ANSI literals', () => {
    expect(run(`SELECT CAST("interval '3-1' year to month" AS interval year to month)`).rows).toEqual(['3-1'])
    expect(run(`SELECT CAST("interval '3 00:00:01' day to second" AS interval day to second)`).rows).toEqual([
      '3 00:00:01.000000000',
    ])
    expect(run('SELECT CAST(interval 3 day 1 second AS string)').rows).toEqual(["INTERVAL '3 00:00:01' DAY TO SECOND"])
  })
})

describe('interval arithmetic', () => {
  it('multiplies and divides by numbers, rounding half up, with the interval printed first', () => {
    expect(run('select interval 2 weeks 3 microseconds * 1.5').rows).toEqual(['21 00:00:00.000005000'])
    expect(run("select '2' * interval 2 second")).toEqual({
      schema: "struct<(INTERVAL '02' SECOND * 2):interval day to second>",
      rows: ['0 00:00:04.000000000'],
    })
    expect(run("select interval 2 year * '2'").rows).toEqual(['4-0'])
    expect(run("select interval 2 second * 'a'").rows).toEqual(['NULL'])
    expect(run("select (timestamp'2019-10-15' - timestamp'2019-10-14') / 1.5").rows).toEqual(['0 16:00:00.000000000'])
  })

  it('raises Spark errors for division by zero and overflow', () => {
    expect(errorClassOf("select interval '2 seconds' / 0")).toBe('INTERVAL_DIVIDED_BY_ZERO')
    expect(errorClassOf("select interval '2' year / 0")).toBe('INTERVAL_DIVIDED_BY_ZERO')
    expect(errorClassOf('select interval 2147483647 month * 2')).toBe('ArithmeticException')
    expect(errorClassOf('select interval 2147483647 day * 2')).toBe('INTERVAL_ARITHMETIC_OVERFLOW.WITHOUT_SUGGESTION')
  })

  it('negates intervals and adds them to dates and timestamps', () => {
    expect(run("select -interval '-1 year 1 month'").rows).toEqual(['0-11'])
    expect(run("SELECT try_add(date'2021-01-01', interval 2 year)").rows).toEqual(['2023-01-01'])
    expect(run("SELECT try_add(date'2021-01-01', interval 2 second)")).toEqual({
      schema: "struct<try_add(DATE '2021-01-01', INTERVAL '02' SECOND):timestamp>",
      rows: ['2021-01-01 00:00:02'],
    })
  })

  it('adds months to a timestamp on its local date-time, so a daylight saving change moves no clock time', () => {
    // Spark's timestampAddMonths: local date-time plus months, read back in the session zone (here Los Angeles,
    // whose clocks change on 2024-03-10 and 2024-11-03).
    expect(run("select timestamp'2024-02-10 12:00:00' + interval '1' month").rows).toEqual(['2024-03-10 12:00:00'])
    expect(run("select timestamp'2024-10-03 12:30:00' + interval '1' month").rows).toEqual(['2024-11-03 12:30:00'])
  })

  it('gives NULL on overflow and division by zero in try_ functions', () => {
    expect(run('SELECT try_add(interval 106751991 day, interval 3 day)')).toEqual({
      schema: "struct<try_add(INTERVAL '106751991' DAY, INTERVAL '3' DAY):interval day>",
      rows: ['NULL'],
    })
    expect(run('SELECT try_multiply(interval 106751991 day, 2)').rows).toEqual(['NULL'])
    expect(run('SELECT try_divide(interval 2 second, 0)').rows).toEqual(['NULL'])
    expect(run('SELECT try_subtract(interval 3 second, interval 2 second)').rows).toEqual(['0 00:00:01.000000000'])
  })
})

describe('EXTRACT and date_part over intervals (extract.sql.out)', () => {
  const i = 'interval 10 year 20 month'
  const j = 'interval 30 day 40 hour 50 minute 6.7890 second'

  it('take years and months of a year-month interval', () => {
    expect(run(`select extract(year from ${i}) as y, extract(month from ${i}) as m`)).toEqual({
      schema: 'struct<y:int,m:tinyint>',
      rows: ['11\t8'],
    })
  })

  it('take days, hours, minutes and seconds of a day-time interval', () => {
    expect(
      run(`select date_part('day', ${j}) as d, date_part('hrs', ${j}) as h, extract(mins from ${j}) as m,
        extract(secs from ${j}) as s`),
    ).toEqual({ schema: 'struct<d:int,h:tinyint,m:tinyint,s:decimal(8,6)>', rows: ['31\t16\t50\t6.789000'] })
  })

  it('name the call as Spark does', () => {
    expect(run(`select date_part('y', i) from (select ${i} as i)`).schema).toBe('struct<date_part(y, i):int>')
  })
})
