// Spark's documented stream-stream join: ad impressions and clicks, a click counting when it comes within an hour
// of its impression, with watermarks of 2 hours (impressions) and 3 hours (clicks). A left outer join, so an
// impression never clicked comes out with nulls — once the watermarks show no click can still match it.
// Run `nc -lk 9999`, then `npx tsx examples/ad_impressions_clicks.ts`, and type lines such as
//   impression,1,2024-01-01 10:00:00        click,1,2024-01-01 10:20:00
import { col, expr, SparkSession, split } from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)

const spark = SparkSession.builder.appName('AdImpressionsClicks').getOrCreate()
const fields = split(col('value'), ',')
const lines = spark.readStream
  .format('socket')
  .option('host', host)
  .option('port', port)
  .load()
  .select(
    fields.getItem(0).alias('kind'),
    fields.getItem(1).cast('int').alias('adId'),
    fields.getItem(2).cast('timestamp').alias('time'),
  )
const impressions = lines
  .where(col('kind').eq('impression'))
  .select(col('adId').alias('impressionAdId'), col('time').alias('impressionTime'))
const clicks = lines
  .where(col('kind').eq('click'))
  .select(col('adId').alias('clickAdId'), col('time').alias('clickTime'))

// Apply watermarks on event-time columns
const impressionsWithWatermark = impressions.withWatermark('impressionTime', '2 hours')
const clicksWithWatermark = clicks.withWatermark('clickTime', '3 hours')

// Join with event-time constraints
const joined = impressionsWithWatermark.join(
  clicksWithWatermark,
  expr(`
    clickAdId = impressionAdId AND
    clickTime >= impressionTime AND
    clickTime <= impressionTime + interval 1 hour
    `),
  'leftOuter', // can be "inner", "leftOuter", "rightOuter", "fullOuter", "leftSemi"
)
await joined.writeStream.format('console').start().awaitTermination()
