// The byte matcher behind regexp_extract and RLIKE with a constant pattern: for every pattern of its subset it finds
// what java.util.regex's find() finds (V8's regex is the oracle, the two agreeing on this subset of ASCII syntax),
// groups included; anything else is left to the general path; non-ASCII rows still go through the JS regex.
import { describe, expect, it } from 'vitest'
import { compileByteRegex } from '../../../src/expr/functions/byte-regex.js'
import { col, regexp_extract, SparkRuntimeException } from '../../../src/index.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const encoder = new TextEncoder()

let seed = 11
const random = (k: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed % k
}

/** The oracle's groups: start and end of each group of the first match (byte offsets after `shift` bytes), or null. */
function oracle(pattern: string, s: string, shift: number): number[] | null {
  const match = new RegExp(pattern, 'ud').exec(s)
  return match === null ? null : match.indices!.flatMap((g) => (g ? [g[0] + shift, g[1] + shift] : [-1, -1]))
}

const SUPPORTED = [
  '(&|^)channel_id=([^&]*)',
  'a|b',
  '(a)|(b)',
  '(\\d+)-(\\d+)',
  '^abc',
  '',
  '[a-c]+b',
  'a{2,3}',
  'a{2}c',
  'b{1,}',
  '(?:ab|a)(b*)c',
  '[^&]*',
  '\\w+@\\w+\\.com',
  '[-a]x[.\\]]',
  'x.y',
  '(a(b|)(c?))d',
  '\\s\\S\\W',
  '[^\\d]=\\d?',
]

describe('the byte matcher', () => {
  it('finds the first match and its groups as the regex does, on random ASCII text', () => {
    const alphabet = 'ab&c=_-1 2\n\r.x@y]d'
    for (const pattern of SUPPORTED) {
      const re = compileByteRegex(pattern)
      expect(re, pattern).not.toBeNull()
      const groups = new Int32Array(2 * (re!.groupCount + 1))
      for (let t = 0; t < 1500; t++) {
        let s = Array.from({ length: random(14) }, () => alphabet[random(alphabet.length)]).join('')
        if (random(3) === 0) s += `${random(2) ? '&' : ''}channel_id=${s}`
        // The row sits inside a larger buffer, as in a column.
        const bytes = encoder.encode(`zz${s}q&channel_id=`)
        const found = re!.find(bytes, 2, 2 + s.length, groups)
        const expected = oracle(pattern, s, 2)
        expect(found ? Array.from(groups) : null, `${pattern} on ${JSON.stringify(s)}`).toEqual(expected)
      }
    }
  })

  it('finds the literal a pattern requires row after row of one buffer, including rows without it', () => {
    const pattern = '(&|^)channel_id=([^&]*)'
    const rows = Array.from(
      { length: 300 },
      (_, i) =>
        ['', 'channel_id=', `q=1&channel_id=${i}`, 'achannel_id=1', `channel_id=${i}&channel_id=x`, 'x&chan'][
          random(6)
        ]!,
    )
    const bytes = encoder.encode(rows.join(''))
    const re = compileByteRegex(pattern)!
    const groups = new Int32Array(6)
    let at = 0
    for (const s of rows) {
      const found = re.find(bytes, at, at + s.length, groups)
      expect(found ? Array.from(groups) : null, s).toEqual(oracle(pattern, s, at))
      at += s.length
    }
  })

  it('searches afresh for a row over the same bytes that does not come after the last one', () => {
    const re = compileByteRegex('^x=(\\d)')!
    const bytes = encoder.encode('y x=1 x=2')
    const groups = new Int32Array(4)
    // 'x=' must begin the row: not in [0, 9); in [2, 9) and [6, 9); not in [2, 4), which is too short.
    expect(re.find(bytes, 0, 9, groups)).toBe(false)
    expect(re.find(bytes, 2, 9, groups)).toBe(true)
    expect(Array.from(groups)).toEqual([2, 5, 4, 5])
    expect(re.find(bytes, 2, 4, groups)).toBe(false)
    expect(re.find(bytes, 0, 9, groups)).toBe(false)
    expect(re.find(bytes, 6, 9, groups)).toBe(true)
    expect(Array.from(groups)).toEqual([6, 9, 8, 9])
    expect(re.find(bytes, 2, 9, groups)).toBe(true)
    expect(Array.from(groups)).toEqual([2, 5, 4, 5])
  })

  it('leaves other patterns to the general path', () => {
    for (const pattern of [
      'x(y)?',
      '(a+)+',
      '.*?x',
      'a++',
      'line$',
      '\\bword',
      '[a-z&&[def]]',
      '[[a]]',
      '(?i)key',
      '(?<name>a)',
      '(a)\\1',
      '\\p{Alpha}',
      'é',
      '[é]',
      '\\x41',
      'a{2',
      '{',
      ']',
    ]) {
      expect(compileByteRegex(pattern), pattern).toBeNull()
    }
  })
})

describe('regexp_extract and RLIKE over bytes', () => {
  const rows = [
    'https://www.nexmark.com/a/b/c/item.htm?query=1&channel_id=42',
    'channel_id=7&x=1',
    'q=1&channel_id=',
    'https://www.nexmark.com/é/item.htm?query=1&channel_id=日本',
    '',
    null,
    'no id here',
  ]
  const df = spark.createDataFrame(
    rows.map((s) => ({ s })),
    's STRING',
  )

  it('takes the group from ASCII and multi-byte rows alike, empty when there is no match, NULL for NULL', () => {
    const pattern = '(&|^)channel_id=([^&]*)'
    expect(valuesOf(df, regexp_extract('s', pattern, 2))).toEqual(['42', '7', '', '日本', '', null, ''])
    expect(valuesOf(df, regexp_extract('s', pattern, 1))).toEqual(['&', '', '&', '&', '', null, ''])
    expect(valuesOf(df, regexp_extract('s', pattern, 0))).toEqual([
      '&channel_id=42',
      'channel_id=7',
      '&channel_id=',
      '&channel_id=日本',
      '',
      null,
      '',
    ])
    // A group that takes no part in the match is ''.
    expect(valuesOf(df, regexp_extract('s', '(x=)|(channel)', 1))).toEqual(['', '', '', '', '', null, ''])
  })

  it('checks the group index against the pattern at the first non-NULL row', () => {
    expect(() => valuesOf(df, regexp_extract('s', '(a)b', 2))).toThrow(SparkRuntimeException)
    const nulls = spark.createDataFrame([{ s: null }], 's STRING')
    expect(valuesOf(nulls, regexp_extract('s', '(a)b', 2))).toEqual([null])
  })

  it('RLIKE finds the pattern anywhere in ASCII and multi-byte rows', () => {
    expect(valuesOf(df, col('s').rlike('channel_id=\\d'))).toEqual([true, true, false, false, false, null, false])
    expect(valuesOf(df, col('s').rlike('é/item'))).toEqual([false, false, false, true, false, null, false])
    expect(valuesOf(df, col('s').rlike('^[a-z]+ [a-z]+'))).toEqual([false, false, false, false, false, null, true])
  })
})
