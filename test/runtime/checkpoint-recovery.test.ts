// Checkpoints: restarts resume where the last committed batch ended, replay an uncommitted batch exactly, keep
// the query id, refuse incompatible queries and concurrent runs, and fail clearly on corrupt files.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  AnalysisException,
  col,
  count,
  type DataFrame,
  IllegalStateException,
  MemoryStream,
  type Row,
  sum,
  window,
} from '../../src/index.js'
import type { CapturedBatch } from '../support/captured-sink.js'
import { newSession } from '../support/session.js'
import {
  AddData,
  AssertOnQuery,
  CheckAnswer,
  Execute,
  ExpectFailure,
  ProcessAllAvailable,
  StartStream,
  StopStream,
  type StreamAction,
} from '../support/stream-actions.js'
import { testStream } from '../support/test-stream.js'

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

const SCHEMA = 'word STRING, ts TIMESTAMP, v INT'

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

/** Steps `from` to `to` (exclusive), each added and processed. */
const feed = (input: MemoryStream, from: number, to: number): StreamAction[] =>
  steps.slice(from, to).flatMap((step) => [AddData(input, ...step), ProcessAllAvailable()])

/** What a query emits in append mode over all the steps, run once without a restart: the oracle for restarts. */
async function uninterrupted(query: (input: MemoryStream) => DataFrame, conf: Record<string, string> = {}) {
  const input = new MemoryStream(newSession(conf), SCHEMA)
  let rows: Row[] = []
  await testStream(query(input))(
    ...feed(input, 0, steps.length),
    Execute('collect the answer', (_q, sink) => {
      rows = sink.allData()
    }),
  )
  return rows
}

/** Runs steps `from` to `to` on the checkpoint in `dir`; returns the batches the run wrote. */
async function runSteps(input: MemoryStream, dir: string, from: number, to: number): Promise<readonly CapturedBatch[]> {
  let batches: readonly CapturedBatch[] = []
  await testStream(windowedCounts(input))(
    StartStream({ checkpointLocation: dir }),
    ...feed(input, from, to),
    Execute('collect the batches', (_q, sink) => {
      batches = sink.batches
    }),
  )
  return batches
}

