// Reads lines from a TCP socket and prints each micro-batch to the console. Run `nc -lk 9999` first, then type lines.
import { SparkSession } from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)

const spark = SparkSession.builder.appName('SocketExample').master('local[*]').getOrCreate()
const streamDf = spark.readStream.format('socket').option('host', host).option('port', port).load()
console.log(streamDf.isStreaming)
streamDf.printSchema()
const query = streamDf.writeStream.format('console').start()
await query.awaitTermination()
