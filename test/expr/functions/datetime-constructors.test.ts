// make_timestamp_ltz/_ntz and their try_ forms, make_dt_interval, make_ym_interval, timestamp_add/_diff,
// convert_timezone, date_part/datepart/extract and try_to_timestamp, through the TypeScript API and SQL. Expected
// values: the examples of Spark's SQL function reference (session time zone America/Los_Angeles) and ISO calendar
// arithmetic (java.time.LocalDateTime.plusMonths / ChronoUnit.between, which DuckDB's date_add/date_diff agree with).
import { describe, expect, it } from 'vitest'
import {
  col,
  convert_timezone,
  date_part,
  datepart,
  extract,
  lit,
  make_dt_interval,
  make_timestamp_ltz,
  make_timestamp_ntz,
  make_ym_interval,
  timestamp_add,
  timestamp_diff,
  try_make_timestamp,
  try_make_timestamp_ntz,
  try_to_timestamp,
} from '../../../src/index.js'
import { resultRows, schemaLine } from '../../spark-sql/hive-result.js'
import { goldenRows, goldenSchema, goldenSession } from '../../support/golden-sql.js'

const spark = goldenSession()
const fields = spark.sql('SELECT 2014 AS y, 12 AS mo, 28 AS d, 6 AS h, 30 AS mi, 45.887 AS s')

function shown(...cols: Parameters<typeof fields.select>): { schema: string; rows: string[] } {
  const df = fields.select(...cols)
  return { schema: schemaLine(df.schema), rows: resultRows(df.toArrow(), df.schema) }
}

describe('timestamps from fields', () => {
  it('make_timestamp_ntz is the wall clock; make_timestamp_ltz reads it in a zone', () => {
    const { schema, rows } = shown(
      make_timestamp_ntz('y', 'mo', 'd', 'h', 'mi', 's'),
      make_timestamp_ltz('y', 'mo', 'd', 'h', 'mi', 's', lit('CET')),
    )
    expect(schema).toBe(
      'struct<make_timestamp_ntz(y, mo, d, h, mi, s):timestamp_ntz,make_timestamp_ltz(y, mo, d, h, mi, s, CET):timestamp>',
    )
    expect(rows).toEqual(['2014-12-28 06:30:45.887\t2014-12-27 21:30:45.887'])
  })

  it('the try_ forms give NULL for invalid fields', () => {
    const { rows } = shown(
      try_make_timestamp('y', lit(13), 'd', 'h', 'mi', 's'),
      try_make_timestamp_ntz('y', 'mo', 'd', lit(25), 'mi', 's'),
    )
    expect(rows).toEqual(['NULL\tNULL'])
    expect(goldenRows(spark, "SELECT try_to_timestamp('2016-12-31', 'yyyy-MM-dd'), try_to_timestamp('foo')")).toEqual([
      '2016-12-31 00:00:00\tNULL',
    ])
    expect(shown(try_to_timestamp(lit('2016-12-31 00:12:00'))).rows).toEqual(['2016-12-31 00:12:00'])
  })
})

describe('ANSI intervals from fields', () => {
  it('make_dt_interval and make_ym_interval default missing fields to 0', () => {
    const { schema, rows } = shown(
      make_dt_interval(lit(1), lit(12), lit(30), lit(1.001001)),
      make_ym_interval(lit(1), lit(2)),
    )
    expect(schema).toBe(
      'struct<make_dt_interval(1, 12, 30, 1.001001):interval day to second,make_ym_interval(1, 2):interval year to month>',
    )
    expect(rows).toEqual(['1 12:30:01.001001000\t1-2'])
    expect(
      goldenRows(spark, 'SELECT make_dt_interval(2), make_dt_interval(100, null, 3), make_ym_interval(-1, 1)'),
    ).toEqual(['2 00:00:00.000000000\tNULL\t-0-11'])
  })
})

