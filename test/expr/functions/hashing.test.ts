// Hashes, Base64 and charsets against Spark's own function documentation, java.util.zip.CRC32 and Java charsets.
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  array,
  base64,
  col,
  crc32,
  decode,
  encode,
  hash,
  lit,
  md5,
  sha1,
  sha2,
  unbase64,
} from '../../../src/index.js'
import { nameOf, oneRow, typeOf, valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const one = oneRow()
const words = spark.createDataFrame([{ s: 'Spark' }, { s: '' }, { s: null }], 's STRING')

describe('digests', () => {
  it('md5, sha1 and sha2 are lower-case hex strings (examples from Spark’s docs)', () => {
    expect(valuesOf(words, md5('s'))).toEqual([
      '8cde774d6f7333752ed72cacddb05126',
      'd41d8cd98f00b204e9800998ecf8427e',
      null,
    ])
    expect(valuesOf(words, sha1('s'))).toEqual([
      '85f5955f4b27a9a4c2aab6ffe5d7189fc298b92c',
      'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      null,
    ])
    expect(valuesOf(words.limit(1), sha2('s', 256))).toEqual([
      '529bc3b07127ecb7e53a4dcf1991d9152c24537d919178022b2c42657f79a26b',
    ])
    expect(valuesOf(words.limit(1), sha2('s', 0))).toEqual(valuesOf(words.limit(1), sha2('s', 256)))
    expect(valuesOf(words.limit(1), sha2('s', 1))).toEqual([null])
  })

  it('crc32 is an unsigned BIGINT', () => {
    expect(typeOf(words, crc32('s'))).toBe('bigint')
    expect(valuesOf(words, crc32('s'))).toEqual([1557323817, 0, null])
    // CRC-32 of "123456789" is the standard check value 0xCBF43926.
    expect(valuesOf(one, crc32(lit('123456789')))).toEqual([0xcbf43926])
  })

  it('names', () => {
    expect(nameOf(words, md5('s'))).toBe('md5(s)')
    expect(nameOf(words, sha2('s', 256))).toBe('sha2(s, 256)')
    expect(nameOf(words, hash('s', lit(1)))).toBe('hash(s, 1)')
    expect(nameOf(words, base64('s'))).toBe('base64(s)')
  })
})

describe('hash', () => {
  it('matches Spark’s Murmur3 with seed 42', () => {
    // SELECT hash('Spark', array(123), 2) is -1321691492 in Spark's documentation.
    expect(valuesOf(one, hash(lit('Spark'), array(lit(123)), lit(2)))).toEqual([-1321691492])
  })

  it('skips NULLs and is never NULL', () => {
    expect(valuesOf(words.where(col('s').isNull()), hash('s'))).toEqual([42])
    expect(typeOf(words, hash('s'))).toBe('int')
  })

  it('needs an argument and refuses maps', () => {
    expect(() => one.select(hash())).toThrow(AnalysisException)
    const maps = spark.createDataFrame([{ m: { a: 1 } }], 'm MAP<STRING, INT>')
    expect(() => maps.select(hash('m'))).toThrow('[DATATYPE_MISMATCH.HASH_MAP_TYPE]')
  })
})

describe('base64', () => {
  it('encodes bytes (a string is taken as its UTF-8 bytes)', () => {
    expect(valuesOf(one, base64(lit('Spark SQL')))).toEqual(['U3BhcmsgU1FM'])
    expect(valuesOf(one, base64(lit('é')))).toEqual(['w6k='])
  })

  it('unbase64 decodes to BINARY', () => {
    expect(typeOf(one, unbase64(lit('U3BhcmsgU1FM')))).toBe('binary')
    expect(valuesOf(one, unbase64(lit('U3BhcmsgU1FM')).cast('string'))).toEqual(['Spark SQL'])
  })
})

describe('encode and decode', () => {
  const bytes = (charset: string, text = 'hé') => valuesOf(one, encode(lit(text), charset))[0]

  it('encode gives the bytes of a Java charset; unmappable characters become ?', () => {
    expect(nameOf(words, encode('s', 'UTF-8'))).toBe('encode(s, UTF-8)')
    expect(typeOf(words, encode('s', 'UTF-8'))).toBe('binary')
    expect(bytes('UTF-8')).toEqual(new Uint8Array([0x68, 0xc3, 0xa9]))
    expect(bytes('ISO-8859-1')).toEqual(new Uint8Array([0x68, 0xe9]))
    expect(bytes('US-ASCII')).toEqual(new Uint8Array([0x68, 0x3f]))
    expect(bytes('UTF-16BE', 'a')).toEqual(new Uint8Array([0, 0x61]))
    expect(bytes('utf-16le', 'a')).toEqual(new Uint8Array([0x61, 0]))
    expect(bytes('UTF-16', 'a')).toEqual(new Uint8Array([0xfe, 0xff, 0, 0x61]))
  })

  it('decode reads bytes back as text', () => {
    for (const charset of ['UTF-8', 'ISO-8859-1', 'UTF-16BE', 'UTF-16LE', 'UTF-16']) {
      expect(valuesOf(one, decode(encode(lit('hé'), charset), charset))).toEqual(['hé'])
    }
    expect(valuesOf(words, decode(encode('s', 'UTF-8'), 'UTF-8'))).toEqual(['Spark', '', null])
  })
})
