// Nexmark q11, user sessions: bids per bidder per session (a session ends after 10 s without a bid).
//
// Spark's session_window(dateTime, '10 seconds'): each bid opens [t, t + 10 s) and a bidder's overlapping or
// touching ranges merge, so a bid joins the session when it comes at most 10 s after the previous one (a gap of
// exactly 10 s still merges). The loop and DuckDB sessionize by that rule. Append mode: a session is final once
// the watermark passes its end (last bid + 10 s).
import { makeBatch, numericColumn, TWO_32 } from '../../../src/arrow/index.js'
import {
  col,
  count,
  LongType,
  lit,
  StructField,
  StructType,
  session_window,
  TimestampType,
} from '../../../src/index.js'
import { ensure, IntKeyTable, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const GAP_US = 10_000_000

const OUTPUT = StructType([
  StructField('bidder', LongType()),
  StructField('bid_count', LongType()),
  StructField('starttime', TimestampType()),
  StructField('endtime', TimestampType()),
])

export const q11: NexmarkQuery = {
  name: 'q11',
  title: 'user sessions',
  streams: ['bid'],
  mode: 'append',
  sql: `SELECT bidder, count(*) AS bid_count, session_window.start AS starttime, session_window.end AS endtime
FROM bid GROUP BY bidder, session_window(dateTime, '10 seconds')`,
  dataFrame: ({ bid }) =>
    bid
      .groupBy(col('bidder'), session_window(col('dateTime'), '10 seconds'))
      .agg(count(lit(1)).alias('bid_count'))
      .select(
        col('bidder'),
        col('bid_count'),
        col('session_window.start').alias('starttime'),
        col('session_window.end').alias('endtime'),
      ),
  // Per bidder, the open session (start, last bid, count); a bid more than 10 s after the last closes it.
  loop: (inputs, { finalWatermarkUs }) => {
    const bidders = new IntKeyTable(4096)
    let start = new Float64Array(4096)
    let last = new Float64Array(4096)
    let counts = new Float64Array(4096)
    const out = { bidder: [] as number[], count: [] as number[], start: [] as number[], end: [] as number[] }
    const emit = (bidder: number, s: number) => {
      if (last[s]! + GAP_US > finalWatermarkUs) return
      out.bidder.push(bidder)
      out.count.push(counts[s]!)
      out.start.push(start[s]!)
      out.end.push(last[s]! + GAP_US)
    }
    for (const batch of inputs.bid) {
      const ids = int64Words(batch, 'bidder')
      const times = int64Words(batch, 'dateTime')
      for (let i = 0; i < batch.numRows; i++) {
        const bidder = ids[2 * i + 1]! * TWO_32 + (ids[2 * i]! >>> 0)
        const t = times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0)
        const before = bidders.size
        const s = bidders.slot(bidder)
        if (s === before) {
          start = ensure(start, s)
          last = ensure(last, s)
          counts = ensure(counts, s)
        } else if (t - last[s]! <= GAP_US) {
          counts[s]!++
          if (t > last[s]!) last[s] = t
          continue
        } else {
          emit(bidder, s)
        }
        start[s] = t
        last[s] = t
        counts[s] = 1
      }
    }
    for (let s = 0; s < bidders.size; s++) emit(bidders.keyOf[s]!, s)
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(LongType(), Float64Array.from(out.bidder), null),
          numericColumn(LongType(), Float64Array.from(out.count), null),
          numericColumn(TimestampType(), Float64Array.from(out.start), null),
          numericColumn(TimestampType(), Float64Array.from(out.end), null),
        ],
        out.bidder.length,
      ),
    ]
  },
  duckdb: ({ finalWatermarkUs }) => `
SELECT bidder, count(*) AS bid_count, make_timestamp(min(t)) AS starttime, make_timestamp(max(t) + 10000000) AS endtime
FROM (
  SELECT bidder, t, sum(CASE WHEN prev IS NULL OR t - prev > 10000000 THEN 1 ELSE 0 END)
    OVER (PARTITION BY bidder ORDER BY t ROWS UNBOUNDED PRECEDING) AS session
  FROM (SELECT bidder, epoch_us(dateTime) AS t, lag(epoch_us(dateTime)) OVER (PARTITION BY bidder ORDER BY epoch_us(dateTime)) AS prev FROM bid))
GROUP BY bidder, session
HAVING max(t) + 10000000 <= ${finalWatermarkUs}`,
}