describe('checkpoint recovery', () => {
  it('resumes after a stop with the same id, a new runId, continuing batch ids and restored state', async () => {
    const reference = await uninterrupted(windowedCounts)
    const dir = checkpointDir()
    const input = new MemoryStream(newSession(), SCHEMA)
    let first = { id: '', runId: '', batches: 0 }
    await testStream(windowedCounts(input))(
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 0, 3),
      Execute('remember the first run', (q, sink) => {
        first = { id: q.id, runId: q.runId, batches: sink.batches.length }
      }),
      StopStream,
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 3, 5),
      AssertOnQuery((q) => q.id === first.id, 'the restarted query keeps its id'),
      AssertOnQuery((q) => q.runId !== first.runId, 'the restarted query has a new runId'),
      // The sink ignores batch ids it has seen, so batches after the restart are kept only if their ids continue.
      AssertOnQuery((_q, sink) => sink.batches.length > first.batches, 'batch ids continue after the restart'),
      CheckAnswer(...reference),
    )
    expect(readFileSync(join(dir, 'metadata'), 'utf8')).toBe(`${JSON.stringify({ id: first.id })}\n`)
    expect(readFileSync(join(dir, 'offsets', '0'), 'utf8')).toMatch(
      /^v1\n\{"batchWatermarkMs":0,"batchTimestampMs":\d+,"conf":\{.*\}\}\n0$/,
    )
    expect(readFileSync(join(dir, 'commits', '0'), 'utf8')).toBe(`v1\n{"nextBatchWatermarkMs":${T0 - 8000}}`)
    expect(readdirSync(join(dir, 'state', '0', '0')).filter((f) => f.endsWith('.delta')).length).toBeGreaterThan(3)
  })

  it('re-runs a batch recorded in the offset log but not committed, with the same offsets and batch id', async () => {
    const dir = checkpointDir()
    const input = new MemoryStream(newSession(), SCHEMA)
    const first = await runSteps(input, dir, 0, 4)
    const last = readdirSync(join(dir, 'commits'))
      .filter((name) => /^\d+$/.test(name))
      .map(Number)
      .reduce((a, b) => Math.max(a, b))
    // A crash between the sink write and the commit: the commit and the state version are missing.
    rmSync(join(dir, 'commits', String(last)))
    rmSync(join(dir, 'state', '0', '0', `${last + 1}.delta`))
    await testStream(windowedCounts(input))(
      StartStream({ checkpointLocation: dir }),
      ProcessAllAvailable(),
      AssertOnQuery((_q, sink) => {
        expect(sink.batches[0]!.batchId).toBe(last)
        expect(sink.batches[0]!.rows).toEqual(first.find((b) => b.batchId === last)!.rows)
      }, 'the first batch replays the uncommitted one'),
    )
  })

  it('snapshots state every 10 versions and rebuilds from the snapshot', async () => {
    const conf = { 'spark.sql.streaming.stateStore.minDeltasForSnapshot': '3' }
    const reference = await uninterrupted(windowedCounts)
    const dir = checkpointDir()
    const input = new MemoryStream(newSession(conf), SCHEMA)
    await testStream(windowedCounts(input))(
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 0, 4),
      StopStream,
      AssertOnQuery(
        () => readdirSync(join(dir, 'state', '0', '0')).some((f) => f.endsWith('.snapshot')),
        'a snapshot was written',
      ),
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 4, 5),
      CheckAnswer(...reference),
    )
  })

  it('refuses a restart whose stateful operators or state schema changed, naming what changed', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, SCHEMA)
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
    const withoutPanes = { 'rivulet.sql.slidingWindowPanes': 'false' }
    const reference = await uninterrupted(sliding, withoutPanes)
    expect(reference.length).toBeGreaterThan(3)
    const input = new MemoryStream(newSession(), SCHEMA)
    await testStream(sliding(input))(
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 0, 3),
      StopStream,
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 3, 5),
      CheckAnswer(...reference),
    )

    const windowsInput = new MemoryStream(newSession(withoutPanes), SCHEMA)
    expect(() => sliding(windowsInput).writeStream.format('noop').option('checkpointLocation', dir).start()).toThrow(
      /now keeps one row per group but the checkpoint .* holds window panes of 5000000 µs/,
    )
  })

  it('refuses a second run on the same checkpoint while the first is active', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, SCHEMA)
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
    // Each run took the next lock generation and marked it released when it stopped.
    expect(readdirSync(join(dir, '.locks'))).toEqual(['1'])
    expect(readFileSync(join(dir, '.locks', '1'), 'utf8')).toBe('{"released":true}')
  })

  it('fails clearly on a corrupt offset file or a missing state delta', async () => {
    const spark = newSession()
    const dir = checkpointDir()
    const input = new MemoryStream(spark, SCHEMA)
    await runSteps(input, dir, 0, 3)
    const offsets = join(dir, 'offsets')
    const last = Math.max(
      ...readdirSync(offsets)
        .filter((n) => /^\d+$/.test(n))
        .map(Number),
    )
    writeFileSync(join(offsets, String(last)), 'v1\n{"batchWatermarkMs":0,"batchTim')
    await testStream(windowedCounts(input), 'update')(
      StartStream({ checkpointLocation: dir }),
      ExpectFailure(IllegalStateException, 'Log file was malformed: unreadable offset metadata'),
      AssertOnQuery((q) => q.exception()!.message.includes(join(offsets, String(last))), 'the failure names the file'),
    )

    // Without the batch's offsets and commit (a crash before either was written), only the missing delta is wrong.
    rmSync(join(offsets, String(last)))
    rmSync(join(dir, 'commits', String(last)), { force: true })
    rmSync(join(dir, 'state', '0', '0', '2.delta'))
    await testStream(windowedCounts(input), 'update')(
      StartStream({ checkpointLocation: dir }),
      ExpectFailure(IllegalStateException, `the delta file ${join(dir, 'state', '0', '0', '2.delta')} does not exist`),
    )
  })

  it('recovers safely past files a crash left half-written under temporary names', async () => {
    const reference = await uninterrupted(windowedCounts)
    const dir = checkpointDir()
    const input = new MemoryStream(newSession(), SCHEMA)
    await testStream(windowedCounts(input))(
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 0, 3),
      StopStream,
      // What a crash inside writeFileAtomic leaves: the next files' first bytes, never renamed into place.
      Execute('leave half-written temporary files', () => {
        const torn = 'v1\n{"batchWatermarkMs":0,"ba'
        writeFileSync(join(dir, 'offsets', `.3.${'0'.repeat(8)}.tmp`), torn)
        writeFileSync(join(dir, 'commits', `.3.${'0'.repeat(8)}.tmp`), torn)
        writeFileSync(join(dir, 'state', '0', '0', `.4.delta.${'0'.repeat(8)}.tmp`), 'ARROW1')
      }),
      StartStream({ checkpointLocation: dir }),
      ...feed(input, 3, 5),
      CheckAnswer(...reference),
    )
  })

  it('requires a checkpoint location for sinks that are not in memory, or a root for one in the conf', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'word STRING')
    const out = join(checkpointDir(), 'out')
    expect(() => spark.conf.get('spark.sql.streaming.checkpointLocation')).toThrow('SQL_CONF_NOT_FOUND')
    const json = () => input.toDF().writeStream.format('json').queryName('words')
    expect(() => json().start(out)).toThrow(AnalysisException)
    expect(() => json().start(out)).toThrow(
      'checkpointLocation must be specified either through option("checkpointLocation", ...) or SparkSession.conf.set("spark.sql.streaming.checkpointLocation", ...)',
    )
    // Sinks that keep nothing durable run without one.
    await input.toDF().writeStream.format('noop').start().stop()
    // With a root in the conf, a named query checkpoints in <root>/<name>.
    const root = checkpointDir()
    spark.conf.set('spark.sql.streaming.checkpointLocation', root)
    const query = json().start(out)
    input.addData([['a']])
    await query.processAllAvailable()
    await query.stop()
    expect(readFileSync(join(root, 'words', 'metadata'), 'utf8')).toBe(`${JSON.stringify({ id: query.id })}\n`)
    // commits/0 and its checksum, as Hadoop's local file system writes it for Spark.
    expect(readdirSync(join(root, 'words', 'commits')).sort()).toEqual(['.0.crc', '0'])
  })
})
