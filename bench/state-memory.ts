// State stays bounded under a moving watermark: 10 million events through a sliding-window count, printing state
// rows and heap before and after, and the peak, so growth (a leak, or state never evicted) is visible.
//   npm run bench:memory -- [--events 10000000]
import { makeBatch, numericColumn } from '../src/arrow/index.js'
import { col, LongType, MemoryStream, SparkSession, TimestampType, window } from '../src/index.js'
import { KEYED_EVENTS, option } from './support.js'

const totalEvents = option('events', 10_000_000)
const batchRows = 100_000
const schema = KEYED_EVENTS

const spark = new SparkSession()
const input = new MemoryStream(spark, schema)
const query = input
  .toDF()
  .withWatermark('ts', '5 seconds')
  .groupBy(window(col('ts'), '10 seconds', '5 seconds'), col('key'))
  .count()
  .writeStream.outputMode('append')
  .format('noop')
  .start()

const heapMb = () => (process.memoryUsage().heapUsed / 1024 / 1024).toFixed(1)
const stateRows = () => query.lastProgress?.stateOperators[0]?.numRowsTotal ?? 0
let peakRows = 0
let peakHeap = 0
const samples: string[] = []
for (let start = 0, batch = 0; start < totalEvents; start += batchRows, batch++) {
  const keys = new Float64Array(batchRows)
  const ts = new Float64Array(batchRows)
  for (let i = 0; i < batchRows; i++) {
    keys[i] = (start + i) % 5000
    ts[i] = 1_700_000_000_000_000 + (start + i) * 200 // 5,000 events per event-time second
  }
  input.addData(
    makeBatch(schema, [numericColumn(LongType(), keys, null), numericColumn(TimestampType(), ts, null)], batchRows),
  )
  await query.processAllAvailable()
  peakRows = Math.max(peakRows, stateRows())
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)
  if (batch === 9 || start + batchRows >= totalEvents)
    samples.push(
      `after ${(start + batchRows).toLocaleString('en-US').padStart(11)} events: ${String(stateRows()).padStart(6)} state rows, heap ${heapMb()} MB`,
    )
}
await query.stop()
console.log('State under a moving watermark: window(ts, 10 s, 5 s) × 5,000 keys, watermark 5 s, append mode')
for (const line of samples) console.log(`  ${line}`)
console.log(
  `  peak: ${peakRows} state rows, heap ${(peakHeap / 1024 / 1024).toFixed(1)} MB — state is evicted as the watermark passes, so it stays flat`,
)
