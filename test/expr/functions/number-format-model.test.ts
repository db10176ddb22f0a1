// to_number, try_to_number, to_char and to_varchar against the examples in Spark's function documentation
// (numberFormatExpressions.scala) and the rows of Spark's golden file postgreSQL/numeric.sql.out.
import { describe, expect, it } from 'vitest'
import { col, lit, to_char, to_number, to_varchar, try_to_number } from '../../../src/index.js'
import { nameOf, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
/** The single value of `SELECT expr`, as Spark prints it (DECIMALs keep their scale: `454.00`). */
const value = (text: string) => {
  const row = spark.sql(`SELECT CAST(${text.replace(/^SELECT /, '')} AS STRING) v`).collect()[0]!
  return row.v
}
const errorOf = (run: () => unknown): { errorClass?: string; message?: string } => {
  try {
    run()
  } catch (e) {
    return e as { errorClass?: string; message?: string }
  }
  return {}
}

describe('to_number', () => {
  it('reads the documented examples', () => {
    expect(value("SELECT to_number('454', '999')")).toBe('454')
    expect(value("SELECT to_number('454.00', '000.00')")).toBe('454.00')
    expect(value("SELECT to_number('12,454', '99,999')")).toBe('12454')
    expect(value("SELECT to_number('$78.12', '$99.99')")).toBe('78.12')
    expect(value("SELECT to_number('12,454.8-', '99,999.9S')")).toBe('-12454.8')
  })

  it('types the result DECIMAL(digits, digits after the point) of the format, as the golden file', () => {
    const df = spark.sql(
      "SELECT to_number('0.00001-', '9.999999S') a, to_number('.0', '99999999.99999999') b, to_number('0', '99.99') c, " +
        "to_number('.01-', '99.99S') d, to_number('34,50','999,99') e",
    )
    expect(df.dtypes.map(([, t]) => t)).toEqual([
      'decimal(7,6)',
      'decimal(16,8)',
      'decimal(4,2)',
      'decimal(4,2)',
      'decimal(5,0)',
    ])
    const text = df.selectExpr(...df.columns.map((name) => `CAST(${name} AS STRING) ${name}`))
    expect(text.collect()[0]).toEqual({ a: '-0.000010', b: '0.00000000', c: '0.00', d: '-0.01', e: '3450' })
    expect(df.columns[0]).toBe('a')
    expect(spark.sql("SELECT to_number('454', '999')").columns).toEqual(['to_number(454, 999)'])
  })

  it('reads PR brackets, MI, lower-case formats and exact 0-digit runs', () => {
    expect(value("SELECT to_number('<564646.654564>', '999999.999999PR')")).toBe('-564646.654564')
    expect(value("SELECT to_number('564646.654564', '999999.999999pr')")).toBe('564646.654564')
    expect(value("SELECT to_number('5.01-', '9.999999MI')")).toBe('-5.010000')
    expect(errorOf(() => spark.sql("SELECT to_number('1', '09')").collect()).errorClass).toBe(
      'INVALID_FORMAT.MISMATCH_INPUT',
    )
  })

  it('raises INVALID_FORMAT.MISMATCH_INPUT for input that does not match, where try_to_number gives NULL', () => {
    const mismatch = errorOf(() => spark.sql("SELECT to_number('123456', '999G999')").collect())
    expect(mismatch.errorClass).toBe('INVALID_FORMAT.MISMATCH_INPUT')
    expect(mismatch.message).toContain(
      `[INVALID_FORMAT.MISMATCH_INPUT] The format is invalid: '999G999'. The input "STRING" '123456' does not match the format.`,
    )
    expect(errorOf(() => spark.sql("SELECT to_number('-34,338,492', '99G999G999')").collect()).errorClass).toBe(
      'INVALID_FORMAT.MISMATCH_INPUT',
    )
    expect(value("SELECT try_to_number('123456', '999G999')")).toBeNull()
    expect(value("SELECT try_to_number('abc', '999')")).toBeNull()
    expect(value("SELECT try_to_number('$78.12', '$99.99')")).toBe('78.12')
    expect(value("SELECT try_to_number(NULL, '999')")).toBeNull()
  })

  it('rejects a bad format at analysis with its INVALID_FORMAT sub-class', () => {
    const classOf = (format: string) => errorOf(() => spark.sql(`SELECT to_number('1', '${format}')`)).errorClass
    expect(classOf('999G')).toBe('INVALID_FORMAT.CONT_THOUSANDS_SEPS')
    expect(classOf('99G999G999D999G999')).toBe('INVALID_FORMAT.THOUSANDS_SEPS_MUST_BEFORE_DEC')
    expect(classOf('')).toBe('INVALID_FORMAT.EMPTY')
    expect(classOf('$S')).toBe('INVALID_FORMAT.WRONG_NUM_DIGIT')
    expect(classOf('99$')).toBe('INVALID_FORMAT.CUR_MUST_BEFORE_DIGIT')
    expect(classOf('9.9.9')).toBe('INVALID_FORMAT.WRONG_NUM_TOKEN')
    expect(classOf('9X9')).toBe('INVALID_FORMAT.UNEXPECTED_TOKEN')
    expect(errorOf(() => spark.sql("SELECT to_number('1', '999G')")).message).toContain(
      "[INVALID_FORMAT.CONT_THOUSANDS_SEPS] The format is invalid: '999G'. Thousands separators (, or G) must have digits in between them in the number format.",
    )
    expect(errorOf(() => spark.sql("SELECT to_number('1', s) FROM VALUES ('9') t(s)")).errorClass).toBe(
      'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    )
  })

  it('is in the TypeScript API, with a column or a literal format', () => {
    const df = spark.createDataFrame([{ s: '$1,234.50' }, { s: 'x' }, { s: null }], 's STRING')
    expect(valuesOf(df, try_to_number('s', '$9,999.99').cast('string'))).toEqual(['1234.50', null, null])
    expect(typeOf(df, try_to_number(col('s'), lit('$9,999.99')))).toBe('decimal(6,2)')
    expect(valuesOf(df.limit(1), to_number('s', '$9G999D99').cast('string'))).toEqual(['1234.50'])
  })
})

describe('to_char', () => {
  it('prints the documented examples', () => {
    expect(value("SELECT to_char(454, '999')")).toBe('454')
    expect(value("SELECT to_char(454.00, '000D00')")).toBe('454.00')
    expect(value("SELECT to_char(12454, '99G999')")).toBe('12,454')
    expect(value("SELECT to_char(78.12, '$99.99')")).toBe('$78.12')
    expect(value("SELECT to_char(-12454.8, '99G999D9S')")).toBe('12,454.8-')
    expect(value("SELECT to_varchar(-12454.8, '99G999D9S')")).toBe('12,454.8-')
  })

  it('pads, signs and brackets as in the golden file postgreSQL/numeric.sql.out', () => {
    const df = spark.sql(
      'SELECT CAST(v AS DECIMAL(38,10)) val FROM VALUES (0), (4.31), (16397.038491), (-24926804.04504742) t(v)',
    )
    const rows = (format: string) => valuesOf(df, to_char('val', format))
    expect(rows('9999999999999999.999999999999999PR')).toEqual([
      '               0.000000000000000  ',
      '               4.310000000000000  ',
      '           16397.038491000000000  ',
      '        <24926804.045047420000000>',
    ])
    expect(rows('9999999999999999.999999999999999S')).toEqual([
      '               0.000000000000000+',
      '               4.310000000000000+',
      '           16397.038491000000000+',
      '        24926804.045047420000000-',
    ])
    expect(rows('MI9999999999999999.999999999999999')).toEqual([
      '                0.000000000000000',
      '                4.310000000000000',
      '            16397.038491000000000',
      '        -24926804.045047420000000',
    ])
    expect(rows('0999999999999999.999999999999999')).toEqual([
      '0000000000000000.000000000000000',
      '0000000000000004.310000000000000',
      '0000000000016397.038491000000000',
      '0000000024926804.045047420000000',
    ])
    expect(rows('S0999999999999999.999999999999999')).toEqual([
      '+0000000000000000.000000000000000',
      '+0000000000000004.310000000000000',
      '+0000000000016397.038491000000000',
      '-0000000024926804.045047420000000',
    ])
    expect(spark.sql("SELECT to_char(val, '999.99PR') FROM VALUES (CAST(1 AS DECIMAL(3,0))) t(val)").columns).toEqual([
      'to_char(val, 999.99PR)',
    ])
  })

  it("prints '#' for every digit when the value does not fit the format", () => {
    expect(value("SELECT to_char(12454, '99.9')")).toBe('##.#')
  })

  it('prints datetimes by a pattern and binaries as base64, hex or UTF-8 (documented examples)', () => {
    expect(value("SELECT to_char(date'2016-04-08', 'y')")).toBe('2016')
    expect(value("SELECT to_char(x'537061726b2053514c', 'base64')")).toBe('U3BhcmsgU1FM')
    expect(value("SELECT to_char(x'537061726b2053514c', 'hex')")).toBe('537061726B2053514C')
    expect(value("SELECT to_char(encode('abc', 'utf-8'), 'utf-8')")).toBe('abc')
    expect(errorOf(() => spark.sql("SELECT to_char(x'00', 'oct')")).errorClass).toBe(
      'INVALID_PARAMETER_VALUE.BINARY_FORMAT',
    )
  })

  it('is in the TypeScript API', () => {
    const df = spark.createDataFrame([{ n: 12454 }, { n: null }], 'n INT')
    expect(valuesOf(df, to_char('n', '99G999'))).toEqual(['12,454', null])
    expect(valuesOf(df, to_varchar(col('n'), lit('$99,999')))).toEqual(['$12,454', null])
    expect(nameOf(df, to_char('n', '99G999'))).toBe('to_char(n, 99G999)')
  })
})
