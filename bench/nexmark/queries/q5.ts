// Nexmark q5, hot items: per sliding window (10 s, every 2 s), the auction with the most bids.
//
// The textbook query joins each window's per-auction counts with the window's maximum count. Without joins this
// is a chained aggregation: count per (window, auction), then per window max(struct(num, auction)). Difference:
// the join returns every auction tied at the maximum; this returns one row per window, the tied auction with the
// highest id (struct order: num, then auction). max_by(auction, num) would pick among ties arbitrarily. The loop
// and DuckDB compute this same formulation. Append mode: a window is final once the watermark passes its end.
import { makeBatch, numericColumn, TWO_32 } from '../../../src/arrow/index.js'
import {
  col,
  count,
  LongType,
  lit,
  max,
  StructField,
  StructType,
  struct,
  TimestampType,
  window,
} from '../../../src/index.js'
import { ensure, IntKeyTable, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const SLIDE_US = 2_000_000
const PANES_PER_WINDOW = 5

const OUTPUT = StructType([
  StructField('starttime', TimestampType()),
  StructField('endtime', TimestampType()),
  StructField('auction', LongType()),
  StructField('num', LongType()),
])

export const q5: NexmarkQuery = {
  name: 'q5',
  title: 'hot items',
  streams: ['bid'],
  mode: 'append',
  sql: `SELECT window.start AS starttime, window.end AS endtime, hot.auction AS auction, hot.num AS num
FROM (
  SELECT window, max(struct(num, auction)) AS hot
  FROM (SELECT window, auction, count(*) AS num FROM bid GROUP BY window(dateTime, '10 seconds', '2 seconds'), auction)
  GROUP BY window)`,
  dataFrame: ({ bid }) =>
    bid
      .groupBy(window(col('dateTime'), '10 seconds', '2 seconds'), col('auction'))
      .agg(count(lit(1)).alias('num'))
      .groupBy(col('window'))
      .agg(max(struct(col('num'), col('auction'))).alias('hot'))
      .select(
        col('window.start').alias('starttime'),
        col('window.end').alias('endtime'),
        col('hot.auction').alias('auction'),
        col('hot.num').alias('num'),
      ),
  // Counts per (2 s pane, auction); a window is the sum of its five panes. Keys: pane (relative) * 2^32 + auction.
  loop: (inputs, { finalWatermarkUs }) => {
    const table = new IntKeyTable(4096)
    let counts = new Float64Array(4096)
    let firstPane = Number.NaN
    for (const batch of inputs.bid) {
      const n = batch.numRows
      if (n === 0) continue
      const auction = int64Words(batch, 'auction')
      const time = int64Words(batch, 'dateTime')
      if (Number.isNaN(firstPane)) firstPane = Math.floor((time[1]! * TWO_32 + (time[0]! >>> 0)) / SLIDE_US) - 8
      for (let i = 0; i < n; i++) {
        const pane = Math.floor((time[2 * i + 1]! * TWO_32 + (time[2 * i]! >>> 0)) / SLIDE_US) - firstPane
        const slot = table.slot(pane * TWO_32 + (auction[2 * i]! >>> 0))
        counts = ensure(counts, slot)
        counts[slot]!++
      }
    }
    // Slots grouped by pane (a counting sort), then each window folds its panes' (auction, count) pairs.
    let maxPane = 0
    for (let s = 0; s < table.size; s++) maxPane = Math.max(maxPane, Math.floor(table.keyOf[s]! / TWO_32))
    const paneStart = new Int32Array(maxPane + 2)
    for (let s = 0; s < table.size; s++) paneStart[Math.floor(table.keyOf[s]! / TWO_32) + 1]!++
    for (let p = 0; p <= maxPane; p++) paneStart[p + 1]! += paneStart[p]!
    const bySlot = new Int32Array(table.size)
    const fill = paneStart.slice()
    for (let s = 0; s < table.size; s++) bySlot[fill[Math.floor(table.keyOf[s]! / TWO_32)]!++] = s
    const starts: number[] = []
    const auctions: number[] = []
    const nums: number[] = []
    let sums = new Float64Array(256)
    for (let first = -(PANES_PER_WINDOW - 1); first <= maxPane; first++) {
      const startUs = (firstPane + first) * SLIDE_US
      if (startUs + PANES_PER_WINDOW * SLIDE_US > finalWatermarkUs) break
      const windowTable = new IntKeyTable(256)
      sums.fill(0)
      let bestAuction = -1
      let bestNum = 0
      for (let p = Math.max(first, 0); p < first + PANES_PER_WINDOW && p <= maxPane; p++) {
        for (let k = paneStart[p]!; k < paneStart[p + 1]!; k++) {
          const s = bySlot[k]!
          const auctionId = table.keyOf[s]! % TWO_32
          const w = windowTable.slot(auctionId)
          sums = ensure(sums, w)
          sums[w]! += counts[s]!
        }
      }
      for (let w = 0; w < windowTable.size; w++) {
        const num = sums[w]!
        const auctionId = windowTable.keyOf[w]!
        if (num > bestNum || (num === bestNum && auctionId > bestAuction)) {
          bestNum = num
          bestAuction = auctionId
        }
      }
      if (bestAuction < 0) continue
      starts.push(startUs)
      auctions.push(bestAuction)
      nums.push(bestNum)
    }
    const startArray = Float64Array.from(starts)
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(TimestampType(), startArray, null),
          numericColumn(
            TimestampType(),
            startArray.map((s) => s + PANES_PER_WINDOW * SLIDE_US),
            null,
          ),
          numericColumn(LongType(), Float64Array.from(auctions), null),
          numericColumn(LongType(), Float64Array.from(nums), null),
        ],
        starts.length,
      ),
    ]
  },
  duckdb: ({ finalWatermarkUs }) => `
WITH counts AS (
  SELECT (epoch_us(dateTime) // 2000000 - k) * 2000000 AS ws, auction, count(*) AS num
  FROM bid CROSS JOIN range(5) AS r(k)
  GROUP BY ALL)
SELECT make_timestamp(ws) AS starttime, make_timestamp(ws + 10000000) AS endtime,
  max({'num': num, 'auction': auction}).auction AS auction, max({'num': num, 'auction': auction}).num AS num
FROM counts
WHERE ws + 10000000 <= ${finalWatermarkUs}
GROUP BY ws`,
}
