// String functions against Spark 3.5's UTF8String semantics: characters are code points, positions are 1-based.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  array,
  ascii,
  call_function,
  col,
  concat,
  concat_ws,
  format_string,
  initcap,
  instr,
  length,
  lit,
  locate,
  lower,
  lpad,
  ltrim,
  regexp_extract,
  regexp_replace,
  repeat,
  replace,
  reverse,
  rpad,
  rtrim,
  SparkRuntimeException,
  split,
  substring,
  substring_index,
  translate,
  trim,
  upper,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const words = spark.createDataFrame(
  [{ s: 'Spark SQL' }, { s: '' }, { s: 'héllo wörld' }, { s: '😀a😀' }, { s: null }],
  's STRING',
)

describe('generated column names', () => {
  it('print calls with literal arguments bare', () => {
    const df = spark.createDataFrame([{ s: 'a,b', n: 1 }], 's STRING, n INT')
    expect(nameOf(df, upper('s'))).toBe('upper(s)')
    expect(nameOf(df, lower('s'))).toBe('lower(s)')
    expect(nameOf(df, length('s'))).toBe('length(s)')
    expect(nameOf(df, trim('s'))).toBe('trim(s)')
    expect(nameOf(df, ltrim('s'))).toBe('ltrim(s)')
    expect(nameOf(df, rtrim('s'))).toBe('rtrim(s)')
    expect(nameOf(df, split('s', ','))).toBe('split(s, ,, -1)')
    expect(nameOf(df, split('s', ',', 2))).toBe('split(s, ,, 2)')
    expect(nameOf(df, substring('s', 2, 3))).toBe('substring(s, 2, 3)')
    expect(nameOf(df, col('s').substr(2, 3))).toBe('substring(s, 2, 3)')
    expect(nameOf(df, concat('s', lit('!')))).toBe('concat(s, !)')
    expect(nameOf(df, concat('s', 'n'))).toBe('concat(s, n)')
    expect(nameOf(df, concat_ws('-', 's', 'n'))).toBe('concat_ws(-, s, n)')
    expect(nameOf(df, regexp_replace('s', ',', ';'))).toBe('regexp_replace(s, ,, ;, 1)')
    expect(nameOf(df, regexp_extract('s', '(a)', 1))).toBe('regexp_extract(s, (a), 1)')
    expect(nameOf(df, lpad('s', 5, '*'))).toBe('lpad(s, 5, *)')
    expect(nameOf(df, rpad('s', 5, '*'))).toBe('rpad(s, 5, *)')
    expect(nameOf(df, instr('s', 'b'))).toBe('instr(s, b)')
    expect(nameOf(df, locate('b', 's'))).toBe('locate(b, s, 1)')
    expect(nameOf(df, initcap('s'))).toBe('initcap(s)')
    expect(nameOf(df, reverse('s'))).toBe('reverse(s)')
    expect(nameOf(df, repeat('s', 2))).toBe('repeat(s, 2)')
    expect(nameOf(df, translate('s', 'ab', 'x'))).toBe('translate(s, ab, x)')
    expect(nameOf(df, substring_index('s', ',', 1))).toBe('substring_index(s, ,, 1)')
    expect(nameOf(df, ascii('s'))).toBe('ascii(s)')
  })
})

