// Nexmark q8, monitor new users: people who created an auction in the same 10 s tumbling window they registered.
//
// The textbook query joins per-window persons with per-window sellers on (id, window). Without joins: the union of
// persons (isPerson) and auctions' sellers (isSeller) grouped by (window, id), keeping groups where both flags'
// max is true. Both sides of the join are already grouped by (id, window), so the results are the same (no tie
// effect); the name comes along as max(name) (NULL on the auction side). Append mode over two watermarked
// streams: a window is final once the global watermark (the smaller of the two) passes its end.
import { makeBatch, numericColumn, TWO_32, Utf8Builder } from '../../../src/arrow/index.js'
import {
  col,
  LongType,
  lit,
  max,
  StringType,
  StructField,
  StructType,
  TimestampType,
  window,
} from '../../../src/index.js'
import { ensureInt, IntKeyTable, int64Words, utf8 } from '../loop-kit.js'
import type { NexmarkQuery } from '../query.js'

const WINDOW_US = 10_000_000

const OUTPUT = StructType([
  StructField('id', LongType()),
  StructField('name', StringType()),
  StructField('starttime', TimestampType()),
])

export const q8: NexmarkQuery = {
  name: 'q8',
  title: 'monitor new users',
  streams: ['person', 'auction'],
  mode: 'append',
  sql: `SELECT id, max(name) AS name, window.start AS starttime
FROM (
  SELECT id, name, dateTime, true AS isPerson, false AS isSeller FROM person
  UNION ALL
  SELECT seller AS id, CAST(NULL AS STRING) AS name, dateTime, false AS isPerson, true AS isSeller FROM auction)
GROUP BY window(dateTime, '10 seconds'), id
HAVING max(isPerson) AND max(isSeller)`,
  dataFrame: ({ person, auction }) =>
    person
      .select(col('id'), col('name'), col('dateTime'), lit(true).alias('isPerson'), lit(false).alias('isSeller'))
      .union(
        auction.select(
          col('seller').alias('id'),
          lit(null).cast('string').alias('name'),
          col('dateTime'),
          lit(false).alias('isPerson'),
          lit(true).alias('isSeller'),
        ),
      )
      .groupBy(window(col('dateTime'), '10 seconds'), col('id'))
      .agg(
        max(col('name')).alias('name'),
        max(col('isPerson')).alias('isPerson'),
        max(col('isSeller')).alias('isSeller'),
      )
      .filter(col('isPerson').and(col('isSeller')))
      .select(col('id'), col('name'), col('window.start').alias('starttime')),
  // Per (window, id): flags (1 = person seen, 2 = seller seen) and where the person's name is.
  loop: (inputs, { finalWatermarkUs }) => {
    const groups = new IntKeyTable(4096)
    let flags = new Int32Array(4096)
    let nameBatch = new Int32Array(4096)
    let nameRow = new Int32Array(4096)
    let firstWindow = Number.NaN
    const slotOf = (t: number, id: number) => {
      const w = Math.floor(t / WINDOW_US)
      if (Number.isNaN(firstWindow)) firstWindow = w - 1
      const before = groups.size
      const s = groups.slot((w - firstWindow) * TWO_32 + id)
      if (s === before) {
        flags = ensureInt(flags, s)
        nameBatch = ensureInt(nameBatch, s)
        nameRow = ensureInt(nameRow, s)
      }
      return s
    }
    const names = inputs.person.map((b) => utf8(b, 'name'))
    for (let b = 0; b < inputs.person.length; b++) {
      for (const [stream, idColumn, flag] of [
        ['person', 'id', 1],
        ['auction', 'seller', 2],
      ] as const) {
        const batch = inputs[stream][b]!
        const ids = int64Words(batch, idColumn)
        const times = int64Words(batch, 'dateTime')
        for (let i = 0; i < batch.numRows; i++) {
          const s = slotOf(times[2 * i + 1]! * TWO_32 + (times[2 * i]! >>> 0), ids[2 * i]! >>> 0)
          flags[s]! |= flag
          if (flag === 1) {
            nameBatch[s] = b
            nameRow[s] = i
          }
        }
      }
    }
    const keep: number[] = []
    for (let s = 0; s < groups.size; s++) {
      const windowIndex = Math.floor(groups.keyOf[s]! / TWO_32) + firstWindow
      if (flags[s] === 3 && (windowIndex + 1) * WINDOW_US <= finalWatermarkUs) keep.push(s)
    }
    const name = new Utf8Builder(keep.length, keep.length * 16)
    for (const s of keep) {
      const { offsets, bytes } = names[nameBatch[s]!]!
      name.appendBytes(bytes, offsets[nameRow[s]!]!, offsets[nameRow[s]! + 1]!)
    }
    return [
      makeBatch(
        OUTPUT,
        [
          numericColumn(
            LongType(),
            Float64Array.from(keep, (s) => groups.keyOf[s]! % TWO_32),
            null,
          ),
          name.finish(),
          numericColumn(
            TimestampType(),
            Float64Array.from(keep, (s) => (Math.floor(groups.keyOf[s]! / TWO_32) + firstWindow) * WINDOW_US),
            null,
          ),
        ],
        keep.length,
      ),
    ]
  },
  duckdb: ({ finalWatermarkUs }) => `
SELECT id, max(name) AS name, make_timestamp(ws) AS starttime
FROM (
  SELECT id, name, epoch_us(dateTime) // 10000000 * 10000000 AS ws, true AS isPerson, false AS isSeller FROM person
  UNION ALL
  SELECT seller, NULL, epoch_us(dateTime) // 10000000 * 10000000, false, true FROM auction)
WHERE ws + 10000000 <= ${finalWatermarkUs}
GROUP BY ws, id
HAVING max(isPerson) AND max(isSeller)`,
}
