// Date and time functions against Spark 3.5: session time zone (UTC and America/New_York across DST), leap years,
// microsecond precision, datetime patterns, and generated names.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  add_months,
  call_function,
  col,
  current_date,
  current_timestamp,
  date_add,
  date_format,
  date_sub,
  date_trunc,
  datediff,
  dayofmonth,
  dayofweek,
  dayofyear,
  from_unixtime,
  from_utc_timestamp,
  hour,
  last_day,
  lit,
  make_date,
  make_timestamp,
  minute,
  month,
  quarter,
  second,
  timestamp_micros,
  timestamp_millis,
  timestamp_seconds,
  to_date,
  to_timestamp,
  to_utc_timestamp,
  trunc,
  unix_timestamp,
  weekofyear,
  year,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const ny = newSession({ 'spark.sql.session.timeZone': 'America/New_York' })
const one = oneRow()
const epochSeconds = (iso: string) => Date.parse(iso) / 1000

const times = spark.createDataFrame(
  [
    { t: new Date('2024-02-29T13:45:30.123Z') },
    { t: new Date('2021-01-03T00:00:00Z') },
    { t: new Date('2024-12-30T23:59:59Z') },
    { t: new Date('1969-12-31T23:59:59.999Z') },
    { t: null },
  ],
  't TIMESTAMP',
)

describe('generated column names', () => {
  it('print calls with their literal arguments', () => {
    expect(nameOf(times, year('t'))).toBe('year(t)')
    expect(nameOf(times, quarter('t'))).toBe('quarter(t)')
    expect(nameOf(times, month('t'))).toBe('month(t)')
    expect(nameOf(times, dayofmonth('t'))).toBe('dayofmonth(t)')
    expect(nameOf(times, dayofweek('t'))).toBe('dayofweek(t)')
    expect(nameOf(times, dayofyear('t'))).toBe('dayofyear(t)')
    expect(nameOf(times, weekofyear('t'))).toBe('weekofyear(t)')
    expect(nameOf(times, hour('t'))).toBe('hour(t)')
    expect(nameOf(times, minute('t'))).toBe('minute(t)')
    expect(nameOf(times, second('t'))).toBe('second(t)')
    expect(nameOf(times, date_format('t', 'yyyy-MM-dd'))).toBe('date_format(t, yyyy-MM-dd)')
    expect(nameOf(times, to_date('t'))).toBe('to_date(t)')
    expect(nameOf(times, to_timestamp(lit('2024-01-01'), 'yyyy-MM-dd'))).toBe('to_timestamp(2024-01-01, yyyy-MM-dd)')
    expect(nameOf(times, unix_timestamp('t'))).toBe('unix_timestamp(t, yyyy-MM-dd HH:mm:ss)')
    expect(nameOf(times, from_unixtime(lit(0)))).toBe('from_unixtime(0, yyyy-MM-dd HH:mm:ss)')
    expect(nameOf(times, date_add('t', 1))).toBe('date_add(t, 1)')
    expect(nameOf(times, date_sub('t', 1))).toBe('date_sub(t, 1)')
    expect(nameOf(times, datediff('t', 't'))).toBe('datediff(t, t)')
    expect(nameOf(times, date_trunc('hour', 't'))).toBe('date_trunc(hour, t)')
    expect(nameOf(times, timestamp_seconds(lit(1)))).toBe('timestamp_seconds(1)')
    expect(nameOf(times, current_timestamp())).toBe('current_timestamp()')
    expect(nameOf(times, current_date())).toBe('current_date()')
  })
})