describe('timestamp_add and timestamp_diff', () => {
  it('add months on the wall clock (clamping to the month end) and fixed units as time', () => {
    const ts = "timestamp'2022-01-31 10:00:00'"
    expect(
      goldenRows(
        spark,
        `SELECT timestampadd('MONTH', 1, ${ts}), timestampadd('HOUR', -12, ${ts}), timestampadd('WEEK', 1, ${ts})`,
      ),
    ).toEqual(['2022-02-28 10:00:00\t2022-01-30 22:00:00\t2022-02-07 10:00:00'])
    // A DAY across the spring-forward change keeps the wall clock; 24 HOURs do not.
    const dst = "timestamp'2022-03-12 12:00:00'"
    expect(goldenRows(spark, `SELECT timestampadd('DAY', 1, ${dst}), timestampadd('HOUR', 24, ${dst})`)).toEqual([
      '2022-03-13 12:00:00\t2022-03-13 13:00:00',
    ])
  })

  it('count whole units between two wall clocks', () => {
    const df = spark.sql("SELECT timestamp'2022-01-31 10:00:00' AS a, timestamp'2022-02-28 09:59:59' AS b")
    const picked = df.select(
      timestamp_diff('MONTH', 'a', 'b'),
      timestamp_diff('DAY', 'a', 'b'),
      timestamp_add('YEAR', lit(1), col('a')),
    )
    expect(resultRows(picked.toArrow(), picked.schema)).toEqual(['0\t27\t2023-01-31 10:00:00'])
    expect(
      goldenRows(
        spark,
        "SELECT timestampdiff('YEAR', timestamp'2020-02-29', timestamp'2021-02-28'), timestampdiff('MONTH', timestamp'2022-03-31', timestamp'2022-01-31')",
      ),
    ).toEqual(['0\t-2'])
  })
})

describe('localtimestamp', () => {
  it('is the current time as the session wall clock, a TIMESTAMP_NTZ fixed for the query', () => {
    const sql = 'SELECT localtimestamp() = localtimestamp(), typeof(localtimestamp())'
    expect(goldenSchema(spark, sql)).toBe(
      'struct<(localtimestamp() = localtimestamp()):boolean,typeof(localtimestamp()):string>',
    )
    expect(goldenRows(spark, sql)).toEqual(['true\ttimestamp_ntz'])
    // Its wall clock is the session zone's: the same as current_timestamp() cast to TIMESTAMP_NTZ.
    expect(goldenRows(spark, 'SELECT localtimestamp() = CAST(current_timestamp() AS TIMESTAMP_NTZ)')).toEqual(['true'])
  })
})

describe('convert_timezone and date_part', () => {
  it('convert_timezone moves a wall clock between zones (the session zone by default)', () => {
    const ntz = spark.sql("SELECT timestamp_ntz'2021-12-06 00:00:00' AS t, timestamp_ntz'2021-12-05 15:00:00' AS u")
    const picked = ntz.select(
      convert_timezone(lit('Europe/Brussels'), lit('America/Los_Angeles'), 't'),
      convert_timezone(null, lit('Europe/Brussels'), 'u'),
    )
    expect(resultRows(picked.toArrow(), picked.schema)).toEqual(['2021-12-05 15:00:00\t2021-12-06 00:00:00'])
  })

  it('date_part, datepart and extract take the field as a literal column', () => {
    const ts = spark.sql("SELECT timestamp'2019-08-12 01:00:00.123456' AS ts")
    const picked = ts.select(date_part(lit('YEAR'), 'ts'), datepart(lit('SECONDS'), 'ts'), extract(lit('doy'), 'ts'))
    expect(schemaLine(picked.schema)).toBe(
      'struct<date_part(YEAR, ts):int,datepart(SECONDS, ts):decimal(8,6),date_part(doy, ts):int>',
    )
    expect(resultRows(picked.toArrow(), picked.schema)).toEqual(['2019\t0.123456\t224'])
  })
})
