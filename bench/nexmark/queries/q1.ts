// Nexmark q1, currency conversion: each bid's price in euros. `0.908` is a DECIMAL(3,3) literal in Spark SQL (as
// in DuckDB), so the DataFrame form multiplies by the same decimal, not by a double.
import { numericColumn } from '../../../src/arrow/index.js'
import {
  col,
  DoubleType,
  LongType,
  lit,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from '../../../src/index.js'
import { batchOf, column, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', DoubleType()),
  StructField('dateTime', TimestampType()),
  StructField('extra', StringType()),
])

export const q1: NexmarkQuery = {
  name: 'q1',
  title: 'currency conversion',
  streams: ['bid'],
  mode: 'append',
  sql: 'SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid',
  dataFrame: ({ bid }) =>
    bid.select(
      col('auction'),
      col('bidder'),
      lit(0.908).cast('decimal(3,3)').multiply(col('price')).alias('price'),
      col('dateTime'),
      col('extra'),
    ),
  // The decimal product price * 0.908 is exactly price * 908 / 1000: written as the double nearest to it, the
  // value every engine's DECIMAL(…,3) decodes to.
  loop: (inputs) =>
    inputs.bid.map((batch) => {
      const n = batch.numRows
      const price = int64Words(batch, 'price')
      const euros = new Float64Array(n)
      for (let i = 0; i < n; i++) euros[i] = ((price[2 * i + 1]! * 4294967296 + (price[2 * i]! >>> 0)) * 908) / 1000
      const columns = OUTPUT.fields.map((f) =>
        f.name === 'price' ? numericColumn(DoubleType(), euros, null) : column(batch, f.name),
      )
      return batchOf(OUTPUT, columns, n)
    }),
  duckdb: () => 'SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid',
}
