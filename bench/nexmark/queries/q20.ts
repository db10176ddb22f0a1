// Nexmark q20, expand bid with auction: every bid on a category-10 auction, with the auction's fields — a
// stream-stream inner join of bids and auctions on auction = id (no time bound: both sides stay in state, as in
// Flink's and Spark's plans). The textbook query selects both sides' dateTime and extra; here the auction's are
// renamed auctionDateTime and auctionExtra, so that every output column has its own name.
import { type Column, makeBatch, numericColumn, TWO_32, take, Utf8Builder } from '../../../src/arrow/index.js'
import { col, LongType, StringType, StructField, StructType, TimestampType } from '../../../src/index.js'
import { column, ensureInt, IntKeyTable, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const BID_COLUMNS = ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra'] as const
const AUCTION_COLUMNS = [
  ['itemName', 'itemName', 'string'],
  ['description', 'description', 'string'],
  ['initialBid', 'initialBid', 'long'],
  ['reserve', 'reserve', 'long'],
  ['dateTime', 'auctionDateTime', 'timestamp'],
  ['expires', 'expires', 'timestamp'],
  ['seller', 'seller', 'long'],
  ['category', 'category', 'long'],
  ['extra', 'auctionExtra', 'string'],
] as const

const typeOf = (kind: string) => (kind === 'string' ? StringType() : kind === 'long' ? LongType() : TimestampType())

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', LongType()),
  StructField('channel', StringType()),
  StructField('url', StringType()),
  StructField('dateTime', TimestampType()),
  StructField('extra', StringType()),
  ...AUCTION_COLUMNS.map(([, name, kind]) => StructField(name, typeOf(kind))),
])

const SQL = `SELECT auction, bidder, price, channel, url, B.dateTime AS dateTime, B.extra AS extra,
  itemName, description, initialBid, reserve, A.dateTime AS auctionDateTime, expires, seller, category,
  A.extra AS auctionExtra
FROM bid AS B INNER JOIN auction AS A ON B.auction = A.id
WHERE A.category = 10`

export const q20: NexmarkQuery = {
  name: 'q20',
  title: 'expand bid with auction',
  streams: ['bid', 'auction'],
  mode: 'append',
  sql: SQL,
  dataFrame: ({ bid, auction }) =>
    bid
      .alias('B')
      .join(auction.alias('A'), col('B.auction').eq(col('A.id')))
      .where(col('A.category').eq(10))
      .select(
        ...BID_COLUMNS.map((c) => col(`B.${c}`)),
        ...AUCTION_COLUMNS.map(([source, name]) => col(`A.${source}`).alias(name)),
      ),
  // Category-10 auctions by id (batch, row); then, per bid batch, the bids on them with the auction's columns.
  loop: (inputs) => {
    const auctions = new IntKeyTable(1 << 12)
    let auctionBatch = new Int32Array(1 << 12).fill(-1)
    let auctionRow = new Int32Array(1 << 12)
    inputs.auction.forEach((batch, b) => {
      const ids = int64Words(batch, 'id')
      const categories = int64Words(batch, 'category')
      for (let i = 0; i < batch.numRows; i++) {
        if (categories[2 * i] !== 10 || categories[2 * i + 1] !== 0) continue
        const s = auctions.slot(ids[2 * i]! >>> 0)
        auctionBatch = ensureInt(auctionBatch, s, -1)
        auctionRow = ensureInt(auctionRow, s)
        auctionBatch[s] = b
        auctionRow[s] = i
      }
    })
    const words = inputs.auction.map((b) =>
      AUCTION_COLUMNS.map(([c, , kind]) => (kind === 'string' ? null : int64Words(b, c))),
    )
    const texts = inputs.auction.map((b) =>
      AUCTION_COLUMNS.map(([c, , kind]) => (kind === 'string' ? utf8(b, c) : null)),
    )
    return inputs.bid.map((batch) => {
      const ids = int64Words(batch, 'auction')
      const rows: number[] = []
      const slots: number[] = []
      for (let i = 0; i < batch.numRows; i++) {
        const before = auctions.size
        const s = auctions.slot(ids[2 * i]! >>> 0)
        if (s === before) auctionBatch = ensureInt(auctionBatch, s, -1)
        if (auctionBatch[s]! < 0) continue
        rows.push(i)
        slots.push(s)
      }
      const picked = Int32Array.from(rows)
      const auctionColumns: Column[] = AUCTION_COLUMNS.map(([, , kind], k) => {
        if (kind === 'string') {
          const builder = new Utf8Builder(slots.length, slots.length * 64)
          for (const s of slots) {
            const { offsets, bytes } = texts[auctionBatch[s]!]![k]!
            const row = auctionRow[s]!
            builder.appendBytes(bytes, offsets[row]!, offsets[row + 1]!)
          }
          return builder.finish()
        }
        const values = Float64Array.from(slots, (s) => {
          const w = words[auctionBatch[s]!]![k]!
          const row = auctionRow[s]!
          return w[2 * row + 1]! * TWO_32 + (w[2 * row]! >>> 0)
        })
        return numericColumn(typeOf(kind), values, null)
      })
      return makeBatch(
        OUTPUT,
        [...BID_COLUMNS.map((c) => take(column(batch, c), picked)), ...auctionColumns],
        picked.length,
      )
    })
  },
  duckdb: () => SQL,
}