describe('field extraction', () => {
  it('reads calendar fields in the session time zone (UTC)', () => {
    expect(valuesOf(times, year('t'))).toEqual([2024, 2021, 2024, 1969, null])
    expect(valuesOf(times, quarter('t'))).toEqual([1, 1, 4, 4, null])
    expect(valuesOf(times, month('t'))).toEqual([2, 1, 12, 12, null])
    expect(valuesOf(times, dayofmonth('t'))).toEqual([29, 3, 30, 31, null])
    expect(valuesOf(times, dayofyear('t'))).toEqual([60, 3, 365, 365, null])
    expect(valuesOf(times, hour('t'))).toEqual([13, 0, 23, 23, null])
    expect(valuesOf(times, minute('t'))).toEqual([45, 0, 59, 59, null])
    expect(valuesOf(times, second('t'))).toEqual([30, 0, 59, 59, null])
  })

  it('dayofweek counts from Sunday = 1; weekofyear is the ISO week', () => {
    expect(valuesOf(times, dayofweek('t'))).toEqual([5, 1, 2, 4, null])
    expect(valuesOf(times, weekofyear('t'))).toEqual([9, 53, 1, 1, null])
  })

  it('casts strings and dates to the expected type', () => {
    expect(valuesOf(one, year(lit('2024-07-15')))).toEqual([2024])
    expect(valuesOf(one, dayofmonth(lit('2024-07-15 23:00:00')))).toEqual([15])
    expect(valuesOf(one, hour(lit('2024-07-15 23:10:00')))).toEqual([23])
    const dates = spark.createDataFrame([{ d: new Date('2024-02-29T00:00:00Z') }], 'd DATE')
    expect(valuesOf(dates, hour('d'))).toEqual([0])
    expect(valuesOf(dates, month('d'))).toEqual([2])
  })

  it('reads local fields in America/New_York, across the spring-forward gap', () => {
    const df = ny.createDataFrame(
      [
        { t: new Date('2024-03-10T06:59:59Z') },
        { t: new Date('2024-03-10T07:00:00Z') },
        { t: new Date('2024-11-03T05:30:00Z') },
        { t: new Date('2024-11-03T06:30:00Z') },
        { t: new Date('2024-01-01T03:00:00Z') },
      ],
      't TIMESTAMP',
    )
    expect(valuesOf(df, hour('t'))).toEqual([1, 3, 1, 1, 22])
    expect(valuesOf(df, dayofmonth('t'))).toEqual([10, 10, 3, 3, 31])
    expect(valuesOf(df, year('t'))).toEqual([2024, 2024, 2024, 2024, 2023])
    expect(valuesOf(df, date_format('t', 'HH:mm z'))).toEqual([
      '01:59 EST',
      '03:00 EDT',
      '01:30 EDT',
      '01:30 EST',
      '22:00 EST',
    ])
    expect(valuesOf(df, date_format('t', 'zzzz')).slice(0, 2)).toEqual([
      'Eastern Standard Time',
      'Eastern Daylight Time',
    ])
    expect(valuesOf(df, date_format('t', 'yyyy-MM-dd HH:mm XXX'))).toEqual([
      '2024-03-10 01:59 -05:00',
      '2024-03-10 03:00 -04:00',
      '2024-11-03 01:30 -04:00',
      '2024-11-03 01:30 -05:00',
      '2023-12-31 22:00 -05:00',
    ])
  })
})

