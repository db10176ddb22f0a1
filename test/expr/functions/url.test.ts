// parse_url, url_encode and url_decode against url-functions.sql.out and Spark's function docs.
import { describe, expect, it } from 'vitest'
import { lit, parse_url, try_url_decode, url_decode, url_encode } from '../../../src/index.js'
import { valuesOf } from '../../support/expressions.js'
import { newSession } from '../../support/session.js'

const spark = newSession()
const urls = spark.createDataFrame(
  [{ u: 'http://userinfo@spark.apache.org/path?query=1#Ref' }, { u: 'inva lid://x' }, { u: null }],
  'u STRING',
)

describe('URL functions', () => {
  it('parse_url takes java.net.URI’s parts; NULL for an invalid URL', () => {
    const part = (p: string) => valuesOf(urls, parse_url('u', lit(p)))
    expect(part('HOST')).toEqual(['spark.apache.org', null, null])
    expect(part('PATH')).toEqual(['/path', null, null])
    expect(part('QUERY')).toEqual(['query=1', null, null])
    expect(part('REF')).toEqual(['Ref', null, null])
    expect(part('PROTOCOL')).toEqual(['http', null, null])
    expect(part('FILE')).toEqual(['/path?query=1', null, null])
    expect(part('AUTHORITY')).toEqual(['userinfo@spark.apache.org', null, null])
    expect(part('USERINFO')).toEqual(['userinfo', null, null])
    expect(valuesOf(urls, parse_url('u', lit('QUERY'), lit('query')))).toEqual(['1', null, null])
  })

  it('url_encode and url_decode follow URLEncoder and URLDecoder', () => {
    expect(valuesOf(urls.limit(1), url_encode(lit('https://spark.apache.org')))).toEqual([
      'https%3A%2F%2Fspark.apache.org',
    ])
    expect(valuesOf(urls.limit(1), url_encode(lit('a b*é')))).toEqual(['a+b*%C3%A9'])
    expect(valuesOf(urls.limit(1), url_decode(lit('https%3A%2F%2Fspark.apache.org')))).toEqual([
      'https://spark.apache.org',
    ])
    expect(valuesOf(urls.limit(1), url_decode(lit('a+b%C3%A9')))).toEqual(['a bé'])
    expect(() => urls.select(url_decode(lit('http%3A%2F%2spark'))).collect()).toThrow(/CANNOT_DECODE_URL/)
    expect(valuesOf(urls.limit(1), try_url_decode(lit('http%3A%2F%2spark')))).toEqual([null])
  })
})
