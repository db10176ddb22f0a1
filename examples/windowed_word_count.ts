// Windowed word counts over a socket stream, with a watermark so each window is printed once, when final.
// Run `nc -lk 9999`, then `npx tsx examples/windowed_word_count.ts`. WINDOW, SLIDE and WATERMARK override the
// durations ('10 seconds', '5 seconds', '10 seconds').
import { col, explode, SparkSession, split, window } from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)
const windowDuration = process.env.WINDOW ?? '10 seconds'
const slideDuration = process.env.SLIDE ?? '5 seconds'
const watermark = process.env.WATERMARK ?? '10 seconds'

const spark = SparkSession.builder.appName('StructuredNetworkWordCountWindowed').getOrCreate()
const words = spark.readStream
  .format('socket')
  .option('host', host)
  .option('port', port)
  .option('includeTimestamp', true)
  .load()
  .select(explode(split(col('value'), ' ')).alias('word'), col('timestamp'))
const windowed = words
  .withWatermark('timestamp', watermark)
  .groupBy(window(col('timestamp'), windowDuration, slideDuration), col('word'))
  .count()
await windowed.writeStream.outputMode('append').format('console').option('truncate', false).start().awaitTermination()
