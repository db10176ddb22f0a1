// The bid channels and their URLs (Flink/RisingWave Nexmark): four hot channels, and 10,000 others named
// `channel-<n>` whose URL carries `&channel_id=<n with its 32 bits reversed>` nine times in ten.
import { Random } from './random.js'
import { writeNextString } from './text.js'

export const HOT_CHANNELS: readonly string[] = ['Google', 'Facebook', 'Baidu', 'Apple']
export const CHANNELS_NUMBER = 10_000

/** Channel names and URLs, indexed hot channels first (0-3), then channel n at 4 + n; also as packed bytes. */
export interface ChannelTable {
  readonly nameBytes: PackedStrings
  readonly urlBytes: PackedStrings
}

/** Strings as one byte buffer: string i is bytes[offsets[i], offsets[i + 1]). */
export interface PackedStrings {
  readonly bytes: Uint8Array
  readonly offsets: Int32Array
}

const encoder = new TextEncoder()

function pack(texts: readonly string[]): PackedStrings {
  const encoded = texts.map((t) => encoder.encode(t))
  const offsets = new Int32Array(texts.length + 1)
  encoded.forEach((e, i) => {
    offsets[i + 1] = offsets[i]! + e.length
  })
  const bytes = new Uint8Array(offsets[texts.length]!)
  encoded.forEach((e, i) => {
    bytes.set(e, offsets[i]!)
  })
  return { bytes, offsets }
}

const decoder = new TextDecoder()

/** A random URL `https://www.nexmark.com/<a>/<b>/<c>/item.htm?query=1`, each part 3-4 of [a-z_]. */
function baseUrl(random: Random, scratch: Uint8Array): string {
  const parts: string[] = []
  for (let i = 0; i < 3; i++)
    parts.push(decoder.decode(scratch.subarray(0, writeNextString(random, scratch, 0, 5, 95))))
  return `https://www.nexmark.com/${parts.join('/')}/item.htm?query=1`
}

/** Java's `Integer.reverse` (as a signed 32-bit value), made non-negative as a 64-bit abs. */
function reverseBits(value: number): number {
  let v = value >>> 0
  let r = 0
  for (let i = 0; i < 32; i++) {
    r = (r << 1) | (v & 1)
    v >>>= 1
  }
  return Math.abs(r | 0)
}

const cache = new Map<number, ChannelTable>()

/** The table for `seed` (built once per seed: 10,004 URLs). */
export function channelTable(seed: number): ChannelTable {
  let table = cache.get(seed)
  if (table) return table
  const random = new Random()
  const scratch = new Uint8Array(16)
  const names: string[] = [...HOT_CHANNELS]
  const urls: string[] = HOT_CHANNELS.map((_, i) => {
    random.reseed(seed ^ 0x5bd1e995, -1 - i + 2 ** 52)
    return baseUrl(random, scratch)
  })
  for (let n = 0; n < CHANNELS_NUMBER; n++) {
    random.reseed(seed ^ 0x5bd1e995, n)
    const url = baseUrl(random, scratch)
    names.push(`channel-${n}`)
    urls.push(random.nextInt(10) > 0 ? `${url}&channel_id=${reverseBits(n)}` : url)
  }
  table = { nameBytes: pack(names), urlBytes: pack(urls) }
  cache.set(seed, table)
  return table
}
