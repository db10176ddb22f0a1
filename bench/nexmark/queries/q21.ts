// Nexmark q21, add channel id: the hot channels numbered 0-3, other channels' id taken from the URL's
// `channel_id` parameter. Spark's regexp_extract returns '' (not NULL, as Flink's does) when the pattern does not
// match, so the textbook's `REGEXP_EXTRACT(...) IS NOT NULL` would keep every bid; the filter is written `<> ''`,
// which keeps the query's intent (bids whose channel id is known). DuckDB's regexp_extract also returns ''.
import { makeBatch, take, Utf8Builder } from '../../../src/arrow/index.js'
import { col, LongType, lower, regexp_extract, StringType, StructField, StructType, when } from '../../../src/index.js'
import { column, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', LongType()),
  StructField('channel', StringType()),
  StructField('channel_id', StringType()),
])

const PATTERN = '(&|^)channel_id=([^&]*)'
const HOT = ['apple', 'google', 'facebook', 'baidu'] as const
const HOT_BYTES = HOT.map((h) => new TextEncoder().encode(h))
const KEY = new TextEncoder().encode('channel_id=')
const DIGITS = new TextEncoder().encode('0123')

/** Which hot channel `bytes[start, end)` is, ASCII case-insensitively: its channel id 0-3, or -1. */
function hotIndex(bytes: Uint8Array, start: number, end: number): number {
  next: for (let h = 0; h < HOT_BYTES.length; h++) {
    const name = HOT_BYTES[h]!
    if (end - start !== name.length) continue
    for (let i = 0; i < name.length; i++) {
      const b = bytes[start + i]!
      if ((b >= 65 && b <= 90 ? b + 32 : b) !== name[i]) continue next
    }
    return h
  }
  return -1
}

/** The value of the first `channel_id=` at the start or after '&' in bytes[start, end): [from, to), or null. */
function channelId(bytes: Uint8Array, start: number, end: number): [number, number] | null {
  for (let i = start; i + KEY.length <= end; i++) {
    if (i !== start && bytes[i - 1] !== 38) continue
    let k = 0
    while (k < KEY.length && bytes[i + k] === KEY[k]) k++
    if (k < KEY.length) continue
    let j = i + KEY.length
    while (j < end && bytes[j] !== 38) j++
    return [i + KEY.length, j]
  }
  return null
}

/** Rivulet's and DuckDB's SQL. */
const SQL = `SELECT auction, bidder, price, channel,
  CASE
    WHEN lower(channel) = 'apple' THEN '0'
    WHEN lower(channel) = 'google' THEN '1'
    WHEN lower(channel) = 'facebook' THEN '2'
    WHEN lower(channel) = 'baidu' THEN '3'
    ELSE regexp_extract(url, '${PATTERN}', 2)
  END AS channel_id
FROM bid
WHERE regexp_extract(url, '${PATTERN}', 2) <> '' OR lower(channel) IN ('apple', 'google', 'facebook', 'baidu')`

export const q21: NexmarkQuery = {
  name: 'q21',
  title: 'add channel id',
  streams: ['bid'],
  mode: 'append',
  sql: SQL,
  dataFrame: ({ bid }) => {
    const channel = lower(col('channel'))
    const extracted = regexp_extract(col('url'), PATTERN, 2)
    return bid
      .filter(extracted.neq('').or(channel.isin(...HOT)))
      .select(
        col('auction'),
        col('bidder'),
        col('price'),
        col('channel'),
        when(channel.eq('apple'), '0')
          .when(channel.eq('google'), '1')
          .when(channel.eq('facebook'), '2')
          .when(channel.eq('baidu'), '3')
          .otherwise(extracted)
          .alias('channel_id'),
      )
  },
  loop: (inputs) =>
    inputs.bid.map((batch) => {
      const n = batch.numRows
      const channels = utf8(batch, 'channel')
      const urls = utf8(batch, 'url')
      const selected = new Int32Array(n)
      const ids = new Utf8Builder(n, n * 4)
      let count = 0
      for (let i = 0; i < n; i++) {
        const hot = hotIndex(channels.bytes, channels.offsets[i]!, channels.offsets[i + 1]!)
        if (hot >= 0) {
          ids.appendBytes(DIGITS, hot, hot + 1)
        } else {
          const found = channelId(urls.bytes, urls.offsets[i]!, urls.offsets[i + 1]!)
          if (found === null || found[0] === found[1]) continue
          ids.appendBytes(urls.bytes, found[0], found[1])
        }
        selected[count++] = i
      }
      const picked = selected.subarray(0, count)
      return makeBatch(
        OUTPUT,
        [
          take(column(batch, 'auction'), picked),
          take(column(batch, 'bidder'), picked),
          take(column(batch, 'price'), picked),
          take(column(batch, 'channel'), picked),
          ids.finish(),
        ],
        count,
      )
    }),
  // The same statement: Spark's and DuckDB's regexp_extract agree here (both return '' on no match).
  duckdb: () => SQL,
}
