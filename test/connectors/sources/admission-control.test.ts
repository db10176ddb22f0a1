// Admission control (Spark's SupportsAdmissionControl): read limits cap micro-batches, Trigger.AvailableNow reads
// what existed at its start in several limited batches and then stops, Trigger.Once reads everything in one batch.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchFromRows, type RecordBatch, rowsOf } from '../../../src/arrow/index.js'
import { Options } from '../../../src/connectors/options.js'
import {
  compositeLimit,
  maxFiles,
  maxRows,
  minRows,
  type ReadLimit,
  RowAdmission,
  readAll,
} from '../../../src/connectors/read-limit.js'
import { registerSourceProvider } from '../../../src/connectors/registry.js'
import type { Offset, Source } from '../../../src/connectors/source.js'
import { fileSourceProvider } from '../../../src/connectors/sources/file-source.js'
import { type DataFrame, MemoryStream, type Row, type TriggerSpec } from '../../../src/index.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { newSession } from '../../support/session.js'
import {
  AssertOnQuery,
  CheckNewBatches,
  Execute,
  ProcessAllAvailable,
  StopStream,
} from '../../support/stream-actions.js'
import { tempDir, writeFile } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)

/** Writes text files `f00.txt`... holding their own name, one second apart (so the processing order is known). */
function writeFiles(dir: string, names: readonly string[], from = T0): void {
  for (const [i, name] of names.entries()) writeFile(join(dir, `${name}.txt`), `${name}\n`, from + i * 1000)
}

