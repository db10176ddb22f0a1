// Nexmark q17, auction statistics per day: bid counts per price rank and min/max/avg/sum of the price, per
// (auction, day). No distinct aggregates, so it streams: update mode, a key's newest row being its answer. The SQL
// is the textbook's (`count(*) FILTER (WHERE …)`); the DataFrame form writes the filters as `count(when(…, 1))`.
// avg_price is compared with a relative tolerance of 1e-9.
import { makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import {
  avg,
  col,
  count,
  DoubleType,
  date_format,
  LongType,
  lit,
  max,
  min,
  StringType,
  StructField,
  StructType,
  sum,
  when,
} from '../../../src/index.js'
import { ensure, IntKeyTable, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const US_PER_DAY = 86_400_000_000

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('day', StringType()),
  StructField('total_bids', LongType()),
  StructField('rank1_bids', LongType()),
  StructField('rank2_bids', LongType()),
  StructField('rank3_bids', LongType()),
  StructField('min_price', LongType()),
  StructField('max_price', LongType()),
  StructField('avg_price', DoubleType()),
  StructField('sum_price', LongType()),
])

const SQL = (day: string) => `SELECT auction, ${day} AS day,
  count(*) AS total_bids,
  count(*) FILTER (WHERE price < 10000) AS rank1_bids,
  count(*) FILTER (WHERE price >= 10000 AND price < 1000000) AS rank2_bids,
  count(*) FILTER (WHERE price >= 1000000) AS rank3_bids,
  min(price) AS min_price,
  max(price) AS max_price,
  avg(price) AS avg_price,
  sum(price) AS sum_price
FROM bid
GROUP BY auction, ${day}`

export const q17: NexmarkQuery = {
  name: 'q17',
  title: 'auction statistics',
  streams: ['bid'],
  mode: 'update',
  keyColumns: ['auction', 'day'],
  floatColumns: ['avg_price'],
  sql: SQL("date_format(dateTime, 'yyyy-MM-dd')"),
  dataFrame: ({ bid }) => {
    const price = col('price')
    return bid
      .groupBy(col('auction'), date_format(col('dateTime'), 'yyyy-MM-dd').alias('day'))
      .agg(
        count(lit(1)).alias('total_bids'),
        count(when(price.lt(10000), 1)).alias('rank1_bids'),
        count(when(price.geq(10000).and(price.lt(1000000)), 1)).alias('rank2_bids'),
        count(when(price.geq(1000000), 1)).alias('rank3_bids'),
        min(price).alias('min_price'),
        max(price).alias('max_price'),
        avg(price).alias('avg_price'),
        sum(price).alias('sum_price'),
      )
  },
  // Per (day, auction) — key day * 2^32 + auction — seven accumulators (count, three ranks, min, max, sum) in one strided Float64Array.
  loop: (inputs) => {
    const STRIDE = 7
    const groups = new IntKeyTable(1 << 14)
    let acc = new Float64Array((1 << 14) * STRIDE)
    for (const batch of inputs.bid) {
      const prices = int64Words(batch, 'price')
      const auctions = int64Words(batch, 'auction')
      const times = int64Words(batch, 'dateTime')
      for (let i = 0; i < batch.numRows; i++) {
        const day = Math.floor((times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0)) / US_PER_DAY)
        const before = groups.size
        const g = groups.slot(day * TWO_32 + (auctions[2 * i]! >>> 0))
        const base = g * STRIDE
        const p = prices[2 * i + 1]! * TWO_32 + (prices[2 * i]! >>> 0)
        if (g === before) {
          acc = ensure(acc, base + STRIDE - 1)
          acc.fill(0, base, base + STRIDE)
          acc[base + 4] = p
          acc[base + 5] = p
        }
        acc[base]!++
        acc[base + (p < 10000 ? 1 : p < 1000000 ? 2 : 3)]!++
        if (p < acc[base + 4]!) acc[base + 4] = p
        if (p > acc[base + 5]!) acc[base + 5] = p
        acc[base + 6]! += p
      }
    }
    const n = groups.size
    const field = (k: number) => Float64Array.from({ length: n }, (_, g) => acc[g * STRIDE + k]!)
    const days = new Utf8Builder(n, n * 10)
    const dayText = new Map<number, string>()
    for (let g = 0; g < n; g++) {
      const day = Math.floor(groups.keyOf[g]! / TWO_32)
      let text = dayText.get(day)
      if (text === undefined) dayText.set(day, (text = new Date((day * US_PER_DAY) / 1000).toISOString().slice(0, 10)))
      days.append(text)
    }
    const total = field(0)
    const sums = field(6)
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(
            LongType(),
            Float64Array.from({ length: n }, (_, g) => groups.keyOf[g]! % TWO_32),
            null,
          ),
          days.finish(),
          numericColumn(LongType(), total, null),
          numericColumn(LongType(), field(1), null),
          numericColumn(LongType(), field(2), null),
          numericColumn(LongType(), field(3), null),
          numericColumn(LongType(), field(4), null),
          numericColumn(LongType(), field(5), null),
          numericColumn(
            DoubleType(),
            sums.map((s, g) => s / total[g]!),
            null,
          ),
          numericColumn(LongType(), sums, null),
        ],
        n,
      ),
    ]
  },
  duckdb: () => SQL("strftime(dateTime, '%Y-%m-%d')"),
}
