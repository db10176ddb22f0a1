// Exactly-once under SIGKILL for a stream-stream join: impressions left-outer-joined with clicks (watermarks and a
// time range, its state in four tables per partition) into a file sink, killed at ten random durable operations and
// restarted from its checkpoint until it finishes; its output must equal that of a run that never crashed — no row
// lost, none duplicated, the null rows of unmatched impressions included. Then the same at local[2] with four
// partitions, the join on worker threads, killed at random operations of any thread.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
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
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

const RUNS = 10
const FILES = 8
const T0 = Date.UTC(2024, 0, 1)

/** Eight files of each stream; clicks follow some impressions within 30 s, some too late, some never. */
function writeInput(dir: string): void {
  const random = seededRandom(11)
  for (const stream of ['impressions', 'clicks']) mkdirSync(join(dir, stream), { recursive: true })
  for (let f = 0; f < FILES; f++) {
    const impressions: string[] = []
    const clicks: string[] = []
    for (let i = 0; i < 20; i++) {
      const ad = f * 20 + i
      const shownMs = T0 + (f * 10 + i / 2) * 1000
      impressions.push(JSON.stringify({ impressionAdId: ad, impressionTime: new Date(shownMs).toISOString() }))
      const roll = random()
      if (roll < 0.6) {
        // Within the range (0 to 30 s later), or too late for it (31 to 40 s).
        const delay = roll < 0.45 ? Math.floor(random() * 30) : 31 + Math.floor(random() * 10)
        clicks.push(JSON.stringify({ clickAdId: ad, clickTime: new Date(shownMs + delay * 1000).toISOString() }))
      }
    }
    const name = `part-${String(f).padStart(2, '0')}.json`
    for (const [stream, lines] of [
      ['impressions', impressions],
      ['clicks', clicks],
    ] as const) {
      const path = join(dir, stream, name)
      writeFileSync(path, `${lines.join('\n')}\n`)
      const mtime = new Date(T0 + f * 1000)
      utimesSync(path, mtime, mtime)
    }
  }
}

/** One thread with two partitions, or the join on two worker threads with four. */
const ONE_THREAD = { MASTER: 'local[1]', PARTITIONS: '2' }
const TWO_WORKERS = { MASTER: 'local[2]', PARTITIONS: '4' }

const runPipeline = (
  pipeline: CrashPipeline,
  root: string,
  crashAt = 0,
  threads: Record<string, string> = ONE_THREAD,
) => runCrashPipeline(pipeline, { ROOT: root, CRASH_AT: String(crashAt), ...threads })

const bundlePipeline = (dir: string) => bundleCrashPipeline('test/fixtures/join-crash-pipeline.ts', dir)

/** The committed output (read through _spark_metadata), as sorted text rows. */
function outputRows(root: string): string[] {
  const rows = newSession()
    .read.schema('impressionAdId INT, impressionTime TIMESTAMP, clickAdId INT, clickTime TIMESTAMP')
    .json(join(root, 'output'))
    .collect()
  const time = (d: unknown) => (d instanceof Date ? d.toISOString() : 'null')
  return rows
    .map((r) => `${r.impressionAdId} ${time(r.impressionTime)} ${r.clickAdId ?? 'null'} ${time(r.clickTime)}`)
    .sort()
}

