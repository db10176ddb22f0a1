// Literals: every numeric kind, strings and their escapes, binary, typed and interval literals.
import { describe, expect, it } from 'vitest'
import { parseExpression } from '../../grammar/index.js'
import { expr, selected, str, syntaxError } from '../support/grammar-trees.js'

describe('null and boolean literals', () => {
  it('reads NULL, TRUE and FALSE in any case', () => {
    expect(expr('NULL')).toEqual({ kind: 'NullLiteral' })
    expect(expr('true')).toEqual({ kind: 'BooleanLiteral', value: true })
    expect(expr('False')).toEqual({ kind: 'BooleanLiteral', value: false })
  })
})

describe('numeric literals', () => {
  it.each([
    ['42', 'integer', '42'],
    ['42L', 'bigint', '42'],
    ['42l', 'bigint', '42'],
    ['42S', 'smallint', '42'],
    ['42Y', 'tinyint', '42'],
    ['1.5', 'decimal', '1.5'],
    ['1.', 'decimal', '1.'],
    ['.5', 'decimal', '.5'],
    ['1.5BD', 'decimal', '1.5'],
    ['10BD', 'decimal', '10'],
    ['1e10', 'double', '1e10'],
    ['1.5E-3', 'double', '1.5E-3'],
    ['1.5D', 'double', '1.5'],
    ['2d', 'double', '2'],
    ['1.5F', 'float', '1.5'],
    ['1e3f', 'float', '1e3'],
  ])('%s is a %s literal with value %s', (text, numericKind, value) => {
    expect(expr(text)).toEqual({ kind: 'NumericLiteral', numericKind, value, text })
  })

  it('makes a minus sign before a number part of the literal, as Spark does', () => {
    expect(expr('-10L')).toEqual({ kind: 'NumericLiteral', numericKind: 'bigint', value: '-10', text: '-10L' })
    expect(expr('-1::string')).toMatchObject({ kind: 'Cast', value: { kind: 'NumericLiteral', value: '-1' } })
  })

  it('reads a minus between operands as subtraction', () => {
    expect(expr('a -1')).toMatchObject({ kind: 'BinaryOp', op: '-', right: { kind: 'NumericLiteral', value: '1' } })
  })

  it('reads digits running into letters as an identifier, as Spark does', () => {
    expect(expr('10abc')).toEqual({ kind: 'ColumnRef', parts: ['10abc'] })
  })
})

describe('string literals', () => {
  it('reads single- and double-quoted strings', () => {
    expect(expr("'it'")).toEqual(str('it'))
    expect(expr('"it"')).toEqual(str('it'))
  })

  it('concatenates adjacent string literals', () => {
    expect(expr(`'a' "b"\n'c'`)).toEqual(str('abc'))
  })

  it('unescapes as Spark does', () => {
    expect(expr(String.raw`'it\'s \"q\" \\ \n\t\r\b\0\Z'`)).toEqual(str('it\'s "q" \\ \n\t\r\b\u0000\u001A'))
    expect(expr(String.raw`'\u00e9\U0001F600\101'`)).toEqual(str('é😀A'))
    expect(expr(String.raw`'\%\_\x'`)).toEqual(str(String.raw`\%\_x`))
  })

  it('takes raw strings as written', () => {
    expect(expr(String.raw`r'C:\path\n'`)).toEqual(str(String.raw`C:\path\n`))
    expect(expr(String.raw`R"\d+"`)).toEqual(str(String.raw`\d+`))
  })

  it('does not treat a doubled quote as an escape, as Spark does not', () => {
    expect(expr("'it''s'")).toEqual(str('its'))
  })
})

describe('binary literals', () => {
  it("reads X'…' as hex digits", () => {
    expect(expr("X'1F'")).toEqual({ kind: 'BinaryLiteral', hex: '1F' })
    expect(expr("x''")).toEqual({ kind: 'BinaryLiteral', hex: '' })
  })

  it('rejects digits that are not hexadecimal', () => {
    const error = syntaxError(() => parseExpression("X'1G'"))
    expect(error.message.split('\n')[0]).toBe(
      "[PARSE_SYNTAX_ERROR] Syntax error at or near 'X'1G'': invalid hexadecimal digits.(line 1, pos 0)",
    )
  })
})

