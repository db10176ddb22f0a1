// Nexmark q4, average price per category: each auction's winning (highest) bid among the bids made during its
// lifetime — a join of auctions and bids on id with `B.dateTime BETWEEN A.dateTime AND A.expires` — then the
// average of those per category. Spark streaming refuses it (an aggregation over a stream-stream join has no
// watermarked key in append mode, and joins run only in append mode), so it runs as a static query over all the
// events: the textbook SQL (a comma join with the conditions in WHERE), the average named avg_final.
import { makeBatch, numericColumn, TWO_32 } from '../../../src/arrow/index.js'
import { avg, col, DoubleType, LongType, max, StructField, StructType } from '../../../src/index.js'
import { ensure, IntKeyTable, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([StructField('category', LongType()), StructField('avg_final', DoubleType())])

const SQL = `SELECT Q.category, AVG(Q.final) AS avg_final
FROM (
  SELECT MAX(B.price) AS final, A.category
  FROM auction A, bid B
  WHERE A.id = B.auction AND B.dateTime BETWEEN A.dateTime AND A.expires
  GROUP BY A.id, A.category
) Q
GROUP BY Q.category`

const int64At = (words: Int32Array, i: number) => words[2 * i + 1]! * TWO_32 + (words[2 * i]! >>> 0)

export const q4: NexmarkQuery = {
  name: 'q4',
  title: 'average price per category (batch)',
  streams: ['auction', 'bid'],
  mode: 'batch',
  floatColumns: ['avg_final'],
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
      .groupBy(col('A.id'), col('A.category'))
      .agg(max(col('B.price')).alias('final'))
      .groupBy(col('category'))
      .agg(avg(col('final')).alias('avg_final')),
  // Auctions by id (start, expiry, category); the highest in-lifetime bid per auction; the mean per category.
  loop: (inputs) => {
    const auctions = new IntKeyTable(1 << 14)
    let starts = new Float64Array(1 << 14)
    let expiries = new Float64Array(1 << 14)
    let categories = new Float64Array(1 << 14)
    let best = new Float64Array(1 << 14).fill(-1)
    for (const batch of inputs.auction) {
      const ids = int64Words(batch, 'id')
      const from = int64Words(batch, 'dateTime')
      const to = int64Words(batch, 'expires')
      const category = int64Words(batch, 'category')
      for (let i = 0; i < batch.numRows; i++) {
        const s = auctions.slot(ids[2 * i]! >>> 0)
        starts = ensure(starts, s)
        expiries = ensure(expiries, s)
        categories = ensure(categories, s)
        if (s >= best.length) {
          const grown = new Float64Array(Math.max(best.length * 2, s + 1)).fill(-1)
          grown.set(best)
          best = grown
        }
        starts[s] = int64At(from, i)
        expiries[s] = int64At(to, i)
        categories[s] = int64At(category, i)
      }
    }
    const known = auctions.size
    for (const batch of inputs.bid) {
      const ids = int64Words(batch, 'auction')
      const times = int64Words(batch, 'dateTime')
      const prices = int64Words(batch, 'price')
      for (let i = 0; i < batch.numRows; i++) {
        const s = auctions.slot(ids[2 * i]! >>> 0)
        if (s >= known) continue
        const t = int64At(times, i)
        if (t < starts[s]! || t > expiries[s]!) continue
        const price = int64At(prices, i)
        if (price > best[s]!) best[s] = price
      }
    }
    const perCategory = new Map<number, { sum: number; count: number }>()
    for (let s = 0; s < known; s++) {
      if (best[s]! < 0) continue
      const entry = perCategory.get(categories[s]!) ?? { sum: 0, count: 0 }
      entry.sum += best[s]!
      entry.count++
      perCategory.set(categories[s]!, entry)
    }
    const keys = [...perCategory.keys()]
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(LongType(), Float64Array.from(keys), null),
          numericColumn(
            DoubleType(),
            Float64Array.from(keys, (k) => perCategory.get(k)!.sum / perCategory.get(k)!.count),
            null,
          ),
        ],
        keys.length,
      ),
    ]
  },
  duckdb: () => SQL,
}
