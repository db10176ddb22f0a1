// EXTRACT / date_part over TIMESTAMP_NTZ and the ISO fields, timestamp literals named in the session time zone, and
// TIMESTAMP - TIMESTAMP on the wall clock. Expected values: Spark's golden files extract.sql.out, timestamp.sql.out
// and date.sql.out (session time zone America/Los_Angeles), and the ISO-8601 week rules (DuckDB's isoyear agrees).
import { describe, expect, it } from 'vitest'
import { goldenRows, goldenSchema, goldenSession } from '../../support/golden-sql.js'

const spark = goldenSession()
const view = `(SELECT '2011-05-06 07:08:09.1234567' AS c, to_timestamp_ntz('2011-05-06 07:08:09.1234567') AS ntz)`

describe('EXTRACT fields over strings and TIMESTAMP_NTZ', () => {
  it('yearofweek is the ISO week-based year; dayofweek_iso and dow_iso count Monday as 1', () => {
    expect(goldenRows(spark, `SELECT extract(yearofweek FROM c), extract(yearofweek FROM ntz) FROM ${view}`)).toEqual([
      '2011\t2011',
    ])
    expect(goldenRows(spark, `SELECT date_part('dow_iso', c), extract(dayofweek_iso FROM ntz) FROM ${view}`)).toEqual([
      '5\t5',
    ])
    // 2021-01-01 is a Friday in ISO week 53 of 2020; 2024-12-30 a Monday in week 1 of 2025.
    expect(
      goldenRows(spark, "SELECT extract(yearofweek FROM DATE'2021-01-01'), date_part('yearofweek', DATE'2024-12-30')"),
    ).toEqual(['2020\t2025'])
  })

  it('hour, minute and second read a TIMESTAMP_NTZ as its wall clock; SECOND keeps microseconds', () => {
    const sql = `SELECT extract(hour FROM ntz), minute(ntz), extract(second FROM c), date_part('secs', ntz) FROM ${view}`
    expect(goldenSchema(spark, sql)).toBe(
      'struct<extract(hour FROM ntz):int,minute(ntz):int,extract(second FROM c):decimal(8,6),date_part(secs, ntz):decimal(8,6)>',
    )
    expect(goldenRows(spark, sql)).toEqual(['7\t8\t9.123456\t9.123456'])
  })

  it('date_add and date_sub take a TIMESTAMP_NTZ as its date', () => {
    expect(goldenRows(spark, "SELECT date_add(timestamp_ntz'2011-11-11 12:12:12', 1)")).toEqual(['2011-11-12'])
    expect(goldenRows(spark, "SELECT date_sub(timestamp_ntz'2011-11-11 12:12:12', 1)")).toEqual(['2011-11-10'])
  })

  it('DATE plus a non-integral number is date_add with a wrong argument type', () => {
    expect(() => goldenRows(spark, "SELECT date '2011-11-11' + 1E1")).toThrow(
      expect.objectContaining({ errorClass: 'DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE' }),
    )
  })
})

describe('timestamp literals and differences', () => {
  it('a TIMESTAMP literal is named by its instant in the session time zone', () => {
    expect(goldenSchema(spark, "SELECT unix_seconds(timestamp'2020-12-01 14:30:08Z')")).toBe(
      "struct<unix_seconds(TIMESTAMP '2020-12-01 06:30:08'):bigint>",
    )
    expect(goldenSchema(spark, "SELECT year(timestamp_ntz'1582-10-15 13:10:15')")).toBe(
      "struct<year(TIMESTAMP_NTZ '1582-10-15 13:10:15'):int>",
    )
  })

  it('TIMESTAMP - TIMESTAMP counts wall-clock time, so a daylight saving change does not show', () => {
    expect(goldenRows(spark, "SELECT date'2020-01-01' - timestamp'2019-10-06 10:11:12.345678'")).toEqual([
      '86 13:48:47.654322000',
    ])
    expect(goldenRows(spark, "SELECT timestamp'2019-10-06 10:11:12.345678' - date'2020-01-01'")).toEqual([
      '-86 13:48:47.654322000',
    ])
  })

  it('a TIMESTAMP_NTZ cast to TIMESTAMP keeps its wall clock in the session time zone, and back', () => {
    expect(
      goldenRows(
        spark,
        "SELECT CAST(timestamp_ntz'2020-07-01 10:00:00' AS TIMESTAMP), CAST(timestamp'2020-01-01 10:00:00' AS TIMESTAMP_NTZ)",
      ),
    ).toEqual(['2020-07-01 10:00:00\t2020-01-01 10:00:00'])
  })
})
