// Events enriched from a table: lines `userId,action` from a socket joined with a CSV file of users — a stream–static
// join, each batch of events matched against the table as it is at that batch (edit the CSV and the next batch sees
// it). Events of unknown users keep their row, with nulls (a left outer join).
// Run `nc -lk 9999`, then `npx tsx examples/stream_static_join.ts`, and type lines such as `1,login`.
import { col, SparkSession, split } from '../src/index.js'

const host = process.env.HOST ?? 'localhost'
const port = Number(process.env.PORT ?? 9999)
const usersCsv = process.env.USERS_CSV ?? new URL('./data/users.csv', import.meta.url).pathname

const spark = SparkSession.builder.appName('StreamStaticJoin').getOrCreate()
const users = spark.read.option('header', true).schema('userId INT, name STRING, country STRING').csv(usersCsv)
const fields = split(col('value'), ',')
const events = spark.readStream
  .format('socket')
  .option('host', host)
  .option('port', port)
  .load()
  .select(fields.getItem(0).cast('int').alias('userId'), fields.getItem(1).alias('action'))
const enriched = events.join(users, 'userId', 'left_outer')
await enriched.writeStream.format('console').start().awaitTermination()
