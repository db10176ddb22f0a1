// Kafka throughput and latency against the test broker (librdkafka's mock cluster, started here unless
// RIVULET_KAFKA_ADDRESS points at one). Throughput: keyed records read from the earliest offset by
//   - Rivulet: readStream.format('kafka'), key and value cast to string, count by key, noop sink, Trigger.AvailableNow
//     (local[1], a new query each round: start-up, checkpoint and every record), in one batch and in batches of
//     maxOffsetsPerTrigger (each batch's offset and commit log writes; the next batch read ahead);
//   - the raw client Rivulet uses, from scratch as a query starts it (a new KafkajsClient: connect, list offsets, fetch
//     every partition in parallel, close);
//   - `kcat -C` (librdkafka's consumer, one per topic, in parallel), counting the records it prints;
// taking turns for several rounds, so load on the machine hits each alike; the medians are compared. The mock keeps
// at most 5 MiB of record batches per partition (rdkafka_mock.c, not configurable) and drops the oldest past that, so
// the records are spread over topics of RECORDS_PER_TOPIC each (4 partitions, ~3 MiB a partition); the fill checks
// that every partition still starts at offset 0. Latency: records produced at a fixed rate
// from a worker thread (kafkajs's producer, each record carrying the time it was due), read by a query with the
// default trigger into a foreachBatch sink that subtracts that time from its own clock (both
// performance.timeOrigin + performance.now(); no coordinated omission).
//   npm run bench:kafka -- [--records 1000000] [--rounds 3] [--warmup 3] [--max-offsets 250000] [--rate 1000] [--seconds 10]
import { execFile, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Worker } from 'node:worker_threads'
import type { KafkaClient, TopicPartition } from '../src/connectors/kafka/kafka-client.js'
import { kafkaClientConfig } from '../src/connectors/kafka/kafka-client-config.js'
import { KafkajsClient } from '../src/connectors/kafka/kafkajs-client.js'
import { SparkSession } from '../src/index.js'
import { option, percentile } from './support.js'

const records = option('records', 1_000_000)
const rounds = option('rounds', 3)
const maxOffsets = option('max-offsets', 250_000)
const rate = option('rate', 1000)
const seconds = option('seconds', 10)
const warmup = option('warmup', 3)
const KEYS = 1000
const VALUE_BYTES = 100
/** ~118 bytes a record on the wire: 100,000 records fill each of a topic's 4 partitions to ~3 MiB of the mock's 5. */
const RECORDS_PER_TOPIC = 100_000

const run = promisify(execFile)
const scripts = join(import.meta.dirname, '..', 'scripts', 'servers')
const serverDir = mkdtempSync(join(tmpdir(), 'rivulet-bench-kafka-'))
const address =
  process.env.RIVULET_KAFKA_ADDRESS ??
  (await run('bash', [join(scripts, 'start.sh'), 'kafka', serverDir])).stdout.trim()
const client: KafkaClient = new KafkajsClient(kafkaClientConfig(new Map([['bootstrap.servers', address]]), 'bench'))
const rateText = (count: number, ms: number) => `${Math.round((count * 1000) / ms).toLocaleString('en-US')} msgs/s`

/**
 * Produces `records` keyed records (KEYS keys, VALUE_BYTES-byte values) to new topics of RECORDS_PER_TOPIC records
 * each through `kcat -P` (librdkafka's producer: kafkajs's takes minutes for a million on this machine); returns
 * their partitions, checked to have kept every record.
 */
