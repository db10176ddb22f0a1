// The xpath functions, against the examples in Spark's function documentation and its XPathExpressionSuite.
import { describe, expect, it } from 'vitest'
import {
  lit,
  xpath,
  xpath_boolean,
  xpath_double,
  xpath_float,
  xpath_int,
  xpath_long,
  xpath_number,
  xpath_short,
  xpath_string,
} from '../../../src/index.js'
import { nameOf, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const first = (text: string) => spark.sql(text).collect()[0]!
const errorOf = (run: () => unknown): Error => {
  try {
    run()
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a failure')
}

describe('xpath', () => {
  it('returns the values of the selected nodes; elements have none (Spark docs)', () => {
    const xml = "'<a><b>b1</b><b>b2</b><b>b3</b><c>c1</c><c>c2</c></a>'"
    expect(first(`SELECT xpath(${xml}, 'a/b/text()') v`).v).toEqual(['b1', 'b2', 'b3'])
    expect(first(`SELECT xpath(${xml}, 'a/b') v`).v).toEqual([null, null, null])
    expect(first(`SELECT xpath(${xml}, 'a/d') v`).v).toEqual([])
  })

  it('reads attributes, descendants, predicates and unions', () => {
    const xml = `'<a><b id="1"><c>x</c></b><b id="2"><c>y</c></b><d>z</d></a>'`
    expect(first(`SELECT xpath(${xml}, 'a/b/@id') v`).v).toEqual(['1', '2'])
    expect(first(`SELECT xpath(${xml}, '//c/text()') v`).v).toEqual(['x', 'y'])
    expect(first(`SELECT xpath(${xml}, 'a/b[@id="2"]/c/text()') v`).v).toEqual(['y'])
    expect(first(`SELECT xpath(${xml}, 'a/b[1]/c/text() | a/d/text()') v`).v).toEqual(['x', 'z'])
    expect(first(`SELECT xpath(${xml}, 'a/b[last()]/@id') v`).v).toEqual(['2'])
  })
})

describe('xpath_boolean, xpath_string and the numeric readings', () => {
  it('match Spark’s documented examples', () => {
    expect(first("SELECT xpath_boolean('<a><b>1</b></a>','a/b') v").v).toBe(true)
    expect(first("SELECT xpath_string('<a><b>b</b><c>cc</c></a>','a/c') v").v).toBe('cc')
    const sum = "'<a><b>1</b><b>2</b></a>', 'sum(a/b)'"
    expect(
      first(
        `SELECT xpath_double(${sum}) d, xpath_number(${sum}) n, xpath_float(${sum}) f, xpath_int(${sum}) i, xpath_long(${sum}) l, xpath_short(${sum}) s`,
      ),
    ).toEqual({ d: 3, n: 3, f: 3, i: 3, l: 3, s: 3 })
  })

  it('convert as XPath does (XPathExpressionSuite)', () => {
    expect(
      first(
        "SELECT xpath_boolean('<a><b>1</b></a>', 'a/b = 1') t, xpath_boolean('<a><b>1</b></a>', 'a/b = 2') f, xpath_boolean('<a><b>1</b></a>', 'a/c') none",
      ),
    ).toEqual({
      t: true,
      f: false,
      none: false,
    })
    expect(first("SELECT xpath_string('<a><b>bb</b><c>cc</c></a>', 'a') v").v).toBe('bbcc')
    expect(first("SELECT xpath_double('<a>b</a>', 'a = 10') v").v).toBe(0)
    expect(first("SELECT xpath_double('<a><b>1.5</b></a>', 'a/b') d, xpath_int('<a><b>1.5</b></a>', 'a/b') i")).toEqual(
      {
        d: 1.5,
        i: 1,
      },
    )
    // A string that is not a number is NaN: NaN as DOUBLE, 0 as an integer type.
    expect(first("SELECT xpath_double('<a>b</a>', 'a') d, xpath_long('<a>b</a>', 'a') l")).toEqual({
      d: Number.NaN,
      l: 0,
    })
  })

  it('are NULL for a NULL or empty document, typed and named as Spark does', () => {
    expect(first("SELECT xpath_int(NULL, 'a') a, xpath_string('', 'a') b, xpath(NULL, 'a') c")).toEqual({
      a: null,
      b: null,
      c: null,
    })
    const df = spark.createDataFrame([{ x: '<a><b>1</b></a>' }], 'x STRING')
    expect(valuesOf(df, xpath_short('x', lit('a/b')))).toEqual([1])
    expect(typeOf(df, xpath_short('x', lit('a/b')))).toBe('smallint')
    expect(typeOf(df, xpath('x', lit('a/b')))).toBe('array<string>')
    expect(typeOf(df, xpath_float('x', lit('a/b')))).toBe('float')
    expect(valuesOf(df, xpath_boolean('x', lit('a/b')))).toEqual([true])
    expect(valuesOf(df, xpath_double('x', lit('a/b')))).toEqual([1])
    expect(valuesOf(df, xpath_number('x', lit('a/b')))).toEqual([1])
    expect(valuesOf(df, xpath_int('x', lit('a/b')))).toEqual([1])
    expect(valuesOf(df, xpath_long('x', lit('a/b')))).toEqual([1])
    expect(valuesOf(df, xpath_string('x', lit('a/b')))).toEqual(['1'])
    expect(nameOf(df, xpath_string('x', lit('a/b')))).toBe('xpath_string(x, a/b)')
  })

  it('refuses malformed XML, a bad path and a path that is not constant', () => {
    expect(errorOf(() => spark.sql("SELECT xpath_int('<a><b></a>', 'a')").collect()).message).toContain(
      'Invalid XML document',
    )
    expect(errorOf(() => spark.sql("SELECT xpath_int('<a/>', 'a[')").collect()).message).toContain("Invalid XPath 'a['")
    const df = spark.createDataFrame([{ x: '<a/>', p: 'a' }], 'x STRING, p STRING')
    expect((errorOf(() => df.select(xpath_int('x', 'p'))) as { errorClass?: string }).errorClass).toBe(
      'DATATYPE_MISMATCH.NON_FOLDABLE_INPUT',
    )
  })
})
