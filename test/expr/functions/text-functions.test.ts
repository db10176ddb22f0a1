// format_number, width_bucket, mask, sentences, to_binary, the UTF-8 validity functions and collations, against the
// examples in Spark's function documentation (ExpressionDescription examples and the PySpark docstrings).
import { describe, expect, it } from 'vitest'
import {
  collate,
  collation,
  format_number,
  is_valid_utf8,
  lit,
  make_valid_utf8,
  mask,
  sentences,
  to_binary,
  try_to_binary,
  try_validate_utf8,
  validate_utf8,
  width_bucket,
} from '../../../src/index.js'
import { errorClassOf } from '../../support/error-class.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const sql = (text: string) => spark.sql(text).collect()[0]!

describe('format_number', () => {
  it('rounds half-even to d places with grouping, or follows a DecimalFormat pattern', () => {
    expect(
      sql("SELECT format_number(12332.123456, 4) a, format_number(12332.123456, '##################.###') b"),
    ).toEqual({
      a: '12,332.1235',
      b: '12332.123',
    })
    const df = spark.createDataFrame([{ a: 5 }], 'a INT')
    expect(valuesOf(df, format_number('a', 4))).toEqual(['5.0000'])
    expect(nameOf(df, format_number('a', 4))).toBe('format_number(a, 4)')
    expect(typeOf(df, format_number('a', 4))).toBe('string')
  })

  it('rounds exact binary ties to even (java.text.DecimalFormat) and keeps the sign of a rounded negative', () => {
    // 0.125 and 2.5 are exact doubles: HALF_EVEN gives 0.12 and 2; 1.005 is below the tie in binary.
    expect(sql('SELECT format_number(0.125D, 2) a, format_number(2.5D, 0) b, format_number(1.005D, 2) c')).toEqual({
      a: '0.12',
      b: '2',
      c: '1.00',
    })
    expect(sql('SELECT format_number(-0.001D, 2) a, format_number(1234567.891D, 0) b')).toEqual({
      a: '-0.00',
      b: '1,234,568',
    })
  })

  it('is NULL for a negative d or NULL input', () => {
    expect(sql('SELECT format_number(1.5D, -1) a, format_number(NULL, 2) b')).toEqual({ a: null, b: null })
  })
})

describe('width_bucket', () => {
  it('numbers the equi-width bucket, 0 below and n + 1 above (Spark docs)', () => {
    expect(
      sql(
        'SELECT width_bucket(5.3, 0.2, 10.6, 5) a, width_bucket(-2.1, 1.3, 3.4, 3) b, width_bucket(8.1, 0.0, 5.7, 4) c, width_bucket(-0.9, 5.2, 0.5, 2) d',
      ),
    ).toEqual({ a: 3, b: 0, c: 5, d: 3 })
  })

  it('is NULL for no buckets or an empty range, BIGINT and named as Spark names it', () => {
    expect(sql('SELECT width_bucket(1, 0, 10, 0) a, width_bucket(1, 5, 5, 3) b')).toEqual({ a: null, b: null })
    expect(typeOf(one, width_bucket(lit(5.3), lit(0.2), lit(10.6), 5))).toBe('bigint')
    expect(nameOf(one, width_bucket(lit(5.3), lit(0.2), lit(10.6), 5))).toBe('width_bucket(5.3, 0.2, 10.6, 5)')
  })
})

describe('mask', () => {
  it('replaces upper, lower and digits, and other characters only when asked (Spark docs)', () => {
    expect(
      sql(
        "SELECT mask('abcd-EFGH-8765-4321') a, mask('abcd-EFGH-8765-4321', 'Q') b, mask('AbCD123-@$#', 'Q', 'q') c, mask('AbCD123-@$#', 'Q', 'q', 'd') d, mask('AbCD123-@$#', 'Q', 'q', 'd', 'o') e",
      ),
    ).toEqual({
      a: 'xxxx-XXXX-nnnn-nnnn',
      b: 'xxxx-QQQQ-nnnn-nnnn',
      c: 'QqQQnnn-@$#',
      d: 'QqQQddd-@$#',
      e: 'QqQQdddoooo',
    })
    expect(
      sql(
        "SELECT mask('AbCD123-@$#', NULL, 'q', 'd', 'o') a, mask(NULL) b, mask(NULL, NULL, NULL, NULL, 'o') c, mask('AbCD123-@$#', NULL, NULL, NULL, NULL) d",
      ),
    ).toEqual({ a: 'AqCDdddoooo', b: null, c: null, d: 'AbCD123-@$#' })
  })

  it('takes replacement columns in the DataFrame API', () => {
    const df = spark.createDataFrame([{ data: 'AbCD123-@$#' }], 'data STRING')
    expect(valuesOf(df, mask('data', lit('Y')))).toEqual(['YxYYnnn-@$#'])
    expect(valuesOf(df, mask('data', lit('Y'), lit('y'), lit('d'), lit('*')))).toEqual(['YyYYddd****'])
  })

  it('rejects a replacement longer than one character', () => {
    expect(errorClassOf(() => spark.sql("SELECT mask('a', 'XY')"))).toBe('DATATYPE_MISMATCH.INPUT_SIZE_NOT_ONE')
  })
})