const names = (n: number, prefix = 'f') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(2, '0')}`)

const COUNTER_SCHEMA = parseSchemaString('value INT')

/** A source of the numbers 0, 1, ... up to `available`, with a maxRows(2) default limit and no AvailableNow support. */
class CounterSource implements Source {
  readonly schema = COUNTER_SCHEMA
  readonly description = 'Counter'
  readonly defaultReadLimit = maxRows(2)
  available = 0
  private readonly admission = new RowAdmission(() => 0)

  async latestOffset(start: Offset | null, limit: ReadLimit): Promise<Offset | null> {
    return this.available === 0 ? null : this.admission.end((start as number | null) ?? 0, this.available, limit)
  }

  async getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]> {
    const from = (start as number | null) ?? 0
    return [
      batchFromRows(
        COUNTER_SCHEMA,
        Array.from({ length: (end as number) - from }, (_, i) => [from + i]),
      ),
    ]
  }

  commit(): void {}

  async stop(): Promise<void> {}
}

interface Run {
  readonly batches: string[][]
  readonly terminated: boolean
}

/**
 * Runs `df` to its end under a trigger that stops by itself (once, availableNow); `onBatch` runs inside each batch.
 * Returns the `value`s of each batch.
 */
async function runToEnd(
  df: DataFrame,
  trigger: TriggerSpec,
  options: { checkpoint?: string; onBatch?: (batchId: number) => unknown } = {},
): Promise<Run> {
  const batches: string[][] = []
  let writer = df.writeStream.trigger(trigger)
  if (options.checkpoint) writer = writer.option('checkpointLocation', options.checkpoint)
  const query = writer
    .foreachBatch((batch, batchId) => {
      batches.push(batch.collect().map((r: Row) => String(r.value)))
      options.onBatch?.(batchId)
    })
    .start()
  const terminated = await query.awaitTermination()
  return { batches, terminated: terminated && !query.isActive }
}

describe('file source read limits', () => {
  it('maxFilesPerTrigger: 10 files at 3 per trigger run in 4 batches of 3, 3, 3 and 1, oldest first', async () => {
    const dir = join(tempDir(), 'in')
    writeFiles(dir, names(10))
    const values = (...list: string[]) => list.map((value) => ({ value }))
    await testStream(newSession().readStream.option('maxFilesPerTrigger', 3).text(dir))(
      ProcessAllAvailable(),
      CheckNewBatches.ordered(
        values('f00', 'f01', 'f02'),
        values('f03', 'f04', 'f05'),
        values('f06', 'f07', 'f08'),
        values('f09'),
      ),
      AssertOnQuery((query) => {
        const progress = query.lastProgress!.sources[0]!
        // Spark's file source reports no latest offset: a file has a log offset only once a batch admits it.
        return JSON.stringify(progress.endOffset) === '{"logOffset":3}' && progress.latestOffset === null
      }, 'the last batch ends at log offset 3 and reports no latest offset'),
      StopStream,
    )
  })

  it('maxBytesPerTrigger: files while they fit, and always the first file even when it alone is over the limit', async () => {
    // Sizes in bytes: a 4, b 4, c 25, d 3, e 3, f 6; limit 10.
    const dir = join(tempDir(), 'in')
    const contents = ['aaa', 'bbb', 'c'.repeat(24), 'dd', 'ee', 'fffff']
    for (const [i, text] of contents.entries()) writeFile(join(dir, `${'abcdef'[i]}.txt`), `${text}\n`, T0 + i * 1000)
    const rows = (...list: string[]) => list.map((value) => ({ value }))
    // a+b = 8 (c would make 33); c = 25 alone; d+e = 6 (f would make 12); f.
    await testStream(newSession().readStream.option('maxBytesPerTrigger', 10).text(dir))(
      ProcessAllAvailable(),
      CheckNewBatches.ordered(
        rows(...contents.slice(0, 2)),
        rows(contents[2]!),
        rows(...contents.slice(3, 5)),
        rows(contents[5]!),
      ),
      StopStream,
    )
  })

  it('keeps the unread rest of a listing for the next triggers, unless it is under a fifth of the limit', async () => {
    const dir = join(tempDir(), 'in')
    const conf = () => undefined
    const open = (path: string, options: Options) =>
      fileSourceProvider('text').create(fileSourceProvider('text').describe(options, undefined, path, conf), {
        conf,
        metadataPath: undefined,
        now: () => 0,
      })
    const read = async (source: Source, start: Offset | null, end: Offset) =>
      (await source.getBatch(start, end)).flatMap((b) => rowsOf(b, source.schema).map((r) => r.value))

    // 4 files at 3 per trigger: the leftover file (1 >= 0.2 * 3) is kept, so a file added meanwhile waits a trigger.
    writeFiles(dir, names(4, 'a'))
    const cached = open(dir, new Options([['maxFilesPerTrigger', '3']]))
    expect(cached.defaultReadLimit).toEqual(maxFiles(3))
    expect(await cached.latestOffset(null, maxFiles(3))).toEqual({ logOffset: 0 })
    writeFiles(dir, ['a99'], T0 + 60_000)
    expect(await cached.latestOffset({ logOffset: 0 }, maxFiles(3))).toEqual({ logOffset: 1 })
    expect(await cached.latestOffset({ logOffset: 1 }, maxFiles(3))).toEqual({ logOffset: 2 })
    expect(await read(cached, null, { logOffset: 0 })).toEqual(['a00', 'a01', 'a02'])
    expect(await read(cached, { logOffset: 0 }, { logOffset: 1 })).toEqual(['a03'])
    expect(await read(cached, { logOffset: 1 }, { logOffset: 2 })).toEqual(['a99'])

    // 11 files at 10 per trigger: the leftover (1 < 0.2 * 10) is dropped, so the next trigger lists again.
    const dir2 = join(tempDir(), 'in')
    writeFiles(dir2, names(11, 'b'))
    const listing = open(dir2, new Options())
    expect(await listing.latestOffset(null, maxFiles(10))).toEqual({ logOffset: 0 })
    writeFiles(dir2, ['b99'], T0 + 60_000)
    expect(await listing.latestOffset({ logOffset: 0 }, maxFiles(10))).toEqual({ logOffset: 1 })
    expect(await read(listing, { logOffset: 0 }, { logOffset: 1 })).toEqual(['b10', 'b99'])
  })

  it('latestFirst lists again every trigger, so a newer file goes before older leftovers', async () => {
    const dir = join(tempDir(), 'in')
    writeFiles(dir, ['old', 'mid', 'new'])
    const df = newSession().readStream.options({ latestFirst: true, maxFilesPerTrigger: 2 }).text(dir)
    const rows = (...list: string[]) => list.map((value) => ({ value }))
    await testStream(df)(
      ProcessAllAvailable(),
      Execute('two newer files arrive', () => writeFiles(dir, ['newer', 'newest'], T0 + 60_000)),
      ProcessAllAvailable(),
      CheckNewBatches.ordered(rows('new', 'mid'), rows('old'), rows('newest', 'newer')),
      StopStream,
    )
  })
})

describe('Trigger.AvailableNow', () => {
  it('runs maxFilesPerTrigger=3 over 10 files as exactly 4 batches, then stops; later files wait for the next run', async () => {
    const root = tempDir()
    const dir = join(root, 'in')
    const checkpoint = join(root, 'checkpoint')
    writeFiles(dir, names(10))
    const df = newSession().readStream.option('maxFilesPerTrigger', 3).text(dir)
    const first = await runToEnd(
      df,
      { availableNow: true },
      // Files that arrive while the run is under way are not part of it.
      { checkpoint, onBatch: (id) => id === 0 && writeFiles(dir, ['late1', 'late2'], T0 + 60_000) },
    )
    expect(first).toEqual({
      batches: [['f00', 'f01', 'f02'], ['f03', 'f04', 'f05'], ['f06', 'f07', 'f08'], ['f09']],
      terminated: true,
    })
    const second = await runToEnd(df, { availableNow: true }, { checkpoint })
    expect(second).toEqual({ batches: [['late1', 'late2']], terminated: true })
  })

  it('stops at once when nothing is available', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, '.hidden'), 'x\n')
    expect(await runToEnd(newSession().readStream.text(dir), { availableNow: true })).toEqual({
      batches: [],
      terminated: true,
    })
  })

  it('keeps a MemoryStream’s maxRowsPerTrigger and ignores rows added after the start', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'value INT', { maxRowsPerTrigger: 2 })
    input.addData([[1], [2], [3]])
    input.addData([[4], [5]])
    const run = await runToEnd(
      input.toDF(),
      { availableNow: true },
      { onBatch: (id) => id < 3 && input.addData([[99]]) },
    )
    expect(run).toEqual({ batches: [['1', '2'], ['3', '4'], ['5']], terminated: true })
  })

  it('keeps the Nexmark source’s maxEventsPerTrigger: 1000 events at 300 run in 4 batches', async () => {
    // Events 0-999 in batches ending at 300, 600, 900, 1000; persons are event numbers divisible by 50.
    const df = newSession()
      .readStream.format('nexmark')
      .options({ table: 'person', maxEvents: 1000, maxEventsPerTrigger: 300 })
      .load()
      .selectExpr('CAST(id AS STRING) AS value')
    const run = await runToEnd(df, { availableNow: true })
    expect(run.terminated).toBe(true)
    expect(run.batches.map((b) => b.length)).toEqual([6, 6, 6, 2])
    expect(run.batches.flat()).toEqual(Array.from({ length: 20 }, (_, i) => String(1000 + i)))
  })

  it('fixes a paced Nexmark stream’s end at its first trigger, then reads up to it in limited batches', async () => {
    const root = tempDir()
    const spark = newSession()
    let now = 1_700_000_000_000
    spark.clock = () => now
    const df = spark.readStream
      .format('nexmark')
      .options({ table: 'person', eventsPerSecond: 1000, maxEventsPerTrigger: 200 })
      .load()
      .selectExpr('CAST(id AS STRING) AS value')
    const checkpoint = join(root, 'checkpoint')
    // The pace starts with the first run, which therefore finds no event; the checkpoint keeps the pace's start.
    expect(await runToEnd(df, { availableNow: true }, { checkpoint })).toEqual({ batches: [], terminated: true })
    now += 500 // 500 events available: persons 0, 50, ..., 450 (ids 1000-1009)
    const run = await runToEnd(df, { availableNow: true }, { checkpoint, onBatch: (id) => id === 0 && (now += 10_000) })
    expect(run.batches.map((b) => b.length)).toEqual([4, 4, 2])
    expect(run.batches.flat()).toEqual(Array.from({ length: 10 }, (_, i) => String(1000 + i)))
  })

  it('reads a source that cannot fix an end point in one batch of all it had at the start, ignoring its limit', async () => {
    const source = new CounterSource()
    registerSourceProvider({
      format: 'counter-without-available-now',
      describe: () => ({ format: 'counter-without-available-now', options: {}, schema: COUNTER_SCHEMA }),
      create: () => source,
    })
    source.available = 5
    const df = newSession().readStream.format('counter-without-available-now').load()
    const run = await runToEnd(df, { availableNow: true }, { onBatch: (id) => id === 0 && (source.available += 10) })
    expect(run).toEqual({ batches: [['0', '1', '2', '3', '4']], terminated: true })
  })

  it('reads a source that cannot fix an end point in one batch of what it had at the start (Spark’s wrapper)', async () => {
    const spark = newSession()
    let now = 1_700_000_000_000
    spark.clock = () => now
    // The rate source does not support AvailableNow: at its start 0 seconds have passed, so the run reads the
    // (empty) batch 0 and stops, however far the clock moves meanwhile.
    const df = spark.readStream.format('rate').option('rowsPerSecond', 5).load()
    const run = await runToEnd(df, { availableNow: true }, { onBatch: (id) => id === 0 && (now += 10_000) })
    expect(run).toEqual({ batches: [[]], terminated: true })
  })
})

describe('Trigger.Once', () => {
  it('ignores maxFilesPerTrigger and reads all 10 files in one batch', async () => {
    const dir = join(tempDir(), 'in')
    writeFiles(dir, names(10))
    const run = await runToEnd(newSession().readStream.option('maxFilesPerTrigger', 3).text(dir), { once: true })
    expect(run).toEqual({ batches: [names(10)], terminated: true })
  })

  it('ignores a MemoryStream’s maxRowsPerTrigger and the Nexmark source’s maxEventsPerTrigger', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'value INT', { maxRowsPerTrigger: 2 })
    input.addData([[1], [2], [3]])
    expect(await runToEnd(input.toDF(), { once: true })).toEqual({ batches: [['1', '2', '3']], terminated: true })
    const nexmark = spark.readStream
      .format('nexmark')
      .options({ table: 'person', maxEvents: 1000, maxEventsPerTrigger: 300 })
      .load()
      .selectExpr('CAST(id AS STRING) AS value')
    const run = await runToEnd(nexmark, { once: true })
    expect(run.batches.map((b) => b.length)).toEqual([20])
  })
})

describe('MemoryStream with maxRowsPerTrigger', () => {
  it('splits additions across batches, with offsets inside an addition where a batch ends there', async () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'value INT', { maxRowsPerTrigger: 2 })
    input.addData([[1], [2], [3], [4], [5]])
    input.addData([[6]])
    const rows = (...list: number[]) => list.map((value) => ({ value }))
    await testStream(input.toDF())(
      ProcessAllAvailable(),
      CheckNewBatches.ordered(rows(1, 2), rows(3, 4), rows(5, 6)),
      AssertOnQuery((query) => {
        const offsets = query.recentProgress.map((p) => [p.sources[0]!.endOffset, p.sources[0]!.latestOffset])
        return (
          JSON.stringify(offsets) ===
          JSON.stringify([
            [{ batch: 0, rows: 2 }, 1],
            [{ batch: 0, rows: 4 }, 1],
            [1, 1],
          ])
        )
      }, 'batches end inside addition 0, then at addition 1; the latest offset is addition 1 throughout'),
      StopStream,
    )
  })

  it('rejects a limit that is not a positive integer', () => {
    const spark = newSession()
    expect(() => new MemoryStream(spark, 'value INT', { maxRowsPerTrigger: 0 })).toThrow(
      'Invalid read limit maxRows 0, must be a positive integer',
    )
  })
})

describe('row read limits (RowAdmission, as Spark applies them to Kafka)', () => {
  it('holds a batch back under minRows until enough rows wait or maxTriggerDelay passed', () => {
    let now = 0
    const admission = new RowAdmission(() => now)
    const limit = minRows(5, 1000)
    expect(admission.end(0, 3, limit)).toBe(0) // 3 rows < 5, no time passed: wait
    expect(admission.end(0, 5, limit)).toBe(5) // 5 rows: fire
    now = 500
    expect(admission.end(5, 7, limit)).toBe(5) // 2 rows, 500 ms since the last batch: wait
    now = 1000
    expect(admission.end(5, 7, limit)).toBe(7) // the delay passed: fire with 2 rows
    expect(admission.end(7, 20, compositeLimit(limit, maxRows(3)))).toBe(10) // enough rows; capped by maxRows
    expect(admission.end(10, 20, compositeLimit(maxRows(3), readAll()))).toBe(20) // all outranks the rest
  })
})
