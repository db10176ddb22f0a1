// Nexmark q14, calculation: bids between 1M and 50M euros, with a time-of-day class and the count of 'c' in
// extra (Flink's count_char UDF). Spark would write that count as length(extra) - length(replace(extra, 'c', ''));
// this uses translate(extra, 'c', '') (translate deletes characters that have no replacement), the same value, which
// Rivulet computes on UTF-8 bytes. hour() is in the session time zone: UTC here and in DuckDB.
import { makeBatch, numericColumn, TWO_32, take, Utf8Builder } from '../../../src/arrow/index.js'
import {
  col,
  DoubleType,
  hour,
  LongType,
  length,
  lit,
  StringType,
  StructField,
  StructType,
  TimestampType,
  translate,
  when,
} from '../../../src/index.js'
import { column, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', DoubleType()),
  StructField('bidTimeType', StringType()),
  StructField('dateTime', TimestampType()),
  StructField('extra', StringType()),
  StructField('c_counts', LongType()),
])

const US_PER_HOUR = 3_600_000_000
const LETTER_C = 99
const TIME_TYPES = ['dayTime', 'nightTime', 'otherTime'] as const

/** The statement, with `withoutC` the extra string with its c's removed (each engine's way). */
const SQL = (withoutC: string) => `SELECT auction, bidder, 0.908 * price AS price,
  CASE
    WHEN hour(dateTime) >= 8 AND hour(dateTime) <= 18 THEN 'dayTime'
    WHEN hour(dateTime) <= 6 OR hour(dateTime) >= 20 THEN 'nightTime'
    ELSE 'otherTime'
  END AS bidTimeType,
  dateTime, extra, length(extra) - length(${withoutC}) AS c_counts
FROM bid
WHERE 0.908 * price > 1000000 AND 0.908 * price < 50000000`

export const q14: NexmarkQuery = {
  name: 'q14',
  title: 'calculation',
  streams: ['bid'],
  mode: 'append',
  sql: SQL("translate(extra, 'c', '')"),
  dataFrame: ({ bid }) => {
    const euros = lit(0.908).cast('decimal(3,3)').multiply(col('price'))
    const h = hour(col('dateTime'))
    return bid.filter(euros.gt(1000000).and(euros.lt(50000000))).select(
      col('auction'),
      col('bidder'),
      euros.alias('price'),
      when(h.geq(8).and(h.leq(18)), 'dayTime')
        .when(h.leq(6).or(h.geq(20)), 'nightTime')
        .otherwise('otherTime')
        .alias('bidTimeType'),
      col('dateTime'),
      col('extra'),
      length(col('extra'))
        .minus(length(translate(col('extra'), 'c', '')))
        .alias('c_counts'),
    )
  },
  // 0.908 * price is in (1M, 50M) exactly when price * 908 is in (1e9, 5e10): integers, no rounding.
  loop: (inputs) =>
    inputs.bid.map((batch) => {
      const n = batch.numRows
      const price = int64Words(batch, 'price')
      const times = int64Words(batch, 'dateTime')
      const extra = utf8(batch, 'extra')
      const selected = new Int32Array(n)
      let count = 0
      for (let i = 0; i < n; i++) {
        const scaled = (price[2 * i + 1]! * TWO_32 + (price[2 * i]! >>> 0)) * 908
        if (scaled > 1e9 && scaled < 5e10) selected[count++] = i
      }
      const euros = new Float64Array(count)
      const counts = new Float64Array(count)
      const types = new Utf8Builder(count, count * 9)
      for (let k = 0; k < count; k++) {
        const i = selected[k]!
        euros[k] = ((price[2 * i + 1]! * TWO_32 + (price[2 * i]! >>> 0)) * 908) / 1000
        const t = times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0)
        const hourOfDay = Math.floor(t / US_PER_HOUR) % 24
        types.append(TIME_TYPES[hourOfDay >= 8 && hourOfDay <= 18 ? 0 : hourOfDay <= 6 || hourOfDay >= 20 ? 1 : 2])
        let c = 0
        for (let j = extra.offsets[i]!; j < extra.offsets[i + 1]!; j++) if (extra.bytes[j] === LETTER_C) c++
        counts[k] = c
      }
      const picked = selected.subarray(0, count)
      return makeBatch(
        OUTPUT,
        [
          take(column(batch, 'auction'), picked),
          take(column(batch, 'bidder'), picked),
          numericColumn(DoubleType(), euros, null),
          types.finish(),
          take(column(batch, 'dateTime'), picked),
          take(column(batch, 'extra'), picked),
          numericColumn(LongType(), counts, null),
        ],
        count,
      )
    }),
  duckdb: () => SQL("replace(extra, 'c', '')"),
}
