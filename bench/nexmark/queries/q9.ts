// Nexmark q9, winning bids: for each auction, its highest bid made during its lifetime (ties: the earliest), with
// the auction's and the bid's columns — a join of auctions and bids on id with `B.dateTime BETWEEN A.dateTime AND
// A.expires`, then ROW_NUMBER() per auction. Spark streaming refuses a window function over a stream, so it runs as
// a static query over all the events, in Flink's textbook SQL. A bid's (price, dateTime) can tie within an auction,
// where ROW_NUMBER() picks either row; the loop counts such ties and the run fails if the top of an auction ties.
import { type Column, makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import {
  col,
  LongType,
  row_number,
  StringType,
  StructField,
  StructType,
  TimestampType,
  Window,
} from '../../../src/index.js'
import type { NexmarkInputs } from '../generator.js'
import { ensure, ensureInt, IntKeyTable, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

type Kind = 'long' | 'timestamp' | 'string'

/** Output columns: (source table, source column, output name, kind), in the textbook's order. */
const COLUMNS: readonly (readonly ['auction' | 'bid', string, string, Kind])[] = [
  ['auction', 'id', 'id', 'long'],
  ['auction', 'itemName', 'itemName', 'string'],
  ['auction', 'description', 'description', 'string'],
  ['auction', 'initialBid', 'initialBid', 'long'],
  ['auction', 'reserve', 'reserve', 'long'],
  ['auction', 'dateTime', 'dateTime', 'timestamp'],
  ['auction', 'expires', 'expires', 'timestamp'],
  ['auction', 'seller', 'seller', 'long'],
  ['auction', 'category', 'category', 'long'],
  ['auction', 'extra', 'extra', 'string'],
  ['bid', 'auction', 'auction', 'long'],
  ['bid', 'bidder', 'bidder', 'long'],
  ['bid', 'price', 'price', 'long'],
  ['bid', 'dateTime', 'bid_dateTime', 'timestamp'],
  ['bid', 'extra', 'bid_extra', 'string'],
]

const typeOf = (kind: Kind) => (kind === 'string' ? StringType() : kind === 'long' ? LongType() : TimestampType())

const OUTPUT = StructType(COLUMNS.map(([, , name, kind]) => StructField(name, typeOf(kind))))

const SQL = `SELECT id, itemName, description, initialBid, reserve, dateTime, expires, seller, category, extra,
  auction, bidder, price, bid_dateTime, bid_extra
FROM (
  SELECT A.*, B.auction, B.bidder, B.price, B.dateTime AS bid_dateTime, B.extra AS bid_extra,
    ROW_NUMBER() OVER (PARTITION BY A.id ORDER BY B.price DESC, B.dateTime ASC) AS rownum
  FROM auction A, bid B
  WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
)
WHERE rownum <= 1`

const int64At = (words: Int32Array, i: number) => words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)

/** Where a chosen row lives: per output row, the input batch and the row in it. */
interface Picks {
  readonly batches: Int32Array
  readonly rows: Int32Array
}

/** The output column `name` of `table`, gathered from the picked rows of its input batches. */
function gathered(inputs: NexmarkInputs, table: 'auction' | 'bid', name: string, kind: Kind, picks: Picks): Column {
  const batches = inputs[table]
  const n = picks.rows.length
  if (kind === 'string') {
    const texts = batches.map((b) => utf8(b, name))
    const builder = new Utf8Builder(n, n * 32)
    for (let k = 0; k < n; k++) {
      const { offsets, bytes } = texts[picks.batches[k]!]!
      builder.appendBytes(bytes, offsets[picks.rows[k]!]!, offsets[picks.rows[k]! + 1]!)
    }
    return builder.finish()
  }
  const words = batches.map((b) => int64Words(b, name))
  const values = new Float64Array(n)
  for (let k = 0; k < n; k++) values[k] = int64At(words[picks.batches[k]!]!, picks.rows[k]!)
  return numericColumn(typeOf(kind), values, null)
}

export const q9: NexmarkQuery = {
  name: 'q9',
  title: 'winning bids (batch)',
  streams: ['auction', 'bid'],
  mode: 'batch',
  sql: SQL,
  dataFrame: ({ auction, bid }) =>
    auction
      .alias('A')
      .join(
        bid.alias('B'),
        col('A.id')
          .eq(col('B.auction'))
          .and(col('B.dateTime').between(col('A.dateTime'), col('A.expires'))),
      )
      .withColumn(
        'rownum',
        row_number().over(Window.partitionBy(col('A.id')).orderBy(col('B.price').desc(), col('B.dateTime').asc())),
      )
      .where(col('rownum').leq(1))
      .select(
        ...COLUMNS.map(([table, source, name]) => col(`${table === 'auction' ? 'A' : 'B'}.${source}`).alias(name)),
      ),
  // Auctions by id (lifetime, batch, row); each in-lifetime bid against its auction's best so far; then the
  // winners' columns gathered from both sides.
  loop: (inputs) => {
    const auctions = new IntKeyTable(1 << 14)
    let starts = new Float64Array(1 << 14)
    let expiries = new Float64Array(1 << 14)
    let auctionBatch = new Int32Array(1 << 14)
    let auctionRow = new Int32Array(1 << 14)
    inputs.auction.forEach((batch, b) => {
      const ids = int64Words(batch, 'id')
      const from = int64Words(batch, 'dateTime')
      const to = int64Words(batch, 'expires')
      for (let i = 0; i < batch.numRows; i++) {
        const s = auctions.slot(ids[2 * i]! >>> 0)
        starts = ensure(starts, s)
        expiries = ensure(expiries, s)
        auctionBatch = ensureInt(auctionBatch, s)
        auctionRow = ensureInt(auctionRow, s)
        starts[s] = int64At(from, i)
        expiries[s] = int64At(to, i)
        auctionBatch[s] = b
        auctionRow[s] = i
      }
    })
    const known = auctions.size
    const bestPrice = new Float64Array(known).fill(-1)
    const bestTime = new Float64Array(known)
    const bidBatch = new Int32Array(known)
    const bidRow = new Int32Array(known)
    const topTied = new Uint8Array(known)
    inputs.bid.forEach((batch, b) => {
      const ids = int64Words(batch, 'auction')
      const times = int64Words(batch, 'dateTime')
      const prices = int64Words(batch, 'price')
      for (let i = 0; i < batch.numRows; i++) {
        const s = auctions.slot(ids[2 * i]! >>> 0)
        if (s >= known) continue
        const t = int64At(times, i)
        if (t < starts[s]! || t > expiries[s]!) continue
        const price = int64At(prices, i)
        if (price === bestPrice[s] && t === bestTime[s]) topTied[s] = 1
        if (price > bestPrice[s]! || (price === bestPrice[s] && t < bestTime[s]!)) {
          bestPrice[s] = price
          bestTime[s] = t
          bidBatch[s] = b
          bidRow[s] = i
          topTied[s] = 0
        }
      }
    })
    const winners: number[] = []
    for (let s = 0; s < known; s++) {
      if (bestPrice[s]! < 0) continue
      if (topTied[s] === 1)
        throw new Error(`q9: auction ${auctions.keyOf[s]} has two top bids; the answer is not unique`)
      winners.push(s)
    }
    const picks = {
      auction: {
        batches: Int32Array.from(winners, (s) => auctionBatch[s]!),
        rows: Int32Array.from(winners, (s) => auctionRow[s]!),
      },
      bid: {
        batches: Int32Array.from(winners, (s) => bidBatch[s]!),
        rows: Int32Array.from(winners, (s) => bidRow[s]!),
      },
    }
    const columns = COLUMNS.map(([table, source, , kind]) => gathered(inputs, table, source, kind, picks[table]))
    return [makeBatch(OUTPUT, columns, winners.length)]
  },
  duckdb: () => SQL,
}
