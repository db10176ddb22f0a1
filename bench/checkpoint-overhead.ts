// Checkpoint overhead: the windowed aggregation's throughput without and with a checkpoint (offset and commit logs,
// Arrow IPC state deltas and snapshots, fsync), and the time to recover a query holding one million state rows.
//   npm run bench:checkpoint -- [--events 3000000] [--state-rows 1000000]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordBatch } from '../src/arrow/index.js'
import { col, MemoryStream, SparkSession } from '../src/index.js'
import { KEYED_EVENTS, keyedEvents, option, runWindowedCount } from './support.js'

const totalEvents = option('events', 3_000_000)
const stateRows = option('state-rows', 1_000_000)
const schema = KEYED_EVENTS

const run = async (input: readonly RecordBatch[], checkpoint: string | undefined) =>
  (await runWindowedCount(input, { checkpoint, conf: { 'spark.master': 'local[1]' } })).ms

/** A query with `rows` groups of state, stopped, then restarted: the time until it has recovered and is idle. */
async function recovery(rows: number): Promise<{ firstRunMs: number; recoverMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-bench-'))
  try {
    const spark = new SparkSession()
    const stream = new MemoryStream(spark, schema)
    const query = () =>
      stream
        .toDF()
        .groupBy(col('key'))
        .count()
        .writeStream.outputMode('update')
        .format('noop')
        .option('checkpointLocation', dir)
        .start()
    const batches = keyedEvents({ events: rows, keys: rows, sequential: true })
    const first = query()
    const started = performance.now()
    for (const batch of batches) stream.addData(batch)
    await first.processAllAvailable()
    const firstRunMs = performance.now() - started
    await first.stop()
    const restartedAt = performance.now()
    const second = query()
    await second.processAllAvailable()
    const recoverMs = performance.now() - restartedAt
    const total = second.recentProgress.at(-1)?.stateOperators[0]?.numRowsTotal
    await second.stop()
    if (total !== undefined && total !== rows) throw new Error(`recovered ${total} state rows, expected ${rows}`)
    return { firstRunMs, recoverMs }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const input = keyedEvents({ events: totalEvents, keys: 10_000 })
await run(input.slice(0, 3), undefined)
const memoryMs = await run(input, undefined)
const dir = mkdtempSync(join(tmpdir(), 'rivulet-bench-'))
const checkpointMs = await run(input, dir)
rmSync(dir, { recursive: true, force: true })
const { firstRunMs, recoverMs } = await recovery(stateRows)
const rate = (ms: number) => `${(((totalEvents / ms) * 1000) / 1e6).toFixed(2)} M events/s (${ms.toFixed(0)} ms)`
console.log(
  'Checkpoint overhead: withWatermark → groupBy(window(ts, 10 s), key).count(), 10,000 keys, update mode → noop',
)
console.log(`${totalEvents.toLocaleString('en-US')} events in micro-batches of 100,000, Node ${process.version}`)
console.log(`  without a checkpoint                 ${rate(memoryMs)}`)
console.log(
  `  with a checkpoint (logs + state)     ${rate(checkpointMs)}  overhead ${(((checkpointMs - memoryMs) / memoryMs) * 100).toFixed(0)}%`,
)
console.log(
  `Recovery: ${stateRows.toLocaleString('en-US')} state rows (groupBy(key).count()), first run ${firstRunMs.toFixed(0)} ms`,
)
console.log(`  restart to idle (logs read, state rebuilt from its delta)   ${recoverMs.toFixed(0)} ms`)
