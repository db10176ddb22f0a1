// Nexmark q18, find last bid: each (bidder, auction)'s latest bid.
//
// The textbook query keeps ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY dateTime DESC) = 1, which
// Spark streaming does not support. Without it: group by (auction, bidder) and take
// max(struct(dateTime, price, channel, url, extra)). Difference: ROW_NUMBER picks arbitrarily among bids with the
// same dateTime (ms resolution, so ties are common for the hot bidder on the hot auction); this picks the greatest
// (price, channel, url, extra) among them. The loop and DuckDB compute this same formulation. Update mode, keyed by
// (auction, bidder).
import { compareBytes, makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import { col, LongType, max, StringType, StructField, StructType, struct, TimestampType } from '../../../src/index.js'
import { ensure, ensureInt, IntKeyTable, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', LongType()),
  StructField('channel', StringType()),
  StructField('url', StringType()),
  StructField('dateTime', TimestampType()),
  StructField('extra', StringType()),
])

const STRINGS = ['channel', 'url', 'extra'] as const

export const q18: NexmarkQuery = {
  name: 'q18',
  title: 'find last bid',
  streams: ['bid'],
  mode: 'update',
  keyColumns: ['auction', 'bidder'],
  sql: `SELECT auction, bidder, latest.price AS price, latest.channel AS channel, latest.url AS url,
  latest.dateTime AS dateTime, latest.extra AS extra
FROM (
  SELECT auction, bidder, max(struct(dateTime, price, channel, url, extra)) AS latest
  FROM bid GROUP BY auction, bidder)`,
  dataFrame: ({ bid }) =>
    bid
      .groupBy(col('auction'), col('bidder'))
      .agg(max(struct(col('dateTime'), col('price'), col('channel'), col('url'), col('extra'))).alias('latest'))
      .select(
        col('auction'),
        col('bidder'),
        col('latest.price').alias('price'),
        col('latest.channel').alias('channel'),
        col('latest.url').alias('url'),
        col('latest.dateTime').alias('dateTime'),
        col('latest.extra').alias('extra'),
      ),
  // Per (auction, bidder) — key auction * 2^32 + bidder — the latest bid's time, price and position.
  loop: (inputs) => {
    const groups = new IntKeyTable(1 << 16)
    let time = new Float64Array(1 << 16)
    let price = new Float64Array(1 << 16)
    let atBatch = new Int32Array(1 << 16)
    let atRow = new Int32Array(1 << 16)
    const strings = inputs.bid.map((b) => STRINGS.map((name) => utf8(b, name)))
    inputs.bid.forEach((batch, b) => {
      const auctions = int64Words(batch, 'auction')
      const bidders = int64Words(batch, 'bidder')
      const prices = int64Words(batch, 'price')
      const times = int64Words(batch, 'dateTime')
      for (let i = 0; i < batch.numRows; i++) {
        const t = times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0)
        const p = prices[2 * i + 1]! * TWO_32 + (prices[2 * i]! >>> 0)
        const before = groups.size
        const g = groups.slot((auctions[2 * i]! >>> 0) * TWO_32 + (bidders[2 * i]! >>> 0))
        if (g === before) {
          time = ensure(time, g)
          price = ensure(price, g)
          atBatch = ensureInt(atBatch, g)
          atRow = ensureInt(atRow, g)
        } else {
          let c = t - time[g]! || p - price[g]!
          for (let k = 0; c === 0 && k < STRINGS.length; k++) {
            const mine = strings[b]![k]!
            const theirs = strings[atBatch[g]!]![k]!
            c = compareBytes(
              mine.bytes,
              mine.offsets[i]!,
              mine.offsets[i + 1]!,
              theirs.bytes,
              theirs.offsets[atRow[g]!]!,
              theirs.offsets[atRow[g]! + 1]!,
            )
          }
          if (c <= 0) continue
        }
        time[g] = t
        price[g] = p
        atBatch[g] = b
        atRow[g] = i
      }
    })
    const n = groups.size
    const builders = STRINGS.map((_, k) => new Utf8Builder(n, n * (k === 0 ? 10 : 64)))
    for (let g = 0; g < n; g++) {
      STRINGS.forEach((_, k) => {
        const { offsets, bytes } = strings[atBatch[g]!]![k]!
        builders[k]!.appendBytes(bytes, offsets[atRow[g]!]!, offsets[atRow[g]! + 1]!)
      })
    }
    const [channel, url, extra] = builders.map((b) => b.finish())
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(
            LongType(),
            Float64Array.from({ length: n }, (_, g) => Math.floor(groups.keyOf[g]! / TWO_32)),
            null,
          ),
          numericColumn(
            LongType(),
            Float64Array.from({ length: n }, (_, g) => groups.keyOf[g]! % TWO_32),
            null,
          ),
          numericColumn(LongType(), price.slice(0, n), null),
          channel!,
          url!,
          numericColumn(TimestampType(), time.slice(0, n), null),
          extra!,
        ],
        n,
      ),
    ]
  },
  duckdb: () => `
SELECT auction, bidder, latest.price AS price, latest.channel AS channel, latest.url AS url,
  latest.dateTime AS dateTime, latest.extra AS extra
FROM (
  SELECT auction, bidder,
    max({'dateTime': dateTime, 'price': price, 'channel': channel, 'url': url, 'extra': extra}) AS latest
  FROM bid GROUP BY auction, bidder)`,
}
