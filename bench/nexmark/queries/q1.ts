// Nexmark q1, currency conversion: each bid's price in euros. `0.908` is a DECIMAL(3,3) literal in Spark SQL (as
// in DuckDB), so the DataFrame form multiplies by the same decimal, not by a double.
import { makeBatch, numericColumn, TWO_32 } from '../../../src/arrow/index.js'
import {
  col,
  DecimalType,
  LongType,
  lit,
  StringType,
  StructField,
  StructType,
  TimestampType,
} from '../../../src/index.js'
import { column, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const EUROS = DecimalType(24, 3)

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', EUROS),
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
  // The same DECIMAL(24,3) column Rivulet and DuckDB return: the unscaled value price × 908 is exact, written as
  // little-endian 128-bit words.
  loop: (inputs) =>
    inputs.bid.map((batch) => {
      const n = batch.numRows
      const price = int64Words(batch, 'price')
      const words = new Uint32Array(4 * n)
      for (let i = 0, j = 0; i < n; i++, j += 4) {
        const unscaled = (price[2 * i + 1]! * TWO_32 + (price[2 * i]! >>> 0)) * 908
        const hi = Math.floor(unscaled / TWO_32)
        words[j] = unscaled - hi * TWO_32
        words[j + 1] = hi >>> 0
        if (unscaled < 0) words[j + 2] = words[j + 3] = 0xffffffff
      }
      const euros = numericColumn(EUROS, words, null)
      const columns = OUTPUT.fields.map((f) => (f.name === 'price' ? euros : column(batch, f.name)))
      return makeBatch(OUTPUT, columns, n)
    }),
  duckdb: () => 'SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid',
}
