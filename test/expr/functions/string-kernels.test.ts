// The shared string paths of kernels: a column's JS strings (all-ASCII columns sliced from one decode), CASE WHEN's
// per-row gather of string branches, regexp_extract with a constant pattern, and constant int64 columns.
import { describe, expect, it } from 'vitest'
import {
  type Column,
  constantInt64Column,
  int64WordsOf,
  numbersOf,
  sliceColumn,
  stringsOf,
  Utf8Builder,
} from '../../../src/arrow/index.js'
import { stringsOfVec } from '../../../src/expr/functions/define.js'
import { pickPerRow, Scalar } from '../../../src/expr/functions/vector.js'
import { ConstantWindows } from '../../../src/expr/functions/windows.js'
import { col, regexp_extract, when } from '../../../src/index.js'
import { BINARY, STRING, TIMESTAMP } from '../../../src/types/data-types.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

function utf8(values: readonly (string | null)[]): Column {
  const builder = new Utf8Builder(values.length)
  for (const v of values) builder.append(v)
  return builder.finish()
}

describe("a column's strings for kernels", () => {
  it('are the rows of an all-ASCII column, nulls and empty strings included', () => {
    const values = ['https://x.com/a?channel_id=7', null, '', 'apple', 'a longer value of more than thirty-two bytes']
    expect(stringsOfVec(utf8(values), values.length)).toEqual(values)
  })

  it('are the rows of a slice of a column (offsets not starting at 0)', () => {
    const column = sliceColumn(utf8(['zero', 'one', null, 'three', 'four']), 1, 3)
    expect(stringsOfVec(column, 3)).toEqual(['one', null, 'three'])
  })

  it('decode UTF-8 row by row when a byte is not ASCII, invalid bytes as U+FFFD as before', () => {
    const values = ['é', 'plain', '日本', null]
    expect(stringsOfVec(utf8(values), values.length)).toEqual(values)
    const invalid = new Utf8Builder(2)
    invalid.appendBytes(new Uint8Array([0x61, 0xff]))
    invalid.appendBytes(new Uint8Array([0x80, 0x62]))
    const column = invalid.finish()
    expect(stringsOfVec(column, 2)).toEqual(stringsOf(column))
    expect(stringsOfVec(column, 2)).toEqual(['a\uFFFD', '\uFFFDb'])
  })
})

describe('CASE WHEN over strings (pickPerRow)', () => {
  it("copies each row's bytes from its branch: constants, column rows, NULL rows and unmatched rows", () => {
    const column = utf8(['x0', null, 'x2', 'x3', 'é4'])
    const pick = Int32Array.from([0, 1, 1, -1, 1])
    const out = pickPerRow([new Scalar('const', STRING), column, new Scalar(null, STRING)], pick, STRING)
    expect(stringsOf(out)).toEqual(['const', null, 'x2', null, 'é4'])
    const nulls = pickPerRow([new Scalar(null, STRING)], Int32Array.from([0, -1]), STRING)
    expect(stringsOf(nulls)).toEqual([null, null])
  })

  it('keeps binary bytes as they are', () => {
    const bytes = new Uint8Array([0, 255, 7])
    const out = pickPerRow([new Scalar(bytes, BINARY)], Int32Array.from([0, -1]), BINARY)
    const offsets = out.valueOffsets as Int32Array
    expect(Array.from((out.values as Uint8Array).subarray(offsets[0]!, offsets[1]!))).toEqual([0, 255, 7])
    expect(out.nullCount).toBe(1)
    expect(offsets[2]).toBe(offsets[1])
  })

  it('through SQL: string constants and a string column as branches', () => {
    const spark = newSession()
    const df = spark.createDataFrame([{ s: 'apple' }, { s: 'Other' }, { s: null }, { s: 'baidu' }], 's STRING')
    const chosen = when(col('s').eq('apple'), '0').when(col('s').eq('baidu'), '3').otherwise(col('s'))
    expect(valuesOf(df, chosen)).toEqual(['0', 'Other', null, '3'])
  })
})

describe('regexp_extract with a constant pattern', () => {
  const spark = newSession()
  const df = spark.createDataFrame(
    [{ u: 'a=1&channel_id=42&b=2' }, { u: 'channel_id=7' }, { u: 'no id here' }, { u: null }, { u: 'é&channel_id=ü' }],
    'u STRING',
  )

  it("takes the group of the first match per row, '' without a match and NULL for NULL", () => {
    expect(valuesOf(df, regexp_extract(col('u'), '(&|^)channel_id=([^&]*)', 2))).toEqual(['42', '7', '', null, 'ü'])
  })

  it('checks the group index against the pattern at the first non-NULL row, as Spark does per row', () => {
    expect(() => df.select(regexp_extract(col('u'), 'channel_id', 1)).collect()).toThrow(
      /REGEX_GROUP_INDEX_EXCEED_REGEX_GROUP_COUNT/,
    )
    expect(valuesOf(df.filter(col('u').isNull()), regexp_extract(col('u'), 'channel_id', 1))).toEqual([null])
  })
})

describe('constant int64 columns', () => {
  it('hold the value in every row, as int64 words and as numbers', () => {
    for (const [value, rows] of [
      [1_700_000_000_000_000, 5],
      [-3, 1],
      [2 ** 40 + 7, 1000],
      [0, 0],
    ] as const) {
      const column = constantInt64Column(TIMESTAMP, value, rows)
      expect(column.length).toBe(rows)
      expect(Array.from(numbersOf(column))).toEqual(new Array(rows).fill(value))
      const words = int64WordsOf(column)
      for (let i = 0; i < rows; i++) expect(words[2 * i + 1]! * 2 ** 32 + (words[2 * i]! >>> 0)).toBe(value)
      expect(Array.from(column.values as BigInt64Array)).toEqual(new Array(rows).fill(BigInt(value)))
    }
  })

  it('make processing-time window columns that reuse the last buffers only for the same window', () => {
    const windows = new ConstantWindows()
    const read = (column: Column) =>
      [0, 1].map((f) => Array.from(numbersOf(column.children[f]!)).concat(Array.from(column.children[f]!.values)))
    const size = 10_000_000
    const first = windows.column(1_700_000_000_000_000, size, 4)
    const shorter = windows.column(1_700_000_000_000_000, size, 2)
    expect(shorter.children[0]!.values.buffer).toBe(first.children[0]!.values.buffer)
    expect(read(shorter)).toEqual([
      [1.7e15, 1.7e15, 1_700_000_000_000_000n, 1_700_000_000_000_000n],
      [1.7e15 + size, 1.7e15 + size, 1_700_000_010_000_000n, 1_700_000_010_000_000n],
    ])
    const next = windows.column(1_700_000_010_000_000, size, 2)
    expect(read(next)[0]).toEqual([1.70000001e15, 1.70000001e15, 1_700_000_010_000_000n, 1_700_000_010_000_000n])
    const longer = windows.column(1_700_000_010_000_000, size, 3)
    expect(longer.length).toBe(3)
    expect(read(longer)[1]).toEqual(new Array(3).fill(1.70000002e15).concat(new Array(3).fill(1_700_000_020_000_000n)))
  })
})
