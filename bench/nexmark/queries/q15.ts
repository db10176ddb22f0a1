// Nexmark q15, bidding statistics per day: bid counts and distinct bidders and auctions, overall and per price
// rank. Spark streaming forbids distinct aggregates (approx_count_distinct would only estimate them), so this runs
// as a static batch query over all the events, exactly. The SQL is the textbook's (`count(*) FILTER (WHERE …)`,
// `count(DISTINCT x) FILTER (WHERE …)`); the DataFrame form writes the filters as `count(when(…, 1))` and
// `countDistinct(when(…, x))`, the same values since count skips NULLs.
import { makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import {
  col,
  count,
  countDistinct,
  date_format,
  LongType,
  lit,
  StringType,
  StructField,
  StructType,
  when,
} from '../../../src/index.js'
import { ensure, IntKeyTable, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const RANKS = ['rank1', 'rank2', 'rank3'] as const
const US_PER_DAY = 86_400_000_000

const OUTPUT = StructType([
  StructField('day', StringType()),
  StructField('total_bids', LongType()),
  ...RANKS.map((r) => StructField(`${r}_bids`, LongType())),
  StructField('total_bidders', LongType()),
  ...RANKS.map((r) => StructField(`${r}_bidders`, LongType())),
  StructField('total_auctions', LongType()),
  ...RANKS.map((r) => StructField(`${r}_auctions`, LongType())),
])

const RANK_SQL = ['price < 10000', 'price >= 10000 AND price < 1000000', 'price >= 1000000']

function counts(kind: 'bids' | 'bidders' | 'auctions'): string {
  const column = kind === 'bidders' ? 'bidder' : 'auction'
  const total = kind === 'bids' ? 'count(*)' : `count(DISTINCT ${column})`
  const ranked = RANK_SQL.map((condition, r) =>
    kind === 'bids'
      ? `count(*) FILTER (WHERE ${condition}) AS rank${r + 1}_bids`
      : `count(DISTINCT ${column}) FILTER (WHERE ${condition}) AS rank${r + 1}_${kind}`,
  )
  return [`${total} AS total_${kind}`, ...ranked].join(',\n  ')
}

const SQL = (day: string) => `SELECT ${day} AS day,
  ${counts('bids')},
  ${counts('bidders')},
  ${counts('auctions')}
FROM bid
GROUP BY ${day}`

export const q15: NexmarkQuery = {
  name: 'q15',
  title: 'bidding statistics (batch)',
  streams: ['bid'],
  mode: 'batch',
  sql: SQL("date_format(dateTime, 'yyyy-MM-dd')"),
  dataFrame: ({ bid }) => {
    const price = col('price')
    const ranks = [price.lt(10000), price.geq(10000).and(price.lt(1000000)), price.geq(1000000)]
    return bid
      .withColumn('day', date_format(col('dateTime'), 'yyyy-MM-dd'))
      .groupBy(col('day'))
      .agg(
        count(lit(1)).alias('total_bids'),
        ...ranks.map((r, i) => count(when(r, 1)).alias(`rank${i + 1}_bids`)),
        countDistinct(col('bidder')).alias('total_bidders'),
        ...ranks.map((r, i) => countDistinct(when(r, col('bidder'))).alias(`rank${i + 1}_bidders`)),
        countDistinct(col('auction')).alias('total_auctions'),
        ...ranks.map((r, i) => countDistinct(when(r, col('auction'))).alias(`rank${i + 1}_auctions`)),
      )
  },
  // Per day: counts per rank, and distinct (rank, bidder) / (rank, auction) pairs in typed hash sets.
  loop: (inputs) => {
    const days = new IntKeyTable(16)
    let stats = new Float64Array(16 * 12)
    const seen = new IntKeyTable(1 << 16)
    const STRIDE = 12
    for (const batch of inputs.bid) {
      const prices = int64Words(batch, 'price')
      const bidders = int64Words(batch, 'bidder')
      const auctions = int64Words(batch, 'auction')
      const times = int64Words(batch, 'dateTime')
      for (let i = 0; i < batch.numRows; i++) {
        const dayIndex = Math.floor((times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0)) / US_PER_DAY)
        const d = days.slot(dayIndex)
        stats = ensure(stats, d * STRIDE + STRIDE - 1)
        const p = prices[2 * i + 1]! * TWO_32 + (prices[2 * i]! >>> 0)
        const rank = p < 10000 ? 1 : p < 1000000 ? 2 : 3
        const base = d * STRIDE
        stats[base]!++
        stats[base + rank]!++
        // Distinct sets: key = ((day * 2 + kind) * 4 + rank) * 2^32 + id, rank 0 meaning "any"; kind 0 bidders,
        // kind 1 auctions.
        for (let kind = 0; kind < 2; kind++) {
          const id = (kind === 0 ? bidders : auctions)[2 * i]! >>> 0
          const keyBase = (d * 2 + kind) * 4
          let before = seen.size
          seen.slot(keyBase * TWO_32 + id)
          if (seen.size > before) stats[base + 4 + kind * 4]!++
          before = seen.size
          seen.slot((keyBase + rank) * TWO_32 + id)
          if (seen.size > before) stats[base + 4 + kind * 4 + rank]!++
        }
      }
    }
    const dayText = new Utf8Builder(days.size, days.size * 10)
    for (let d = 0; d < days.size; d++)
      dayText.append(new Date((days.keyOf[d]! * US_PER_DAY) / 1000).toISOString().slice(0, 10))
    const statColumn = (k: number) =>
      numericColumn(
        LongType(),
        Float64Array.from({ length: days.size }, (_, d) => stats[d * STRIDE + k]!),
        null,
      )
    return [makeBatch(OUTPUT, [dayText.finish(), ...Array.from({ length: 12 }, (_, k) => statColumn(k))], days.size)]
  },
  duckdb: () => SQL("strftime(dateTime, '%Y-%m-%d')"),
}
