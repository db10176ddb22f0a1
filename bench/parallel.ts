// Worker threads: each query at local[1], at local[2] from the first batch, and at local[2] with the default cut-offs
// (auto: the engine picks the stages' thread; explain() says which and why) in the same run — Nexmark's stateful
// queries over generated events, and a JSON-file pipeline (JSON lines → 10 s tumbling count) — then the round trip a
// stage costs per batch and the batch size from which two workers beat one thread (`rivulet.parallel.minBatchRows`).
//   npm run bench:parallel -- [--events 2000000] [--json-mb 200] [--queries q5,q7,q8,q11,q18]
//     [--source nexmark|memory] [--parts nexmark,json,transfer,batches]
// --source memory feeds pre-generated batches through MemoryStreams instead, which the driver ships to the workers.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { Worker } from 'node:worker_threads'
import { batchesFromIpc, batchesToIpc } from '../src/arrow/index.js'
import { col, count, SparkSession, window } from '../src/index.js'
import { generateInputs } from './nexmark/generator.js'
import { queryByName } from './nexmark/queries/index.js'
import { loadLine, machineLine } from './nexmark/report.js'
import { compareResults } from './nexmark/results/compare.js'
import { configureRuns, runRivulet } from './nexmark/rivulet-run.js'
import { runOverSource, type SourceRunMeasure } from './nexmark/source-run.js'
import { KEYED_EVENTS, keyedEvents, runWindowedCount } from './support.js'
import { cpuSplit, threadCpu } from './thread-cpu.js'

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '2000000' },
    'json-mb': { type: 'string', default: '200' },
    queries: { type: 'string', default: 'q5,q7,q8,q11,q15,q18' },
    source: { type: 'string', default: 'nexmark' },
    parts: { type: 'string', default: 'nexmark,json,transfer,batches' },
  },
})
const events = Number(values.events)
const jsonMb = Number(values['json-mb'])
const masters = ['local[1]', 'local[2]'] as const
/** Every run moves its stages to the workers from the first batch: what parallelism buys once it is on. */
const parallelConf = {
  'rivulet.parallel.minBatchRows': '0',
  'spark.sql.shuffle.partitions': '4',
}
const BATCH_EVENTS = 100_000
const parts = new Set(values.parts.split(','))

console.log(`Worker threads: local[1] vs local[2] in one run, ${availableParallelism()} cores`)
console.log(machineLine())

const fmtRate = (events: number, ms: number) => `${(((events / ms) * 1000) / 1e6).toFixed(2)} M`.padStart(7)
/**
 * What two threads could gain at most on 2 cores: local[1] already keeps its main thread and V8's helper threads (GC,
 * compiler) busy, so 2 cores / (local[1]'s CPU / its main thread's CPU).
 */
const ceiling = (cpuMs: number, mainMs: number) => `2-core ceiling ${((2 * mainMs) / cpuMs).toFixed(2)}×`
const cpuText = (cpuMs: number, split?: { main: number; busiest: readonly number[]; rest: number }) =>
  `${(cpuMs / 1000).toFixed(1)} s${split && split.busiest.length > 0 ? ` (main ${(split.main / 1000).toFixed(1)}, next ${split.busiest.map((ms) => (ms / 1000).toFixed(1)).join(' + ')}, rest ${(split.rest / 1000).toFixed(1)})` : ''}`
/** The line of explain() that says where the stages ran, and why. */
const placementOf = (plan: string) => plan.split('\n').find((line) => line.startsWith('(stages above')) ?? '(no stage)'

