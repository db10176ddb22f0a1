// Nexmark q7, highest bid: per 10 s tumbling window, the bid with the highest price.
//
// The textbook query joins the bids with each window's max(price). Without joins: per window
// max(struct(price, auction, bidder, dateTime, extra)), one row per window. Difference: the join returns every bid
// tied at the maximum price (and, with its BETWEEN on both window ends, a bid exactly at a window's end matches
// two windows); this returns one bid per window, ties broken by auction, bidder, dateTime, then extra (highest).
// The loop and DuckDB compute this same formulation. Append mode: a window is final once the watermark passes
// its end.
import { compareBytes, makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import {
  col,
  LongType,
  max,
  StringType,
  StructField,
  StructType,
  struct,
  TimestampType,
  window,
} from '../../../src/index.js'
import { ensure, ensureInt, IntKeyTable, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const WINDOW_US = 10_000_000

const OUTPUT = StructType([
  StructField('starttime', TimestampType()),
  StructField('endtime', TimestampType()),
  StructField('auction', LongType()),
  StructField('price', LongType()),
  StructField('bidder', LongType()),
  StructField('dateTime', TimestampType()),
  StructField('extra', StringType()),
])

export const q7: NexmarkQuery = {
  name: 'q7',
  title: 'highest bid',
  streams: ['bid'],
  mode: 'append',
  sql: `SELECT window.start AS starttime, window.end AS endtime, best.auction AS auction, best.price AS price,
  best.bidder AS bidder, best.dateTime AS dateTime, best.extra AS extra
FROM (
  SELECT window, max(struct(price, auction, bidder, dateTime, extra)) AS best
  FROM bid GROUP BY window(dateTime, '10 seconds'))`,
  dataFrame: ({ bid }) =>
    bid
      .groupBy(window(col('dateTime'), '10 seconds'))
      .agg(max(struct(col('price'), col('auction'), col('bidder'), col('dateTime'), col('extra'))).alias('best'))
      .select(
        col('window.start').alias('starttime'),
        col('window.end').alias('endtime'),
        col('best.auction').alias('auction'),
        col('best.price').alias('price'),
        col('best.bidder').alias('bidder'),
        col('best.dateTime').alias('dateTime'),
        col('best.extra').alias('extra'),
      ),
  // Per window (keyed by window index), the best bid's fields and where its extra lives (batch, row).
  loop: (inputs, { finalWatermarkUs }) => {
    const windows = new IntKeyTable(256)
    let price = new Float64Array(256)
    let auction = new Float64Array(256)
    let bidder = new Float64Array(256)
    let time = new Float64Array(256)
    let extraBatch = new Int32Array(256)
    let extraRow = new Int32Array(256)
    const extras = inputs.bid.map((b) => utf8(b, 'extra'))
    inputs.bid.forEach((batch, b) => {
      const n = batch.numRows
      const prices = int64Words(batch, 'price')
      const auctions = int64Words(batch, 'auction')
      const bidders = int64Words(batch, 'bidder')
      const times = int64Words(batch, 'dateTime')
      const { offsets, bytes } = extras[b]!
      for (let i = 0; i < n; i++) {
        const t = times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0)
        const p = prices[2 * i + 1]! * TWO_32 + (prices[2 * i]! >>> 0)
        const a = auctions[2 * i + 1]! * TWO_32 + (auctions[2 * i]! >>> 0)
        const d = bidders[2 * i + 1]! * TWO_32 + (bidders[2 * i]! >>> 0)
        const before = windows.size
        const w = windows.slot(Math.floor(t / WINDOW_US))
        if (w === before) {
          price = ensure(price, w)
          auction = ensure(auction, w)
          bidder = ensure(bidder, w)
          time = ensure(time, w)
          extraBatch = ensureInt(extraBatch, w)
          extraRow = ensureInt(extraRow, w)
        } else {
          // Lexicographic (price, auction, bidder, dateTime, extra): keep the current best unless this is greater.
          const c =
            p - price[w]! ||
            a - auction[w]! ||
            d - bidder[w]! ||
            t - time[w]! ||
            compareBytes(
              bytes,
              offsets[i]!,
              offsets[i + 1]!,
              extras[extraBatch[w]!]!.bytes,
              extras[extraBatch[w]!]!.offsets[extraRow[w]!]!,
              extras[extraBatch[w]!]!.offsets[extraRow[w]! + 1]!,
            )
          if (c <= 0) continue
        }
        price[w] = p
        auction[w] = a
        bidder[w] = d
        time[w] = t
        extraBatch[w] = b
        extraRow[w] = i
      }
    })
    const keep: number[] = []
    for (let w = 0; w < windows.size; w++) if ((windows.keyOf[w]! + 1) * WINDOW_US <= finalWatermarkUs) keep.push(w)
    const pick = (values: Float64Array) => Float64Array.from(keep, (w) => values[w]!)
    const starts = Float64Array.from(keep, (w) => windows.keyOf[w]! * WINDOW_US)
    const extra = new Utf8Builder(keep.length, keep.length * 80)
    for (const w of keep) {
      const { offsets, bytes } = extras[extraBatch[w]!]!
      extra.appendBytes(bytes, offsets[extraRow[w]!]!, offsets[extraRow[w]! + 1]!)
    }
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(TimestampType(), starts, null),
          numericColumn(
            TimestampType(),
            starts.map((s) => s + WINDOW_US),
            null,
          ),
          numericColumn(LongType(), pick(auction), null),
          numericColumn(LongType(), pick(price), null),
          numericColumn(LongType(), pick(bidder), null),
          numericColumn(TimestampType(), pick(time), null),
          extra.finish(),
        ],
        keep.length,
      ),
    ]
  },
  duckdb: ({ finalWatermarkUs }) => `
SELECT make_timestamp(ws) AS starttime, make_timestamp(ws + 10000000) AS endtime,
  best.auction AS auction, best.price AS price, best.bidder AS bidder, best.dateTime AS dateTime, best.extra AS extra
FROM (
  SELECT epoch_us(dateTime) // 10000000 * 10000000 AS ws,
    max({'price': price, 'auction': auction, 'bidder': bidder, 'dateTime': dateTime, 'extra': extra}) AS best
  FROM bid GROUP BY ALL)
WHERE ws + 10000000 <= ${finalWatermarkUs}`,
}
