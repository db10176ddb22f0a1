// Golden tests of Spark's show() format: alignment, truncation, nulls, nested values, timestamps, numRows.
import { describe, expect, it } from 'vitest'
import { batchFromRows, showString } from '../../src/arrow/index.js'
import {
  ArrayType,
  DoubleType,
  FloatType,
  IntegerType,
  LongType,
  MapType,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from '../../src/index.js'

const show = (schema: StructType, rows: unknown[][], numRows = 20, truncate = 20, zone = 'UTC') =>
  showString(batchFromRows(schema, rows), schema, { numRows, truncate, zone })

describe('showString', () => {
  const words = StructType([StructField('value', StringType()), StructField('count', LongType())])

  it('right-aligns cells and headers when truncating', () => {
    expect(
      show(words, [
        ['apache', 1],
        ['spark', 1],
      ]),
    ).toBe(
      [
        '+------+-----+',
        '| value|count|',
        '+------+-----+',
        '|apache|    1|',
        '| spark|    1|',
        '+------+-----+',
        '',
      ].join('\n'),
    )
  })

  it('prints the header between two separators for an empty batch', () => {
    expect(show(words, [])).toBe(['+-----+-----+', '|value|count|', '+-----+-----+', '+-----+-----+', ''].join('\n'))
  })

  it('keeps columns at least three characters wide', () => {
    const narrow = StructType([StructField('a', IntegerType())])
    expect(show(narrow, [[1]])).toBe(['+---+', '|  a|', '+---+', '|  1|', '+---+', ''].join('\n'))
  })

  it('cuts long cells to 17 characters plus "..." but never cuts headers', () => {
    const schema = StructType([StructField('a_very_long_header_name_indeed', StringType())])
    expect(show(schema, [['abcdefghijklmnopqrstuvwxyz']])).toBe(
      [
        '+------------------------------+',
        '|a_very_long_header_name_indeed|',
        '+------------------------------+',
        '|          abcdefghijklmnopq...|',
        '+------------------------------+',
        '',
      ].join('\n'),
    )
  })

  it('left-aligns and keeps whole cells with truncate = 0 (truncate=false)', () => {
    const schema = StructType([StructField('value', StringType()), StructField('n', IntegerType())])
    expect(show(schema, [['abcdefghijklmnopqrstuvwxyz', 7]], 20, 0)).toBe(
      [
        '+--------------------------+---+',
        '|value                     |n  |',
        '+--------------------------+---+',
        '|abcdefghijklmnopqrstuvwxyz|7  |',
        '+--------------------------+---+',
        '',
      ].join('\n'),
    )
  })

  it('truncates to a given width, without ellipsis below four characters', () => {
    const schema = StructType([StructField('v', StringType())])
    expect(show(schema, [['abcdef']], 20, 5)).toContain('|ab...|')
    expect(show(schema, [['abcdef']], 20, 3)).toContain('|abc|')
  })

  it('prints NULL for nulls, including inside arrays', () => {
    const schema = StructType([StructField('s', StringType()), StructField('a', ArrayType(StringType()))])
    expect(show(schema, [[null, ['a', 'b', null]]])).toBe(
      [
        '+----+------------+',
        '|   s|           a|',
        '+----+------------+',
        '|NULL|[a, b, NULL]|',
        '+----+------------+',
        '',
      ].join('\n'),
    )
  })

  it('prints structs as {v1, v2} and maps as {k -> v}', () => {
    const schema = StructType([
      StructField('w', StructType([StructField('start', TimestampType()), StructField('end', TimestampType())])),
      StructField('m', MapType(StringType(), IntegerType())),
    ])
    const row = [
      { start: new Date('2024-05-01T12:00:00Z'), end: new Date('2024-05-01T12:10:00Z') },
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
    ]
    expect(show(schema, [row], 20, 0)).toBe(
      [
        '+------------------------------------------+----------------+',
        '|w                                         |m               |',
        '+------------------------------------------+----------------+',
        '|{2024-05-01 12:00:00, 2024-05-01 12:10:00}|{a -> 1, b -> 2}|',
        '+------------------------------------------+----------------+',
        '',
      ].join('\n'),
    )
    expect(show(schema, [row])).toContain('|{2024-05-01 12:00...|{a -> 1, b -> 2}|')
  })

  it('formats timestamps in the session time zone with trailing fraction zeros removed', () => {
    const schema = StructType([StructField('ts', TimestampType())])
    const rows = [[new Date('2024-05-01T10:00:00Z')], [new Date('2024-05-01T10:00:00.120Z')]]
    expect(show(schema, rows, 20, 0)).toContain('|2024-05-01 10:00:00   |\n|2024-05-01 10:00:00.12|')
    expect(show(schema, rows, 20, 0, 'Asia/Kolkata')).toContain('|2024-05-01 15:30:00   |')
    // A zero-fraction timestamp is 19 characters and is not truncated; one with a fraction is.
    expect(show(schema, rows)).toContain('| 2024-05-01 10:00:00|\n|2024-05-01 10:00:...|')
  })

  it('prints doubles and floats as Java does', () => {
    const schema = StructType([StructField('d', DoubleType()), StructField('f', FloatType())])
    const out = show(
      schema,
      [
        [1, 0.1],
        [1e7, 1.5],
        [1.5e-5, 3.3],
      ],
      20,
      0,
    )
    expect(out).toContain('|1.0   |0.1|')
    expect(out).toContain('|1.0E7 |1.5|')
    expect(out).toContain('|1.5E-5|3.3|')
  })

  it('shows the first numRows rows and says how many', () => {
    const schema = StructType([StructField('n', IntegerType())])
    const rows = [[1], [2], [3]]
    expect(show(schema, rows, 2)).toBe(
      ['+---+', '|  n|', '+---+', '|  1|', '|  2|', '+---+', 'only showing top 2 rows', ''].join('\n'),
    )
    expect(show(schema, rows, 1)).toContain('only showing top 1 row\n')
  })

  it('escapes control characters and counts full-width characters twice', () => {
    const schema = StructType([StructField('v', StringType())])
    expect(show(schema, [['a\nb']])).toContain('|a\\nb|')
    expect(show(schema, [['日本']])).toBe(['+----+', '|   v|', '+----+', '|日本|', '+----+', ''].join('\n'))
  })
})