/** 1. Nexmark's stateful queries. */
async function nexmark(): Promise<void> {
  if (values.source === 'nexmark') {
    console.log(
      `\nNexmark over the nexmark source, ${events.toLocaleString('en-US')} events, ${BATCH_EVENTS.toLocaleString('en-US')} a micro-batch: events are generated where the query scans them (at local[2] each worker generates its share)`,
    )
    console.log(
      'ev/s: all batches, worker start included | steady: batches after the first two | CPU: all threads of the process, main thread, the next two busiest (the workers at local[2]) and the rest (GC, compiler) | local[2] here moves the stages to the workers from the first batch (minBatchRows=0); auto is local[2] with the default cut-offs (the engine picks the thread)',
    )
    for (const name of values.queries.split(',')) {
      const query = queryByName(name.trim())
      if (query.mode === 'batch') {
        console.log(`${name}: a batch query, runs on one thread; skipped`)
        continue
      }
      const runs: Record<string, SourceRunMeasure> = {}
      for (const master of [...masters, 'auto'] as const) {
        runs[master] = await runOverSource(query, {
          events,
          batchEvents: BATCH_EVENTS,
          seed: 0,
          // auto: the default local[*] with the default cut-offs, where the engine picks the stages' thread itself.
          conf: master === 'auto' ? { 'spark.master': 'local[2]' } : { ...parallelConf, 'spark.master': master },
        })
      }
      const one = runs['local[1]']!
      const two = runs['local[2]']!
      const auto = runs.auto!
      const same = compareResults('local[1]', one.result(), 'local[2]', two.result(), {
        floatColumns: query.floatColumns,
      })
      console.log(
        `${name.padEnd(4)} ev/s ${fmtRate(events, one.wallMs)} → ${fmtRate(events, two.wallMs)} (${(one.wallMs / two.wallMs).toFixed(2)}×)   steady ${fmtRate(one.steady.events, one.steady.ms)} → ${fmtRate(two.steady.events, two.steady.ms)} (${(one.steady.ms / two.steady.ms).toFixed(2)}×)   ${loadLine()}`,
      )
      console.log(
        `     cpu local[1] ${cpuText(one.cpuMs, one.split)}   local[2] ${cpuText(two.cpuMs, two.split)}   ${ceiling(one.cpuMs, one.split.main)}   ${same.equal ? 'same results' : `RESULTS DIFFER: ${same.detail}`}`,
      )
      console.log(
        `     auto ${fmtRate(events, auto.wallMs)} (${(one.wallMs / auto.wallMs).toFixed(2)}× local[1])   steady ${fmtRate(auto.steady.events, auto.steady.ms)} (${(one.steady.ms / auto.steady.ms).toFixed(2)}×)   ${placementOf(auto.plan)}`,
      )
    }
  } else {
    const inputs = generateInputs({ events, batchEvents: BATCH_EVENTS, config: { seed: 0 } })
    console.log(
      `\nNexmark, ${events.toLocaleString('en-US')} events in micro-batches of ${BATCH_EVENTS.toLocaleString('en-US')} (1 thread generates them first; the driver ships each worker its share)`,
    )
    console.log('query   local[1] ev/s   local[2] ev/s   speed-up   cpu local[1]   cpu local[2]')
    for (const name of values.queries.split(',')) {
      const query = queryByName(name.trim())
      const ms: Record<string, number> = {}
      const cpu: Record<string, number> = {}
      for (const master of masters) {
        configureRuns({ ...parallelConf, 'rivulet.parallel.shipSourceRows': 'true', 'spark.master': master })
        const run = await runRivulet(query, 'sql', inputs)
        ms[master] = run.wallMs
        cpu[master] = run.cpuMs
      }
      const rate = (wall: number) => `${(((events / wall) * 1000) / 1e6).toFixed(2)} M`.padStart(13)
      console.log(
        `${name.padEnd(6)} ${rate(ms['local[1]']!)}   ${rate(ms['local[2]']!)}   ${(ms['local[1]']! / ms['local[2]']!).toFixed(2).padStart(7)}×   ${cpuText(cpu['local[1]']!).padStart(12)}   ${cpuText(cpu['local[2]']!).padStart(12)}${query.mode === 'batch' ? '  (batch query: runs on one thread)' : ''}   ${loadLine()}`,
      )
    }
  }
}

