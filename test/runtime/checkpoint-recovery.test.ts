// Checkpoints: restarts resume where the last committed batch ended, replay an uncommitted batch exactly, keep
// the query id, refuse incompatible queries and concurrent runs, and fail clearly on corrupt files.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { col, count, type DataFrame, MemoryStream, StreamingQueryException, sum, window } from '../../src/index.js'
import { newSession } from '../support/session.js'
import { sortRows, startHarness } from '../support/stream-harness.js'

const T0 = Date.UTC(2024, 0, 1)
const at = (seconds: number) => new Date(T0 + seconds * 1000)

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function checkpointDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-ckpt-'))
  dirs.push(dir)
  return dir
}

function windowedCounts(input: MemoryStream): DataFrame {
  return input
    .toDF()
    .withWatermark('ts', '10 seconds')
    .groupBy(window(col('ts'), '10 seconds'), col('word'))
    .agg(count('*').alias('n'), sum('v').alias('total'))
}

const steps: unknown[][][] = [
  [
    ['a', at(1), 1],
    ['b', at(2), 2],
  ],
  [['a', at(12), 3]],
  [
    ['c', at(25), 4],
    ['a', at(14), 5],
  ],
  [['d', at(40), 6]],
  [['e', at(58), 7]],
]

async function runSteps(input: MemoryStream, dir: string, from: number, to: number) {
  const h = startHarness(windowedCounts(input), { outputMode: 'append', options: { checkpointLocation: dir } })
  for (let i = from; i < to; i++) {
    input.addData(steps[i]!)
    await h.processAll()
  }
  await h.stop()
  return h
}