describe('stream-stream join crash recovery (SIGKILL at random points)', () => {
  let base: string
  let program: CrashPipeline
  let expected: string[]
  let operations: string[]
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'rivulet-join-crash-'))
    program = bundlePipeline(base)
    writeInput(join(base, 'input'))
    const reference = join(base, 'reference')
    cpSync(join(base, 'input'), reference, { recursive: true, preserveTimestamps: true })
    operations = (await runPipeline(program, reference)).operations!
    expected = outputRows(reference)
  }, 120_000)
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('the reference run joins clicks in range and emits null rows for impressions left unmatched', () => {
    const matched = expected.filter((r) => !r.endsWith('null null'))
    const unmatched = expected.filter((r) => r.endsWith('null null'))
    expect(matched.length).toBeGreaterThan(30)
    expect(unmatched.length).toBeGreaterThan(30)
    for (const table of [
      'left-keyToNumValues',
      'left-keyWithIndexToValue',
      'right-keyToNumValues',
      'right-keyWithIndexToValue',
    ]) {
      expect(readdirSync(join(base, 'reference', 'checkpoint', 'state', '0', '1'))).toContain(table)
      expect(operations.some((op) => op.includes(`state/0/0/${table}/`))).toBe(true)
    }
  })

  it(`loses and duplicates nothing across ${RUNS} runs killed at random points`, async () => {
    const random = seededRandom(2024)
    const points = Array.from({ length: RUNS }, () => 1 + Math.floor(random() * operations.length))
    const scenario = async (r: number) => {
      const root = join(base, `run-${r}`)
      cpSync(join(base, 'input'), root, { recursive: true, preserveTimestamps: true })
      expect((await runPipeline(program, root, points[r])).operations).toBeUndefined()
      await runPipeline(program, root)
      return outputRows(root)
    }
    for (let r = 0; r < RUNS; r += 2) {
      const [a, b] = await Promise.all([scenario(r), scenario(r + 1)])
      expect(a, `crash at operation ${points[r]} (${operations[points[r]! - 1]})`).toEqual(expected)
      expect(b, `crash at operation ${points[r + 1]} (${operations[points[r + 1]! - 1]})`).toEqual(expected)
    }
  }, 600_000)
})

describe('stream-stream join crash recovery on worker threads (local[2], 4 partitions)', () => {
  const RANDOM_RUNS = 8
  let base: string
  let pipeline: CrashPipeline
  let expected: string[]
  let total: number
  beforeAll(async () => {
    base = mkdtempSync(join(tmpdir(), 'rivulet-join-crash-parallel-'))
    pipeline = bundlePipeline(base)
    writeInput(join(base, 'input'))
    // The reference runs on one thread: the workers' output must be the same.
    const reference = join(base, 'reference')
    cpSync(join(base, 'input'), reference, { recursive: true, preserveTimestamps: true })
    await runPipeline(pipeline, reference, 0, { MASTER: 'local[1]', PARTITIONS: '4' })
    expected = outputRows(reference)
    const parallel = join(base, 'parallel')
    cpSync(join(base, 'input'), parallel, { recursive: true, preserveTimestamps: true })
    total = (await runPipeline(pipeline, parallel, 0, TWO_WORKERS)).total
    expect(outputRows(parallel)).toEqual(expected)
  }, 120_000)
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it(`loses and duplicates nothing across ${RANDOM_RUNS} runs killed at random operations of any thread`, async () => {
    const random = seededRandom(2026)
    const points = spreadPoints(random, RANDOM_RUNS, total)
    const crashes: string[] = []
    const scenario = async (r: number) => {
      const root = join(base, `run-${r}`)
      cpSync(join(base, 'input'), root, { recursive: true, preserveTimestamps: true })
      const crashed = await runPipeline(pipeline, root, points[r], TWO_WORKERS)
      crashes.push(crashLine(crashed.stderr))
      await runPipeline(pipeline, root, 0, TWO_WORKERS)
      return outputRows(root)
    }
    for (let r = 0; r < RANDOM_RUNS; r += 2) {
      const [a, b] = await Promise.all([scenario(r), scenario(r + 1)])
      expect(a, `crash at operation ${points[r]} of ${total}`).toEqual(expected)
      expect(b, `crash at operation ${points[r + 1]} of ${total}`).toEqual(expected)
    }
    // The workers' join state writes were among the crash points, not only the driver's.
    expect(
      crashes.some((c) => /thread [1-9]\d*: \w+ checkpoint\/state\//.test(c)),
      crashes.join('\n'),
    ).toBe(true)
  }, 600_000)
})
