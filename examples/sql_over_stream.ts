// SQL over a stream: socket lines registered as a view, then windowed word counts written as a SQL query.
// Run `nc -lk 9999`, then `npx tsx examples/sql_over_stream.ts`, and type lines.
import { SparkSession } from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)

const spark = SparkSession.builder.appName('SqlOverStream').getOrCreate()
const events = spark.readStream
  .format('socket')
  .option('host', host)
  .option('port', port)
  .option('includeTimestamp', true)
  .load()
events.createOrReplaceTempView('lines')
const counts = spark.sql(`
  SELECT window(timestamp, '10 seconds') AS w, word, count(*) AS n
  FROM (SELECT explode(split(value, ' ')) AS word, timestamp FROM lines)
  GROUP BY window(timestamp, '10 seconds'), word
  HAVING count(*) > 1`)
await counts.writeStream.outputMode('update').format('console').start().awaitTermination()
