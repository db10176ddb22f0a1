// The published package as a user meets it: packed by `npm pack`, installed from the tarball into a fresh project
// (whose package.json has no "type"), then used from plain Node as an ES module and through require(), from tsx,
// under TypeScript's strict checks of its .d.ts files, and through the `rivulet` command.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { type ChildProgram, runProgram } from '../support/child-program.js'
import { consoleBanner as banner, exampleRunner, freePort, SEED_OUTPUT } from '../support/example-run.js'

const repo = fileURLToPath(new URL('../..', import.meta.url))
const version: string = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version

/** Runs a command to completion; a failure carries its output. */
async function run(command: string, args: readonly string[], cwd: string) {
  try {
    return await promisify(execFile)(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout ?? ''}\n${stderr ?? ''}`, { cause: error })
  }
}

/** The README's quick start, reading HOST and PORT from the environment. */
const seedProgram = `import { SparkSession } from 'rivulet'

const spark = SparkSession.builder.appName('SocketExample').master('local[*]').getOrCreate()
const streamDf = spark.readStream.format('socket').option('host', process.env.HOST).option('port', Number(process.env.PORT)).load()
console.log(streamDf.isStreaming)
streamDf.printSchema()
const query = streamDf.writeStream.format('console').start()
await query.awaitTermination()
`

/** A batch query through the SQL parser (loaded on first use) and the DataFrame API, and a syntax error; the same
 * text for every module system. */
const batchQuery = `const spark = SparkSession.builder.appName('Consumer').getOrCreate()
spark.createDataFrame([{ word: 'spark', n: 2 }, { word: 'flink', n: 1 }], 'word STRING, n INT').createOrReplaceTempView('words')
spark.sql('SELECT upper(word) AS word, n * 10 AS tens FROM words WHERE n > 1').show()
spark.createDataFrame([{ word: 'x' }], 'word STRING').select(length(col('word')).alias('len')).show()
try { spark.sql('SELEC 1') } catch (error) { console.log(error instanceof ParseException) }
`

const batchOutput =
  '+-----+----+\n| word|tens|\n+-----+----+\n|SPARK|  20|\n+-----+----+\n\n+---+\n|len|\n+---+\n|  1|\n+---+\n\ntrue\n'

const strictTsconfig = {
  compilerOptions: {
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
  },
  include: ['typed.mts', 'typed.cts'],
}

/** Uses the public types in ways a wrong or `any`-typed declaration would fail (see the @ts-expect-error lines). */
const typedProgram = `import {
  col, count, type DataFrame, explode, type RecordBatch, SparkSession, split, StreamingQueryException,
  type StreamingQuery, type StreamingQueryListener, StringType, StructField, StructType, window,
} from 'rivulet'

const spark = SparkSession.builder.appName('Typed').config('spark.sql.shuffle.partitions', '1').getOrCreate()
const lines: DataFrame = spark.readStream.format('socket').option('host', 'localhost').option('port', 9999)
  .option('includeTimestamp', true).load()
const words = lines.select(explode(split(col('value'), ' ')).alias('word'), col('timestamp'))
const counts = words.withWatermark('timestamp', '10 seconds')
  .groupBy(window(col('timestamp'), '10 seconds'), col('word')).agg(count('*').alias('n'))
const query: StreamingQuery = counts.writeStream.outputMode('update').format('console').start()
const listener: StreamingQueryListener = {
  onQueryStarted: (event) => console.log(event.id),
  onQueryProgress: (event) => console.log(event.progress.numInputRows),
  onQueryTerminated: (event) => console.log(event.exception),
}
spark.streams.addListener(listener)
const batch: RecordBatch = spark.createDataFrame([{ a: 'x' }], StructType([StructField('a', StringType())])).toArrow()
const finished: Promise<boolean> = query.awaitTermination(10)
console.log(batch.numRows, finished, StreamingQueryException.name)
// @ts-expect-error: an output mode is a string
counts.writeStream.outputMode(42)
// @ts-expect-error: a DataFrame has no such method
lines.noSuchMethod()
`

// The checks are independent, so they run side by side once the package is installed. Each starts Node, tsx or tsc
// at least once, which takes seconds on a loaded machine: the timeout only guards against a hang.
describe.concurrent('the npm package', { timeout: 120_000 }, () => {
  let project = ''
  let bin = ''

  beforeAll(async () => {
    project = mkdtempSync(join(tmpdir(), 'rivulet-package-'))
    await run('npm', ['pack', '--pack-destination', project], repo) // prepack builds dist/
    const tarball = readdirSync(project).find((name) => name.endsWith('.tgz'))!
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }))
    await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(project, tarball)], project)
    bin = join(project, 'node_modules', '.bin', 'rivulet')
  }, 240_000)

  afterAll(() => rmSync(project, { recursive: true, force: true }))

  it('ships the built files and no sources', () => {
    const installed = join(project, 'node_modules', 'rivulet')
    expect(readdirSync(installed).sort()).toEqual(['README.md', 'dist', 'package.json'])
    for (const file of ['index.js', 'cli.js', 'types/src/index.d.ts', 'THIRD-PARTY-LICENSES.txt']) {
      expect(existsSync(join(installed, 'dist', file)), file).toBe(true)
    }
  })

  it('compiles none of the modules kept for first use (SQL grammar, Parquet, the shell) on import', async () => {
    const dist = join(project, 'node_modules', 'rivulet', 'dist')
    const lazy = readdirSync(dist).filter((name) => name.startsWith('lazy-'))
    expect(lazy.sort()).toEqual([
      'lazy-grammar.js',
      'lazy-hyparquet-writer.js',
      'lazy-parquet-read.js',
      'lazy-sql-shell.js',
    ])
    // A module-load hook names every file of the package that Node loads for `import('rivulet')`.
    const hook = join(project, 'log-loads.mjs')
    writeFileSync(
      hook,
      [
        'export async function load(url, context, next) {',
        "  if (url.includes('/rivulet/dist/')) process.stderr.write(url.slice(url.lastIndexOf('/') + 1) + '\\n')",
        '  return next(url, context)',
        '}',
      ].join('\n'),
    )
    const register = `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(hook).href)})`
    const { stderr } = await run(
      process.execPath,
      [
        '--import',
        `data:text/javascript,${encodeURIComponent(register)}`,
        '--input-type=module',
        '-e',
        "await import('rivulet')",
      ],
      project,
    )
    const loaded = stderr.split('\n').filter((line) => line.endsWith('.js'))
    expect(loaded).toContain('index.js')
    expect(loaded.filter((name) => name.startsWith('lazy-'))).toEqual([])
  })

  describe('the README quick start under plain node', () => {
    const examples = exampleRunner()
    afterEach(() => examples.stop())

    it('prints the seed example output for lines from a line server', async () => {
      writeFileSync(join(project, 'app.mjs'), seedProgram)
      const { server, program } = await examples.start(join(project, 'app.mjs'))
      await program.waitFor(`${banner(0)}+-----+\n|value|\n+-----+\n+-----+\n\n`)
      server.send('hello world\n')
      await program.waitFor('|hello world|\n+-----------+\n\n')
      server.send('apache spark\nhadoop\n')
      await program.waitFor('|      hadoop|\n+------------+\n\n')
      program.process.kill('SIGINT')
      expect(await program.exited()).toBe(130)
      expect(program.stdout()).toBe(SEED_OUTPUT)
    })
  })

  it('loads through require() in a CommonJS program', async () => {
    const source = `const { col, length, ParseException, SparkSession } = require('rivulet')\n${batchQuery}`
    writeFileSync(join(project, 'app.cjs'), source)
    const { stdout } = await run(process.execPath, ['app.cjs'], project)
    expect(stdout).toBe(batchOutput)
  })

  it('runs a TypeScript program under tsx in a project that is not an ES module one', async () => {
    const source = `import { col, length, ParseException, SparkSession } from 'rivulet'\n${batchQuery}`
    writeFileSync(join(project, 'app.ts'), source)
    const { stdout } = await run(process.execPath, [join(repo, 'node_modules/tsx/dist/cli.mjs'), 'app.ts'], project)
    expect(stdout).toBe(batchOutput)
  })

  it('type-checks under tsc --strict with skipLibCheck false, as an ES module and as CommonJS', async () => {
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(strictTsconfig))
    writeFileSync(join(project, 'typed.mts'), typedProgram)
    writeFileSync(join(project, 'typed.cts'), typedProgram)
    const { stdout } = await run(process.execPath, [join(repo, 'node_modules/typescript/bin/tsc'), '-p', '.'], project)
    expect(stdout).toBe('')
  })

  it('installs the rivulet command, which prints its version and its help', async () => {
    expect((await run(bin, ['--version'], project)).stdout).toBe(`${version}\n`)
    expect((await run(bin, ['--help'], project)).stdout).toMatch(/^Usage: rivulet <command>\n[\s\S]*\n {2}demo {11}/)
  })

  describe('rivulet demo', () => {
    let program: ChildProgram | undefined
    afterEach(() => program?.process.kill('SIGKILL'))

    it('runs the seed example on the lines piped into it when nothing listens on the port', async () => {
      const env = { HOST: '127.0.0.1', PORT: String(await freePort()) }
      program = runProgram(bin, env, { args: ['demo'], stdin: 'pipe' })
      await program.waitFor(`${banner(0)}+-----+\n|value|\n+-----+\n+-----+\n\n`)
      program.process.stdin!.write('hello world\n')
      await program.waitFor('|hello world|\n+-----------+\n\n')
      program.process.stdin!.end('apache spark\nhadoop\n')
      expect(await program.exited()).toBe(0)
      expect(program.stdout()).toBe(SEED_OUTPUT)
    })
  })
})
