// split(s, c)[i] and element_at(split(s, c), i) on a literal one-byte separator: the fused one-pass kernel gives the
// part Spark's split-then-index gives, for nulls, empty strings, multi-byte text, limits and any index.
import { describe, expect, it } from 'vitest'
import { attribute, fn, literal } from '../../../src/expr/expression.js'
import { splitElement } from '../../../src/expr/functions/split-element.js'
import { col, element_at, lit, SparkRuntimeException, split } from '../../../src/index.js'
import { ArrayType, INTEGER, STRING } from '../../../src/types/data-types.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const rows = ['https://www.nexmark.com/ab/cd/ef/item.htm', 'a//b/', '', null, 'é/日本/😀', '/lead', 'none']
const df = spark.createDataFrame(
  rows.map((s) => ({ s })),
  's STRING',
)

describe('split(s, c)[i] fused', () => {
  it('takes the i-th part (0-based) and is NULL past the last part, for a negative index and for a NULL string', () => {
    expect(valuesOf(df, split('s', '/').getItem(0))).toEqual(['https:', 'a', '', null, 'é', '', 'none'])
    expect(valuesOf(df, split('s', '/').getItem(3))).toEqual(['ab', '', null, null, null, null, null])
    expect(valuesOf(df, split('s', '/').getItem(5))).toEqual(['ef', null, null, null, null, null, null])
    expect(valuesOf(df, split('s', '/').getItem(1))).toEqual(['', '', null, null, '日本', 'lead', null])
    expect(valuesOf(df, split('s', '/').getItem(2))).toEqual(['www.nexmark.com', 'b', null, null, '😀', null, null])
    expect(valuesOf(df, split('s', '/').getItem(-1))).toEqual([null, null, null, null, null, null, null])
  })

  it('keeps a trailing empty part, with no limit and with a limit of 0', () => {
    expect(valuesOf(df, split('s', '/').getItem(3))).toEqual(['ab', '', null, null, null, null, null])
    expect(valuesOf(df, split('s', '/', 0).getItem(3))).toEqual(['ab', '', null, null, null, null, null])
    expect(valuesOf(df, split('s', '/', 0).getItem(4))).toEqual(['cd', null, null, null, null, null, null])
  })

  it('stops at a positive limit: the last part holds the rest of the string', () => {
    expect(valuesOf(df, split('s', '/', 2).getItem(1))).toEqual([
      '/www.nexmark.com/ab/cd/ef/item.htm',
      '/b/',
      null,
      null,
      '日本/😀',
      'lead',
      null,
    ])
    expect(valuesOf(df, split('s', '/', 2).getItem(2))).toEqual([null, null, null, null, null, null, null])
    expect(valuesOf(df, split('s', '/', 1).getItem(0))).toEqual(rows)
  })

  it('reads an escaped metacharacter as the literal byte, and a bare one as a regex', () => {
    const dotted = spark.createDataFrame([{ s: 'a.b|c' }, { s: '' }], 's STRING')
    expect(valuesOf(dotted, split('s', '\\.').getItem(1))).toEqual(['b|c', null])
    expect(valuesOf(dotted, split('s', '\\|').getItem(1))).toEqual(['c', null])
    // '.' matches every character and '|' is an empty alternation (splitting between characters).
    expect(valuesOf(dotted, split('s', '.').getItem(0))).toEqual(['', ''])
    expect(valuesOf(dotted, split('s', '|').getItem(1))).toEqual(['.', null])
  })
})

describe('element_at(split(s, c), i) fused', () => {
  it('counts from 1, and from the end when negative', () => {
    const at = (i: number) => valuesOf(df, element_at(split(col('s'), '/'), lit(i)))
    expect(at(1)).toEqual(['https:', 'a', '', null, 'é', '', 'none'])
    expect(at(-1)).toEqual(['item.htm', '', '', null, '😀', 'lead', 'none'])
    expect(at(-3)).toEqual(['cd', '', null, null, 'é', null, null])
    expect(at(-8)).toEqual([null, null, null, null, null, null, null])
    expect(at(8)).toEqual([null, null, null, null, null, null, null])
  })

  it('counts from the end among the parts a limit leaves', () => {
    expect(valuesOf(df, element_at(split(col('s'), '/', 3), lit(-1)))).toEqual([
      'www.nexmark.com/ab/cd/ef/item.htm',
      'b/',
      '',
      null,
      '😀',
      'lead',
      'none',
    ])
  })

  it('fails on index 0 as Spark does', () => {
    expect(() => valuesOf(df, element_at(split(col('s'), '/'), lit(0)))).toThrow(SparkRuntimeException)
  })
})

