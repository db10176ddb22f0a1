// No file can poison a file read: hostile nesting is one malformed record (Jackson's depth limit of 1000), a
// damaged Parquet file is a typed error naming it, files larger than one buffer are read in record-aligned pieces
// or refused by name, and ignoreCorruptFiles / ignoreMissingFiles skip with Spark's WARN lines.
import { closeSync, openSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { batchFromRows, rowsOf } from '../../../src/arrow/index.js'
import { writeParquet } from '../../../src/connectors/formats/parquet.js'
import { Options } from '../../../src/connectors/options.js'
import { readAll } from '../../../src/connectors/read-limit.js'
import { qualifiedUri } from '../../../src/connectors/sources/file-listing.js'
import { MAX_BUFFER_CONF } from '../../../src/connectors/sources/file-read.js'
import { fileSourceProvider } from '../../../src/connectors/sources/file-source.js'
import { SparkError } from '../../../src/index.js'
import { parseSchemaString } from '../../../src/types/ddl.js'
import { capturedLog } from '../../support/captured-log.js'
import { newSession } from '../../support/session.js'
import { tempDir, writeFile } from '../../support/temp-files.js'

const log = capturedLog()

/** `{"a":N,"b":[[...]]}` with `depth` levels of arrays under `b` (so the document's depth is depth + 1). */
const nested = (a: number, depth: number) => `{"a":${a},"b":${'['.repeat(depth)}${']'.repeat(depth)}}`

const parquetOf = (values: number[]) => {
  const schema = parseSchemaString('v INT')
  return writeParquet(
    batchFromRows(
      schema,
      values.map((v) => [v]),
    ),
    schema,
  )
}

/** The error `run` throws (failing the test if it does not). */
function thrown(run: () => unknown): SparkError {
  try {
    run()
  } catch (error) {
    expect(error).toBeInstanceOf(SparkError)
    return error as SparkError
  }
  throw new Error('expected an error')
}

describe('deeply nested JSON', () => {
  const hostile = () =>
    writeFile(join(tempDir(), 'deep.json'), [nested(1, 2), nested(2, 10_000), nested(3, 999)].join('\n'))

  it('PERMISSIVE: a document nested past 1000 levels is a corrupt record; 1000 levels still parse', () => {
    const path = hostile()
    const rows = newSession().read.json(path, 'a INT, b STRING, _corrupt_record STRING').collect()
    expect(rows).toEqual([
      { a: 1, b: '[[]]', _corrupt_record: null },
      { a: null, b: null, _corrupt_record: nested(2, 10_000) },
      { a: 3, b: `${'['.repeat(999)}${']'.repeat(999)}`, _corrupt_record: null },
    ])
  })

  it('DROPMALFORMED drops it, whatever the type of the column it is in', () => {
    const path = hostile()
    const spark = newSession()
    expect(spark.read.option('mode', 'DROPMALFORMED').json(path, 'a INT, b STRING').collect()).toEqual([
      { a: 1, b: '[[]]' },
      { a: 3, b: `${'['.repeat(999)}${']'.repeat(999)}` },
    ])
    // Typed as array<array<int>>, the 10 000-level record fails on depth (the 999-level one on its type).
    const typed = spark.read.option('mode', 'DROPMALFORMED').json(path, 'a INT, b ARRAY<ARRAY<INT>>').collect()
    expect(typed).toEqual([{ a: 1, b: [[]] }])
  })

  it("FAILFAST fails with Spark's error naming the file and the line", () => {
    const path = hostile()
    const error = thrown(() => newSession().read.option('mode', 'FAILFAST').json(path, 'a INT, b STRING').collect())
    expect(error.errorClass).toBe('FAILED_READ_FILE.NO_HINT')
    expect(error.message).toContain(`Encountered error while reading file ${qualifiedUri(path)}. Line 2:`)
    expect(error.message).toContain('Malformed records are detected in record parsing: [null,null].')
    expect(String((error.cause as Error).cause)).toContain('Document nesting depth (1001) exceeds the maximum allowed')
  })

  it('schema inference sees a corrupt record, not a 10 000-level type', () => {
    const path = writeFile(join(tempDir(), 'deep.json'), `{"a":1}\n${nested(2, 10_000)}\n`)
    const df = newSession().read.json(path)
    expect(df.schema.simpleString()).toBe('struct<_corrupt_record:string,a:bigint>')
  })
})

describe('damaged Parquet files', () => {
  const footerError = (path: string) =>
    `[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER] Encountered error while reading file ${qualifiedUri(path)}. Could not read footer.`

  it.each([
    ['empty', () => new Uint8Array(0)],
    ['cut short', () => parquetOf([1, 2, 3]).subarray(0, 40)],
    ['not Parquet at all', () => new TextEncoder().encode('{"v": 1}\n')],
  ])('a file that is %s is a typed error naming it', (_, bytes) => {
    const dir = tempDir()
    writeFile(join(dir, 'a.parquet'), parquetOf([1]))
    const bad = writeFile(join(dir, 'b.parquet'), bytes())
    const error = thrown(() => newSession().read.schema('v INT').parquet(dir).collect())
    expect(error.message).toContain(footerError(bad))
    // Schema inference reads the footer of the first file: the same error.
    expect(thrown(() => newSession().read.parquet(bad)).message).toContain(footerError(bad))
  })

  it('a file whose pages are damaged behind an intact footer is a typed error naming it', () => {
    const bytes = parquetOf(Array.from({ length: 1000 }, (_, i) => i))
    // Overwrite the column chunk (the bytes after the magic `PAR1`), keeping the footer.
    bytes.fill(0xff, 4, 200)
    const path = writeFile(join(tempDir(), 'a.parquet'), bytes)
    const error = thrown(() => newSession().read.schema('v INT').parquet(path).collect())
    expect(error.message).toContain(`Encountered error while reading file ${qualifiedUri(path)}.`)
    expect(error.errorClass).toMatch(/^FAILED_READ_FILE\./)
  })

  it('ignoreCorruptFiles (option or session conf) skips the file with a WARN naming it', () => {
    const dir = tempDir()
    writeFile(join(dir, 'a.parquet'), parquetOf([1, 2]))
    const bad = writeFile(join(dir, 'b.parquet'), parquetOf([3]).subarray(0, 20))
    writeFile(join(dir, 'c.parquet'), parquetOf([4]))
    const viaOption = newSession().read.option('ignoreCorruptFiles', 'true').schema('v INT').parquet(dir)
    expect(viaOption.collect().map((r) => r.v)).toEqual([1, 2, 4])
    expect(log.lines).toHaveLength(1)
    expect(log.lines[0]).toContain(
      `WARN FileScanRDD: Skipped the rest of the content in the corrupted file: path: ${qualifiedUri(bad)}, range: 0-20`,
    )
    const viaConf = newSession({ 'spark.sql.files.ignoreCorruptFiles': 'true' }).read.schema('v INT').parquet(dir)
    expect(viaConf.collect().map((r) => r.v)).toEqual([1, 2, 4])
    // The option wins over the conf.
    const overridden = () =>
      newSession({ 'spark.sql.files.ignoreCorruptFiles': 'true' })
        .read.option('ignoreCorruptFiles', 'false')
        .schema('v INT')
        .parquet(dir)
    expect(overridden).toThrow(footerError(bad))
  })
})

describe('files larger than one buffer', () => {
  const limited = (limit: number) => newSession({ [MAX_BUFFER_CONF]: String(limit) })

  it('JSON Lines are read in line-aligned pieces: every record once, \\r\\n never split', () => {
    const lines = Array.from({ length: 200 }, (_, i) => `{"id":${i},"s":"${'x'.repeat(i % 37)}"}`)
    const path = writeFile(join(tempDir(), 'big.json'), `${lines.join('\r\n')}\r\n`)
    for (const limit of [56, 127, 1000]) {
      const rows = limited(limit).read.json(path, 'id INT, s STRING, _corrupt_record STRING').collect()
      expect(rows).toEqual(lines.map((_, i) => ({ id: i, s: 'x'.repeat(i % 37), _corrupt_record: null })))
    }
  })

  it('CSV keeps its header to the first piece; FAILFAST names the line in the whole file', () => {
    const body = Array.from({ length: 100 }, (_, i) => `${i},name${i}`)
    const path = writeFile(join(tempDir(), 'big.csv'), ['id,name', ...body, 'oops,x', '101,y'].join('\n'))
    const spark = limited(48)
    const rows = spark.read.option('header', true).option('mode', 'DROPMALFORMED').csv(path, 'id INT, name STRING')
    expect(rows.collect()).toEqual([...body.map((_, i) => ({ id: i, name: `name${i}` })), { id: 101, name: 'y' }])
    const failfast = () =>
      spark.read.option('header', true).option('mode', 'FAILFAST').csv(path, 'id INT, name STRING').collect()
    expect(thrown(failfast).message).toContain(`Encountered error while reading file ${qualifiedUri(path)}. Line 102:`)
  })

  it('text with lone \\r line ends and with a lineSep reads the same lines as in one piece', () => {
    const values = Array.from({ length: 60 }, (_, i) => `line ${i}`)
    const dir = tempDir()
    const cr = writeFile(join(dir, 'cr.txt'), values.join('\r'))
    const sep = writeFile(join(dir, 'sep.txt'), values.join('<>'))
    const spark = limited(32)
    expect(
      spark.read
        .text(cr)
        .collect()
        .map((r) => r.value),
    ).toEqual(values)
    expect(
      spark.read
        .text(sep, { lineSep: '<>' })
        .collect()
        .map((r) => r.value),
    ).toEqual(values)
  })

  it('a record longer than the limit is a typed error naming the file and the line', () => {
    const path = writeFile(join(tempDir(), 'a.json'), `{"a":1}\n{"a":"${'y'.repeat(200)}"}\n{"a":3}\n`)
    const error = thrown(() => limited(64).read.json(path, 'a STRING').collect())
    expect(error.message).toBe(
      `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file ${qualifiedUri(path)}. Line 2 is longer than 64 bytes, the most one record may hold.`,
    )
    // ignoreCorruptFiles keeps what was read before it.
    const kept = limited(64).read.option('ignoreCorruptFiles', true).json(path, 'a STRING').collect()
    expect(kept).toEqual([{ a: '1' }])
  })

  it('a file that must be read whole is refused by name without being read (a sparse 600 MiB file)', () => {
    const dir = tempDir()
    const path = join(dir, 'huge.json')
    closeSync(openSync(path, 'w'))
    truncateSync(path, 600 * 1024 * 1024)
    const error = thrown(() => newSession().read.option('multiLine', true).json(path, 'a INT').collect())
    expect(error.message).toBe(
      `[FAILED_READ_FILE.NO_HINT] Encountered error while reading file ${qualifiedUri(path)}. The file is 629145600 bytes, more than the 536870888 bytes a file read as one document (multiLine, wholetext, an encoding) can be read in.`,
    )
  })

  it("a binary file over Node's 2 GiB read limit is refused by name (sparse)", () => {
    const path = join(tempDir(), 'huge.parquet')
    closeSync(openSync(path, 'w'))
    truncateSync(path, 2 ** 31 + 10)
    const error = thrown(() => newSession().read.schema('v INT').parquet(path).collect())
    expect(error.message).toContain(
      `Encountered error while reading file ${qualifiedUri(path)}. The file is 2147483658 bytes`,
    )
  })
})

describe('missing files in a streaming read', () => {
  async function readAfterDeleting(options: Record<string, string>, conf: Record<string, string> = {}) {
    const dir = tempDir()
    writeFile(join(dir, 'a.txt'), 'a\n', 1000)
    const gone = writeFile(join(dir, 'b.txt'), 'b\n', 2000)
    const provider = fileSourceProvider('text')
    const confOf = (key: string) => conf[key]
    const described = provider.describe(new Options(Object.entries(options)), undefined, dir, confOf)
    const source = provider.create(described, { conf: confOf, metadataPath: join(tempDir(), 'meta'), now: () => 0 })
    const end = await source.latestOffset(null, readAll())
    unlinkSync(gone)
    const batches = await source.getBatch(null, end!)
    return { rows: batches.flatMap((b) => rowsOf(b, described.schema)), gone }
  }

  it('without ignoreMissingFiles, a listed file deleted before its batch is read is a typed error', async () => {
    const failure = await readAfterDeleting({}).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(SparkError)
    expect((failure as SparkError).errorClass).toBe('FAILED_READ_FILE.FILE_NOT_EXIST')
    expect((failure as Error).message).toContain('Encountered error while reading file file:')
    expect((failure as Error).message).toContain('b.txt. File does not exist.')
  })

  it('ignoreMissingFiles (option or conf) skips it with a WARN naming it', async () => {
    for (const [options, conf] of [
      [{ ignoreMissingFiles: 'true' }, {}],
      [{}, { 'spark.sql.files.ignoreMissingFiles': 'true' }],
    ]) {
      log.lines.length = 0
      const { rows, gone } = await readAfterDeleting(options!, conf)
      expect(rows).toEqual([{ value: 'a' }])
      expect(log.lines).toEqual([
        `WARN FileScanRDD: Skipped missing file: path: ${qualifiedUri(gone)}, range: 0-0, partition values: [empty row]`,
      ])
    }
  })
})

describe('a corrupt file in a streaming query', () => {
  async function run(input: string, output: string, checkpoint: string, options: Record<string, string> = {}) {
    const spark = newSession()
    const query = spark.readStream
      .options({ maxFilesPerTrigger: '1', ...options })
      .schema('v INT')
      .parquet(input)
      .writeStream.format('json')
      .option('checkpointLocation', checkpoint)
      .start(output)
    const failure = await query.processAllAvailable().then(
      () => undefined,
      (e: unknown) => e as Error,
    )
    await query.stop()
    const written = spark.read.schema('v INT').json(output).collect()
    return { failure, values: written.map((r) => r.v as number).sort((x, y) => x - y) }
  }

  it('fails the query by name; after the file is fixed, a rerun resumes exactly once', async () => {
    const [input, output, checkpoint] = [join(tempDir(), 'in'), join(tempDir(), 'out'), tempDir()]
    writeFile(join(input, 'a.parquet'), parquetOf([1, 2]), 1000)
    const bad = writeFile(join(input, 'b.parquet'), parquetOf([3]).subarray(0, 30), 2000)
    writeFile(join(input, 'c.parquet'), parquetOf([4]), 3000)
    const first = await run(input, output, checkpoint)
    expect(first.failure?.message).toContain(
      `[FAILED_READ_FILE.CANNOT_READ_FILE_FOOTER] Encountered error while reading file ${qualifiedUri(bad)}.`,
    )
    expect(first.values).toEqual([1, 2])
    // Restarting without fixing it fails the same way, and writes nothing twice.
    expect((await run(input, output, checkpoint)).values).toEqual([1, 2])
    writeFileSync(bad, parquetOf([3]))
    const fixed = await run(input, output, checkpoint)
    expect(fixed.failure).toBeUndefined()
    expect(fixed.values).toEqual([1, 2, 3, 4])
  })

  it('with ignoreCorruptFiles the query skips the file with a WARN and goes on', async () => {
    const [input, output, checkpoint] = [join(tempDir(), 'in'), join(tempDir(), 'out'), tempDir()]
    writeFile(join(input, 'a.parquet'), parquetOf([1, 2]), 1000)
    const bad = writeFile(join(input, 'b.parquet'), new Uint8Array(0), 2000)
    writeFile(join(input, 'c.parquet'), parquetOf([4]), 3000)
    const { failure, values } = await run(input, output, checkpoint, { ignoreCorruptFiles: 'true' })
    expect(failure).toBeUndefined()
    expect(values).toEqual([1, 2, 4])
    expect(log.lines.filter((l) => l.includes(qualifiedUri(bad)))).toHaveLength(1)
  })
})
