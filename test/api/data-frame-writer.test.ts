// df.write: parquet, json, csv and text files with Spark's part-file names and _SUCCESS marker, the four save
// modes, partitionBy directories, compression codecs, and write → spark.read round trips.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  AnalysisException,
  IllegalArgumentException,
  MemoryStream,
  UnsupportedOperationException,
} from '../../src/index.js'
import { newSession } from '../support/session.js'
import { sortRows } from '../support/sort-rows.js'
import { listTree, tempDir } from '../support/temp-files.js'

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'
const spark = newSession()
const people = spark.createDataFrame(
  [
    [1, 'Alice', 3.5],
    [2, 'Bob', null],
    [3, null, -1.25],
  ],
  'id INT, name STRING, score DOUBLE',
)
const rows = [
  { id: 1, name: 'Alice', score: 3.5 },
  { id: 2, name: 'Bob', score: null },
  { id: 3, name: null, score: -1.25 },
]

/** The data files under `dir` (everything but `_SUCCESS`). */
const dataFiles = (dir: string) => listTree(dir).filter((f) => f !== '_SUCCESS')

describe('df.write', () => {
  it('writes one Parquet part file named as Spark names it, a _SUCCESS marker, and reads back the same rows', async () => {
    const out = join(tempDir(), 'people')
    await people.write.parquet(out)
    const files = listTree(out)
    expect(files).toHaveLength(2)
    expect(files[0]).toBe('_SUCCESS')
    expect(files[1]).toMatch(new RegExp(`^part-00000-${UUID}-c000\\.snappy\\.parquet$`))
    expect(readFileSync(join(out, '_SUCCESS')).length).toBe(0)
    const back = spark.read.parquet(out)
    expect(back.dtypes).toEqual(people.dtypes)
    expect(back.collect()).toEqual(rows)
  })

  it('writes JSON Lines without null fields, CSV with the header and sep options, and text lines', async () => {
    const dir = tempDir()
    await people.write.json(join(dir, 'j'))
    await people.write.option('header', true).option('sep', ';').csv(join(dir, 'c'))
    await people.select('name').write.text(join(dir, 't'))
    const content = (sub: string) => readFileSync(join(dir, sub, dataFiles(join(dir, sub))[0]!), 'utf8')
    expect(dataFiles(join(dir, 'j'))[0]).toMatch(/-c000\.json$/)
    expect(content('j')).toBe('{"id":1,"name":"Alice","score":3.5}\n{"id":2,"name":"Bob"}\n{"id":3,"score":-1.25}\n')
    expect(dataFiles(join(dir, 'c'))[0]).toMatch(/-c000\.csv$/)
    expect(content('c')).toBe('id;name;score\n1;Alice;3.5\n2;Bob;\n3;;-1.25\n')
    expect(dataFiles(join(dir, 't'))[0]).toMatch(/-c000\.txt$/)
    // Spark's text writer writes a null value as an empty line.
    expect(content('t')).toBe('Alice\nBob\n\n')
    expect(spark.read.schema('id INT, name STRING, score DOUBLE').json(join(dir, 'j')).collect()).toEqual(rows)
    expect(
      spark.read
        .options({ header: true, sep: ';' })
        .schema('id INT, name STRING, score DOUBLE')
        .csv(join(dir, 'c'))
        .collect(),
    ).toEqual(rows)
  })

  it('format(...).save(path) is the same as the shortcut, and parquet is the default format', async () => {
    const dir = tempDir()
    await people.write.format('json').save(join(dir, 'a'))
    await people.write.save(join(dir, 'b'))
    await people.write.format('csv').option('path', join(dir, 'c')).save()
    expect(dataFiles(join(dir, 'a'))[0]).toMatch(/\.json$/)
    expect(dataFiles(join(dir, 'b'))[0]).toMatch(/\.snappy\.parquet$/)
    expect(dataFiles(join(dir, 'c'))[0]).toMatch(/\.csv$/)
  })

  describe('save modes', () => {
    it('error (the default), errorifexists and default fail with PATH_ALREADY_EXISTS when the path exists', async () => {
      const out = join(tempDir(), 'out')
      await people.write.json(out)
      for (const mode of [undefined, 'error', 'errorifexists', 'default', 'ErrorIfExists']) {
        const write = mode === undefined ? people.write.json(out) : people.write.mode(mode).json(out)
        await expect(write).rejects.toThrow(
          `[PATH_ALREADY_EXISTS] Path file:${out} already exists. Set mode as "overwrite" to overwrite the existing path.`,
        )
      }
      await expect(people.write.json(out, 'error')).rejects.toMatchObject({ errorClass: 'PATH_ALREADY_EXISTS' })
      expect(dataFiles(out)).toHaveLength(1)
    })

    it('append adds part files beside the existing ones', async () => {
      const out = join(tempDir(), 'out')
      await people.write.parquet(out)
      await people.limit(1).write.mode('append').parquet(out)
      expect(dataFiles(out)).toHaveLength(2)
      expect(sortRows(spark.read.parquet(out).collect())).toEqual(sortRows([...rows, rows[0]!]))
    })

    it('overwrite replaces everything under the path', async () => {
      const out = join(tempDir(), 'out')
      await people.write.json(out)
      await people.filter('id = 2').write.json(out, 'overwrite')
      expect(dataFiles(out)).toHaveLength(1)
      expect(spark.read.json(out).collect()).toEqual([{ id: 2, name: 'Bob' }])
    })

    it('ignore writes nothing when the path exists, and writes when it does not', async () => {
      const out = join(tempDir(), 'out')
      await people.write.mode('ignore').json(out)
      const before = listTree(out)
      await people.filter('id = 2').write.mode('ignore').json(out)
      expect(listTree(out)).toEqual(before)
      expect(spark.read.json(out).count()).toBe(3)
    })

    it('rejects an unknown mode with INVALID_SAVE_MODE', () => {
      expect(() => people.write.mode('upsert')).toThrow(
        '[INVALID_SAVE_MODE] The specified save mode "upsert" is invalid. Valid save modes include "append", "overwrite", "ignore", "error", "errorifexists", and "default".',
      )
    })
  })

  describe('partitionBy', () => {
    const sales = spark.createDataFrame(
      [
        [1, 'FR', 2024],
        [2, 'a/b=c', 2024],
        [3, null, 2023],
        [4, 'FR', 2024],
        [5, '', 2023],
      ],
      'id INT, country STRING, year INT',
    )

    it('writes Hive-style col=value directories with Spark’s escaping and __HIVE_DEFAULT_PARTITION__ for null and empty', async () => {
      const out = join(tempDir(), 'sales')
      await sales.write.partitionBy('year', 'country').json(out)
      const dirs = dataFiles(out).map((f) => f.split('/').slice(0, -1).join('/'))
      expect(dirs).toEqual([
        'year=2023/country=__HIVE_DEFAULT_PARTITION__',
        'year=2024/country=FR',
        'year=2024/country=a%2Fb%3Dc',
      ])
      // One task wrote every directory: the same part file name (job id) in each, counter c000.
      const names = new Set(dataFiles(out).map((f) => f.split('/').at(-1)))
      expect(names.size).toBe(1)
      // Partition columns are in the path, not in the files.
      expect(readFileSync(join(out, dataFiles(out)[1]!), 'utf8')).toBe('{"id":1}\n{"id":4}\n')
      expect(readFileSync(join(out, dataFiles(out)[0]!), 'utf8')).toBe('{"id":3}\n{"id":5}\n')
    })

    it('reads back with the partition columns last, their types inferred from the directory names', async () => {
      const out = join(tempDir(), 'sales')
      await sales.write.parquet(out, { mode: 'overwrite', partitionBy: ['country', 'year'] })
      const back = spark.read.parquet(out)
      expect(back.dtypes).toEqual([
        ['id', 'int'],
        ['country', 'string'],
        ['year', 'int'],
      ])
      expect(sortRows(back.collect())).toEqual(
        sortRows([
          { id: 1, country: 'FR', year: 2024 },
          { id: 2, country: 'a/b=c', year: 2024 },
          { id: 3, country: null, year: 2023 },
          { id: 4, country: 'FR', year: 2024 },
          { id: 5, country: null, year: 2023 },
        ]),
      )
    })

    it('rejects a missing column and partitioning by every column', async () => {
      await expect(sales.write.partitionBy('month').json(join(tempDir(), 'x'))).rejects.toThrow(
        'Partition column `month` not found in schema struct<id:int,country:string,year:int>',
      )
      await expect(sales.write.partitionBy('id', 'country', 'year').json(join(tempDir(), 'x'))).rejects.toMatchObject({
        errorClass: 'ALL_PARTITION_COLUMNS_NOT_ALLOWED',
      })
    })

    it('writes no part file for an empty partitioned DataFrame, one (with the schema) for an unpartitioned one', async () => {
      const dir = tempDir()
      await sales.limit(0).write.partitionBy('year').parquet(join(dir, 'p'))
      expect(listTree(join(dir, 'p'))).toEqual(['_SUCCESS'])
      await sales.limit(0).write.parquet(join(dir, 'u'))
      expect(dataFiles(join(dir, 'u'))).toHaveLength(1)
      const back = spark.read.parquet(join(dir, 'u'))
      expect(back.dtypes).toEqual(sales.dtypes)
      expect(back.count()).toBe(0)
    })
  })

  describe('compression', () => {
    it('gzip and deflate put the codec’s extension after the format’s, and spark.read decompresses them', async () => {
      const dir = tempDir()
      await people.write.json(join(dir, 'g'), { compression: 'gzip' })
      await people.write.option('compression', 'deflate').csv(join(dir, 'd'))
      const gz = dataFiles(join(dir, 'g'))[0]!
      expect(gz).toMatch(/-c000\.json\.gz$/)
      expect(gunzipSync(readFileSync(join(dir, 'g', gz))).toString('utf8')).toBe(
        '{"id":1,"name":"Alice","score":3.5}\n{"id":2,"name":"Bob"}\n{"id":3,"score":-1.25}\n',
      )
      expect(dataFiles(join(dir, 'd'))[0]).toMatch(/-c000\.csv\.deflate$/)
      expect(spark.read.schema('id INT, name STRING, score DOUBLE').json(join(dir, 'g')).collect()).toEqual(rows)
      expect(spark.read.schema('id INT, name STRING, score DOUBLE').csv(join(dir, 'd')).collect()).toEqual(rows)
    })

    it('Parquet names its codec in the file name (.parquet when uncompressed) and reads back', async () => {
      const dir = tempDir()
      for (const [codec, suffix] of [
        ['none', '-c000.parquet'],
        ['uncompressed', '-c000.parquet'],
        ['gzip', '-c000.gz.parquet'],
        ['brotli', '-c000.br.parquet'],
      ] as const) {
        await people.write.parquet(join(dir, codec), { compression: codec })
        expect(dataFiles(join(dir, codec))[0]!.endsWith(suffix)).toBe(true)
        expect(spark.read.parquet(join(dir, codec)).collect()).toEqual(rows)
      }
    })

    it('follows spark.sql.parquet.compression.codec when no option is given', async () => {
      const out = join(tempDir(), 'out')
      await newSession({ 'spark.sql.parquet.compression.codec': 'gzip' }).createDataFrame(rows).write.parquet(out)
      expect(dataFiles(out)[0]).toMatch(/\.gz\.parquet$/)
    })

    it('rejects an unknown codec as Spark does, and codecs Rivulet cannot write with UnsupportedOperationException', async () => {
      const zip = people.write.json(join(tempDir(), 'x'), { compression: 'zip' })
      await expect(zip).rejects.toThrow(IllegalArgumentException)
      await expect(zip).rejects.toThrow(
        'Codec [zip] is not available. Known codecs are none, uncompressed, bzip2, deflate, gzip, lz4, snappy.',
      )
      await expect(people.write.parquet(join(tempDir(), 'x'), { compression: 'lzo' })).rejects.toThrow(
        UnsupportedOperationException,
      )
    })
  })

  describe('errors', () => {
    it('text needs exactly one string column', async () => {
      await expect(people.write.text(join(tempDir(), 'x'))).rejects.toThrow(AnalysisException)
    })

    it('rejects duplicate column names (case-insensitively) with COLUMN_ALREADY_EXISTS', async () => {
      const dup = people.select('id', 'name').withColumnRenamed('name', 'ID')
      await expect(dup.write.json(join(tempDir(), 'x'))).rejects.toThrow(
        '[COLUMN_ALREADY_EXISTS] The column `id` already exists. Choose another name or rename the existing column.',
      )
    })

    it('needs exactly one path, and refuses a path option together with a save(path) argument', async () => {
      await expect(people.write.format('json').save()).rejects.toThrow(
        'Expected exactly one path to be specified, but got: ',
      )
      await expect(people.write.option('path', join(tempDir(), 'a')).json(join(tempDir(), 'b'))).rejects.toThrow(
        "There is a 'path' option set and save() is called with a path parameter.",
      )
    })

    it('is not available on a streaming DataFrame', () => {
      const stream = new MemoryStream(spark, 'id INT').toDF()
      expect(() => stream.write).toThrow(
        '[CALL_ON_STREAMING_DATASET_UNSUPPORTED] The method `write` can not be called on streaming Dataset/DataFrame.',
      )
    })

    it('leaves nothing behind when a write fails before any file is written', async () => {
      const out = join(tempDir(), 'x')
      await expect(people.write.text(out)).rejects.toThrow()
      expect(existsSync(out)).toBe(false)
    })
  })
})