/** 2. JSON files → 10 s tumbling count. */
async function jsonFiles(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-parallel-json-'))
  const files = Math.max(1, Math.round(jsonMb / 10))
  const lines = Math.round((jsonMb * 1e6) / files / 60)
  const T0 = Date.UTC(2024, 0, 1)
  let written = 0
  mkdirSync(join(dir, 'in'), { recursive: true })
  for (let f = 0; f < files; f++) {
    const text: string[] = []
    for (let i = 0; i < lines; i++) {
      const ts = new Date(T0 + (f * lines + i) * 7).toISOString()
      text.push(`{"key":"k${(i * 7919) % 10_000}","ts":"${ts}","v":${i % 1000}}`)
    }
    const body = `${text.join('\n')}\n`
    written += body.length
    writeFileSync(join(dir, 'in', `part-${String(f).padStart(4, '0')}.json`), body)
  }
  console.log(
    `\nJSON files (4 per trigger) → withWatermark → groupBy(window(ts, 10 s), key).count(): ${files} files, ${(written / 1e6).toFixed(0)} MB, 10,000 keys`,
  )
  for (const master of [...masters, 'auto'] as const) {
    const spark = new SparkSession()
    for (const [k, v] of Object.entries({
      ...(master === 'auto' ? {} : parallelConf),
      'spark.master': master === 'auto' ? 'local[2]' : master,
      'spark.sql.session.timeZone': 'UTC',
      'spark.ui.enabled': 'false',
    }))
      spark.conf.set(k, v)
    const threadsBefore = threadCpu()
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    const query = spark.readStream
      .schema('key STRING, ts TIMESTAMP, v INT')
      .option('maxFilesPerTrigger', 4)
      .json(join(dir, 'in'))
      .withWatermark('ts', '10 seconds')
      .groupBy(window(col('ts'), '10 seconds'), col('key'))
      .agg(count('*').alias('n'))
      .writeStream.outputMode('update')
      .format('noop')
      .start()
    await query.processAllAvailable()
    const wall = performance.now() - started
    const cpu = process.cpuUsage(cpuBefore)
    const split = cpuSplit(threadsBefore, threadCpu(), 2)
    const plan = query.explainString()
    await query.stop()
    await spark.stop()
    const cpuMs = (cpu.user + cpu.system) / 1000
    console.log(
      `  ${master}: ${((written / 1e6 / wall) * 1000).toFixed(1)} MB/s (${(wall / 1000).toFixed(1)} s)   cpu ${cpuText(cpuMs, split)}${master === 'local[1]' ? `   ${ceiling(cpuMs, split.main)}` : ''}${master === 'auto' ? `   ${placementOf(plan)}` : ''}   ${loadLine()}`,
    )
  }
  rmSync(dir, { recursive: true, force: true })
}

/** 3. What moving a batch to a worker and back costs: Arrow IPC encode, a transferred buffer each way, decode. */
async function transfer(): Promise<void> {
  const echo = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m, [m.buffer]))",
    { eval: true },
  )
  const roundTrip = (bytes: Uint8Array) =>
    new Promise<Uint8Array>((resolve) => {
      echo.once('message', resolve)
      echo.postMessage(bytes, [bytes.buffer as ArrayBuffer])
    })
  console.log(
    '\nTransfer: a batch of (key bigint, ts timestamp) to a worker and back as Arrow IPC, transferred buffers',
  )
  console.log('rows/batch   µs per round trip   of which IPC encode + decode')
  for (const rows of [1_000, 10_000, 100_000, 200_000]) {
    const [batch] = keyedEvents({ events: rows, keys: 10_000, batchRows: rows })
    let totalUs = 0
    let codecUs = 0
    const repeat = 50
    for (let r = 0; r < repeat; r++) {
      const started = performance.now()
      const bytes = batchesToIpc(KEYED_EVENTS, [batch!])
      const encoded = performance.now()
      const back = await roundTrip(bytes)
      const returned = performance.now()
      batchesFromIpc(back, KEYED_EVENTS)
      const done = performance.now()
      totalUs += (done - started) * 1000
      codecUs += (encoded - started + done - returned) * 1000
    }
    console.log(
      `${rows.toLocaleString('en-US').padStart(9)}   ${(totalUs / repeat).toFixed(0).padStart(17)}   ${(codecUs / repeat).toFixed(0).padStart(27)}`,
    )
  }
  await echo.terminate()
}

/** 4. Where two workers start to pay (the driver ships the rows): per micro-batch time by batch size. */
async function perBatch(): Promise<void> {
  console.log('\nPer micro-batch: groupBy(window(ts, 10 s), key).count() over 10,000 keys, update mode → noop')
  console.log('rows/batch   local[1] ms   local[2] ms')
  for (const rows of [100, 1_000, 10_000, 50_000, 200_000]) {
    const batches = keyedEvents({ events: rows * 20, keys: 10_000, batchRows: rows })
    const perBatch: Record<string, number> = {}
    for (const master of masters) {
      const { ms } = await runWindowedCount(batches, {
        conf: { ...parallelConf, 'rivulet.parallel.shipSourceRows': 'true', 'spark.master': master },
        warmup: true,
      })
      perBatch[master] = ms / (batches.length - 1)
    }
    console.log(
      `${rows.toLocaleString('en-US').padStart(9)}   ${perBatch['local[1]']!.toFixed(2).padStart(11)}   ${perBatch['local[2]']!.toFixed(2).padStart(11)}`,
    )
  }
}

if (parts.has('nexmark')) await nexmark()
if (parts.has('json')) await jsonFiles()
if (parts.has('transfer')) await transfer()
if (parts.has('batches')) await perBatch()
console.log(`\n${loadLine()}`)