describe('date_format', () => {
  const micros = spark
    .createDataFrame([{ s: '2024-02-29 13:45:30.123456' }], 's STRING')
    .select(to_timestamp('s').alias('t'))

  it('formats with Spark datetime patterns, microseconds included', () => {
    expect(valuesOf(micros, date_format('t', 'yyyy-MM-dd HH:mm:ss.SSSSSS'))).toEqual(['2024-02-29 13:45:30.123456'])
    expect(valuesOf(micros, date_format('t', 'yyyy-MM-dd HH:mm:ss.SSS'))).toEqual(['2024-02-29 13:45:30.123'])
    expect(valuesOf(micros, date_format('t', 'yy/M/d h:mm a'))).toEqual(['24/2/29 1:45 PM'])
    expect(valuesOf(micros, date_format('t', 'EEE, MMM d'))).toEqual(['Thu, Feb 29'])
    expect(valuesOf(micros, date_format('t', 'EEEE MMMM'))).toEqual(['Thursday February'])
    expect(valuesOf(micros, date_format('t', 'D'))).toEqual(['60'])
    expect(valuesOf(micros, date_format('t', "yyyy-MM-dd'T'HH:mm:ss"))).toEqual(['2024-02-29T13:45:30'])
    expect(valuesOf(micros, date_format('t', "h 'o''clock'"))).toEqual(["1 o'clock"])
  })

  it('formats each row of a column: NULLs stay NULL, rows of one second share a text, fractions do not', () => {
    const rows = spark
      .createDataFrame(
        [
          { s: '2024-02-29 23:59:59.1' },
          { s: '2024-02-29 23:59:59.9' },
          { s: null },
          { s: '2024-03-01 00:00:00' },
          { s: '1969-12-31 23:59:59.5' },
          { s: '1970-01-01 00:00:00' },
        ],
        's STRING',
      )
      .select(to_timestamp('s').alias('t'))
    expect(valuesOf(rows, date_format('t', 'yyyy-MM-dd'))).toEqual([
      '2024-02-29',
      '2024-02-29',
      null,
      '2024-03-01',
      '1969-12-31',
      '1970-01-01',
    ])
    expect(valuesOf(rows, date_format('t', 'ss.S'))).toEqual(['59.1', '59.9', null, '00.0', '59.5', '00.0'])
  })

  it("reuses a second's text only within that second: rows out of order, across 1970 and a new year", () => {
    const rows = spark
      .createDataFrame(
        [
          { s: '2023-12-31 23:59:59.999999' },
          { s: '2024-01-01 00:00:00.000001' },
          { s: '2023-12-31 23:59:59.5' },
          { s: '1969-12-31 23:59:59.999999' },
          { s: null },
          { s: '1970-01-01 00:00:00' },
          { s: '1969-12-31 23:59:59.000001' },
          { s: '1969-12-31 23:59:58.999999' },
          { s: '1899-12-31 23:59:59.5' },
        ],
        's STRING',
      )
      .select(to_timestamp('s').alias('t'))
    expect(valuesOf(rows, date_format('t', 'yyyy-MM-dd HH:mm:ss'))).toEqual([
      '2023-12-31 23:59:59',
      '2024-01-01 00:00:00',
      '2023-12-31 23:59:59',
      '1969-12-31 23:59:59',
      null,
      '1970-01-01 00:00:00',
      '1969-12-31 23:59:59',
      '1969-12-31 23:59:58',
      '1899-12-31 23:59:59',
    ])
    expect(valuesOf(rows, date_format('t', 'yyyy-MM-dd'))).toEqual([
      '2023-12-31',
      '2024-01-01',
      '2023-12-31',
      '1969-12-31',
      null,
      '1970-01-01',
      '1969-12-31',
      '1969-12-31',
      '1899-12-31',
    ])
  })

  it('takes a pattern per row from a column; a NULL pattern gives NULL', () => {
    const rows = spark
      .createDataFrame(
        [
          { s: '2024-02-29 13:45:30', p: 'yyyy' },
          { s: '2024-02-29 13:45:30', p: 'MM-dd' },
          { s: '2024-02-29 13:45:30', p: null },
          { s: null, p: 'yyyy' },
          { s: '1969-12-31 23:59:59', p: 'yyyy-MM-dd HH:mm' },
        ],
        's STRING, p STRING',
      )
      .select(to_timestamp('s').alias('t'), col('p'))
    expect(valuesOf(rows, call_function('date_format', col('t'), col('p')))).toEqual([
      '2024',
      '02-29',
      null,
      null,
      '1969-12-31 23:59',
    ])
  })

  it('prints offsets: X is Z for UTC, Z and x never are', () => {
    expect(valuesOf(micros, date_format('t', 'XXX'))).toEqual(['Z'])
    expect(valuesOf(micros, date_format('t', 'Z'))).toEqual(['+0000'])
    expect(valuesOf(micros, date_format('t', 'xxx'))).toEqual(['+00:00'])
  })

  it('formats dates and date strings by casting them to timestamps', () => {
    const dates = spark.createDataFrame([{ d: new Date('2024-02-29T00:00:00Z') }], 'd DATE')
    expect(valuesOf(dates, date_format('d', 'yyyy/MM/dd HH:mm'))).toEqual(['2024/02/29 00:00'])
    expect(valuesOf(one, date_format(lit('2024-02-29'), 'MMM yyyy'))).toEqual(['Feb 2024'])
    expect(valuesOf(one, date_format(lit('not a date'), 'yyyy'))).toEqual([null])
  })
})

