// End-to-end latency: lines written to a TCP server at a fixed rate, read by the socket source, and seen by a
// foreachBatch sink, with the default trigger. The server runs in a worker thread of this process (its own event
// loop, so a busy query cannot delay the writes, and each line's due time is its send time: no coordinated
// omission); each line carries that time, and the sink subtracts it from its own clock (both
// performance.timeOrigin + performance.now()). Prints p50/p99 and the micro-batch sizes at a low and a high rate.
//   npm run bench:latency -- [--low 20] [--high 20000] [--seconds 5]
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { SparkSession } from '../src/index.js'
import { percentile } from './support.js'

const { values } = parseArgs({
  options: {
    low: { type: 'string', default: '20' },
    high: { type: 'string', default: '20000' },
    seconds: { type: 'string', default: '5' },
  },
})

/**
 * The writer: listens on an ephemeral port, then writes `<seq> <due time>` lines to its first client. At low rates
 * it sleeps until just before a line is due and spins to the due time (so a line leaves on time, ±µs); at high
 * rates it wakes every millisecond and writes every line due by then (a line may leave up to ~1 ms after it was
 * due, which the measured latency includes).
 */
const WRITER = `
const { parentPort, workerData } = require('node:worker_threads')
const { createServer } = require('node:net')
const { rate, total } = workerData
const clock = () => performance.timeOrigin + performance.now()
const precise = rate <= 1000
const server = createServer((socket) => {
  socket.setNoDelay(true)
  const started = clock() + 50
  const due = (k) => started + (k * 1000) / rate
  let next = 0
  const tick = () => {
    if (precise) while (clock() < due(next));
    const now = clock()
    let text = ''
    while (next < total && due(next) <= now) {
      text += next + ' ' + due(next) + '\\n'
      next++
    }
    if (text) socket.write(text)
    if (next >= total) parentPort.postMessage({ done: true })
    else setTimeout(tick, precise ? Math.max(0, due(next) - clock() - 2) : 1)
  }
  setTimeout(tick, 48)
})
server.listen(0, '127.0.0.1', () => parentPort.postMessage({ port: server.address().port }))
`

interface Outcome {
  readonly latenciesMs: number[]
  readonly batches: number
  readonly lines: number
}

async function measure(rate: number, seconds: number): Promise<Outcome> {
  const total = Math.round(rate * seconds)
  const writer = new Worker(WRITER, { eval: true, workerData: { rate, total } })
  const port = await new Promise<number>((resolve) => writer.once('message', (m: { port: number }) => resolve(m.port)))
  const spark = new SparkSession()
  const latenciesMs: number[] = []
  let batches = 0
  const query = spark.readStream
    .format('socket')
    .option('host', '127.0.0.1')
    .option('port', port)
    .load()
    .writeStream.foreachBatch((df) => {
      const now = performance.timeOrigin + performance.now()
      const rows = df.collect()
      if (rows.length > 0) batches++
      for (const row of rows) latenciesMs.push(now - Number(String(row.value).split(' ')[1]))
    })
    .start()
  await new Promise<void>((resolve) => writer.on('message', (m: { done?: boolean }) => m.done && resolve()))
  const deadline = performance.now() + 5000
  while (latenciesMs.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5))
  await query.stop()
  await writer.terminate()
  return { latenciesMs, batches, lines: total }
}

const seconds = Number(values.seconds)
console.log('Latency: socket source → foreachBatch sink, default trigger (a micro-batch as soon as the last ends)')
console.log(`Node ${process.version}, ${seconds} s per rate; latency = the sink sees a line − the line was due`)
for (const [label, rate] of [
  ['low', Number(values.low)],
  ['high', Number(values.high)],
] as const) {
  const { latenciesMs, batches, lines } = await measure(rate, seconds)
  const sorted = [...latenciesMs].sort((a, b) => a - b)
  console.log(
    `  ${label.padEnd(4)} ${rate.toLocaleString('en-US').padStart(7)} lines/s: p50 ${percentile(sorted, 50).toFixed(2)} ms, ` +
      `p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${(sorted[sorted.length - 1] ?? Number.NaN).toFixed(2)} ms ` +
      `(${latenciesMs.length.toLocaleString('en-US')}/${lines.toLocaleString('en-US')} lines seen, ` +
      `${batches.toLocaleString('en-US')} micro-batches of ${(latenciesMs.length / Math.max(1, batches)).toFixed(1)} lines)`,
  )
}
