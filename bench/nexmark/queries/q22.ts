// Nexmark q22, get URL directories: the first three path segments of each bid's URL. Flink's 0-based
// SPLIT_INDEX(url, '/', 3) is Spark's split(url, '/')[3] (NULL when the URL has fewer parts) and DuckDB's
// string_split(url, '/')[4] (1-based, also NULL past the end).
import { makeBatch, Utf8Builder } from '../../../src/arrow/index.js'
import { col, LongType, StringType, StructField, StructType, split } from '../../../src/index.js'
import { column, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const OUTPUT = StructType([
  StructField('auction', LongType()),
  StructField('bidder', LongType()),
  StructField('price', LongType()),
  StructField('channel', StringType()),
  StructField('dir1', StringType()),
  StructField('dir2', StringType()),
  StructField('dir3', StringType()),
])

const SLASH = 47

export const q22: NexmarkQuery = {
  name: 'q22',
  title: 'get URL directories',
  streams: ['bid'],
  mode: 'append',
  sql: `SELECT auction, bidder, price, channel,
  split(url, '/')[3] AS dir1, split(url, '/')[4] AS dir2, split(url, '/')[5] AS dir3
FROM bid`,
  dataFrame: ({ bid }) =>
    bid.select(
      col('auction'),
      col('bidder'),
      col('price'),
      col('channel'),
      split(col('url'), '/').getItem(3).alias('dir1'),
      split(col('url'), '/').getItem(4).alias('dir2'),
      split(col('url'), '/').getItem(5).alias('dir3'),
    ),
  // Segment k of the URL lies between its k-th and (k+1)-th '/' (or the end).
  loop: (inputs) =>
    inputs.bid.map((batch) => {
      const n = batch.numRows
      const { offsets, bytes } = utf8(batch, 'url')
      const dirs = [new Utf8Builder(n, n * 5), new Utf8Builder(n, n * 5), new Utf8Builder(n, n * 5)]
      for (let i = 0; i < n; i++) {
        const end = offsets[i + 1]!
        let part = 0
        let from = offsets[i]!
        for (let j = from; j <= end && part <= 5; j++) {
          if (j < end && bytes[j] !== SLASH) continue
          if (part >= 3) dirs[part - 3]!.appendBytes(bytes, from, j)
          part++
          from = j + 1
        }
        for (; part <= 5; part++) if (part >= 3) dirs[part - 3]!.appendNull()
      }
      return makeBatch(
        OUTPUT,
        [
          column(batch, 'auction'),
          column(batch, 'bidder'),
          column(batch, 'price'),
          column(batch, 'channel'),
          ...dirs.map((d) => d.finish()),
        ],
        n,
      )
    }),
  duckdb: () => `
SELECT auction, bidder, price, channel,
  string_split(url, '/')[4] AS dir1, string_split(url, '/')[5] AS dir2, string_split(url, '/')[6] AS dir3
FROM bid`,
}
