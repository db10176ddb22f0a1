// Kafka throughput and latency against the test broker (librdkafka's mock cluster, started here unless
// RIVULET_KAFKA_ADDRESS points at one). Throughput: keyed records read from the earliest offset by
//   - Rivulet: readStream.format('kafka'), key and value cast to string, count by key, noop sink, Trigger.AvailableNow
//     (local[1], a new query each round: start-up, checkpoint and one batch of every record);
//   - the raw client Rivulet uses (KafkajsClient's fetch loop, every partition in parallel);
//   - `kcat -C` (librdkafka's consumer), counting the records it prints;
// taking turns for several rounds, so load on the machine hits each alike. Latency: records produced at a fixed rate
// from a worker thread (kafkajs's producer, each record carrying the time it was due), read by a query with the
// default trigger into a foreachBatch sink that subtracts that time from its own clock (both
// performance.timeOrigin + performance.now(); no coordinated omission).
//   npm run bench:kafka -- [--records 100000] [--rounds 3] [--rate 1000] [--seconds 10]
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import type { KafkaClient, TopicPartition } from '../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../src/connectors/kafka/kafkajs-client.js'
import { SparkSession } from '../src/index.js'
import { option, percentile } from './support.js'

const records = option('records', 100_000)
const rounds = option('rounds', 3)
const rate = option('rate', 1000)
const seconds = option('seconds', 10)
const KEYS = 1000
const VALUE_BYTES = 100

const run = promisify(execFile)
const scripts = join(import.meta.dirname, '..', 'scripts', 'servers')
const serverDir = mkdtempSync(join(tmpdir(), 'rivulet-bench-kafka-'))
const address =
  process.env.RIVULET_KAFKA_ADDRESS ??
  (await run('bash', [join(scripts, 'start.sh'), 'kafka', serverDir])).stdout.trim()
const client: KafkaClient = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', address]]), 'bench'))
const rateText = (count: number, ms: number) => `${Math.round((count * 1000) / ms).toLocaleString('en-US')} msgs/s`

/** Produces `records` keyed records (KEYS keys, VALUE_BYTES-byte values) to a new topic; returns its partitions. */
async function fill(topic: string): Promise<readonly TopicPartition[]> {
  const encoder = new TextEncoder()
  const padding = 'x'.repeat(VALUE_BYTES)
  const started = performance.now()
  for (let from = 0; from < records; from += 10_000) {
    const chunk = Array.from({ length: Math.min(10_000, records - from) }, (_, j) => {
      const i = from + j
      return {
        topic,
        partition: null,
        key: encoder.encode(`key${i % KEYS}`),
        value: encoder.encode(`${i} ${padding}`.slice(0, VALUE_BYTES)),
        headers: null,
      }
    })
    await client.produce(chunk)
  }
  console.log(
    `produced ${records.toLocaleString('en-US')} records through KafkajsClient: ${rateText(records, performance.now() - started)}`,
  )
  return client.partitionsOf([topic])
}

/** The raw client: every partition fetched from its earliest to its latest offset, in parallel. */
async function rawClient(partitions: readonly TopicPartition[]): Promise<number> {
  const started = performance.now()
  const [earliest, latest] = await Promise.all([
    client.listOffsets(partitions, { kind: 'earliest' }),
    client.listOffsets(partitions, { kind: 'latest' }),
  ])
  const counts = await Promise.all(
    partitions.map(async (partition, p) => {
      let count = 0
      const until = latest[p]!
      for (let offset = earliest[p]!; offset < until; ) {
        const result = await client.fetch({
          partition,
          offset,
          untilOffset: until,
          maxBytes: 4 << 20,
          includeHeaders: false,
        })
        if (result.kind !== 'records')
          throw new Error(`offset ${offset} of partition ${partition.partition} is out of range`)
        count += result.count
        offset = result.nextOffset
      }
      return count
    }),
  )
  return check(
    'raw client',
    counts.reduce((a, b) => a + b, 0),
    performance.now() - started,
  )
}

/** `kcat -C` from the beginning to the end of every partition, printing one line per record. */
async function kcat(topic: string): Promise<number> {
  const started = performance.now()
  const child = spawn('kcat', ['-C', '-b', address, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '\n'])
  let lines = 0
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) lines++
  })
  await new Promise((resolve) => child.on('exit', resolve))
  return check('kcat -C', lines, performance.now() - started)
}

/** Rivulet: the records as a stream, value cast to string, counted by key, into a noop sink. */
async function rivulet(topic: string): Promise<number> {
  const checkpoint = mkdtempSync(join(tmpdir(), 'rivulet-bench-kafka-checkpoint-'))
  const started = performance.now()
  const spark = new SparkSession()
  // One thread, as the raw client runs: under local[*] the first batch over 20,000 rows moves the aggregation to
  // worker threads, a one-off cost of seconds that would swamp a run this short.
  spark.conf.set('spark.master', 'local[1]')
  const query = spark.readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', address)
    .option('subscribe', topic)
    .option('startingOffsets', 'earliest')
    .load()
    .selectExpr('CAST(key AS STRING) AS key', 'CAST(value AS STRING) AS value')
    .groupBy('key')
    .count()
    .writeStream.outputMode('update')
    .format('noop')
    .option('checkpointLocation', checkpoint)
    .trigger({ availableNow: true })
    .start()
  await query.awaitTermination()
  const ms = performance.now() - started
  const rows = query.recentProgress.reduce((sum, p) => sum + p.numInputRows, 0)
  rmSync(checkpoint, { recursive: true, force: true })
  return check('Rivulet', rows, ms)
}

