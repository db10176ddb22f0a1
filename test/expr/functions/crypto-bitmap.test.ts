// aes_encrypt / aes_decrypt / try_aes_decrypt and the bitmap functions, against the examples in Spark's function
// documentation (ciphertexts Spark produced, decrypted here; encryptions with a given IV, compared byte for byte).
import { describe, expect, it } from 'vitest'
import {
  aes_decrypt,
  aes_encrypt,
  bitmap_bit_position,
  bitmap_bucket_number,
  bitmap_construct_agg,
  bitmap_count,
  bitmap_or_agg,
  col,
  hex,
  lit,
  try_aes_decrypt,
} from '../../../src/index.js'
import { errorClassOf } from '../../support/error-class.js'
import { typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const first = (text: string) => spark.sql(text).collect()[0]!

describe('aes_encrypt', () => {
  it('writes Spark’s layout: CBC with a given IV, GCM with IV and AAD, ECB (Spark docs)', () => {
    expect(
      first(
        "SELECT base64(aes_encrypt('Spark', 'abcdefghijklmnop12345678ABCDEFGH', 'CBC', 'DEFAULT', unhex('00000000000000000000000000000000'))) c",
      ).c,
    ).toBe('AAAAAAAAAAAAAAAAAAAAAPSd4mWyMZ5mhvjiAPQJnfg=')
    expect(
      first(
        "SELECT base64(aes_encrypt('Spark', 'abcdefghijklmnop12345678ABCDEFGH', 'GCM', 'DEFAULT', unhex('000000000000000000000000'), 'This is an AAD mixed into the input')) c",
      ).c,
    ).toBe('AAAAAAAAAAAAAAAAQiYi+sTLm7KD9UcZ2nlRdYDe/PX4')
    expect(first("SELECT base64(aes_encrypt('Spark SQL', '1234567890abcdef', 'ECB', 'PKCS')) c").c).toBe(
      '3lmwu+Mw0H3fi5NDvcu9lg==',
    )
  })

  it('draws a random IV per value, so GCM output round-trips but differs from row to row', () => {
    const row = first("SELECT aes_decrypt(aes_encrypt('Spark', '0000111122223333'), '0000111122223333') d")
    expect(new TextDecoder().decode(row.d as Uint8Array)).toBe('Spark')
    const df = spark.createDataFrame([{ s: 'x' }, { s: 'x' }], 's STRING')
    const [a, b] = valuesOf(df, hex(aes_encrypt('s', lit('0000111122223333')))) as string[]
    expect(a).not.toBe(b)
    // 12-byte IV + 1 byte of ciphertext + 16-byte tag.
    expect(a!.length).toBe(2 * 29)
  })

  it('refuses a key of the wrong length and an unsupported mode/padding pair', () => {
    expect(errorClassOf(() => spark.sql("SELECT aes_encrypt('Spark', 'short')").collect())).toBe(
      'INVALID_PARAMETER_VALUE.AES_KEY_LENGTH',
    )
    expect(
      errorClassOf(() => spark.sql("SELECT aes_encrypt('Spark', '1234567890abcdef', 'ECB', 'NONE')").collect()),
    ).toBe('UNSUPPORTED_FEATURE.AES_MODE')
  })
})

describe('aes_decrypt and try_aes_decrypt', () => {
  const text = (v: unknown) => new TextDecoder().decode(v as Uint8Array)

  it('decrypts what Spark encrypted, in each mode (Spark docs)', () => {
    expect(
      text(
        first(
          "SELECT aes_decrypt(unhex('83F16B2AA704794132802D248E6BFD4E380078182D1544813898AC97E709B28A94'), '0000111122223333') d",
        ).d,
      ),
    ).toBe('Spark')
    expect(
      text(
        first(
          "SELECT aes_decrypt(unhex('6E7CA17BBB468D3084B5744BCA729FB7B2B7BCB8E4472847D02670489D95FA97DBBA7D3210'), '0000111122223333', 'GCM') d",
        ).d,
      ),
    ).toBe('Spark SQL')
    expect(
      text(first("SELECT aes_decrypt(unbase64('3lmwu+Mw0H3fi5NDvcu9lg=='), '1234567890abcdef', 'ECB', 'PKCS') d").d),
    ).toBe('Spark SQL')
    expect(
      text(
        first(
          "SELECT aes_decrypt(unbase64('2NYmDCjgXTbbxGA3/SnJEfFC/JQ7olk2VQWReIAAFKo='), '1234567890abcdef', 'CBC') d",
        ).d,
      ),
    ).toBe('Apache Spark')
    expect(
      text(
        first(
          "SELECT aes_decrypt(unbase64('AAAAAAAAAAAAAAAAQiYi+sTLm7KD9UcZ2nlRdYDe/PX4'), 'abcdefghijklmnop12345678ABCDEFGH', 'GCM', 'DEFAULT', 'This is an AAD mixed into the input') d",
        ).d,
      ),
    ).toBe('Spark')
  })

  it('fails on a wrong key where try_aes_decrypt gives NULL', () => {
    const wrongKey = "unhex('83F16B2AA704794132802D248E6BFD4E380078182D1544813898AC97E709B28A94'), '0000111122223334'"
    expect(errorClassOf(() => spark.sql(`SELECT aes_decrypt(${wrongKey})`).collect())).toBe(
      'INVALID_PARAMETER_VALUE.AES_CRYPTO_ERROR',
    )
    expect(first(`SELECT try_aes_decrypt(${wrongKey}) d`).d).toBeNull()
  })

  it('is exported with PySpark’s defaults', () => {
    const df = spark.createDataFrame([{ input: 'Spark SQL', key: '1234567890abcdef' }], 'input STRING, key STRING')
    const encrypted = aes_encrypt('input', 'key', lit('ECB'), lit('PKCS'))
    expect(valuesOf(df, hex(encrypted))).toEqual(['DE59B0BBE330D07DDF8B9343BDCBBD96'])
    expect(valuesOf(df, aes_decrypt(aes_encrypt('input', 'key'), 'key')).map(text)).toEqual(['Spark SQL'])
    expect(valuesOf(df, try_aes_decrypt(lit('garbage'), 'key'))).toEqual([null])
    expect(typeOf(df, encrypted)).toBe('binary')
  })
})

describe('bitmaps', () => {
  it('bucket numbers and bit positions (Spark docs)', () => {
    expect(
      first(
        'SELECT bitmap_bucket_number(123) a, bitmap_bucket_number(0) b, bitmap_bit_position(1) c, bitmap_bit_position(123) d',
      ),
    ).toEqual({
      a: 1,
      b: 0,
      c: 0,
      d: 122,
    })
    // Bucket 1 holds 1..32768, bucket 2 starts at 32769; non-positive values count down from bucket 0.
    expect(
      first('SELECT bitmap_bucket_number(32768) a, bitmap_bucket_number(32769) b, bitmap_bit_position(-5) c'),
    ).toEqual({
      a: 1,
      b: 2,
      c: 5,
    })
  })

  it('bitmap_count counts set bits (Spark docs)', () => {
    expect(first("SELECT bitmap_count(X'1010') a, bitmap_count(X'FFFF') b, bitmap_count(X'0') c")).toEqual({
      a: 2,
      b: 16,
      c: 0,
    })
  })

  it('bitmap_construct_agg and bitmap_or_agg build 4 KB bitmaps (Spark docs)', () => {
    expect(
      first(
        'SELECT substring(hex(bitmap_construct_agg(bitmap_bit_position(col))), 0, 6) h FROM VALUES (1), (2), (3) AS tab(col)',
      ).h,
    ).toBe('070000')
    expect(
      first(
        'SELECT bitmap_count(bitmap_construct_agg(bitmap_bit_position(col))) n FROM VALUES (1), (2), (3) AS tab(col)',
      ).n,
    ).toBe(3)
    expect(
      first("SELECT substring(hex(bitmap_or_agg(col)), 0, 6) h FROM VALUES (X'10'), (X'20'), (X'40') AS tab(col)").h,
    ).toBe('700000')
    expect(first('SELECT length(bitmap_construct_agg(col)) n FROM VALUES (0) AS tab(col)').n).toBe(4096)
  })

  it('bitmap_construct_agg refuses a position outside the bitmap', () => {
    expect(
      errorClassOf(() => spark.sql('SELECT bitmap_construct_agg(col) FROM VALUES (32768) AS tab(col)').collect()),
    ).toBe('INVALID_BITMAP_POSITION')
  })

  it('is exported, per group', () => {
    const df = spark.createDataFrame(
      [
        { g: 'a', v: 1 },
        { g: 'a', v: 3 },
        { g: 'b', v: 2 },
      ],
      'g STRING, v BIGINT',
    )
    const counts = df.groupBy('g').agg(bitmap_count(bitmap_construct_agg(bitmap_bit_position('v'))).alias('n'))
    expect(counts.orderBy('g').select('g', 'n').collect()).toEqual([
      { g: 'a', n: 2 },
      { g: 'b', n: 1 },
    ])
    expect(valuesOf(df, bitmap_bucket_number(col('v')))).toEqual([1, 1, 1])
    const bitmaps = spark.createDataFrame([{ b: new Uint8Array([1]) }, { b: new Uint8Array([4, 1]) }], 'b BINARY')
    expect(valuesOf(bitmaps.agg(bitmap_or_agg('b').alias('o')), bitmap_count(col('o')))).toEqual([3])
  })
})
