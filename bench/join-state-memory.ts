// A stream-stream join's state stays flat under a moving watermark: 10 million events (impressions and clicks, 1,000
// of each per event-time second) through Spark's documented left outer join with 10-minute watermarks and a time
// range (a click counts within 1 minute of its impression), printing state rows, state memory and heap as it goes,
// beside the bound the watermark arithmetic gives: the left state keeps impressions newer than W − 1 min, the
// right state clicks newer than W, for global watermark W = latest event time − 10 min.
//   npm run bench:join-memory -- [--events 10000000] [--batch 100000]
import { makeBatch, numericColumn } from '../src/arrow/index.js'
import { expr, LongType, MemoryStream, SparkSession, StructField, StructType, TimestampType } from '../src/index.js'
import { option } from './support.js'

const totalEvents = option('events', 10_000_000)
const batchEvents = option('batch', 100_000)
const PER_SECOND = 1000
const T0 = 1_700_000_000_000_000

const impressionSchema = StructType([
  StructField('impressionAdId', LongType()),
  StructField('impressionTime', TimestampType()),
])
const clickSchema = StructType([StructField('clickAdId', LongType()), StructField('clickTime', TimestampType())])

const spark = new SparkSession()
const impressions = new MemoryStream(spark, impressionSchema)
const clicks = new MemoryStream(spark, clickSchema)
const joined = impressions
  .toDF()
  .withWatermark('impressionTime', '10 minutes')
  .join(
    clicks.toDF().withWatermark('clickTime', '10 minutes'),
    expr(
      'clickAdId = impressionAdId AND clickTime >= impressionTime AND clickTime <= impressionTime + interval 1 minute',
    ),
    'leftOuter',
  )
let outputRows = 0
const query = joined.writeStream
  .foreachBatch((batch) => {
    outputRows += batch.count()
  })
  .start()

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`
const operator = () => query.lastProgress?.stateOperators[0]
/** Seconds after its impression that ad `ad` is clicked: up to 90, two thirds within the minute the join allows. */
const clickDelay = (ad: number) => (ad * 7919) % 90

/**
 * State rows the watermark arithmetic allows once `ads` impressions and their clicks were added: W is the lesser of
 * the streams' watermarks (latest time − 10 min), the impressions' here; impressions newer than W − 1 min and clicks
 * newer than W stay (each bound 1 ms lower, the range being inclusive).
 */
function boundRows(ads: number): number {
  const watermark = (ads - 1) / PER_SECOND - 600
  let rows = 0
  for (let ad = Math.max(0, ads - 700 * PER_SECOND); ad < ads; ad++) {
    const shown = ad / PER_SECOND
    if (shown > watermark - 60 - 0.001) rows++
    if (shown + clickDelay(ad) > watermark - 0.001) rows++
  }
  return rows
}

console.log(
  `Stream-stream left outer join, watermarks 10 min, clicks within 1 min: ${totalEvents.toLocaleString('en-US')} events in batches of ${batchEvents.toLocaleString('en-US')}`,
)
console.log('   events   state rows   bound rows   state memory       heap   output rows')
const perSide = batchEvents / 2
let peakRows = 0
let peakHeap = 0
let peakState = 0
const started = performance.now()
for (let ads = 0, batch = 0; ads * 2 < totalEvents; ads += perSide, batch++) {
  const ids = new Float64Array(perSide)
  const shown = new Float64Array(perSide)
  const clicked = new Float64Array(perSide)
  for (let i = 0; i < perSide; i++) {
    const ad = ads + i
    ids[i] = ad
    shown[i] = T0 + (ad * 1_000_000) / PER_SECOND
    clicked[i] = shown[i]! + clickDelay(ad) * 1_000_000
  }
  impressions.addData(
    makeBatch(
      impressionSchema,
      [numericColumn(LongType(), ids, null), numericColumn(TimestampType(), shown, null)],
      perSide,
    ),
  )
  clicks.addData(
    makeBatch(
      clickSchema,
      [numericColumn(LongType(), ids, null), numericColumn(TimestampType(), clicked, null)],
      perSide,
    ),
  )
  await query.processAllAvailable()
  const state = operator()
  const rows = state?.numRowsTotal ?? 0
  const heap = process.memoryUsage().heapUsed
  peakRows = Math.max(peakRows, rows)
  peakHeap = Math.max(peakHeap, heap)
  peakState = Math.max(peakState, state?.memoryUsedBytes ?? 0)
  const events = (ads + perSide) * 2
  if ((batch + 1) % 10 === 0 || events >= totalEvents) {
    console.log(
      `${events.toLocaleString('en-US').padStart(11)}${rows.toLocaleString('en-US').padStart(13)}${boundRows(
        ads + perSide,
      )
        .toLocaleString('en-US')
        .padStart(
          13,
        )}${mb(state?.memoryUsedBytes ?? 0).padStart(15)}${mb(heap).padStart(11)}${outputRows.toLocaleString('en-US').padStart(14)}`,
    )
  }
}
const seconds = (performance.now() - started) / 1000
await query.stop()
console.log(
  `peak: ${peakRows.toLocaleString('en-US')} state rows, state memory ${mb(peakState)}, heap ${mb(peakHeap)}; ${seconds.toFixed(1)} s (${Math.round(totalEvents / seconds).toLocaleString('en-US')} events/s on this machine, load average ${(await import('node:os')).loadavg()[0]!.toFixed(1)})`,
)
