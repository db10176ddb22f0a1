// URL functions: parse_url (java.net.URI's parts), url_encode / url_decode (application/x-www-form-urlencoded, UTF-8
// as URLEncoder and URLDecoder do) and their try_ forms.
import { IllegalArgumentException } from '../../common/errors.js'
import { STRING } from '../../types/data-types.js'
import { stringMap, typed } from './define.js'
import type { ScalarFunction } from './spec.js'

/** RFC 3986's splitting regex: scheme, authority, path, query, fragment. */
const uriPattern = /^(?:([^:/?#]+):)?(?:\/\/([^/?#]*))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/su

/** Characters java.net.URI rejects unquoted (a space, controls, and delimiters outside their place). */
const illegal = /[\s"<>\\^`{|}]|%(?![0-9A-Fa-f]{2})/u

/** The part of `url` Spark's ParseUrl returns, or null (an invalid URL, an unknown part or a missing key). */
export function parseUrl(url: string, part: string, key?: string): string | null {
  const match = illegal.test(url) ? null : uriPattern.exec(url)
  if (match === null) return null
  const [, scheme, authority, path, query, fragment] = match
  const userinfo = authority?.includes('@') ? authority.slice(0, authority.lastIndexOf('@')) : undefined
  const hostPort = authority === undefined ? undefined : authority.slice(authority.lastIndexOf('@') + 1)
  const host = hostPort?.replace(/:\d*$/u, '')
  switch (part) {
    case 'HOST':
      return host || null
    case 'PATH':
      return path ?? null
    case 'QUERY': {
      if (query === undefined) return null
      if (key === undefined) return query
      const found = new RegExp(`(&|^)${key.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}=([^&]*)`, 'u').exec(query)
      return found ? found[2]! : null
    }
    case 'REF':
      return fragment ?? null
    case 'PROTOCOL':
      return scheme ?? null
    case 'FILE':
      return query === undefined ? (path ?? null) : `${path}?${query}`
    case 'AUTHORITY':
      return authority || null
    case 'USERINFO':
      return userinfo ?? null
    default:
      return null
  }
}

const unreserved = /[A-Za-z0-9.\-*_]/u

/** URLEncoder.encode(s, UTF-8): unreserved characters kept, space as '+', every other byte as %XX. */
export function urlEncode(s: string): string {
  let out = ''
  for (const ch of s) {
    if (unreserved.test(ch)) out += ch
    else if (ch === ' ') out += '+'
    else for (const b of new TextEncoder().encode(ch)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** URLDecoder.decode(s, UTF-8); null for a malformed escape when `lenient`, else Spark's CANNOT_DECODE_URL. */
export function urlDecode(s: string, lenient: boolean): string | null {
  const bytes: number[] = []
  const encoder = new TextEncoder()
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!
    if (ch === '+') bytes.push(32)
    else if (ch === '%') {
      const hex = s.slice(i + 1, i + 3)
      if (!/^[0-9A-Fa-f]{2}$/u.test(hex)) {
        if (lenient) return null
        throw new IllegalArgumentException(`Cannot decode url : ${s}.`, { errorClass: 'CANNOT_DECODE_URL' })
      }
      bytes.push(Number.parseInt(hex, 16))
      i += 2
    } else bytes.push(...encoder.encode(ch))
  }
  return new TextDecoder().decode(new Uint8Array(bytes))
}

const parseUrlFunction = (): ScalarFunction =>
  typed(
    ['string', 'string', 'string'],
    STRING,
    stringMap(([url, part, key]) => parseUrl(url!, part!, key ?? undefined)),
    { arity: [2, 3], nullable: () => true },
  )

export const urlFunctions = {
  parse_url: parseUrlFunction(),
  try_parse_url: parseUrlFunction(),
  url_encode: typed(
    ['string'],
    STRING,
    stringMap(([s]) => urlEncode(s!)),
  ),
  url_decode: typed(
    ['string'],
    STRING,
    stringMap(([s]) => urlDecode(s!, false)),
  ),
  try_url_decode: typed(
    ['string'],
    STRING,
    stringMap(([s]) => urlDecode(s!, true)),
    { nullable: () => true },
  ),
} satisfies Record<string, ScalarFunction>
