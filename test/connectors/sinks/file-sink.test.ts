// The file sink: part files and the _spark_metadata log, exactly-once by batch id, invisible uncommitted files,
// partitionBy directories, log compaction, Spark's errors, and write → read round trips for every format.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchFromRows } from '../../../src/arrow/index.js'
import { Options } from '../../../src/connectors/options.js'
import { fileSinkProvider } from '../../../src/connectors/sinks/file-sink.js'
import { col, count, MemoryStream } from '../../../src/index.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { newSession } from '../../support/session.js'
import { sortRows } from '../../support/sort-rows.js'
import { CheckAnswer } from '../../support/stream-actions.js'
import { listTree, tempDir, writeFile } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const PART_FILE = /^part-00000-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}-c000\./

/** A checkpoint directory beside an output directory (file sinks require one, as in Spark). */
const checkpointFor = (out: string) => join(dirname(out), 'checkpoint')

function sinkFor(format: string, path: string, schema: string, options: Record<string, string> = {}, conf = {}) {
  return fileSinkProvider(format).create({
    schema: parseSchemaString(schema),
    outputMode: 'append',
    options: new Options(Object.entries({ path, ...options })),
    queryName: undefined,
    conf: (key) => (conf as Record<string, string>)[key] ?? (key === 'spark.sql.session.timeZone' ? 'UTC' : undefined),
    write: () => {},
  })
}

