// The file sink's and file source's metadata logs stay bounded for queries that run for months: compaction every
// compactInterval batches, deletion of what compaction made redundant once older than cleanupDelay (keeping
// minBatchesToRetain batches readable), and no list of unbounded length spread into a call's arguments.
import { readdirSync, utimesSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { FileSinkLog, type SinkFileStatus } from '../../src/connectors/sinks/file-sink-log.js'
import { FileSourceLog } from '../../src/connectors/sources/file-source-log.js'
import { col, MemoryStream } from '../../src/index.js'
import { MemoryBatchLog } from '../../src/runtime/batch-log.js'
import { newSession } from '../support/session.js'
import { tempDir, writeFile } from '../support/temp-files.js'

/** More batches than a call can take as spread arguments (V8 fails near 125 k). */
const MANY = 500_000

const status = (name: string): SinkFileStatus => ({
  path: `file:/out/${name}`,
  size: 1,
  isDir: false,
  modificationTime: 0,
  blockReplication: 1,
  blockSize: 33554432,
  action: 'add',
})

const logNames = (dir: string) => readdirSync(dir).filter((name) => /^\d+(\.compact)?$/.test(name))

describe('compactible metadata logs', () => {
  it(`keep ${MANY} batches of ids without a RangeError, in memory`, async () => {
    const source = new FileSourceLog(undefined)
    const offsets = new MemoryBatchLog<number>()
    for (let id = 0; id < MANY; id++) {
      source.add(id, [{ path: `file:/in/${id}`, timestamp: id, batchId: id }])
      await offsets.add(id, id)
    }
    expect(source.latestBatchId()).toBe(MANY - 1)
    expect(await offsets.latest()).toEqual({ batchId: MANY - 1, value: MANY - 1 })
  })

  it('a file sink log deletes the files a compaction made redundant once past cleanupDelay, keeping every entry', () => {
    const dir = join(tempDir(), '_spark_metadata')
    const settings = { compactInterval: 10, minBatchesToRetain: 20, cleanupDelayMs: 60_000 }
    const log = new FileSinkLog(dir, settings)
    // A batch a second for 300 seconds (each log file dated when its batch ran); a data file every 10 batches.
    const t0 = Date.now() - 3600_000
    let bound = 0
    for (let id = 0; id < 300; id++) {
      const at = t0 + id * 1000
      log.add(id, id % 10 === 0 ? [status(`part-${id}`)] : [], at)
      utimesSync(join(dir, log.isCompactionBatch(id) ? `${id}.compact` : String(id)), at / 1000, at / 1000)
      if (log.isCompactionBatch(id)) bound = Math.max(bound, logNames(dir).length)
    }
    // The last minute's batches (cleanupDelay) stay, back to the compaction before them.
    expect(bound).toBeLessThanOrEqual(60 + 10 + 1)
    expect(logNames(dir)).toHaveLength(60)
    expect(log.latestBatchId()).toBe(299)
    expect(log.allFiles().map((f) => f.path)).toEqual(Array.from({ length: 30 }, (_, i) => `file:/out/part-${i * 10}`))
    // Without a delay only the compaction before the retained 20 batches and what follows it stay.
    const quick = new FileSinkLog(join(tempDir(), '_spark_metadata'), { ...settings, cleanupDelayMs: 0 })
    for (let id = 0; id < 300; id++) quick.add(id, id % 10 === 0 ? [status(`part-${id}`)] : [])
    const names = logNames(quick.dir).sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10))
    expect(names[0]).toBe('279.compact')
    expect(names).toHaveLength(21)
    expect(quick.allFiles()).toHaveLength(30)
  })

  it('keeps every file when spark.sql.streaming.fileSink.log.deletion is false', () => {
    const log = new FileSinkLog(join(tempDir(), '_spark_metadata'), { deletion: false, cleanupDelayMs: 0 })
    for (let id = 0; id < 300; id++) log.add(id, [])
    expect(logNames(log.dir)).toHaveLength(300)
  })

  it('a file source log compacts every compactInterval batches and restores every batch after a restart', () => {
    const dir = join(tempDir(), 'sources', '0')
    const settings = { compactInterval: 10, minBatchesToRetain: 20, cleanupDelayMs: 0 }
    const log = new FileSourceLog(dir, settings)
    const entry = (id: number) => ({ path: `file:/in/${id}.json`, timestamp: id, batchId: id })
    for (let id = 0; id < 300; id++) log.add(id, [entry(id)])
    expect(logNames(dir)).toHaveLength(21)
    expect(logNames(dir)).toContain('299.compact')
    const restarted = new FileSourceLog(dir, settings)
    expect(restarted.latestBatchId()).toBe(299)
    expect(restarted.get(0)).toEqual([entry(0)])
    expect(restarted.get(285)).toEqual([entry(285)])
    expect(restarted.allEntries()).toHaveLength(300)
  })

  it('a file → file query keeps both logs bounded under its confs and loses no row', async () => {
    const root = tempDir()
    const spark = newSession({
      'spark.sql.streaming.minBatchesToRetain': '4',
      'spark.sql.streaming.fileSink.log.compactInterval': '2',
      'spark.sql.streaming.fileSink.log.cleanupDelay': '0',
      'spark.sql.streaming.fileSource.log.compactInterval': '3',
      'spark.sql.streaming.fileSource.log.cleanupDelay': '0ms',
    })
    for (let i = 0; i < 30; i++) writeFile(join(root, 'in', `${String(i).padStart(2, '0')}.json`), `{"n":${i}}\n`, i)
    const query = spark.readStream
      .schema('n INT')
      .option('maxFilesPerTrigger', 1)
      .json(join(root, 'in'))
      .select(col('n'))
      .writeStream.format('json')
      .option('checkpointLocation', join(root, 'checkpoint'))
      .start(join(root, 'out'))
    await query.processAllAvailable()
    await query.stop()
    expect(logNames(join(root, 'out', '_spark_metadata')).length).toBeLessThanOrEqual(4 + 2 * 2)
    expect(logNames(join(root, 'checkpoint', 'sources', '0')).length).toBeLessThanOrEqual(4 + 2 * 3)
    const rows = spark.read.schema('n INT').json(join(root, 'out')).collect()
    expect(rows.map((r) => r.n).sort((a, b) => (a as number) - (b as number))).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    )
  })

  it('rejects a cleanupDelay that is not a time', () => {
    const spark = newSession({ 'spark.sql.streaming.fileSink.log.cleanupDelay': 'soon' })
    const input = new MemoryStream(spark, 'n INT')
    expect(() =>
      input.toDF().writeStream.format('json').option('checkpointLocation', tempDir()).start(tempDir()),
    ).toThrow('spark.sql.streaming.fileSink.log.cleanupDelay should be in time format (e.g. 10m), but was soon')
  })
})