describe('case and length', () => {
  it('upper and lower follow Java, including ß → SS', () => {
    expect(valuesOf(words, upper('s'))).toEqual(['SPARK SQL', '', 'HÉLLO WÖRLD', '😀A😀', null])
    expect(valuesOf(words, lower('s'))).toEqual(['spark sql', '', 'héllo wörld', '😀a😀', null])
    expect(valuesOf(one, upper(lit('straße')))).toEqual(['STRASSE'])
  })

  it('replace swaps every occurrence (removes it without a replacement), leaves the text for an empty search', () => {
    const df = spark.createDataFrame(
      [
        { s: 'a.b.c', t: '.' },
        { s: null, t: '.' },
        { s: 'héllo', t: 'é' },
      ],
      's STRING, t STRING',
    )
    expect(nameOf(df, replace('s', lit('.'), lit('-')))).toBe('replace(s, ., -)')
    expect(nameOf(df, replace('s', 't'))).toBe('replace(s, t, )')
    expect(valuesOf(df, replace('s', lit('.'), lit('--')))).toEqual(['a--b--c', null, 'héllo'])
    expect(valuesOf(df, replace('s', 't'))).toEqual(['abc', null, 'hllo'])
    expect(valuesOf(df, replace('s', lit(''), lit('x')))).toEqual(['a.b.c', null, 'héllo'])
  })

  it('upper and lower of an all-ASCII column (changed byte by byte) keep nulls and leave other bytes alone', () => {
    const ascii = spark.createDataFrame([{ s: 'Apple_Z@[`{' }, { s: null }, { s: '' }, { s: 'mIxEd 42' }], 's STRING')
    expect(valuesOf(ascii, upper('s'))).toEqual(['APPLE_Z@[`{', null, '', 'MIXED 42'])
    expect(valuesOf(ascii, lower('s'))).toEqual(['apple_z@[`{', null, '', 'mixed 42'])
    const filtered = ascii.filter(col('s').isNotNull())
    expect(valuesOf(filtered, lower('s'))).toEqual(['apple_z@[`{', '', 'mixed 42'])
    expect(valuesOf(ascii, lower('s').isin('apple_z@[`{', 'mixed 42'))).toEqual([true, null, false, true])
  })

  it('length counts characters (code points), not bytes or UTF-16 units', () => {
    expect(typeOf(words, length('s'))).toBe('int')
    expect(valuesOf(words, length('s'))).toEqual([9, 0, 11, 3, null])
  })

  it('length of a number counts its text', () => {
    expect(valuesOf(one, length(lit(-123)))).toEqual([4])
  })
})

describe('trim', () => {
  const padded = spark.createDataFrame([{ s: '  a b  ' }, { s: '\t a \n' }, { s: '   ' }], 's STRING')

  it('removes only ASCII spaces, not tabs or newlines', () => {
    expect(valuesOf(padded, trim('s'))).toEqual(['a b', '\t a \n', ''])
    expect(valuesOf(padded, ltrim('s'))).toEqual(['a b  ', '\t a \n', ''])
    expect(valuesOf(padded, rtrim('s'))).toEqual(['  a b', '\t a \n', ''])
  })
})

describe('concat and concat_ws', () => {
  const df = spark.createDataFrame(
    [
      { a: 'x', b: 'y', n: 1 },
      { a: 'x', b: null, n: 2 },
    ],
    'a STRING, b STRING, n INT',
  )

  it('concat is NULL when any argument is, and casts numbers to strings', () => {
    expect(valuesOf(df, concat('a', 'b'))).toEqual(['xy', null])
    expect(typeOf(df, concat('a', 'n'))).toBe('string')
    expect(valuesOf(df, concat('a', 'n', lit(2.5)))).toEqual(['x12.5', 'x22.5'])
    expect(valuesOf(df, concat())).toEqual(['', ''])
  })

  it('concat_ws skips NULLs and flattens string arrays', () => {
    expect(valuesOf(df, concat_ws('-', 'a', 'b', 'n'))).toEqual(['x-y-1', 'x-2'])
    expect(valuesOf(df, concat_ws('', 'a', 'b'))).toEqual(['xy', 'x'])
    expect(valuesOf(df, concat_ws(',', split(lit('p q'), ' '), 'a'))).toEqual(['p,q,x', 'p,q,x'])
    expect(valuesOf(df, concat_ws('-'))).toEqual(['', ''])
    expect(valuesOf(df, concat_ws('/', array('n', lit(null), lit(3))))).toEqual(['1/3', '2/3'])
  })
})

describe('substring', () => {
  const df = spark.createDataFrame([{ s: 'Spark' }, { s: 'a😀b' }, { s: null }], 's STRING')

  it('is 1-based; position 0 acts as 1', () => {
    expect(valuesOf(df, substring('s', 2, 3))).toEqual(['par', '😀b', null])
    expect(valuesOf(df, substring('s', 0, 2))).toEqual(['Sp', 'a😀', null])
    expect(valuesOf(df, substring('s', 1, 100))).toEqual(['Spark', 'a😀b', null])
  })

  it('counts a negative position from the end', () => {
    expect(valuesOf(df, substring('s', -3, 2))).toEqual(['ar', 'a😀', null])
    expect(valuesOf(df, substring('s', -10, 7))).toEqual(['Sp', '', null])
  })

  it('is empty for a non-positive length or a start past the end', () => {
    expect(valuesOf(df, substring('s', 2, 0))).toEqual(['', '', null])
    expect(valuesOf(df, substring('s', 2, -1))).toEqual(['', '', null])
    expect(valuesOf(df, substring('s', 9, 2))).toEqual(['', '', null])
  })
})