describe('file sink', () => {
  it('writes part files, then a _spark_metadata/<batchId> log entry in Spark’s format', async () => {
    const out = join(tempDir(), 'out')
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, name STRING')
    const query = input.toDF().writeStream.format('json').option('checkpointLocation', checkpointFor(out)).start(out)
    input.addData([
      [1, 'a'],
      [2, 'b'],
    ])
    await query.processAllAvailable()
    expect(query.lastProgress!.sink.description).toBe(`FileSink[${out}]`)
    // Spark's V1 sinks do not count what they write.
    expect(query.lastProgress!.sink.numOutputRows).toBe(-1)
    await query.stop()
    const files = readdirSync(out).filter((f) => f !== '_spark_metadata')
    expect(files).toHaveLength(1)
    expect(files[0]).toMatch(PART_FILE)
    expect(files[0]!.endsWith('-c000.json')).toBe(true)
    expect(readFileSync(join(out, files[0]!), 'utf8')).toBe('{"id":1,"name":"a"}\n{"id":2,"name":"b"}\n')
    const [version, ...entries] = readFileSync(join(out, '_spark_metadata', '0'), 'utf8').split('\n')
    expect(version).toBe('v1')
    expect(entries).toHaveLength(1)
    const entry = JSON.parse(entries[0]!)
    expect(Object.keys(entry)).toEqual([
      'path',
      'size',
      'isDir',
      'modificationTime',
      'blockReplication',
      'blockSize',
      'action',
    ])
    expect(entry).toMatchObject({ path: `file:${join(out, files[0]!)}`, isDir: false, action: 'add' })
    expect(entry.size).toBe(readFileSync(join(out, files[0]!)).length)
  })

  it('ignores a batch id it already committed (exactly-once on replay)', () => {
    const out = join(tempDir(), 'out')
    const schema = parseSchemaString('id INT')
    const sink = sinkFor('csv', out, 'id INT')
    sink.addBatch(0, batchFromRows(schema, [[1]]))
    const before = listTree(out)
    sink.addBatch(0, batchFromRows(schema, [[1]]))
    // A new sink instance (a restarted query) sees the same log.
    sinkFor('csv', out, 'id INT').addBatch(0, batchFromRows(schema, [[1]]))
    expect(listTree(out)).toEqual(before)
    expect(newSession().read.csv(out, 'id INT').collect()).toEqual([{ id: 1 }])
  })

  it('hides data files no log entry names (a crash before the commit) from spark.read and file sources', async () => {
    const out = join(tempDir(), 'out')
    const schema = parseSchemaString('id INT')
    sinkFor('json', out, 'id INT').addBatch(0, batchFromRows(schema, [[1]]))
    writeFile(join(out, 'part-00000-00000000-0000-0000-0000-000000000000-c000.json'), '{"id":99}\n')
    const spark = newSession()
    expect(spark.read.json(out).collect()).toEqual([{ id: 1 }])
    await testStream(spark.readStream.json(out, 'id INT'))(CheckAnswer({ id: 1 }))
  })

  it('lays out partitionBy columns as escaped col=value directories, nulls in __HIVE_DEFAULT_PARTITION__', async () => {
    const out = join(tempDir(), 'out')
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, country STRING, year INT')
    const query = input
      .toDF()
      .writeStream.format('parquet')
      .option('checkpointLocation', checkpointFor(out))
      .partitionBy('country', 'year')
      .start(out)
    input.addData([
      [1, 'FR', 2024],
      [2, 'a/b', 2024],
      [3, null, 2023],
      [4, 'FR', 2024],
    ])
    await query.processAllAvailable()
    await query.stop()
    const dirs = listTree(out)
      .filter((f) => !f.startsWith('_spark_metadata'))
      .map((f) => f.split('/').slice(0, -1).join('/'))
    expect(dirs).toEqual([
      'country=FR/year=2024',
      'country=__HIVE_DEFAULT_PARTITION__/year=2023',
      'country=a%2Fb/year=2024',
    ])
    expect(sortRows(spark.read.parquet(out).collect())).toEqual(
      sortRows([
        { id: 1, country: 'FR', year: 2024 },
        { id: 4, country: 'FR', year: 2024 },
        { id: 2, country: 'a/b', year: 2024 },
        { id: 3, country: null, year: 2023 },
      ]),
    )
  })

  it('compacts the log every compactInterval batches into <id>.compact, still listing every file', () => {
    const out = join(tempDir(), 'out')
    const schema = parseSchemaString('id INT')
    const sink = sinkFor('csv', out, 'id INT', {}, { 'spark.sql.streaming.fileSink.log.compactInterval': '3' })
    for (let batchId = 0; batchId < 7; batchId++) sink.addBatch(batchId, batchFromRows(schema, [[batchId]]))
    expect(readdirSync(join(out, '_spark_metadata')).sort()).toEqual([
      '0',
      '1',
      '2.compact',
      '3',
      '4',
      '5.compact',
      '6',
    ])
    const compacted = readFileSync(join(out, '_spark_metadata', '5.compact'), 'utf8').split('\n')
    expect(compacted[0]).toBe('v1')
    expect(compacted).toHaveLength(7)
    const rows = newSession().read.csv(out, 'id INT').collect()
    expect(rows.map((r) => r.id).sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  it("compacts every 10 batches by default (Spark's spark.sql.streaming.fileSink.log.compactInterval)", () => {
    const out = join(tempDir(), 'out')
    const schema = parseSchemaString('id INT')
    const sink = sinkFor('json', out, 'id INT')
    for (let batchId = 0; batchId < 11; batchId++) sink.addBatch(batchId, batchFromRows(schema, [[batchId]]))
    const log = readdirSync(join(out, '_spark_metadata'))
    expect(log).toContain('9.compact')
    expect(log).toContain('10')
    expect(newSession().read.json(out).count()).toBe(11)
  })

  it("raises Spark's errors for other output modes, a missing path and bad partition columns", () => {
    const spark = newSession()
    const input = new MemoryStream(spark, 'id INT, k STRING')
    const counts = input
      .toDF()
      .groupBy('k')
      .agg(count(col('id')).alias('n'))
    const cp = { checkpointLocation: join(tempDir(), 'checkpoint') }
    expect(() => counts.writeStream.outputMode('update').format('json').options(cp).start(tempDir())).toThrow(
      'Data source json does not support Update output mode',
    )
    expect(() => input.toDF().writeStream.format('csv').options(cp).start()).toThrow("'path' is not specified")
    // The sink is checked before the checkpoint is resolved, as in Spark.
    expect(() => input.toDF().writeStream.format('csv').start()).toThrow("'path' is not specified")
    expect(() => counts.writeStream.outputMode('update').format('json').start(tempDir())).toThrow(
      'Data source json does not support Update output mode',
    )
    expect(() => input.toDF().writeStream.format('csv').options(cp).partitionBy('nope').start(tempDir())).toThrow(
      'Partition column `nope` not found in schema struct<id:int,k:string>',
    )
    expect(() => input.toDF().writeStream.format('csv').options(cp).partitionBy('id', 'k').start(tempDir())).toThrow(
      '[ALL_PARTITION_COLUMNS_NOT_ALLOWED] Cannot use all columns for partition columns.',
    )
    expect(() => input.toDF().writeStream.format('text').options(cp).start(tempDir())).toThrow(
      'Text data source supports only a single column, and you have 2 columns.',
    )
  })
})

describe('round trips through the file sink and spark.read', () => {
  const rows = [
    { id: 1, name: 'Zoë, "quoted"', score: 1.5, ok: true, day: new Date(Date.UTC(2024, 1, 29)) },
    { id: 2, name: null, score: null, ok: false, day: null },
    { id: 3, name: '', score: -0.25, ok: null, day: new Date(0) },
  ]
  const schema = 'id INT, name STRING, score DOUBLE, ok BOOLEAN, day DATE'

  for (const format of ['csv', 'json', 'parquet']) {
    it(`${format}: what the sink writes reads back unchanged`, async () => {
      const out = join(tempDir(), 'out')
      const spark = newSession()
      const input = new MemoryStream(spark, schema)
      const writer = input
        .toDF()
        .writeStream.format(format)
        .option('header', true)
        .option('checkpointLocation', checkpointFor(out))
      const query = writer.start(out)
      input.addData(rows)
      await query.processAllAvailable()
      input.addData([rows[0]!])
      await query.processAllAvailable()
      await query.stop()
      const back = spark.read.schema(schema).option('header', true).format(format).load(out)
      // CSV writes an empty string as "" and Spark reads it back as null (nullValue and emptyValue are both '').
      const expected = format === 'csv' ? rows.map((r) => ({ ...r, name: r.name === '' ? null : r.name })) : rows
      expect(sortRows(back.collect())).toEqual(sortRows([...expected, expected[0]!]))
    })
  }

  it('text: lines written by the sink read back, streamed from the sink directory', async () => {
    const out = join(tempDir(), 'out')
    const spark = newSession()
    const input = new MemoryStream(spark, 'value STRING')
    const query = input.toDF().writeStream.format('text').option('checkpointLocation', checkpointFor(out)).start(out)
    input.addData([['first line'], ['second, line']])
    await query.processAllAvailable()
    await query.stop()
    expect(spark.read.text(out).collect()).toEqual([{ value: 'first line' }, { value: 'second, line' }])
    await testStream(spark.readStream.text(out))(
      CheckAnswer.ordered({ value: 'first line' }, { value: 'second, line' }),
    )
  })
})
