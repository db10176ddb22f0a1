// Nexmark q0, pass-through: every bid, projected (the per-row floor of the engine: source → project → sink).
import { makeBatch } from '../../../src/arrow/index.js'
import { col, LongType, StringType, StructField, StructType, TimestampType } from '../../../src/index.js'
import { column } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', LongType()),
  StructField('dateTime', TimestampType()),
  StructField('extra', StringType()),
])

export const q0: NexmarkQuery = {
  name: 'q0',
  title: 'pass-through',
  streams: ['bid'],
  mode: 'append',
  sql: 'SELECT auction, bidder, price, dateTime, extra FROM bid',
  dataFrame: ({ bid }) => bid.select(col('auction'), col('bidder'), col('price'), col('dateTime'), col('extra')),
  // The loop's answer shares the input's buffers, as a projection can.
  loop: (inputs) =>
    inputs.bid.map((batch) =>
      makeBatch(
        OUTPUT,
        OUTPUT.fields.map((f) => column(batch, f.name)),
        batch.numRows,
      ),
    ),
  duckdb: () => 'SELECT auction, bidder, price, dateTime, extra FROM bid',
}