describe('split', () => {
  it('splits on a Java regex and keeps trailing empty strings', () => {
    const df = spark.createDataFrame([{ s: 'a,b,,c,,' }, { s: '' }, { s: null }], 's STRING')
    expect(valuesOf(df, split('s', ','))).toEqual([['a', 'b', '', 'c', '', ''], [''], null])
    expect(valuesOf(df, split('s', ',', 2))).toEqual([['a', 'b,,c,,'], [''], null])
    // A limit of 0 behaves like -1 in Spark (Java's trailing-empty removal is not applied).
    expect(valuesOf(df, split('s', ',', 0))).toEqual([['a', 'b', '', 'c', '', ''], [''], null])
  })

  it('treats the pattern as a regex', () => {
    const df = spark.createDataFrame([{ s: 'a1b22c' }, { s: 'a.b' }], 's STRING')
    expect(valuesOf(df, split('s', '[0-9]+'))).toEqual([['a', 'b', 'c'], ['a.b']])
    // A limit of 0 is -1 on the regex path too: 'a1b22c' ends in a letter, 'a1b1' in a separator.
    const trailing = spark.createDataFrame([{ s: 'a1b1' }], 's STRING')
    expect(valuesOf(trailing, split('s', '[0-9]', 0))).toEqual([['a', 'b', '']])
    expect(valuesOf(df, split('s', '\\.'))).toEqual([['a1b22c'], ['a', 'b']])
    expect(valuesOf(df, split('s', '.'))).toEqual([
      ['', '', '', '', '', '', ''],
      ['', '', '', ''],
    ])
  })

  it('splits into characters on an empty pattern', () => {
    const df = spark.createDataFrame([{ s: 'a😀c' }], 's STRING')
    expect(valuesOf(df, split('s', ''))).toEqual([['a', '😀', 'c']])
    expect(valuesOf(df, split('s', '', 2))).toEqual([['a', '😀c']])
  })

  it('has a leading empty string for a match at the start, but not for a zero-width one', () => {
    const df = spark.createDataFrame([{ s: ',a' }, { s: 'ab' }], 's STRING')
    expect(valuesOf(df, split('s', ','))).toEqual([['', 'a'], ['ab']])
    expect(valuesOf(df, split('s', '(?=b)'))).toEqual([[',a'], ['a', 'b']])
  })
})

describe('regexp_replace and regexp_extract', () => {
  const df = spark.createDataFrame([{ s: '100-200 abc' }, { s: '' }, { s: null }], 's STRING')

  it('regexp_replace replaces every match and understands $n group references', () => {
    expect(valuesOf(df, regexp_replace('s', '(\\d+)', '<$1>'))).toEqual(['<100>-<200> abc', '', null])
    expect(valuesOf(df, regexp_replace('s', '[a-c]', ''))).toEqual(['100-200 ', '', null])
    expect(valuesOf(df, regexp_replace('s', '\\d', '\\$'))).toEqual(['$$$-$$$ abc', '', null])
  })

  it('regexp_replace from a 1-based position keeps the text before it, and ^ anchors there', () => {
    const replace = (pos: number) => call_function('regexp_replace', col('s'), lit('^\\d|0'), lit('#'), lit(pos))
    expect(nameOf(df, replace(5))).toBe('regexp_replace(s, ^\\d|0, #, 5)')
    expect(valuesOf(df, replace(1))).toEqual(['###-2## abc', '', null])
    expect(valuesOf(df, replace(5))).toEqual(['100-### abc', '', null])
    expect(valuesOf(df, replace(50))).toEqual(['100-200 abc', '', null])
  })

  it('use Java regex syntax', () => {
    expect(valuesOf(one, split(lit('a1b22c'), '\\p{Digit}+'))).toEqual([['a', 'b', 'c']])
    expect(valuesOf(one, regexp_replace(lit('abc\n'), 'c$', 'X'))).toEqual(['abX\n'])
    expect(valuesOf(one, regexp_extract(lit('Key=Value'), '(?i)key=(\\w+)', 1))).toEqual(['Value'])
  })

  it('regexp_extract returns the group of the first match, or an empty string', () => {
    expect(valuesOf(df, regexp_extract('s', '(\\d+)-(\\d+)', 2))).toEqual(['200', '', null])
    expect(valuesOf(df, regexp_extract('s', '(\\d+)', 0))).toEqual(['100', '', null])
    expect(valuesOf(df, regexp_extract('s', 'x(y)?', 1))).toEqual(['', '', null])
    expect(valuesOf(df, regexp_extract('s', '(a)|(z)', 2))).toEqual(['', '', null])
  })
})