describe('which calls fuse', () => {
  const s = attribute('s', STRING, true)
  const splitOn = (pattern: string) =>
    fn('split', [s, literal(pattern, STRING), literal(-1, INTEGER)], ArrayType(STRING, false), true)
  const item = (pattern: string) => fn('get_item', [splitOn(pattern), literal(3, INTEGER)], STRING, true)

  it('a literal byte or an escaped metacharacter, at a constant index', () => {
    expect(splitElement(item('/'))?.text).toBe(s)
    expect(splitElement(item('\\.'))).toBeDefined()
    expect(splitElement(fn('element_at', [splitOn(','), literal(-1, INTEGER)], STRING, true))).toBeDefined()
  })

  it('not a regex, a multi-byte separator, a column index or a split of more than one byte', () => {
    expect(splitElement(item('.'))).toBeUndefined()
    expect(splitElement(item('é'))).toBeUndefined()
    expect(splitElement(item('ab'))).toBeUndefined()
    expect(splitElement(fn('get_item', [splitOn('/'), attribute('i', INTEGER, true)], STRING, true))).toBeUndefined()
  })
})

describe('the fused kernel against the split arrays', () => {
  it('agrees when one select takes several parts of the same split, in any order', () => {
    let seed = 3
    const random = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % k
    }
    const pieces = ['a', '/', '/', 'é', '']
    const texts = Array.from({ length: 100 }, () =>
      random(8) === 0 ? null : Array.from({ length: random(9) }, () => pieces[random(pieces.length)]).join(''),
    )
    const data = spark.createDataFrame(
      texts.map((s) => ({ s })),
      's STRING',
    )
    const order = [3, 4, 5, 1, 2, 6, 0, 0, -1]
    for (const limit of [-1, 3]) {
      const arrays = valuesOf(data, split('s', '/', limit)) as (string[] | null)[]
      const rows = data.select(...order.map((i, k) => split('s', '/', limit).getItem(i).alias(`p${k}`))).collect()
      for (const [k, i] of order.entries()) {
        const expected = arrays.map((a) => (a === null || i < 0 || i >= a.length ? null : a[i]))
        expect(
          rows.map((r) => r[`p${k}`]),
          `limit ${limit}, part ${i}`,
        ).toEqual(expected)
      }
    }
  })

  it('agrees on random strings for every limit and index', () => {
    let seed = 7
    const random = (k: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % k
    }
    const pieces = ['a', '/', '/', 'é', '😀', 'bc']
    const texts = Array.from({ length: 200 }, () =>
      random(10) === 0 ? null : Array.from({ length: random(8) }, () => pieces[random(pieces.length)]).join(''),
    )
    const data = spark.createDataFrame(
      texts.map((s) => ({ s })),
      's STRING',
    )
    for (const limit of [-1, 0, 1, 2, 3]) {
      const arrays = valuesOf(data, split('s', '/', limit)) as (string[] | null)[]
      for (const i of [-4, -2, -1, 0, 1, 2, 5]) {
        const items = valuesOf(data, split('s', '/', limit).getItem(i))
        expect(items).toEqual(arrays.map((a) => (a === null || i < 0 || i >= a.length ? null : a[i])))
        if (i === 0) continue
        const at = valuesOf(data, element_at(split(col('s'), '/', limit), lit(i)))
        const k = (a: string[]) => (i > 0 ? i - 1 : a.length + i)
        expect(at).toEqual(arrays.map((a) => (a === null || k(a) < 0 || k(a) >= a.length ? null : a[k(a)])))
      }
    }
  })
})
