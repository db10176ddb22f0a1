// Nexmark q12, processing-time windows: bids per bidder per 10 s window of processing time.
//
// Spark's processing time is the micro-batch's timestamp, current_timestamp(). Which window a bid lands in
// depends on the wall clock, so the check folds Rivulet's (bidder, window) counts into per-bidder totals (after
// checking every window is 10 s, aligned) and compares those with the loop's and DuckDB's count per bidder.
// There is no watermark on processing time, so the query runs in update mode (a window's newest count is final).
import { makeBatch, numericColumn, TWO_32 } from '../../../src/arrow/index.js'
import { col, count, current_timestamp, LongType, lit, StructField, StructType, window } from '../../../src/index.js'
import { ensure, IntKeyTable, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'
import { cellAt, type ResultSet, resultFromValues, rowsOfChunk } from '../results/cells.js'

const WINDOW_US = 10_000_000

const OUTPUT = StructType([StructField('bidder', LongType()), StructField('bid_count', LongType())])

/** Per-bidder totals of (bidder, bid_count, starttime, endtime) rows, after checking the windows' shape. */
function perBidder(result: ResultSet): ResultSet {
  const totals = new Map<number, number>()
  const [bidder, bidCount, start, end] = ['bidder', 'bid_count', 'starttime', 'endtime'].map((n) =>
    result.names.indexOf(n),
  )
  for (const chunk of result.chunks) {
    const columns = chunk.columns
    const rows = rowsOfChunk(chunk)
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!
      const s = cellAt(columns[start!]!, row) as number
      const e = cellAt(columns[end!]!, row) as number
      if (s % WINDOW_US !== 0 || e - s !== WINDOW_US)
        throw new Error(`q12: window [${s}, ${e}) is not an aligned 10 s window`)
      const id = cellAt(columns[bidder!]!, row) as number
      totals.set(id, (totals.get(id) ?? 0) + (cellAt(columns[bidCount!]!, row) as number))
    }
  }
  return resultFromValues(['bidder', 'bid_count'], [[...totals.keys()], [...totals.values()]])
}

export const q12: NexmarkQuery = {
  name: 'q12',
  title: 'processing-time windows',
  streams: ['bid'],
  mode: 'update',
  keyColumns: ['bidder', 'starttime'],
  sql: `SELECT bidder, count(*) AS bid_count, window.start AS starttime, window.end AS endtime
FROM bid GROUP BY bidder, window(current_timestamp(), '10 seconds')`,
  dataFrame: ({ bid }) =>
    bid
      .groupBy(col('bidder'), window(current_timestamp(), '10 seconds'))
      .agg(count(lit(1)).alias('bid_count'))
      .select(
        col('bidder'),
        col('bid_count'),
        col('window.start').alias('starttime'),
        col('window.end').alias('endtime'),
      ),
  checkedAs: perBidder,
  loop: (inputs) => {
    const bidders = new IntKeyTable(4096)
    let counts = new Float64Array(4096)
    for (const batch of inputs.bid) {
      const ids = int64Words(batch, 'bidder')
      for (let i = 0; i < batch.numRows; i++) {
        const s = bidders.slot(ids[2 * i + 1]! * TWO_32 + (ids[2 * i]! >>> 0))
        counts = ensure(counts, s)
        counts[s]!++
      }
    }
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(LongType(), bidders.keyOf.slice(0, bidders.size), null),
          numericColumn(LongType(), counts.slice(0, bidders.size), null),
        ],
        bidders.size,
      ),
    ]
  },
  duckdb: () => 'SELECT bidder, count(*) AS bid_count FROM bid GROUP BY bidder',
}
