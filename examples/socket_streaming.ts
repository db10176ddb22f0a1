// Reads lines from a TCP socket and prints each micro-batch to the console. Run `npm run example:socket` and type
// lines: when nothing listens on the port, the program serves what you type there itself. Or run `nc -lk 9999`
// first and type into that.
import { SparkSession } from '../src/index.js'
import { startTerminalLineServer } from './terminal-line-server.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)
const lineServer = await startTerminalLineServer(host, port)

const spark = SparkSession.builder.appName('SocketExample').master('local[*]').getOrCreate()
const streamDf = spark.readStream.format('socket').option('host', host).option('port', port).load()
console.log(streamDf.isStreaming)
streamDf.printSchema()
const query = streamDf.writeStream.format('console').start()
// The end of the typed (Ctrl-D) or piped input stops the query once every line is printed.
lineServer?.drained.then(async () => {
  await query.processAllAvailable()
  await query.stop()
})
await query.awaitTermination()
lineServer?.close()
