// State partitions: what `spark.sql.shuffle.partitions` costs on one thread. The windowed aggregation runs with a
// checkpoint at 1, 2, 4, 8 and 16 partitions (each batch writes a delta per partition) and without one (where the
// count changes nothing but explain()), and the state's bytes per key are reported from progress.
//   npm run bench:partitions -- [--events 2000000] [--repeat 3]
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RecordBatch } from '../src/arrow/index.js'
import { keyedEvents, option, runWindowedCount } from './support.js'

const totalEvents = option('events', 2_000_000)
const repeat = option('repeat', 3)

interface Run {
  readonly ms: number
  readonly bytesPerKey: number
}

async function run(input: readonly RecordBatch[], partitions: number, checkpoint: boolean): Promise<Run> {
  const dir = checkpoint ? mkdtempSync(join(tmpdir(), 'rivulet-bench-')) : undefined
  const conf = { 'spark.sql.shuffle.partitions': String(partitions), 'spark.master': 'local[1]' }
  const { ms, state } = await runWindowedCount(input, { conf, checkpoint: dir })
  if (dir) rmSync(dir, { recursive: true, force: true })
  return { ms, bytesPerKey: state ? state.memoryUsedBytes / Math.max(1, state.numRowsTotal) : 0 }
}

/** The best of `repeat` runs (the machine is shared: the minimum is the least disturbed). */
async function best(input: readonly RecordBatch[], partitions: number, checkpoint: boolean): Promise<Run> {
  let chosen: Run | undefined
  for (let r = 0; r < repeat; r++) {
    const result = await run(input, partitions, checkpoint)
    if (!chosen || result.ms < chosen.ms) chosen = result
  }
  return chosen!
}

const input = keyedEvents({ events: totalEvents, keys: 10_000 })
await run(input.slice(0, 3), 1, false)
console.log('State partitions: withWatermark → groupBy(window(ts, 10 s), key).count(), 10,000 keys, update mode → noop')
console.log(
  `${totalEvents.toLocaleString('en-US')} events in micro-batches of 100,000, best of ${repeat}, Node ${process.version}`,
)
const rate = (ms: number) => `${(((totalEvents / ms) * 1000) / 1e6).toFixed(2)} M events/s`
const baseline = await best(input, 1, false)
console.log(
  `  no checkpoint, 1 partition        ${rate(baseline.ms)}   (baseline)   ${baseline.bytesPerKey.toFixed(1)} B/key`,
)
for (const partitions of [4]) {
  const result = await best(input, partitions, false)
  console.log(
    `  no checkpoint, ${partitions} partitions       ${rate(result.ms)}   ×${(result.ms / baseline.ms).toFixed(2)} time`,
  )
}
let single: Run | undefined
for (const partitions of [1, 2, 4, 8, 16]) {
  const result = await best(input, partitions, true)
  single ??= result
  const label = `checkpoint, ${partitions} partition${partitions === 1 ? ' ' : 's'}`.padEnd(32)
  console.log(`  ${label} ${rate(result.ms)}   ×${(result.ms / single.ms).toFixed(2)} time of 1 partition`)
}