describe('sentences', () => {
  it('splits text into sentences of words (Spark docs)', () => {
    expect(sql("SELECT sentences('Hi there! Good morning.') s").s).toEqual([
      ['Hi', 'there'],
      ['Good', 'morning'],
    ])
    const df = spark.createDataFrame([{ s: 'Hi there! Good morning.' }, { s: null }], 's STRING')
    expect(valuesOf(df, sentences('s', lit('en'), lit('US')))).toEqual([
      [
        ['Hi', 'there'],
        ['Good', 'morning'],
      ],
      null,
    ])
    expect(typeOf(df, sentences('s'))).toBe('array<array<string>>')
  })
})

describe('to_binary and try_to_binary', () => {
  const bytes = (text: string) => new Uint8Array(Buffer.from(text))

  it('reads hex (the default), utf-8 and base64 (Spark docs)', () => {
    const row = sql(
      "SELECT to_binary('abc', 'utf-8') a, to_binary('537061726B') b, to_binary('U3BhcmsgU1FM', 'base64') c",
    )
    expect(row).toEqual({ a: bytes('abc'), b: bytes('Spark'), c: bytes('Spark SQL') })
    // An odd number of hex digits reads as if led by a zero.
    expect(sql("SELECT to_binary('abc') a").a).toEqual(new Uint8Array([0x0a, 0xbc]))
  })

  it('fails on malformed input where try_to_binary gives NULL', () => {
    expect(errorClassOf(() => spark.sql("SELECT to_binary('GG')").collect())).toBe('CONVERSION_INVALID_INPUT')
    expect(
      sql("SELECT try_to_binary('GG') a, try_to_binary('a!', 'base64') b, try_to_binary('abc', 'invalidFormat') c"),
    ).toEqual({
      a: null,
      b: null,
      c: null,
    })
    expect(errorClassOf(() => spark.sql("SELECT to_binary('abc', 'invalidFormat')"))).toBe(
      'INVALID_PARAMETER_VALUE.BINARY_FORMAT',
    )
  })

  it('is exported with optional formats', () => {
    expect(valuesOf(one, to_binary(lit('abc'), lit('utf-8')))).toEqual([bytes('abc')])
    expect(valuesOf(one, try_to_binary(lit('zz')))).toEqual([null])
  })
})

describe('UTF-8 validity', () => {
  it('checks, repairs and validates byte sequences (Spark docs)', () => {
    expect(
      sql(
        "SELECT is_valid_utf8('Spark') a, is_valid_utf8(x'61') b, is_valid_utf8(x'80') c, is_valid_utf8(x'61C262') d",
      ),
    ).toEqual({ a: true, b: true, c: false, d: false })
    expect(
      sql(
        "SELECT make_valid_utf8('Spark') a, make_valid_utf8(x'61') b, make_valid_utf8(x'80') c, make_valid_utf8(x'61C262') d",
      ),
    ).toEqual({
      a: 'Spark',
      b: 'a',
      c: '\ufffd',
      d: 'a\ufffdb',
    })
    expect(sql("SELECT validate_utf8(x'61') a, try_validate_utf8(x'80') b, try_validate_utf8(x'61C262') c")).toEqual({
      a: 'a',
      b: null,
      c: null,
    })
  })

  it('replaces each maximal ill-formed subpart with one U+FFFD (Unicode 15, table 3-8)', () => {
    // F0 80 80 is three subparts (F0 cannot be followed by 80), E1 80 one truncated sequence.
    expect(sql("SELECT make_valid_utf8(x'F08080E18041') a").a).toBe('\ufffd\ufffd\ufffd\ufffdA')
  })

  it('validate_utf8 fails with INVALID_UTF8_STRING', () => {
    expect(() => spark.sql("SELECT validate_utf8(x'80')").collect()).toThrow(
      'Invalid UTF8 byte sequence found in string: \\x80.',
    )
    expect(errorClassOf(() => spark.sql("SELECT validate_utf8(x'80')").collect())).toBe('INVALID_UTF8_STRING')
  })

  it('is exported', () => {
    const df = spark.createDataFrame([{ s: 'SparkSQL' }], 's STRING')
    expect(valuesOf(df, is_valid_utf8('s'))).toEqual([true])
    expect(valuesOf(df, make_valid_utf8('s'))).toEqual(['SparkSQL'])
    expect(valuesOf(df, validate_utf8('s'))).toEqual(['SparkSQL'])
    expect(valuesOf(df, try_validate_utf8('s'))).toEqual(['SparkSQL'])
    expect(nameOf(df, validate_utf8(lit('SparkSQL')))).toBe('validate_utf8(SparkSQL)')
  })
})

describe('collations', () => {
  it('collation() names UTF8_BINARY, the only collation strings have (PySpark docs)', () => {
    const df = spark.createDataFrame([{ dt: 'name' }], 'dt STRING')
    expect(valuesOf(df, collation('dt'))).toEqual(['SYSTEM.BUILTIN.UTF8_BINARY'])
    expect(valuesOf(df, collate('dt', 'utf8_binary'))).toEqual(['name'])
    expect(sql("SELECT collation(collate('a', 'UTF8_BINARY')) c").c).toBe('SYSTEM.BUILTIN.UTF8_BINARY')
  })

  it('refuses other collations: Spark’s ones as unsupported, unknown names as invalid', () => {
    expect(errorClassOf(() => spark.sql("SELECT collate('a', 'UNICODE_CI')"))).toBe('UNSUPPORTED_FEATURE.COLLATION')
    expect(errorClassOf(() => spark.sql("SELECT collate('a', 'UTF8_BS')"))).toBe('COLLATION_INVALID_NAME')
  })
})
