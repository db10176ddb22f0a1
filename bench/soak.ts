// Soak benchmark (`npm run bench:soak [-- --minutes 10 --interval 60 --rate 1000]`, `--short` for a 40 s smoke run):
// socket → windowed count → JSON file sink at `rate` lines/s, with a flood burst (as fast as the socket takes it)
// a third of the way in, and a second query on the same socket with a slow foreachBatch sink (and a small
// maxBufferedBytes, so the flood meets backpressure). Every interval it prints RSS, heap, open files, the
// checkpoint's and sink log's file counts and the state rows; at the end, each figure's first and last value.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RuntimeConfig } from '../src/api/runtime-config.js'
import { col, SparkSession, window } from '../src/index.js'

const args = process.argv.slice(2)
const short = args.includes('--short')
const numberArg = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`)
  return at >= 0 ? Number(args[at + 1]) : fallback
}
const minutes = numberArg('minutes', short ? 0.67 : 10)
const intervalS = numberArg('interval', short ? 5 : 60)
const rate = numberArg('rate', 1000)
const floodLines = numberArg('flood', short ? 50_000 : 300_000)

/** A line server: each client gets `rate` lines per second, and `floodLines` at once when the flood starts. */
function startServer() {
  const clients = new Set<{ socket: Socket; owed: number }>()
  let sent = 0
  let key = 0
  const line = () => `k${key++ % 50},${'p'.repeat(40)}\n`
  const pump = (client: { socket: Socket; owed: number }) => {
    while (client.owed > 0) {
      // Lines are made only when the socket takes them: a blocked client costs the sender nothing.
      let chunk = ''
      const n = Math.min(client.owed, 500)
      for (let i = 0; i < n; i++) chunk += line()
      client.owed -= n
      sent += n
      if (!client.socket.write(chunk)) {
        client.socket.once('drain', () => pump(client))
        return
      }
    }
  }
  const server = createServer((socket) => {
    const client = { socket, owed: 0 }
    clients.add(client)
    socket.on('error', () => clients.delete(client))
    socket.on('close', () => clients.delete(client))
  })
  const owe = (n: number) => {
    for (const client of clients) {
      const idle = client.owed === 0
      client.owed += n
      if (idle) pump(client)
    }
  }
  const tick = setInterval(() => owe(rate / 10), 100)
  return {
    server,
    flood: () => owe(floodLines),
    sent: () => sent,
    stop: () => {
      clearInterval(tick)
      for (const client of clients) client.socket.destroy()
      server.close()
    },
  }
}

const count = (dir: string, filter: (name: string) => boolean = () => true): number => {
  try {
    return readdirSync(dir).filter(filter).length
  } catch {
    return 0
  }
}

/** Files under `dir`, recursively. */
const countTree = (dir: string): number => {
  let n = 0
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      n += entry.isDirectory() ? countTree(join(dir, entry.name)) : 1
    }
  } catch {}
  return n
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'rivulet-soak-'))
  const checkpoint = join(work, 'checkpoint')
  const slowCheckpoint = join(work, 'slow-checkpoint')
  const output = join(work, 'out')
  const { server, flood, sent, stop } = startServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  const spark = new SparkSession(
    new RuntimeConfig([
      ['spark.sql.shuffle.partitions', '2'],
      // Compacted sink-log files are deleted 1 min after a compaction (Spark's default is 10 min).
      ['spark.sql.streaming.fileSink.log.cleanupDelay', '1m'],
    ]),
  )
  const lines = () =>
    spark.readStream.format('socket').option('host', '127.0.0.1').option('port', port).option('includeTimestamp', true)

  const counts = lines()
    .load()
    .withWatermark('timestamp', '10 seconds')
    .groupBy(window(col('timestamp'), '10 seconds'), col('value').substr(1, 3).alias('key'))
    .count()
    .writeStream.format('json')
    .outputMode('append')
    .option('checkpointLocation', checkpoint)
    .trigger({ processingTime: '1 second' })
    .start(output)
  let slowRows = 0
  const slow = lines()
    .option('maxBufferedBytes', 256 * 1024)
    .load()
    .writeStream.option('checkpointLocation', slowCheckpoint)
    .foreachBatch(async (df) => {
      slowRows += df.count()
      await new Promise((resolve) => setTimeout(resolve, 500))
    })
    .start()

  const header =
    'elapsed   rss MB  heap MB  open fds  offsets  commits  state files  sink log  sink files  state rows  sent lines  counted lines  slow rows'
  console.log(
    `soak: ${minutes} min at ${rate} lines/s, a flood of ${floodLines} lines at ${Math.round(minutes * 20)} s; report every ${intervalS} s (machine shared, figures are indicative)`,
  )
  console.log(header)
  const samples: number[][] = []
  let counted = 0
  spark.streams.addListener({
    onQueryProgress: (event) => {
      if (event.progress.id === counts.id) counted += event.progress.numInputRows
    },
  })
  const report = (elapsedS: number) => {
    global.gc?.()
    const memory = process.memoryUsage()
    const state = counts.lastProgress?.stateOperators[0]?.numRowsTotal ?? 0
    const row = [
      elapsedS,
      memory.rss / 2 ** 20,
      memory.heapUsed / 2 ** 20,
      count('/proc/self/fd'),
      count(join(checkpoint, 'offsets'), (n) => !n.startsWith('.')),
      count(join(checkpoint, 'commits'), (n) => !n.startsWith('.')),
      countTree(join(checkpoint, 'state')),
      count(join(output, '_spark_metadata'), (n) => !n.startsWith('.')),
      count(output, (n) => n.endsWith('.json')),
      state,
      sent(),
      counted,
      slowRows,
    ]
    samples.push(row)
    console.log(
      row
        .map((v, i) =>
          (i === 1 || i === 2 ? v.toFixed(1) : String(Math.round(v))).padStart(header.split(/ {2,}/)[i]!.length),
        )
        .join('  '),
    )
  }
  const started = Date.now()
  const endAt = started + minutes * 60_000
  const floodAt = started + minutes * 20_000
  let flooded = false
  let nextReport = started + intervalS * 1000
  while (Date.now() < endAt) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    if (!flooded && Date.now() >= floodAt) {
      flooded = true
      flood()
    }
    if (Date.now() >= nextReport) {
      report(Math.round((Date.now() - started) / 1000))
      nextReport += intervalS * 1000
    }
    const failure = counts.exception() ?? slow.exception()
    if (failure) throw failure
  }
  await counts.stop()
  await slow.stop()
  stop()
  const columns: [string, number][] = [
    ['rss MB', 1],
    ['heap MB', 2],
    ['open fds', 3],
    ['offsets', 4],
    ['commits', 5],
    ['state files', 6],
    ['sink log', 7],
    ['state rows', 9],
  ]
  const first = samples[Math.min(1, samples.length - 1)]!
  const last = samples[samples.length - 1]!
  console.log('\nfirst (after warm-up) → last:')
  columns.forEach(([name, i]) => {
    const peak = samples.reduce((max, s) => Math.max(max, s[i]!), 0)
    console.log(`  ${name.padEnd(12)} ${first[i]!.toFixed(1)} → ${last[i]!.toFixed(1)} (peak ${peak.toFixed(1)})`)
  })
  rmSync(work, { recursive: true, force: true })
}

await main()
