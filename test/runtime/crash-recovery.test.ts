// Exactly-once under SIGKILL: a file source → windowed count → file sink pipeline is killed at chosen points (inside
// writes of state, offset, commit, source and sink-log files, before renames and deletes), restarted from its
// checkpoint until it finishes, and its output must equal, row for row, that of a run that never crashed — with one
// state partition and with four (restarted under another session value, which the checkpoint's count overrides).
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bundleCrashPipeline,
  type CrashPipeline,
  crashLine,
  runCrashPipeline,
  spreadPoints,
} from '../support/crash-pipeline.js'
import { newSession } from '../support/session.js'

const RUNS = 22
const FILES = 12

/** Twelve files of 40 events, 5 s of event time each, five keys: windows close as the watermark passes them. */
function writeInput(dir: string): void {
  mkdirSync(dir, { recursive: true })
  for (let f = 0; f < FILES; f++) {
    const lines: string[] = []
    for (let i = 0; i < 40; i++) {
      const millis = (f * 5 + (i * 5) / 40) * 1000
      lines.push(JSON.stringify({ key: `k${i % 5}`, ts: new Date(Date.UTC(2024, 0, 1) + millis).toISOString() }))
    }
    const path = join(dir, `events-${String(f).padStart(2, '0')}.json`)
    writeFileSync(path, `${lines.join('\n')}\n`)
    // The source takes files in modification-time order: make it the order of their event times.
    const mtime = new Date(Date.UTC(2024, 0, 1) + f * 1000)
    utimesSync(path, mtime, mtime)
  }
}

/** Runs the pipeline once with `spark.sql.shuffle.partitions` set to `partitions` and `spark.master` to `master`. */
const runPipeline = (pipeline: CrashPipeline, root: string, partitions: number, master: string, crashAt = 0) =>
  runCrashPipeline(pipeline, { ROOT: root, CRASH_AT: String(crashAt), PARTITIONS: String(partitions), MASTER: master })

/** The state partitions the checkpoint holds, and the count every offsets/N recorded. */
function recordedPartitions(root: string): { folders: string[]; offsets: string[] } {
  const checkpoint = join(root, 'checkpoint')
  const offsets = readdirSync(join(checkpoint, 'offsets'))
    .filter((name) => /^\d+$/.test(name))
    .map((name) => {
      const conf = JSON.parse(readFileSync(join(checkpoint, 'offsets', name), 'utf8').split('\n')[1]!).conf
      return conf['spark.sql.shuffle.partitions'] as string
    })
  const folders = readdirSync(join(checkpoint, 'state', '0')).filter((name) => /^\d+$/.test(name))
  return { folders: folders.sort(), offsets: [...new Set(offsets)] }
}

/** The committed output, as sorted text rows: readers go through _spark_metadata, as Spark's do. */
function outputRows(root: string): string[] {
  const rows = newSession()
    .read.schema('start TIMESTAMP, key STRING, count BIGINT')
    .json(join(root, 'output'))
    .collect()
  return rows.map((r) => `${(r.start as Date).toISOString()} ${r.key} ${r.count}`).sort()
}

/** A deterministic generator (the runs must be reproducible when one fails). */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) | 0
    return (state >>> 8) / 0x1000000
  }
}

const bundlePipeline = (dir: string) => bundleCrashPipeline('test/fixtures/files-crash-pipeline.ts', dir)