describe('padding', () => {
  const df = spark.createDataFrame([{ s: 'hi' }, { s: 'hello' }, { s: '😀' }, { s: null }], 's STRING')

  it('lpad/rpad pad with a repeated pattern and truncate long input', () => {
    expect(valuesOf(df, lpad('s', 5, 'ab'))).toEqual(['abahi', 'hello', 'abab😀', null])
    expect(valuesOf(df, rpad('s', 5, 'ab'))).toEqual(['hiaba', 'hello', '😀abab', null])
    expect(valuesOf(df, lpad('s', 3, '*'))).toEqual(['*hi', 'hel', '**😀', null])
    expect(valuesOf(df, rpad('s', 1, '*'))).toEqual(['h', 'h', '😀', null])
  })

  it('an empty pad or a negative length', () => {
    expect(valuesOf(df, lpad('s', 5, ''))).toEqual(['hi', 'hello', '😀', null])
    expect(valuesOf(df, lpad('s', -1, '*'))).toEqual(['', '', '', null])
  })

  it('a long pad is whole copies of the pattern then a part of it', () => {
    const padded = valuesOf(df, rpad('s', 100_003, 'abc'))[0] as string
    expect(padded).toHaveLength(100_003)
    expect(padded.startsWith('hiabcabc')).toBe(true)
    expect(padded.endsWith('cab')).toBe(true)
  })

  it('refuses at once a result longer than a string value can hold, as a typed error', () => {
    const refused = () => valuesOf(df, rpad('s', 2_147_483_647, 'abc'))
    expect(refused).toThrow(SparkRuntimeException)
    expect(refused).toThrow('The result of rpad would be 2147483647 bytes long')
  })
})

describe('repeat', () => {
  const df = spark.createDataFrame(
    [
      { s: 'ab', n: 3 },
      { s: 'é', n: 2 },
      { s: null, n: 2 },
      { s: 'a', n: null },
      { s: 'a', n: -1 },
      { s: '', n: 5 },
    ],
    's STRING, n INT',
  )

  it('copies each value n times; NULL in, NULL out; n ≤ 0 gives the empty string', () => {
    expect(valuesOf(df, repeat('s', col('n')))).toEqual(['ababab', 'éé', null, null, '', ''])
    expect(valuesOf(df, repeat('s', 1000)).map((v) => (v as string | null)?.length)).toEqual([
      2000,
      1000,
      undefined,
      1000,
      1000,
      0,
    ])
  })

  it('refuses a result longer than a string value can hold, as a typed error, not a RangeError', () => {
    const refused = () => valuesOf(df, repeat('s', 300_000_000))
    expect(refused).toThrow(SparkRuntimeException)
    expect(refused).toThrow('The result of repeat would be 600000000 bytes long')
  })
})

describe('searching', () => {
  const df = spark.createDataFrame([{ s: 'héllo, héllo' }, { s: '' }, { s: null }], 's STRING')

  it('instr is the 1-based character position of the first match, 0 when absent', () => {
    expect(valuesOf(df, instr('s', 'llo'))).toEqual([3, 0, null])
    expect(valuesOf(df, instr('s', ''))).toEqual([1, 1, null])
    expect(valuesOf(df, instr('s', 'x'))).toEqual([0, 0, null])
  })

  it('locate searches from a 1-based start; a start below 1 gives 0', () => {
    expect(valuesOf(df, locate('llo', 's'))).toEqual([3, 0, null])
    expect(valuesOf(df, locate('llo', 's', 4))).toEqual([10, 0, null])
    expect(valuesOf(df, locate('llo', 's', 0))).toEqual([0, 0, null])
    expect(valuesOf(df, locate('llo', 's', 20))).toEqual([0, 0, null])
    // UTF8String.indexOf returns 0 for an empty needle wherever the search starts.
    expect(valuesOf(df, locate('', 's', 5))).toEqual([1, 1, null])
  })

  it('substring_index takes everything before the count-th delimiter (from the end when negative)', () => {
    const paths = spark.createDataFrame([{ s: 'www.apache.org' }, { s: 'aaa' }, { s: 'x' }], 's STRING')
    expect(valuesOf(paths, substring_index('s', '.', 2))).toEqual(['www.apache', 'aaa', 'x'])
    expect(valuesOf(paths, substring_index('s', '.', -2))).toEqual(['apache.org', 'aaa', 'x'])
    expect(valuesOf(paths, substring_index('s', '.', 0))).toEqual(['', '', ''])
    expect(valuesOf(paths, substring_index('s', '', 1))).toEqual(['', '', ''])
    // Matches may overlap, as UTF8String.subStringIndex searches from the previous match + 1.
    expect(valuesOf(paths, substring_index('s', 'aa', 2))).toEqual(['www.apache.org', 'a', 'x'])
    expect(valuesOf(paths, substring_index('s', 'aa', -2))).toEqual(['www.apache.org', 'a', 'x'])
  })
})

