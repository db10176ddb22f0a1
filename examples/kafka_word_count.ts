// Spark's structured Kafka word count: lines read from Kafka topics (value cast to string), words counted over the
// whole stream and printed to the console. Start a test broker with `scripts/servers/start.sh kafka` (it prints the
// bootstrap servers), then: `npx tsx examples/kafka_word_count.ts <bootstrap-servers> subscribe <topics>`.
import { explode, SparkSession, split } from '../src/index.js'

const [bootstrapServers, subscribeType, topics] = process.argv.slice(2)
if (topics === undefined) {
  console.error(
    'Usage: kafka_word_count.ts <bootstrap-servers> <subscribe-type> <topics>\n' +
      "  <subscribe-type> is one of 'assign', 'subscribe', 'subscribePattern'",
  )
  process.exit(1)
}

const spark = SparkSession.builder.appName('StructuredKafkaWordCount').getOrCreate()

// The stream of input lines from Kafka.
const lines = spark.readStream
  .format('kafka')
  .option('kafka.bootstrap.servers', bootstrapServers!)
  .option(subscribeType!, topics)
  .load()
  .selectExpr('CAST(value AS STRING)')

// Split the lines into words; explode turns each item of the array into its own row.
const words = lines.select(explode(split(lines.col('value'), ' ')).alias('word'))

// The running word count.
const wordCounts = words.groupBy('word').count()

// Print the running counts to the console.
const query = wordCounts.writeStream.outputMode('complete').format('console').start()
await query.awaitTermination()