async function fill(topics: readonly string[]): Promise<readonly TopicPartition[]> {
  const padding = 'x'.repeat(VALUE_BYTES)
  const started = performance.now()
  await Promise.all(
    topics.map(async (topic, t) => {
      const child = spawn('kcat', ['-P', '-b', address, '-t', topic, '-K', '\t', '-q'], {
        stdio: ['pipe', 'ignore', 'inherit'],
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      const last = Math.min(records, (t + 1) * RECORDS_PER_TOPIC)
      for (let from = t * RECORDS_PER_TOPIC; from < last; from += 10_000) {
        let lines = ''
        for (let i = from; i < Math.min(from + 10_000, last); i++) {
          lines += `key${i % KEYS}\t${`${i} ${padding}`.slice(0, VALUE_BYTES)}\n`
        }
        if (!child.stdin.write(lines)) await new Promise((resolve) => child.stdin.once('drain', resolve))
      }
      child.stdin.end()
      const code = await exited
      if (code !== 0) throw new Error(`kcat -P exited with ${code} producing to ${topic}`)
    }),
  )
  console.log(
    `produced ${records.toLocaleString('en-US')} records to ${topics.length} topic(s) through kcat -P: ${rateText(records, performance.now() - started)}`,
  )
  const partitions = await client.partitionsOf(topics)
  const [earliest, latest] = await Promise.all([
    client.listOffsets(partitions, { kind: 'earliest' }),
    client.listOffsets(partitions, { kind: 'latest' }),
  ])
  const dropped = partitions.filter((_, p) => earliest[p] !== 0)
  if (dropped.length > 0) {
    throw new Error(`the mock broker dropped the oldest records of ${dropped.length} partition(s) (over 5 MiB each)`)
  }
  const kept = latest.reduce((sum: number, offset) => sum + (offset ?? 0), 0)
  if (kept !== records) throw new Error(`the topics hold ${kept} records, not ${records}`)
  return partitions
}

/**
 * The raw client: a new KafkajsClient (as each Rivulet query makes its own), connected, its partitions' earliest and
 * latest offsets listed, every partition fetched from one to the other in parallel, then closed.
 */
async function rawClient(topics: readonly string[]): Promise<number> {
  const started = performance.now()
  const client: KafkaClient = new KafkajsClient(
    kafkaClientConfig(new Map([['bootstrap.servers', address]]), 'bench-raw'),
  )
  const partitions = await client.partitionsOf(topics)
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
  await client.close()
  return check(
    'raw client',
    counts.reduce((a, b) => a + b, 0),
    performance.now() - started,
  )
}

/** `kcat -C` from the beginning to the end of every partition, one process per topic, printing one line per record. */
async function kcat(topics: readonly string[]): Promise<number> {
  const started = performance.now()
  let lines = 0
  await Promise.all(
    topics.map((topic) => {
      const child = spawn('kcat', ['-C', '-b', address, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '\n'])
      child.stdout.on('data', (chunk: Buffer) => {
        for (const byte of chunk) if (byte === 10) lines++
      })
      return new Promise((resolve) => child.on('exit', resolve))
    }),
  )
  return check('kcat -C', lines, performance.now() - started)
}

/** Rivulet: the records as a stream, value cast to string, counted by key, into a noop sink. */
async function rivulet(topics: readonly string[], expected = records, maxOffsetsPerTrigger?: number): Promise<number> {
  const checkpoint = mkdtempSync(join(tmpdir(), 'rivulet-bench-kafka-checkpoint-'))
  const started = performance.now()
  const spark = new SparkSession()
  // One thread, as the raw client runs: under local[*] the first batch over 20,000 rows moves the aggregation to
  // worker threads, a one-off cost of seconds that would swamp a run this short.
  spark.conf.set('spark.master', 'local[1]')
  spark.conf.set('spark.ui.enabled', 'false')
  const query = spark.readStream
    .format('kafka')
    .option('kafka.bootstrap.servers', address)
    .option('subscribe', topics.join(','))
    .option('startingOffsets', 'earliest')
    .options(maxOffsetsPerTrigger === undefined ? {} : { maxOffsetsPerTrigger: String(maxOffsetsPerTrigger) })
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
  return check('Rivulet', rows, ms, expected)
}

function check(what: string, count: number, ms: number, expected = records): number {
  if (count !== expected) throw new Error(`${what} read ${count} records, not ${expected}`)
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

async function latency(): Promise<{ p50: number; p99: number; batches: number; phaseText: string }> {
  const topic = `bench-latency-${Date.now()}`
  // The topic exists (with its partitions) before the query looks for its latest offsets.
  await client.produce([{ topic, partition: 0, key: null, value: new TextEncoder().encode('0'), headers: null }])
  const spark = new SparkSession()
  spark.conf.set('spark.ui.enabled', 'false')
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
  // Where a batch's time goes: the median of each phase over the batches that read records.
  const read = query.recentProgress.filter((p) => p.numInputRows > 0)
  const phases = ['triggerExecution', 'latestOffset', 'walCommit', 'getBatch', 'addBatch', 'commitOffsets']
  const phaseText = phases.map((k) => `${k} ${median(read.map((p) => p.durationMs[k] ?? 0)).toFixed(0)}`).join(', ')
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), batches, phaseText }
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

const load = () => loadavg()[0]!.toFixed(1)

try {
  const stamp = Date.now()
  const topics = Array.from(
    { length: Math.ceil(records / RECORDS_PER_TOPIC) },
    (_, t) => `bench-throughput-${stamp}-${t}`,
  )
  const partitions = await fill(topics)
  // Untimed rounds first, every runner over every record: the first runs of each in a process also load and compile
  // its code, tier it up in the JIT and grow the heap to its working size, one-off costs that would fall on whichever
  // ran first. Rivulet's code (planner, operators, state) takes about three runs to reach its steady CPU per record
  // (measured: ~3.7, 1.9, 1.9, then ~0.9-1.1 s per million records), the raw client's about one.
  const started = performance.now()
  for (let round = 0; round < warmup; round++) {
    await rawClient(topics)
    await rivulet(topics)
    await rivulet(topics, records, maxOffsets)
  }
  console.log(
    `${warmup} untimed warm-up round(s) (raw client, Rivulet, Rivulet in batches): ${Math.round(performance.now() - started)} ms`,
  )
  console.log(
    `${partitions.length} partitions; reading ${records.toLocaleString('en-US')} records, ${rounds} rounds (load average ${load()} on ${availableParallelism()} cores):`,
  )
  console.log(
    '  every runner reads the same records from the same broker in this process, in turns, each from scratch:\n' +
      '    rivulet/batched: a new session and query (its own new KafkajsClient, checkpoint, cast, count, noop sink)\n' +
      '    raw: a new KafkajsClient (connect, list offsets, fetch every partition in parallel, close), no processing\n' +
      '    kcat: librdkafka consumers (kcat -C, one process per topic), counting the lines printed',
  )
  const times: Record<'rivulet' | 'batched' | 'raw' | 'kcat', number[]> = {
    rivulet: [],
    batched: [],
    raw: [],
    kcat: [],
  }
  /** This process's CPU time (ms) during each run: kcat's is in its own processes, so not counted. */
  const cpuMs: typeof times = { rivulet: [], batched: [], raw: [], kcat: [] }
  // kcat runs after every round of the others: spawning its processes forks this one, which write-protects its memory,
  // and whichever runner came next paid the page faults (measured: a Rivulet run after kcat took 310-340 ms of
  // system time, against 115 ms after the raw client).
  const timed = async (k: keyof typeof times, runner: () => Promise<number>) => {
    const cpu = process.cpuUsage()
    times[k].push(await runner())
    const used = process.cpuUsage(cpu)
    cpuMs[k].push((used.user + used.system) / 1000)
  }
  const runners = {
    raw: () => rawClient(topics),
    rivulet: () => rivulet(topics),
    batched: () => rivulet(topics, records, maxOffsets),
  }
  const inProcess = Object.keys(runners) as (keyof typeof runners)[]
  for (let round = 1; round <= rounds; round++) {
    // The order turns each round, so no runner always follows the same one.
    for (let i = 0; i < inProcess.length; i++) {
      const k = inProcess[(i + round - 1) % inProcess.length]!
      await timed(k, runners[k])
    }
    const line = inProcess.map((k) => `${k} ${rateText(records, times[k].at(-1)!)}`)
    console.log(`  round ${round}: ${line.join(', ')} (load average ${load()})`)
  }
  for (let round = 1; round <= rounds; round++) await timed('kcat', () => kcat(topics))
  console.log(`  kcat: ${times.kcat.map((ms) => rateText(records, ms)).join(', ')} (load average ${load()})`)
  const mid = (k: keyof typeof times) => median(times[k])
  console.log(`median of ${rounds}:`)
  console.log(`  Rivulet (cast to string, count by key, noop sink):       ${rateText(records, mid('rivulet'))}`)
  console.log(`  raw KafkajsClient (new client, fetch loop):             ${rateText(records, mid('raw'))}`)
  console.log(`  kcat -C:                                                ${rateText(records, mid('kcat'))}`)
  console.log(
    `  Rivulet, maxOffsetsPerTrigger ${maxOffsets.toLocaleString('en-US')}:                ${rateText(records, mid('batched'))}`,
  )
  console.log(`  Rivulet / raw client: ${((100 * mid('raw')) / mid('rivulet')).toFixed(0)}% (target >= 70%)`)
  console.log(`  Rivulet in batches / raw client: ${((100 * mid('raw')) / mid('batched')).toFixed(0)}%`)
  // CPU time varies less with the machine's load than wall time does.
  const cpu = (k: keyof typeof times) => `${(median(cpuMs[k]) / (records / 1e6) / 1000).toFixed(2)} s`
  console.log(
    `  this process's CPU per million records (median): Rivulet ${cpu('rivulet')}, in batches ${cpu('batched')}, raw client ${cpu('raw')}`,
  )
  const { p50, p99, batches, phaseText } = await latency()
  console.log(
    `latency at ${rate} msgs/s for ${seconds} s (default trigger, foreachBatch): p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ${batches} non-empty batches (load average ${load()})`,
  )
  console.log(`  median ms per batch that read records: ${phaseText}`)
} finally {
  await client.close()
  if (process.env.RIVULET_KAFKA_ADDRESS === undefined) await run('bash', [join(scripts, 'stop.sh'), 'kafka', serverDir])
  rmSync(serverDir, { recursive: true, force: true })
}
