// Nexmark q2, selection: the bids on every 123rd auction.

import { numericColumn } from '../../../src/arrow/index.js'
import { col, LongType, StructField, StructType } from '../../../src/index.js'
import { batchOf, gatherInt64, int64Words } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([StructField('auction', LongType()), StructField('price', LongType())])

export const q2: NexmarkQuery = {
  name: 'q2',
  title: 'selection',
  streams: ['bid'],
  mode: 'append',
  sql: 'SELECT auction, price FROM bid WHERE auction % 123 = 0',
  dataFrame: ({ bid }) => bid.filter(col('auction').mod(123).eq(0)).select(col('auction'), col('price')),
  loop: (inputs) =>
    inputs.bid.map((batch) => {
      const n = batch.numRows
      const auction = int64Words(batch, 'auction')
      const selected = new Int32Array(n)
      let count = 0
      for (let i = 0; i < n; i++) {
        if ((auction[2 * i + 1]! * 4294967296 + (auction[2 * i]! >>> 0)) % 123 === 0) selected[count++] = i
      }
      return batchOf(
        OUTPUT,
        [
          numericColumn(LongType(), gatherInt64(auction, selected, count), null),
          numericColumn(LongType(), gatherInt64(int64Words(batch, 'price'), selected, count), null),
        ],
        count,
      )
    }),
  duckdb: () => 'SELECT auction, price FROM bid WHERE auction % 123 = 0',
}