describe('typed literals', () => {
  it.each([
    ["DATE '2024-01-01'", 'date', '2024-01-01'],
    ["TIMESTAMP '2024-01-01 00:00:00'", 'timestamp', '2024-01-01 00:00:00'],
    ["timestamp_ntz '2024-01-01 00:00:00'", 'timestamp_ntz', '2024-01-01 00:00:00'],
    ["TIMESTAMP_LTZ '2024-01-01 00:00:00'", 'timestamp_ltz', '2024-01-01 00:00:00'],
  ])('%s', (text, type, value) => {
    expect(expr(text)).toEqual({ kind: 'TypedLiteral', type, value })
  })

  it('still reads date and timestamp as column and function names', () => {
    expect(expr('date')).toEqual({ kind: 'ColumnRef', parts: ['date'] })
    expect(expr('timestamp(x)')).toMatchObject({ kind: 'FunctionCall', name: ['timestamp'] })
  })
})

describe('interval literals', () => {
  const interval = (text: string) => expr(text)

  it('reads a quoted or a bare value with one unit', () => {
    expect(interval("INTERVAL '10' SECOND")).toEqual({
      kind: 'IntervalLiteral',
      parts: [{ value: '10', unit: 'second' }],
      text: "INTERVAL '10' SECOND",
    })
    expect(interval('INTERVAL 10 SECONDS')).toEqual({
      kind: 'IntervalLiteral',
      parts: [{ value: '10', unit: 'second' }],
      text: 'INTERVAL 10 SECONDS',
    })
    expect(interval('interval 1.5 hours')).toMatchObject({ parts: [{ value: '1.5', unit: 'hour' }] })
  })

  it('reads several value-unit pairs', () => {
    expect(interval("INTERVAL '1' HOUR '30' MINUTE 5 SECONDS")).toMatchObject({
      parts: [
        { value: '1', unit: 'hour' },
        { value: '30', unit: 'minute' },
        { value: '5', unit: 'second' },
      ],
    })
  })

  it('reads a string that carries its own units', () => {
    expect(interval("INTERVAL '10 seconds'")).toMatchObject({ parts: [{ value: '10 seconds' }] })
  })

  it('reads unit-to-unit ranges', () => {
    expect(interval("INTERVAL '1 02:03' DAY TO MINUTE")).toMatchObject({
      parts: [{ value: '1 02:03', unit: 'day', toUnit: 'minute' }],
    })
  })

  it.each([
    ['YEAR', 'year'],
    ['YEARS', 'year'],
    ['MONTH', 'month'],
    ['MONTHS', 'month'],
    ['WEEK', 'week'],
    ['WEEKS', 'week'],
    ['DAY', 'day'],
    ['DAYS', 'day'],
    ['HOUR', 'hour'],
    ['HOURS', 'hour'],
    ['MINUTE', 'minute'],
    ['MINUTES', 'minute'],
    ['SECOND', 'second'],
    ['SECONDS', 'second'],
    ['MILLISECOND', 'millisecond'],
    ['MILLISECONDS', 'millisecond'],
    ['MICROSECOND', 'microsecond'],
    ['MICROSECONDS', 'microsecond'],
  ])('normalises the unit %s to %s', (written, unit) => {
    expect(interval(`INTERVAL 2 ${written}`)).toMatchObject({ parts: [{ value: '2', unit }] })
  })

  it('needs a unit after a number', () => {
    const error = syntaxError(() => parseExpression('INTERVAL 10'))
    expect(error.expected).toEqual(['an interval unit'])
  })

  it('works inside expressions and as a select item', () => {
    expect(selected("ts - INTERVAL '1' HOUR AS t")).toMatchObject({
      kind: 'BinaryOp',
      op: '-',
      right: { kind: 'IntervalLiteral' },
    })
  })
})
