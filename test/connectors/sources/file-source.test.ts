// The streaming file source: new files as they appear, offsets, rate limits, ordering, maxFileAge, cleanSource,
// partition columns, the seen-files log on disk (replay after a restart), and Spark's load() errors.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { rowsOf } from '../../../src/arrow/index.js'
import { Options } from '../../../src/connectors/options.js'
import { readAll } from '../../../src/connectors/read-limit.js'
import { fileSourceProvider } from '../../../src/connectors/sources/file-source.js'
import { AnalysisException, IllegalArgumentException } from '../../../src/index.js'
import { newSession } from '../../support/session.js'
import { sortRows } from '../../support/sort-rows.js'
import {
  AssertOnQuery,
  CheckAnswer,
  CheckNewBatches,
  Execute,
  ProcessAllAvailable,
} from '../../support/stream-actions.js'
import { listTree, tempDir, writeFile } from '../../support/temp-files.js'
import { testStream } from '../../support/test-stream.js'

const T0 = Date.UTC(2024, 0, 1)

describe('file source', () => {
  it('picks up files added while the query runs, one batch per new set, with Spark offsets and description', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'a.csv'), '1,x\n2,y\n')
    const spark = newSession()
    await testStream(spark.readStream.csv(dir, 'id INT, name STRING'))(
      CheckNewBatches.ordered([
        { id: 1, name: 'x' },
        { id: 2, name: 'y' },
      ]),
      Execute('add b.csv', () => writeFile(join(dir, 'b.csv'), '3,z\n')),
      CheckNewBatches.ordered([{ id: 3, name: 'z' }]),
      AssertOnQuery((q) => {
        const progress = q.lastProgress!.sources[0]!
        expect(progress.description).toBe(`FileStreamSource[file:${dir}]`)
        expect(progress.startOffset).toEqual({ logOffset: 0 })
        expect(progress.endOffset).toEqual({ logOffset: 1 })
        expect(progress.numInputRows).toBe(1)
      }, 'the source progress'),
    )
  })

  it('runs no batch while the directory is empty', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, '.hidden'), 'x\n')
    await testStream(newSession().readStream.text(dir))(
      CheckNewBatches(),
      Execute('add a.txt', () => writeFile(join(dir, 'a.txt'), 'hello\n')),
      CheckAnswer({ value: 'hello' }),
    )
  })

  it('maxFilesPerTrigger splits the files over several batches, oldest modification time first', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'c.txt'), 'c\n', T0 + 1000)
    writeFile(join(dir, 'a.txt'), 'a\n', T0 + 3000)
    writeFile(join(dir, 'b.txt'), 'b\n', T0 + 2000)
    await testStream(newSession().readStream.option('maxFilesPerTrigger', 1).text(dir))(
      CheckNewBatches([{ value: 'c' }], [{ value: 'b' }], [{ value: 'a' }]),
    )
  })

  it('maxBytesPerTrigger takes files up to the byte budget, always at least one', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'a.txt'), 'aaaa\n', T0)
    writeFile(join(dir, 'b.txt'), 'bbbb\n', T0 + 1000)
    writeFile(join(dir, 'c.txt'), 'cccccccccccc\n', T0 + 2000)
    await testStream(newSession().readStream.option('maxBytesPerTrigger', 10).text(dir))(
      CheckNewBatches.ordered([{ value: 'aaaa' }, { value: 'bbbb' }], [{ value: 'cccccccccccc' }]),
    )
    expect(() => newSession().readStream.options({ maxBytesPerTrigger: 10, maxFilesPerTrigger: 1 }).text(dir)).toThrow(
      "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time",
    )
  })

  it('fileNameOnly treats files of the same name in different directories as one', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'x', 'data.txt'), 'first\n', T0)
    await testStream(newSession().readStream.option('fileNameOnly', true).text(dir))(
      ProcessAllAvailable(),
      Execute('add y/data.txt and y/other.txt', () => {
        writeFile(join(dir, 'y', 'data.txt'), 'second\n', T0 + 1000)
        writeFile(join(dir, 'y', 'other.txt'), 'third\n', T0 + 1000)
      }),
      CheckAnswer.ordered({ value: 'first' }, { value: 'third' }),
    )
  })

  it('latestFirst takes the newest files first', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'old.txt'), 'old\n', T0)
    writeFile(join(dir, 'mid.txt'), 'mid\n', T0 + 1000)
    writeFile(join(dir, 'new.txt'), 'new\n', T0 + 2000)
    const df = newSession().readStream.options({ latestFirst: true, maxFilesPerTrigger: 2 }).text(dir)
    await testStream(df)(CheckNewBatches.ordered([{ value: 'new' }, { value: 'mid' }], [{ value: 'old' }]))
  })

  it('maxFileAge ignores files older than the newest seen file minus the age, but not in the first batch', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'ancient.txt'), 'ancient\n', T0 - 86_400_000)
    writeFile(join(dir, 'recent.txt'), 'recent\n', T0)
    await testStream(newSession().readStream.option('maxFileAge', '1h').text(dir))(
      CheckNewBatches([{ value: 'ancient' }, { value: 'recent' }]),
      Execute('add an old and a newer file', () => {
        writeFile(join(dir, 'late-but-old.txt'), 'late-but-old\n', T0 - 2 * 3_600_000)
        writeFile(join(dir, 'newer.txt'), 'newer\n', T0 + 60_000)
      }),
      CheckNewBatches([{ value: 'newer' }]),
    )
  })

  it('cleanSource delete removes the files of committed batches', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'a.txt'), 'a\n')
    await testStream(newSession().readStream.option('cleanSource', 'delete').text(dir))(
      ProcessAllAvailable(),
      AssertOnQuery(() => existsSync(join(dir, 'a.txt')), 'a.txt stays while its batch is not committed'),
      Execute('add b.txt', () => writeFile(join(dir, 'b.txt'), 'b\n')),
      CheckAnswer.ordered({ value: 'a' }, { value: 'b' }),
      // Batch 0 is committed when batch 1 starts; batch 1's file stays until the next batch.
      AssertOnQuery(() => expect(listTree(dir)).toEqual(['b.txt']), 'a.txt is deleted, b.txt is not'),
    )
  })

  it('cleanSource archive moves committed files under sourceArchiveDir, keeping their full path', async () => {
    const root = tempDir()
    const dir = join(root, 'in')
    const archive = join(root, 'archive')
    writeFile(join(dir, 'sub', 'a.txt'), 'a\n')
    const df = newSession().readStream.options({ cleanSource: 'archive', sourceArchiveDir: archive }).text(dir)
    await testStream(df)(
      ProcessAllAvailable(),
      Execute('add b.txt', () => writeFile(join(dir, 'b.txt'), 'b\n')),
      ProcessAllAvailable(),
      AssertOnQuery(() => {
        expect(existsSync(join(archive, dir, 'sub', 'a.txt'))).toBe(true)
        expect(listTree(dir)).toEqual(['b.txt'])
      }, 'a.txt is archived under its full path'),
    )
  })

  it('appends key=value directories as partition columns, typed by inference or by the user schema', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'day=2024-01-01', 'n=1', 'a.json'), '{"v":"a"}\n')
    writeFile(join(dir, 'day=2024-01-02', 'n=2', 'b.json'), '{"v":"b"}\n')
    const spark = newSession()
    const df = spark.readStream.json(dir, 'v STRING, n STRING')
    expect(df.dtypes).toEqual([
      ['v', 'string'],
      ['day', 'date'],
      ['n', 'string'],
    ])
    await testStream(df)(
      CheckAnswer(
        { v: 'a', day: new Date(Date.UTC(2024, 0, 1)), n: '1' },
        { v: 'b', day: new Date(Date.UTC(2024, 0, 2)), n: '2' },
      ),
    )
  })

  it('filters names with pathGlobFilter and reads subdirectories', async () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'keep.csv'), '1\n')
    writeFile(join(dir, 'skip.txt'), '2\n')
    writeFile(join(dir, 'nested', 'deep.csv'), '3\n')
    writeFile(join(dir, '_temporary', 'x.csv'), '4\n')
    const df = newSession().readStream.option('pathGlobFilter', '*.csv').csv(dir, 'a INT')
    await testStream(df)(CheckAnswer({ a: 1 }, { a: 3 }))
  })

  it('infers the schema from existing files when spark.sql.streaming.schemaInference is on', () => {
    const dir = join(tempDir(), 'in')
    writeFile(join(dir, 'a.json'), '{"b":1,"a":"x"}\n')
    const spark = newSession({ 'spark.sql.streaming.schemaInference': 'true' })
    expect(spark.readStream.json(dir).dtypes).toEqual([
      ['a', 'string'],
      ['b', 'bigint'],
    ])
  })

  it('keeps its seen-files log under the metadata path, so a restarted source replays the same files', async () => {
    const root = tempDir()
    const dir = join(root, 'in')
    const metadataPath = join(root, 'checkpoint', 'sources', '0')
    writeFile(join(dir, 'a.txt'), 'a\n', T0)
    const conf = (key: string) => (key === 'spark.sql.session.timeZone' ? 'UTC' : undefined)
    const provider = fileSourceProvider('text')
    const described = provider.describe(new Options(), undefined, dir, conf)
    const first = provider.create(described, { conf, metadataPath, now: () => 0 })
    expect(await first.latestOffset(null, readAll())).toEqual({ logOffset: 0 })
    writeFile(join(dir, 'b.txt'), 'b\n', T0 + 1000)
    expect(await first.latestOffset({ logOffset: 0 }, readAll())).toEqual({ logOffset: 1 })
    expect(listTree(metadataPath)).toEqual(['0', '1'])
    expect(listTree(join(root, 'checkpoint'))).toEqual(['sources/0/0', 'sources/0/1'])

    const restarted = provider.create(described, { conf, metadataPath, now: () => 0 })
    const replay = await restarted.getBatch({ logOffset: 0 }, { logOffset: 1 })
    expect(replay.flatMap((b) => rowsOf(b, described.schema))).toEqual([{ value: 'b' }])
    // Files already logged are not new to the restarted source.
    expect(await restarted.latestOffset({ logOffset: 1 }, readAll())).toEqual({ logOffset: 1 })
  })

  it("raises Spark's errors at load()", () => {
    const spark = newSession()
    const dir = tempDir()
    expect(() => spark.readStream.format('csv').load(dir)).toThrow(
      new IllegalArgumentException(
        "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the directory, then depending on the file format you may be able to create a static DataFrame on that directory with 'spark.read.load(directory)' and infer schema from it.",
      ),
    )
    expect(() => spark.readStream.format('json').schema('a INT').load()).toThrow("'path' is not specified")
    expect(() => spark.readStream.text(join(dir, 'missing'))).toThrow(
      new AnalysisException(`Path does not exist: ${join(dir, 'missing')}.`, { errorClass: 'PATH_NOT_FOUND' }),
    )
    expect(() => spark.readStream.option('maxFilesPerTrigger', 0).text(dir)).toThrow(
      "Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer",
    )
    expect(() => spark.readStream.option('maxFilesPerTrigger', 'x').text(dir)).toThrow(
      "Invalid value 'x' for option 'maxFilesPerTrigger', must be a positive integer",
    )
    expect(() => spark.readStream.option('latestFirst', 'yes').text(dir)).toThrow(
      "Invalid value 'yes' for option 'latestFirst', must be 'true' or 'false'",
    )
    expect(() => spark.readStream.option('cleanSource', 'move').text(dir)).toThrow(
      'Invalid mode for clean source option Some(move). Must be one of ARCHIVE,DELETE,OFF',
    )
    expect(() => spark.readStream.option('cleanSource', 'archive').text(dir)).toThrow(
      "Archive mode must be used with 'sourceArchiveDir' option.",
    )
    expect(() =>
      spark.readStream.options({ cleanSource: 'archive', sourceArchiveDir: join(dir, 'archive') }).text(dir),
    ).toThrow('Base archive path cannot be set to the path where archived path can possibly match with source pattern.')
  })
})

describe('file source to file sink with a checkpoint', () => {
  it('resumes after a restart: old files are not read again, new ones are, nothing is duplicated', async () => {
    const root = tempDir()
    const input = join(root, 'in')
    const out = join(root, 'out')
    const checkpoint = join(root, 'checkpoint')
    writeFile(join(input, 'a.csv'), '1,a\n2,b\n', T0)
    const spark = newSession()
    const start = () =>
      spark.readStream
        .csv(input, 'id INT, name STRING')
        .writeStream.format('parquet')
        .option('checkpointLocation', checkpoint)
        .start(out)
    const first = start()
    await first.processAllAvailable()
    await first.stop()
    expect(listTree(join(checkpoint, 'sources', '0'))).toEqual(['0'])
    writeFile(join(input, 'b.csv'), '3,c\n', T0 + 1000)
    const second = start()
    await second.processAllAvailable()
    await second.stop()
    expect(sortRows(spark.read.parquet(out).collect())).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
      { id: 3, name: 'c' },
    ])
    expect(second.lastProgress!.sources[0]!.endOffset).toEqual({ logOffset: 1 })
  })
})