describe('parsing', () => {
  it('to_timestamp without a format is a cast', () => {
    const df = spark.createDataFrame([{ s: '2024-02-29 13:45:30.5' }, { s: 'bad' }, { s: null }], 's STRING')
    expect(typeOf(df, to_timestamp('s'))).toBe('timestamp')
    expect(valuesOf(df, to_timestamp('s'))).toEqual([new Date('2024-02-29T13:45:30.500Z'), null, null])
  })

  it('to_timestamp with a pattern; text that does not fit is NULL', () => {
    const df = spark.createDataFrame([{ s: '29/02/2024 13:45' }, { s: '30/02/2024 13:45' }, { s: 'x' }], 's STRING')
    expect(valuesOf(df, to_timestamp('s', 'dd/MM/yyyy HH:mm'))).toEqual([new Date('2024-02-29T13:45:00Z'), null, null])
  })

  it('to_timestamp reads zone-less text in the session zone, or the zone in the text', () => {
    const df = ny.createDataFrame([{ s: '2024-07-01 08:00' }], 's STRING')
    expect(valuesOf(df, to_timestamp('s', 'yyyy-MM-dd HH:mm'))).toEqual([new Date('2024-07-01T12:00:00Z')])
    const zoned = ny.createDataFrame([{ s: '2024-07-01 08:00 +02:00' }], 's STRING')
    expect(valuesOf(zoned, to_timestamp('s', 'yyyy-MM-dd HH:mm XXX'))).toEqual([new Date('2024-07-01T06:00:00Z')])
  })

  it('to_date parses text, with or without a pattern, and truncates timestamps to the local day', () => {
    const df = ny.createDataFrame([{ s: '02/29/2024', t: new Date('2024-07-01T02:00:00Z') }], 's STRING, t TIMESTAMP')
    expect(typeOf(df, to_date('s', 'MM/dd/yyyy'))).toBe('date')
    expect(valuesOf(df, to_date('s', 'MM/dd/yyyy').cast('string'))).toEqual(['2024-02-29'])
    expect(valuesOf(df, to_date('t').cast('string'))).toEqual(['2024-06-30'])
    expect(valuesOf(df, to_date(lit('2024-02-29')).cast('string'))).toEqual(['2024-02-29'])
    expect(valuesOf(df, to_date(lit('2023-02-29')))).toEqual([null])
  })
})

describe('epoch seconds', () => {
  it('unix_timestamp parses yyyy-MM-dd HH:mm:ss in the session zone', () => {
    expect(valuesOf(one, unix_timestamp(lit('2024-01-01 00:00:00')))).toEqual([1704067200])
    expect(valuesOf(ny.createDataFrame([{ x: 1 }], 'x INT'), unix_timestamp(lit('2024-01-01 00:00:00')))).toEqual([
      1704085200,
    ])
    expect(valuesOf(one, unix_timestamp(lit('2024-01-01'), 'yyyy-MM-dd'))).toEqual([1704067200])
    expect(valuesOf(one, unix_timestamp(lit('01/01/2024')))).toEqual([null])
  })

  it('unix_timestamp of a timestamp floors to seconds', () => {
    expect(valuesOf(times, unix_timestamp('t'))).toEqual([
      epochSeconds('2024-02-29T13:45:30Z'),
      epochSeconds('2021-01-03T00:00:00Z'),
      epochSeconds('2024-12-30T23:59:59Z'),
      -1,
      null,
    ])
  })

  it('from_unixtime formats in the session zone', () => {
    expect(valuesOf(one, from_unixtime(lit(0)))).toEqual(['1970-01-01 00:00:00'])
    expect(valuesOf(ny.createDataFrame([{ x: 1 }], 'x INT'), from_unixtime(lit(0)))).toEqual(['1969-12-31 19:00:00'])
    expect(valuesOf(one, from_unixtime(lit(1704067200), 'yyyy-MM-dd'))).toEqual(['2024-01-01'])
  })

  it('timestamp_seconds, _millis and _micros', () => {
    expect(valuesOf(one, timestamp_seconds(lit(1.5)).cast('string'))).toEqual(['1970-01-01 00:00:01.5'])
    expect(valuesOf(one, timestamp_millis(lit(1500)).cast('string'))).toEqual(['1970-01-01 00:00:01.5'])
    expect(valuesOf(one, timestamp_micros(lit(1)).cast('string'))).toEqual(['1970-01-01 00:00:00.000001'])
    expect(valuesOf(one, timestamp_seconds(lit(-1)).cast('string'))).toEqual(['1969-12-31 23:59:59'])
  })
})