function check(what: string, count: number, ms: number): number {
  if (count !== records) throw new Error(`${what} read ${count} records, not ${records}`)
  return ms
}

/**
 * The producer of the latency run, in a worker thread (its own event loop, so a busy query cannot delay it): every
 * millisecond it sends the records due by then, each valued `<due time>`; it reports when all were acknowledged.
 */
const PRODUCER = `
const { parentPort, workerData } = require('node:worker_threads')
const { Kafka, logLevel } = require(workerData.kafkajs)
const { address, topic, rate, total } = workerData
const clock = () => performance.timeOrigin + performance.now()
const kafka = new Kafka({ brokers: address.split(','), clientId: 'bench-latency', logLevel: logLevel.NOTHING })
const producer = kafka.producer()
producer.connect().then(() => {
  const started = clock() + 50
  const due = (k) => started + (k * 1000) / rate
  let next = 0
  const sends = []
  const tick = () => {
    const now = clock()
    const messages = []
    while (next < total && due(next) <= now) messages.push({ key: 'k' + (next % 100), value: String(due(next++)) })
    if (messages.length > 0) sends.push(producer.send({ topic, acks: 1, messages }))
    if (next < total) setTimeout(tick, 1)
    else Promise.all(sends).then(() => producer.disconnect()).then(() => parentPort.postMessage('done'))
  }
  setTimeout(tick, 48)
})
`

async function latency(): Promise<{ p50: number; p99: number; batches: number }> {
  const topic = `bench-latency-${Date.now()}`
  // The topic exists (with its partitions) before the query looks for its latest offsets.
  await client.produce([{ topic, partition: 0, key: null, value: new TextEncoder().encode('0'), headers: null }])
  const spark = new SparkSession()
  const latencies: number[] = []
  let batches = 0
  const query = spark.readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', address)
    .option('subscribe', topic)
    .load()
    .selectExpr('CAST(value AS STRING) AS due')
    .writeStream.foreachBatch((df) => {
      const now = performance.timeOrigin + performance.now()
      const rows = df.collect()
      if (rows.length > 0) batches++
      for (const row of rows) latencies.push(now - Number(row.due))
    })
    .start()
  await query.processAllAvailable()
  const total = Math.round(rate * seconds)
  const kafkajs = createRequire(import.meta.url).resolve('kafkajs')
  const producer = new Worker(PRODUCER, { eval: true, workerData: { kafkajs, address, topic, rate, total } })
  await new Promise((resolve) => producer.once('message', resolve))
  const deadline = performance.now() + 10_000
  while (latencies.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20))
  await query.stop()
  await producer.terminate()
  if (latencies.length !== total) throw new Error(`the latency query saw ${latencies.length} of ${total} records`)
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), batches }
}

try {
  const topic = `bench-throughput-${Date.now()}`
  const partitions = await fill(topic)
  console.log(`${partitions.length} partitions; reading ${records.toLocaleString('en-US')} records, ${rounds} rounds:`)
  const times: Record<'rivulet' | 'raw' | 'kcat', number[]> = { rivulet: [], raw: [], kcat: [] }
  for (let round = 1; round <= rounds; round++) {
    times.raw.push(await rawClient(partitions))
    times.kcat.push(await kcat(topic))
    times.rivulet.push(await rivulet(topic))
    const line = (Object.keys(times) as (keyof typeof times)[]).map(
      (k) => `${k} ${rateText(records, times[k].at(-1)!)}`,
    )
    console.log(`  round ${round}: ${line.join(', ')}`)
  }
  const best = (k: keyof typeof times) => Math.min(...times[k])
  console.log(`best of ${rounds}:`)
  console.log(`  Rivulet (cast to string, count by key, noop sink):       ${rateText(records, best('rivulet'))}`)
  console.log(`  raw KafkajsClient fetch loop:                           ${rateText(records, best('raw'))}`)
  console.log(`  kcat -C:                                                ${rateText(records, best('kcat'))}`)
  console.log(`  Rivulet / raw client: ${((100 * best('raw')) / best('rivulet')).toFixed(0)}% (target >= 70%)`)
  const { p50, p99, batches } = await latency()
  console.log(
    `latency at ${rate} msgs/s for ${seconds} s (default trigger, foreachBatch): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${batches} non-empty batches`,
  )
} finally {
  await client.close()
  if (process.env.RIVULET_KAFKA_ADDRESS === undefined) await run('bash', [join(scripts, 'stop.sh'), 'kafka', serverDir])
  rmSync(serverDir, { recursive: true, force: true })
}
