// Spark's network word count: words read from a TCP socket, counted over the whole stream.
// Run `nc -lk 9999`, then `npx tsx examples/word_count.ts` (OUTPUT_MODE=update prints only changed counts).
import { explode, SparkSession, split } from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)
const outputMode = process.env.OUTPUT_MODE ?? 'complete'

const spark = SparkSession.builder.appName('StructuredNetworkWordCount').getOrCreate()
const lines = spark.readStream.format('socket').option('host', host).option('port', port).load()
const words = lines.select(explode(split(lines.col('value'), ' ')).alias('word'))
const counts = words.groupBy('word').count()
await counts.writeStream.outputMode(outputMode).format('console').start().awaitTermination()