describe('date arithmetic', () => {
  const dates = spark.createDataFrame(
    [{ d: new Date('2024-02-28T00:00:00Z') }, { d: new Date('2023-02-28T00:00:00Z') }, { d: null }],
    'd DATE',
  )

  it('date_add and date_sub cross month ends and leap days', () => {
    expect(typeOf(dates, date_add('d', 1))).toBe('date')
    expect(valuesOf(dates, date_add('d', 1).cast('string'))).toEqual(['2024-02-29', '2023-03-01', null])
    expect(valuesOf(dates, date_add('d', 2).cast('string'))).toEqual(['2024-03-01', '2023-03-02', null])
    expect(valuesOf(dates, date_sub('d', 365).cast('string'))).toEqual(['2023-02-28', '2022-02-28', null])
    expect(valuesOf(dates, date_add('d', -59).cast('string'))).toEqual(['2023-12-31', '2022-12-31', null])
  })

  it('date_add accepts strings and timestamps', () => {
    expect(valuesOf(one, date_add(lit('2024-02-28'), 1).cast('string'))).toEqual(['2024-02-29'])
    expect(valuesOf(times.limit(1), date_add('t', 1).cast('string'))).toEqual(['2024-03-01'])
  })

  it('datediff counts days between the local dates', () => {
    expect(valuesOf(dates, datediff(lit('2024-03-01'), 'd'))).toEqual([2, 367, null])
    expect(valuesOf(one, datediff(lit('2024-03-01 23:59:59'), lit('2024-03-01 00:00:00')))).toEqual([0])
    const df = ny.createDataFrame(
      [{ a: new Date('2024-07-02T03:00:00Z'), b: new Date('2024-07-01T05:00:00Z') }],
      'a TIMESTAMP, b TIMESTAMP',
    )
    // 23:00 on July 1st and 01:00 on July 1st in New York.
    expect(valuesOf(df, datediff('a', 'b'))).toEqual([0])
  })
})

describe('date_trunc', () => {
  const t = spark
    .createDataFrame([{ s: '2024-02-29 13:45:30.123456' }], 's STRING')
    .select(to_timestamp('s').alias('t'))
  const truncated = (unit: string) => valuesOf(t, date_trunc(unit, 't').cast('string'))[0]

  it('truncates to each unit, case-insensitively', () => {
    expect(truncated('year')).toBe('2024-01-01 00:00:00')
    expect(truncated('YY')).toBe('2024-01-01 00:00:00')
    expect(truncated('quarter')).toBe('2024-01-01 00:00:00')
    expect(truncated('MONTH')).toBe('2024-02-01 00:00:00')
    expect(truncated('mon')).toBe('2024-02-01 00:00:00')
    expect(truncated('week')).toBe('2024-02-26 00:00:00')
    expect(truncated('dd')).toBe('2024-02-29 00:00:00')
    expect(truncated('hour')).toBe('2024-02-29 13:00:00')
    expect(truncated('minute')).toBe('2024-02-29 13:45:00')
    expect(truncated('second')).toBe('2024-02-29 13:45:30')
    expect(truncated('millisecond')).toBe('2024-02-29 13:45:30.123')
    expect(truncated('microsecond')).toBe('2024-02-29 13:45:30.123456')
    expect(truncated('fortnight')).toBe(null)
  })

  it('truncates in the session zone and keeps the offset inside a DST overlap', () => {
    const df = ny.createDataFrame(
      [
        { t: new Date('2024-03-10T16:00:00Z') },
        { t: new Date('2024-11-03T05:30:00Z') },
        { t: new Date('2024-11-03T06:30:00Z') },
      ],
      't TIMESTAMP',
    )
    expect(valuesOf(df, date_trunc('day', 't').cast('long'))).toEqual([
      epochSeconds('2024-03-10T05:00:00Z'),
      epochSeconds('2024-11-03T04:00:00Z'),
      epochSeconds('2024-11-03T04:00:00Z'),
    ])
    expect(valuesOf(df, date_trunc('hour', 't').cast('long'))).toEqual([
      epochSeconds('2024-03-10T16:00:00Z'),
      epochSeconds('2024-11-03T05:00:00Z'),
      epochSeconds('2024-11-03T06:00:00Z'),
    ])
  })
})