describe('initcap, reverse, repeat, translate, ascii', () => {
  it('initcap lower-cases, then capitalizes after each space only', () => {
    const df = spark.createDataFrame([{ s: 'sPARK sql' }, { s: 'a\tb-c  d' }, { s: 'élan vital' }], 's STRING')
    expect(valuesOf(df, initcap('s'))).toEqual(['Spark Sql', 'A\tb-c  D', 'Élan Vital'])
  })

  it('reverse reverses characters, keeping surrogate pairs whole', () => {
    expect(valuesOf(words, reverse('s'))).toEqual(['LQS krapS', '', 'dlröw olléh', '😀a😀', null])
  })

  it('repeat is empty for a count below 1', () => {
    expect(valuesOf(one, repeat(lit('ab'), 3))).toEqual(['ababab'])
    expect(valuesOf(one, repeat(lit('ab'), 0))).toEqual([''])
    expect(valuesOf(one, repeat(lit('ab'), -2))).toEqual([''])
  })

  it('translate maps characters and deletes those without a replacement', () => {
    expect(valuesOf(one, translate(lit('translate'), 'rnlt', '123'))).toEqual(['1a2s3ae'])
    expect(valuesOf(one, translate(lit('aaa😀'), 'a😀', 'bc'))).toEqual(['bbbc'])
    expect(valuesOf(one, translate(lit('abc'), 'aa', 'xy'))).toEqual(['xbc'])
    expect(valuesOf(one, translate(lit('a😀xé'), 'a😀x', 'b'))).toEqual(['bé'])
    const texts = spark.createDataFrame([['écrire c'], [null], ['ccc😀c']], 's STRING')
    expect(valuesOf(texts, translate('s', 'ce', 'Ç'))).toEqual(['éÇrir Ç', null, 'ÇÇÇ😀Ç'])
    expect(valuesOf(texts, translate('s', 'ce', 'x'))).toEqual(['éxrir x', null, 'xxx😀x'])
    expect(valuesOf(texts, translate('s', 'c', 'k'))).toEqual(['ékrire k', null, 'kkk😀k'])
    expect(valuesOf(texts, translate('s', 'c', ''))).toEqual(['érire ', null, '😀'])
    expect(valuesOf(texts, translate('s', '', 'x'))).toEqual(['écrire c', null, 'ccc😀c'])
    expect(valuesOf(texts, length(translate('s', 'c', '')))).toEqual([6, null, 1])
    expect(valuesOf(texts, length(translate('s', 'cé', 'x')))).toEqual([7, null, 5])
  })

  it('length(translate(s, c, "")) is the length less the deleted characters, for strings of any length', () => {
    // Rows of 0 to 40 characters so that matches fall at every offset within and across four-byte words.
    const texts = Array.from({ length: 41 }, (_, n) =>
      Array.from({ length: n }, (_, k) => 'abcçc😀'[(n * 7 + k * k) % 6]).join(''),
    )
    const df = spark.createDataFrame(
      texts.map((s) => [s]),
      's STRING',
    )
    const expected = texts.map((s) => Array.from(s).filter((ch) => ch !== 'c').length)
    expect(valuesOf(df, length(translate('s', 'c', '')))).toEqual(expected)
    expect(valuesOf(df, length(translate('s', 'ca', 'x')))).toEqual(
      texts.map((s) => Array.from(s).filter((ch) => ch !== 'a').length),
    )
  })

  it('translate over an all-ASCII column: one deleted character, and several mapped or deleted', () => {
    const ascii = spark.createDataFrame([['cabcc'], [''], [null], ['xyz'], ['accept']], 's STRING')
    expect(valuesOf(ascii, translate('s', 'c', ''))).toEqual(['ab', '', null, 'xyz', 'aept'])
    expect(valuesOf(ascii, translate('s', 'cax', 'C'))).toEqual(['CbCC', '', null, 'yz', 'CCept'])
    expect(valuesOf(ascii, length(translate('s', 'c', '')))).toEqual([2, 0, null, 3, 4])
  })

  it('ascii is the first UTF-16 unit of the string, 0 for an empty one', () => {
    expect(valuesOf(words, ascii('s'))).toEqual([83, 0, 104, 0xd83d, null])
  })
})

