// examples/sessionization.ts, run as a user runs it: sessions closed by the event-time timer or by a later event are
// written once; and, killed with SIGKILL at ten random durable operations and restarted from its checkpoint, it
// writes exactly what a run that never crashed writes.
import { cpSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { bundleProgram, runProgram } from '../support/child-program.js'
import { seededRandom } from '../support/random.js'
import { newSession } from '../support/session.js'

const T0 = Date.UTC(2024, 0, 1)

/** Writes one JSON file per batch of events ([sessionId, seconds]), in modification-time order. */
function writeInput(dir: string, files: readonly (readonly [string, number][])[]): void {
  mkdirSync(dir, { recursive: true })
  files.forEach((events, f) => {
    const path = join(dir, `events-${String(f).padStart(2, '0')}.json`)
    const lines = events.map(([sessionId, s]) =>
      JSON.stringify({ sessionId, ts: new Date(T0 + s * 1000).toISOString() }),
    )
    writeFileSync(path, `${lines.join('\n')}\n`)
    utimesSync(path, new Date(T0 + f * 1000), new Date(T0 + f * 1000))
  })
}

/** The committed output as sorted text rows (read through _spark_metadata). */
function outputRows(dir: string): string[] {
  return newSession()
    .read.schema('sessionId STRING, start TIMESTAMP, end TIMESTAMP, durationMs BIGINT, numEvents INT')
    .json(dir)
    .collect()
    .map((r) => `${r.sessionId} ${(r.start as Date).toISOString().slice(11, 19)} ${r.durationMs} ${r.numEvents}`)
    .sort()
}

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rivulet-sessions-'))
  dirs.push(dir)
  return dir
}

describe('examples/sessionization.ts', () => {
  it('writes each session once, when the watermark passes its end plus the gap or a later event opens the next', async () => {
    const root = tempDir()
    // Gap 10 s, watermark delay 5 s; one file per batch.
    writeInput(join(root, 'input'), [
      [
        ['alice', 0],
        ['bob', 2],
        ['alice', 5],
      ], // watermark after: 0
      [
        ['alice', 12],
        ['carol', 14],
      ], // alice's session reaches 12 s (timer 22 s), carol's opens (timer 24 s); watermark 9 s
      [
        ['bob', 30],
        ['carol', 31],
      ], // 30 > 2 + 10: bob's first session closes; carol's too (31 > 24); watermark 26 s
      [['dave', 60]], // the batch runs with watermark 26 s: alice's timer (22 s) fires; watermark 55 s
      // then a no-data batch at 55 s fires bob's (40 s) and carol's (41 s) second sessions; dave's stays open
    ])
    const program = runProgram('examples/sessionization.ts', {
      INPUT: join(root, 'input'),
      OUTPUT: join(root, 'output'),
      CHECKPOINT: join(root, 'checkpoint'),
      TRIGGER: 'availableNow',
    })
    expect(await program.exited()).toBe(0)
    expect(program.stdout()).toContain(`sessions written to ${join(root, 'output')}`)
    expect(outputRows(join(root, 'output'))).toEqual([
      'alice 00:00:00 12000 3',
      'bob 00:00:02 0 1',
      'bob 00:00:30 0 1',
      'carol 00:00:14 0 1',
      'carol 00:00:31 0 1',
    ])
  }, 60_000)
})

describe('examples/sessionization.ts under SIGKILL', () => {
  const CRASHES = 10
  let base: string
  let program: string
  /** The crash hooks, preloaded into the program (see test/fixtures/crash-hooks.ts). */
  let hooks: string
  let operations: string[]
  let expected: string[]

  /**
   * Twelve files, 4 s of events each, of six session ids that come and go every three files (a 12 s gap closes a
   * session), then one late file whose watermark closes what is left.
   */
  const files = [
    ...Array.from({ length: 12 }, (_, f) =>
      Array.from({ length: 6 }, (_, k) => [`s${k}`, f * 4 + k * 0.5] as [string, number]).filter(
        (_, k) => (Math.floor(f / 3) + k) % 2 === 0,
      ),
    ),
    [['end', 200] as [string, number]],
  ]

  async function run(root: string, crashAt = 0): Promise<string[] | undefined> {
    const child = runProgram(
      program,
      {
        INPUT: join(root, 'input'),
        OUTPUT: join(root, 'output'),
        CHECKPOINT: join(root, 'checkpoint'),
        CRASH_AT: String(crashAt),
        ROOT: root,
      },
      { nodeArgs: ['--import', hooks] },
    )
    const exit = await child.exited()
    if (exit === 'SIGKILL') return undefined
    if (exit !== 0) throw new Error(`the pipeline exited with ${exit}:\n${child.stderr()}`)
    return JSON.parse(child.stdout().trim().split('\n').pop()!) as string[]
  }

  beforeAll(async () => {
    base = tempDir()
    program = bundleProgram('test/fixtures/sessionization-crash-pipeline.ts', base)
    hooks = bundleProgram('test/fixtures/crash-hooks.ts', base)
    writeInput(join(base, 'input'), files)
    const reference = join(base, 'reference')
    cpSync(join(base, 'input'), join(reference, 'input'), { recursive: true, preserveTimestamps: true })
    operations = (await run(reference))!
    expected = outputRows(join(reference, 'output'))
  }, 60_000)

  it('the uncrashed run closes sessions and writes state, timers, logs and output', () => {
    expect(expected.length).toBeGreaterThanOrEqual(12)
    for (const kind of ['offsets/', 'commits/', 'state/0/0/session/', 'state/0/0/$eventTimers/', 'part-']) {
      expect(
        operations.some((op) => op.includes(kind)),
        kind,
      ).toBe(true)
    }
  })

  it(`writes the same sessions after crashes at ${CRASHES} random points`, async () => {
    const random = seededRandom(2024)
    // Four crashes inside the state and timer files, the rest anywhere.
    const inState = operations.flatMap((op, k) => (/state\/0\/\d\/(session|\$eventTimers)\//.test(op) ? [k + 1] : []))
    const points = [
      ...Array.from({ length: 4 }, () => inState[Math.floor(random() * inState.length)]!),
      ...Array.from({ length: CRASHES - 4 }, () => 1 + Math.floor(random() * operations.length)),
    ]
    const scenario = async (r: number) => {
      const root = join(base, `run-${r}`)
      cpSync(join(base, 'input'), join(root, 'input'), { recursive: true, preserveTimestamps: true })
      expect(await run(root, points[r])).toBeUndefined()
      await run(root)
      return outputRows(join(root, 'output'))
    }
    for (let r = 0; r < CRASHES; r += 2) {
      const [a, b] = await Promise.all([scenario(r), scenario(r + 1)])
      expect(a, `crash at operation ${points[r]} (${operations[points[r]! - 1]})`).toEqual(expected)
      expect(b, `crash at operation ${points[r + 1]} (${operations[points[r + 1]! - 1]})`).toEqual(expected)
    }
  }, 600_000)
})