describe('current_timestamp and current_date', () => {
  it('are one value for the whole query', () => {
    const rows = times.select(current_timestamp().alias('a'), current_timestamp().alias('b')).collect()
    expect(rows.every((r) => (r.a as Date).getTime() === (rows[0]!.a as Date).getTime())).toBe(true)
    expect(rows.every((r) => (r.a as Date).getTime() === (r.b as Date).getTime())).toBe(true)
    expect(typeOf(times, current_date())).toBe('date')
    expect(typeOf(times, current_timestamp())).toBe('timestamp')
  })
})

describe('type errors', () => {
  it('name the expected type', () => {
    expect(() => one.select(year(lit(true)))).toThrow(AnalysisException)
    expect(() => one.select(year(lit(true)))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "year(true)" due to data type mismatch: ' +
        'Parameter 1 requires the "DATE" type, however "true" has the type "BOOLEAN".',
    )
  })
})

describe('calendar functions', () => {
  const days = spark.createDataFrame(
    [{ d: '2024-02-29' }, { d: '2024-01-31' }, { d: '2023-01-31' }, { d: '2024-12-05' }, { d: null }],
    'd STRING',
  )
  const text = (c: ReturnType<typeof trunc>) => valuesOf(days, c.cast('string'))

  it('names', () => {
    expect(nameOf(days, trunc('d', 'year'))).toBe('trunc(d, year)')
    expect(nameOf(days, add_months('d', 1))).toBe('add_months(d, 1)')
    expect(nameOf(days, last_day('d'))).toBe('last_day(d)')
    expect(nameOf(one, make_date(lit(2024), lit(2), lit(29)))).toBe('make_date(2024, 2, 29)')
    expect(nameOf(one, make_timestamp(lit(2014), lit(12), lit(28), lit(6), lit(30), lit(45.887)))).toBe(
      'make_timestamp(2014, 12, 28, 6, 30, 45.887)',
    )
    expect(nameOf(days, from_utc_timestamp('d', 'Asia/Seoul'))).toBe('from_utc_timestamp(d, Asia/Seoul)')
    expect(nameOf(days, to_utc_timestamp('d', 'Asia/Seoul'))).toBe('to_utc_timestamp(d, Asia/Seoul)')
  })

  it('trunc truncates dates to year, quarter, month or week; other units are NULL', () => {
    expect(text(trunc('d', 'year'))).toEqual(['2024-01-01', '2024-01-01', '2023-01-01', '2024-01-01', null])
    expect(text(trunc('d', 'quarter'))).toEqual(['2024-01-01', '2024-01-01', '2023-01-01', '2024-10-01', null])
    expect(text(trunc('d', 'MM'))).toEqual(['2024-02-01', '2024-01-01', '2023-01-01', '2024-12-01', null])
    expect(text(trunc('d', 'week'))).toEqual(['2024-02-26', '2024-01-29', '2023-01-30', '2024-12-02', null])
    expect(text(trunc('d', 'day'))).toEqual([null, null, null, null, null])
  })

  it('add_months clamps to the end of shorter months', () => {
    expect(text(add_months('d', 1))).toEqual(['2024-03-29', '2024-02-29', '2023-02-28', '2025-01-05', null])
    expect(text(add_months('d', 12))).toEqual(['2025-02-28', '2025-01-31', '2024-01-31', '2025-12-05', null])
    expect(text(add_months('d', -1))).toEqual(['2024-01-29', '2023-12-31', '2022-12-31', '2024-11-05', null])
  })

  it('last_day is the month’s last date, leap years included', () => {
    expect(text(last_day('d'))).toEqual(['2024-02-29', '2024-01-31', '2023-01-31', '2024-12-31', null])
  })

  it('make_date and make_timestamp are NULL for impossible fields', () => {
    expect(valuesOf(one, make_date(lit(2024), lit(2), lit(29)).cast('string'))).toEqual(['2024-02-29'])
    expect(valuesOf(one, make_date(lit(2023), lit(2), lit(29)))).toEqual([null])
    const ts = (...f: number[]) =>
      valuesOf(
        one,
        make_timestamp(...(f.map((x) => lit(x)) as [never, never, never, never, never, never])).cast('string'),
      )[0]
    expect(ts(2014, 12, 28, 6, 30, 45.887)).toBe('2014-12-28 06:30:45.887')
    expect(ts(2019, 7, 1, 23, 59, 60)).toBe('2019-07-02 00:00:00')
    expect(ts(2019, 7, 1, 23, 59, 60.5)).toBe(null)
    expect(ts(2019, 13, 1, 10, 11, 12)).toBe(null)
    expect(ts(2019, 2, 29, 10, 11, 12)).toBe(null)
  })

  it('make_timestamp reads the fields in the given zone or the session zone', () => {
    const cet = make_timestamp(lit(2014), lit(12), lit(28), lit(6), lit(30), lit(45.887), lit('CET'))
    expect(valuesOf(one, cet.cast('string'))).toEqual(['2014-12-28 05:30:45.887'])
    const local = make_timestamp(lit(2024), lit(3), lit(10), lit(2), lit(30), lit(0))
    expect(valuesOf(ny.createDataFrame([{ x: 1 }], 'x INT'), local.cast('long'))).toEqual([
      epochSeconds('2024-03-10T07:30:00Z'),
    ])
  })

  it('from_utc_timestamp and to_utc_timestamp shift by the zone’s offset at that time', () => {
    expect(valuesOf(one, from_utc_timestamp(lit('2016-08-31'), 'Asia/Seoul').cast('string'))).toEqual([
      '2016-08-31 09:00:00',
    ])
    expect(valuesOf(one, to_utc_timestamp(lit('2016-08-31'), 'Asia/Seoul').cast('string'))).toEqual([
      '2016-08-30 15:00:00',
    ])
    expect(valuesOf(one, from_utc_timestamp(lit('2024-07-01 12:00:00'), 'America/New_York').cast('string'))).toEqual([
      '2024-07-01 08:00:00',
    ])
    expect(valuesOf(one, to_utc_timestamp(lit('2024-03-10 02:30:00'), 'America/New_York').cast('string'))).toEqual([
      '2024-03-10 07:30:00',
    ])
    expect(valuesOf(one, from_utc_timestamp(lit('2024-01-01 00:00:00'), '+05:30').cast('string'))).toEqual([
      '2024-01-01 05:30:00',
    ])
  })
})