describe('arity and name errors', () => {
  it('a wrong argument count is WRONG_NUM_ARGS', () => {
    expect(() => words.select(call_function('upper', col('s'), col('s')))).toThrow(
      "[WRONG_NUM_ARGS.WITHOUT_SUGGESTION] The `upper` requires 1 parameters but the actual number is 2. Please, refer to 'https://spark.apache.org/docs/latest/sql-ref-functions.html' for a fix.",
    )
    expect(() => words.select(call_function('substring', col('s')))).toThrow(
      'The `substring` requires [2, 3] parameters but the actual number is 1.',
    )
    expect(() => words.select(call_function('unix_timestamp', col('s'), col('s'), col('s')))).toThrow(
      'The `unix_timestamp` requires [0, 1, 2] parameters but the actual number is 3.',
    )
  })

  it('an unknown function is UNRESOLVED_ROUTINE', () => {
    expect(() => words.select(call_function('no_such_function', col('s')))).toThrow(
      '[UNRESOLVED_ROUTINE] Cannot resolve function `no_such_function` on search path [`system`.`builtin`, `system`.`session`, `spark_catalog`.`default`].',
    )
  })
})

describe('type errors', () => {
  it('reject arrays where strings are expected', () => {
    const df = spark.createDataFrame([{ a: [1] }], 'a ARRAY<INT>')
    expect(() => df.select(upper('a'))).toThrow(AnalysisException)
    expect(() => df.select(upper('a'))).toThrow(
      '[DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE] Cannot resolve "upper(a)" due to data type mismatch: ' +
        'Parameter 1 requires the "STRING" type, however "a" has the type "ARRAY<INT>".',
    )
  })
})

describe('format_string', () => {
  const df = spark.createDataFrame(
    [
      { n: 7, s: 'x', d: 1.005 },
      { n: null, s: null, d: null },
    ],
    'n INT, s STRING, d DOUBLE',
  )

  it('is named after its arguments', () => {
    expect(nameOf(df, format_string('%d %s', 'n', 's'))).toBe('format_string(%d %s, n, s)')
  })

  it('formats like java.util.Formatter; NULL arguments print as null', () => {
    expect(valuesOf(df, format_string('%d %s', 'n', 's'))).toEqual(['7 x', 'null null'])
    expect(valuesOf(df, format_string('[%5s|%-5s]', 's', 's'))).toEqual(['[    x|x    ]', '[ null|null ]'])
    expect(valuesOf(df, format_string('%.2f', 'd'))).toEqual(['1.01', 'null'])
    expect(valuesOf(df, format_string('%s', 'd'))).toEqual(['1.005', 'null'])
  })

  it('supports flags, widths, indexes and hex', () => {
    const f = (format: string, ...values: unknown[]) =>
      valuesOf(one, format_string(format, ...values.map((v) => lit(v as number))))[0]
    expect(f('%05d', 42)).toBe('00042')
    expect(f('%+d', 5)).toBe('+5')
    expect(f('%,d', 1234567)).toBe('1,234,567')
    expect(f('%(d', -5)).toBe('(5)')
    expect(f('%x|%X', 255, 255)).toBe('ff|FF')
    expect(f('%x', -1)).toBe('ffffffff')
    expect(f('%e', 12345.678)).toBe('1.234568e+04')
    expect(f('%.1f%%', 12.25)).toBe('12.3%')
    expect(f('%2$s %1$s', 'a', 'b')).toBe('b a')
    expect(f('%10.3f|', Math.PI)).toBe('     3.142|')
  })

  it('is NULL for a NULL format and fails on a conversion of the wrong type', () => {
    expect(valuesOf(one, format_string(null as unknown as string, lit(1)))).toEqual([null])
    expect(() => one.select(format_string('%d', lit('x'))).collect()).toThrow(SparkRuntimeException)
  })
})