describe('checkpoint recovery', () => {
  it('resumes after a stop with the same id, a new runId, continuing batch ids and restored state', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    const first = await runSteps(input, dir, 0, 3)
    const second = await runSteps(input, dir, 3, 5)
    expect(second.query.id).toBe(first.query.id)
    expect(second.query.runId).not.toBe(first.query.runId)
    expect(second.batches[0]!.batchId).toBeGreaterThan(first.batches[first.batches.length - 1]!.batchId)

    const uninterrupted = new MemoryStream(newSession(), 'word STRING, ts TIMESTAMP, v INT')
    const reference = await runSteps(uninterrupted, checkpointDir(), 0, 5)
    expect(sortRows([...first.allRows(), ...second.allRows()])).toEqual(sortRows(reference.allRows()))
    expect(readFileSync(join(dir, 'metadata'), 'utf8')).toBe(`${JSON.stringify({ id: first.query.id })}\n`)
    expect(readFileSync(join(dir, 'offsets', '0'), 'utf8')).toMatch(
      /^v1\n\{"batchWatermarkMs":0,"batchTimestampMs":\d+,"conf":\{.*\}\}\n0$/,
    )
    expect(readFileSync(join(dir, 'commits', '0'), 'utf8')).toBe(`v1\n{"nextBatchWatermarkMs":${T0 - 8000}}`)
    expect(readdirSync(join(dir, 'state', '0', '0')).filter((f) => f.endsWith('.delta')).length).toBeGreaterThan(3)
  })

  it('re-runs a batch recorded in the offset log but not committed, with the same offsets and batch id', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    const first = await runSteps(input, dir, 0, 4)
    const last = Math.max(...readdirSync(join(dir, 'commits')).map(Number))
    // A crash between the sink write and the commit: the commit and the state version are missing.
    rmSync(join(dir, 'commits', String(last)))
    rmSync(join(dir, 'state', '0', '0', `${last + 1}.delta`))
    const h = startHarness(windowedCounts(input), { options: { checkpointLocation: dir } })
    await h.processAll()
    expect(h.batches[0]!.batchId).toBe(last)
    expect(h.batches[0]!.rows).toEqual(first.batches.find((b) => b.batchId === last)!.rows)
    await h.stop()
  })

  it('snapshots state every 10 versions and rebuilds from the snapshot', async () => {
    const spark = newSession({ 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '3' })
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    const first = await runSteps(input, dir, 0, 4)
    expect(readdirSync(join(dir, 'state', '0', '0')).some((f) => f.endsWith('.snapshot'))).toBe(true)
    const second = await runSteps(input, dir, 4, 5)
    const reference = await runSteps(
      new MemoryStream(newSession(), 'word STRING, ts TIMESTAMP, v INT'),
      checkpointDir(),
      0,
      5,
    )
    expect(sortRows([...first.allRows(), ...second.allRows()])).toEqual(sortRows(reference.allRows()))
  })

  it('refuses a restart whose stateful operators or state schema changed, naming what changed', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    await runSteps(input, dir, 0, 1)
    const changedKeys = input.toDF().groupBy('word', 'v').count()
    expect(() =>
      changedKeys.writeStream.outputMode('update').format('noop').option('checkpointLocation', dir).start(),
    ).toThrow(
      /Provided schema doesn't match to the schema for existing state![\s\S]*- Provided key schema: struct<word:string,v:int>\n- Existing key schema: struct<window:struct<start:timestamp,end:timestamp>,word:string>/,
    )
    const dedupe = input.toDF().dropDuplicates(['word'])
    expect(() => dedupe.writeStream.format('noop').option('checkpointLocation', dir).start()).toThrow(
      /stateful operator 0 is now "dedupe" but the checkpoint .* holds state of "stateStoreSave"/,
    )
    const stateless = input.toDF().select('word')
    expect(() => stateless.writeStream.format('noop').option('checkpointLocation', dir).start()).toThrow(
      /has 0 stateful operator\(s\) \[\] but its checkpoint .* holds state for \[0\]/,
    )
  })

  it('restores sliding windows kept as panes, and refuses a restart that would read them as windows', async () => {
    const dir = checkpointDir()
    const sliding = (input: MemoryStream) =>
      input
        .toDF()
        .withWatermark('ts', '10 seconds')
        .groupBy(window(col('ts'), '10 seconds', '5 seconds'), col('word'))
        .agg(count('*').alias('n'), sum('v').alias('total'))
    const run = async (input: MemoryStream, from: number, to: number) => {
      const h = startHarness(sliding(input), { outputMode: 'append', options: { checkpointLocation: dir } })
      for (let i = from; i < to; i++) {
        input.addData(steps[i]!)
        await h.processAll()
      }
      await h.stop()
      return h.allRows()
    }
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    const rows = [...(await run(input, 0, 3)), ...(await run(input, 3, 5))]
    const reference = newSession({ 'rivulet.sql.slidingWindowPanes': 'false' })
    const all = new MemoryStream(reference, 'word STRING, ts TIMESTAMP, v INT')
    const h = startHarness(sliding(all), { outputMode: 'append' })
    for (const step of steps) {
      all.addData(step)
      await h.processAll()
    }
    await h.stop()
    expect(sortRows(rows)).toEqual(sortRows(h.allRows()))
    expect(rows.length).toBeGreaterThan(3)

    const windowsInput = new MemoryStream(reference, 'word STRING, ts TIMESTAMP, v INT')
    expect(() => sliding(windowsInput).writeStream.format('noop').option('checkpointLocation', dir).start()).toThrow(
      /now keeps one row per group but the checkpoint .* holds window panes of 5000000 µs/,
    )
  })

  it('refuses a second run on the same checkpoint while the first is active', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    const first = windowedCounts(input)
      .writeStream.outputMode('update')
      .format('noop')
      .option('checkpointLocation', dir)
      .start()
    expect(() =>
      windowedCounts(input).writeStream.outputMode('update').format('noop').option('checkpointLocation', dir).start(),
    ).toThrow(
      `Cannot start query with id ${first.id} as another query with same id is already active. Perhaps you are attempting to restart a query from checkpoint that is already active.`,
    )
    await first.stop()
    const again = windowedCounts(input)
      .writeStream.outputMode('update')
      .format('noop')
      .option('checkpointLocation', dir)
      .start()
    await again.stop()
    expect(existsSync(join(dir, '.lock'))).toBe(false)
  })

  it('fails clearly on a corrupt offset file or a missing state delta', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    await runSteps(input, dir, 0, 3)
    const offsets = join(dir, 'offsets')
    const last = Math.max(
      ...readdirSync(offsets)
        .filter((n) => /^\d+$/.test(n))
        .map(Number),
    )
    writeFileSync(join(offsets, String(last)), 'v1\n{"batchWatermarkMs":0,"batchTim')
    const corrupt = windowedCounts(input)
      .writeStream.outputMode('update')
      .format('noop')
      .option('checkpointLocation', dir)
      .start()
    const failure = (await corrupt.awaitTermination().catch((e: unknown) => e)) as StreamingQueryException
    expect(failure).toBeInstanceOf(StreamingQueryException)
    expect(failure.message).toContain(`Log file was malformed: unreadable offset metadata`)
    expect(failure.message).toContain(join(offsets, String(last)))

    rmSync(join(offsets, String(last)))
    rmSync(join(dir, 'state', '0', '0', '2.delta'))
    const missing = windowedCounts(input)
      .writeStream.outputMode('update')
      .format('noop')
      .option('checkpointLocation', dir)
      .start()
    const failure2 = (await missing.awaitTermination().catch((e: unknown) => e)) as StreamingQueryException
    expect(failure2.message).toContain(`the delta file ${join(dir, 'state', '0', '0', '2.delta')} does not exist`)
  })

  it('recovers safely past files a crash left half-written under temporary names', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, 'word STRING, ts TIMESTAMP, v INT')
    const first = await runSteps(input, dir, 0, 3)
    // What a crash inside writeFileAtomic leaves: the next files' first bytes, never renamed into place.
    const torn = 'v1\n{"batchWatermarkMs":0,"ba'
    writeFileSync(join(dir, 'offsets', `.3.${'0'.repeat(8)}.tmp`), torn)
    writeFileSync(join(dir, 'commits', `.3.${'0'.repeat(8)}.tmp`), torn)
    writeFileSync(join(dir, 'state', '0', '0', `.4.delta.${'0'.repeat(8)}.tmp`), 'ARROW1')
    const second = await runSteps(input, dir, 3, 5)

    const reference = await runSteps(
      new MemoryStream(newSession(), 'word STRING, ts TIMESTAMP, v INT'),
      checkpointDir(),
      0,
      5,
    )
    expect(sortRows([...first.allRows(), ...second.allRows()])).toEqual(sortRows(reference.allRows()))
  })

  it('requires a checkpoint location for sinks that are not in memory', () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING')
    const writer = input.toDF().writeStream.format('noop')
    expect(() => spark.conf.get('spark.sql.streaming.checkpointLocation')).toThrow('SQL_CONF_NOT_FOUND')
    expect(writer).toBeDefined()
  })
})