describe.each([1, 4])('crash recovery (SIGKILL at chosen points), %i state partition(s)', (partitions) => {
  /** Restarts run under another session value: the checkpoint's count must win. */
  const otherPartitions = partitions === 1 ? 3 : 2
  let base: string
  let expected: string[]
  let operations: string[]
  let program: CrashPipeline
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'rivulet-crash-'))
    program = bundlePipeline(base)
    writeInput(join(base, 'input'))
    const reference = join(base, 'reference')
    cpSync(join(base, 'input'), join(reference, 'input'), { recursive: true, preserveTimestamps: true })
    operations = (await runPipeline(program, reference, partitions, 'local[1]')).operations!
    expected = outputRows(reference)
  }, 60_000)
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('the reference run emits closed windows and performs every kind of durable write', () => {
    expect(expected).toHaveLength(20)
    expect(expected).toContain('2024-01-01T00:00:00.000Z k0 16')
    for (const kind of ['offsets/', 'commits/', 'sources/0/', 'state/0/0/', '.snapshot', '_spark_metadata/', 'part-']) {
      expect(operations.some((op) => op.includes(kind))).toBe(true)
    }
    expect(recordedPartitions(join(base, 'reference'))).toEqual({
      folders: Array.from({ length: partitions }, (_, p) => String(p)),
      offsets: [String(partitions)],
    })
  })

  it(`loses and duplicates nothing across ${RUNS} crashed runs`, async () => {
    const random = seeded(7 + partitions)
    // One crash inside each kind of durable step (at a random occurrence of it), the rest spread over the whole run.
    const kinds = [
      'write checkpoint/state/0/0/',
      'publish checkpoint/state/0/0/',
      'write checkpoint/state/0/0/9.snapshot',
      'delete checkpoint/state/',
      'write checkpoint/offsets/',
      'publish checkpoint/offsets/',
      'write checkpoint/commits/',
      'publish checkpoint/commits/',
      'delete checkpoint/commits/',
      'write checkpoint/sources/',
      'write output/_spark_metadata/',
      'publish output/_spark_metadata/',
      'write output/part-',
      'publish output/part-',
    ]
    const points = kinds.map((kind) => {
      const at = operations.flatMap((op, k) => (op.startsWith(kind) ? [k + 1] : []))
      expect(at.length, kind).toBeGreaterThan(0)
      return at[Math.floor(random() * at.length)]!
    })
    const spread = RUNS - kinds.length
    for (let r = 0; r < spread; r++) points.push(1 + Math.floor(((r + random()) * operations.length) / spread))
    const recoveryPoints = points.map(() => 1 + Math.floor(random() * 20))
    const crashedAt = points.map((k) => operations[k - 1]!)
    const scenario = async (r: number) => {
      const root = join(base, `run-${r}`)
      cpSync(join(base, 'input'), join(root, 'input'), { recursive: true, preserveTimestamps: true })
      expect((await runPipeline(program, root, partitions, 'local[1]', points[r])).operations).toBeUndefined()
      // Every other run crashes a second time, early in its recovery (a crash while recovering).
      if (r % 2 === 1) await runPipeline(program, root, otherPartitions, 'local[1]', recoveryPoints[r])
      await runPipeline(program, root, otherPartitions, 'local[1]')
      const pinned = recordedPartitions(root).offsets
      return { rows: outputRows(root), pinned }
    }
    for (let r = 0; r < RUNS; r += 2) {
      const [a, b] = await Promise.all([scenario(r), scenario(r + 1)])
      expect(a.rows, `crash at operation ${points[r]} (${crashedAt[r]})`).toEqual(expected)
      expect(b.rows, `crash at operation ${points[r + 1]} (${crashedAt[r + 1]}), then again while recovering`).toEqual(
        expected,
      )
      for (const [run, result] of [
        [r, a],
        [r + 1, b],
      ] as const) {
        // State metadata is recorded when the query opens, before offsets/0: a crash before it pins nothing.
        const done = operations.slice(0, points[run]! - 1)
        const earlyCrash = !done.some((op) => op.startsWith('publish checkpoint/state/0/_metadata'))
        expect(result.pinned, `partitions pinned by run ${run}`).toEqual([
          String(earlyCrash ? otherPartitions : partitions),
        ])
      }
    }
  }, 600_000)

  it("keeps the checkpoint's partition count when restarted with another session value, and says so", async () => {
    const root = join(base, 'restart')
    cpSync(join(base, 'input'), join(root, 'input'), { recursive: true, preserveTimestamps: true })
    const firstRun = operations.findIndex((op) => op.startsWith('publish checkpoint/commits/3'))
    expect((await runPipeline(program, root, partitions, 'local[1]', firstRun + 2)).operations).toBeUndefined()
    const restart = await runPipeline(program, root, otherPartitions, 'local[1]')
    expect(restart.stderr).toContain(
      `WARN OffsetSeqMetadata: Updating the value of conf 'spark.sql.shuffle.partitions' in current session from '${otherPartitions}' to '${partitions}'.`,
    )
    expect(recordedPartitions(root).offsets).toEqual([String(partitions)])
    expect(outputRows(root)).toEqual(expected)
  }, 60_000)
})

describe('crash recovery on worker threads (local[2], 4 partitions)', () => {
  const RANDOM_RUNS = 12
  let base: string
  let expected: string[]
  let total: number
  let pipeline: CrashPipeline
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'rivulet-crash-parallel-'))
    pipeline = bundlePipeline(base)
    writeInput(join(base, 'input'))
    // The reference runs on one thread: the workers' output must be the same.
    const reference = join(base, 'reference')
    cpSync(join(base, 'input'), join(reference, 'input'), { recursive: true, preserveTimestamps: true })
    await runPipeline(pipeline, reference, 4, 'local[1]')
    expected = outputRows(reference)
    const parallel = join(base, 'parallel')
    cpSync(join(base, 'input'), join(parallel, 'input'), { recursive: true, preserveTimestamps: true })
    total = (await runPipeline(pipeline, parallel, 4, 'local[2]')).total
    expect(outputRows(parallel)).toEqual(expected)
  }, 120_000)
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it(`loses and duplicates nothing across ${RANDOM_RUNS} runs killed at random operations of any thread`, async () => {
    const random = seeded(11)
    const points = spreadPoints(random, RANDOM_RUNS, total)
    const crashes: string[] = []
    const scenario = async (r: number) => {
      const root = join(base, `run-${r}`)
      cpSync(join(base, 'input'), join(root, 'input'), { recursive: true, preserveTimestamps: true })
      const crashed = await runPipeline(pipeline, root, 4, 'local[2]', points[r])
      crashes.push(crashLine(crashed.stderr))
      if (r % 2 === 1) await runPipeline(pipeline, root, 4, 'local[2]', 1 + Math.floor(random() * 20))
      await runPipeline(pipeline, root, 4, 'local[2]')
      return outputRows(root)
    }
    for (let r = 0; r < RANDOM_RUNS; r += 2) {
      const [a, b] = await Promise.all([scenario(r), scenario(r + 1)])
      expect(a, `crash at operation ${points[r]} of ${total}`).toEqual(expected)
      expect(b, `crash at operation ${points[r + 1]} of ${total}, then again while recovering`).toEqual(expected)
    }
    // Workers' state writes were among the crash points, not only the driver's.
    expect(
      crashes.some((c) => /thread [1-9]\d*: \w+ checkpoint\/state\//.test(c)),
      crashes.join('\n'),
    ).toBe(true)
  }, 600_000)
})