describe('date_format over rows of one second', () => {
  it('prints each row: fractions differ within a second; a pattern column may change from row to row', () => {
    const df = spark.createDataFrame(
      [
        { t: new Date('2024-02-29T13:45:30.123Z'), p: 'HH:mm:ss.SSS' },
        { t: new Date('2024-02-29T13:45:30.456Z'), p: 'HH:mm:ss.SSS' },
        { t: new Date('2024-02-29T13:45:30.789Z'), p: 'HH:mm:ss' },
        { t: new Date('2024-02-29T13:45:30.999Z'), p: 'yyyy' },
        { t: null, p: 'yyyy' },
        { t: new Date('2024-02-29T13:45:31.000Z'), p: 'HH:mm:ss' },
      ],
      't TIMESTAMP, p STRING',
    )
    expect(valuesOf(df, date_format('t', 'HH:mm:ss.SS'))).toEqual([
      '13:45:30.12',
      '13:45:30.45',
      '13:45:30.78',
      '13:45:30.99',
      null,
      '13:45:31.00',
    ])
    expect(valuesOf(df, call_function('date_format', col('t'), col('p')))).toEqual([
      '13:45:30.123',
      '13:45:30.456',
      '13:45:30',
      '2024',
      null,
      '13:45:31',
    ])
  })
})
