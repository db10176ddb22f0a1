// Nexmark q2, selection: the bids on every 123rd auction.

import { makeBatch, TWO_32, take } from '../../../src/arrow/index.js'
import { col, LongType, StructField, StructType } from '../../../src/index.js'
import { column, int64Words } from '../loop-kit.js'
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
        if ((auction[2 * i + 1]! * TWO_32 + (auction[2 * i]! >>> 0)) % 123 === 0) selected[count++] = i
      }
      const picked = selected.subarray(0, count)
      return makeBatch(OUTPUT, [take(column(batch, 'auction'), picked), take(column(batch, 'price'), picked)], count)
    }),
  duckdb: () => 'SELECT auction, price FROM bid WHERE auction % 123 = 0',
}
