// Exactly-once under SIGKILL for a message-bus source: messages are produced while test/fixtures/bus-crash-pipeline.ts
// reads them into a parquet file sink; the program is killed at random durable operations and restarted, then left
// to read what remains; the sink's committed output must hold every message exactly once, where it was produced.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { bundleProgram, runProgram } from './child-program.js'
import { seededRandom } from './random.js'
import { newSession } from './session.js'

/** A bus the scenario produces to, and what it expects to find in the output. */
export interface CrashBus {
  /** The program's environment: BUS, ADDRESS and where to read (TOPIC, STREAM or KEYS). */
  readonly env: Readonly<Record<string, string>>
  /** Produces messages [from, to) in order: message i has the value `m<i>` and goes to `partOf(i)`. */
  produce(from: number, to: number): Promise<void>
  /** Where message i lands: its partition, subject or stream key, as the program's `part` column writes it. */
  partOf(i: number): string
  /**
   * The positions (offsets, sequences, entry ids) the bus gave the messages `indexes` of one part, produced in that
   * order: worked out from the bus's numbering, or as the server acknowledged them.
   */
  positions(part: string, indexes: readonly number[]): readonly string[]
}

export interface CrashScenario {
  readonly messages: number
  readonly crashes: number
  /** Messages per batch (the source's max-per-trigger option). */
  readonly limit: number
  readonly seed: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Messages per produce call, and the pause between calls, so production overlaps the crashing runs. */
const CHUNK = 1000
const PAUSE_MS = 10
/** A run dies at a random one of its first operations: a batch takes about eight (offsets, data file, sink log and
 * commit, each written then published), so a run reads up to about five batches. */
const MAX_CRASH_AT = 40
/** A run that reads everything before its crash point idles; it is killed after this long instead. */
const WATCHDOG_MS = 30_000

/** How one run ended: killed at its crash point, killed by the watchdog (it ran out of work first), or finished. */
type RunEnd = 'crashed' | 'stalled' | 'finished'

export async function crashRecovery(bus: CrashBus, scenario: CrashScenario): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'rivulet-bus-crash-'))
  try {
    const program = bundleProgram('test/fixtures/bus-crash-pipeline.ts', base)
    const hooks = bundleProgram('test/fixtures/crash-hooks.ts', base)
    const env = { ...bus.env, ROOT: base, LIMIT: String(scenario.limit) }
    const run = async (extra: Record<string, string>): Promise<RunEnd> => {
      const child = runProgram(program, { ...env, ...extra }, { nodeArgs: ['--import', hooks] })
      let stalled = false
      const watchdog = setTimeout(() => {
        stalled = true
        child.process.kill('SIGKILL')
      }, WATCHDOG_MS)
      const exit = await child.exited()
      clearTimeout(watchdog)
      if (exit === 'SIGKILL') return stalled ? 'stalled' : 'crashed'
      if (exit !== 0) throw new Error(`the pipeline exited with ${exit}:\n${child.stderr()}`)
      return 'finished'
    }

    let produced = 0
    const producing = (async () => {
      for (let from = 0; from < scenario.messages; from += CHUNK) {
        await bus.produce(from, Math.min(scenario.messages, from + CHUNK))
        produced = Math.min(scenario.messages, from + CHUNK)
        await sleep(PAUSE_MS)
      }
    })()

    const random = seededRandom(scenario.seed)
    const ends: RunEnd[] = []
    const story: string[] = []
    for (let r = 0; r < scenario.crashes; r++) {
      const crashAt = 1 + Math.floor(random() * MAX_CRASH_AT)
      const started = performance.now()
      const end = await run({ CRASH_AT: String(crashAt), MODE: 'run' })
      ends.push(end)
      const ms = Math.round(performance.now() - started)
      story.push(`run ${r}: ${end} at operation ${crashAt} after ${ms} ms (${produced} produced)`)
    }
    await producing
    // A run that stalled was still killed, only not at a chosen operation; most must die where they were told to.
    expect(ends.filter((end) => end === 'crashed').length, story.join('\n')).toBeGreaterThan(scenario.crashes / 2)
    const drainStarted = performance.now()
    expect(await run({ MODE: 'drain', CRASH_AT: '0' }), story.join('\n')).toBe('finished')
    story.push(`drain: ${Math.round(performance.now() - drainStarted)} ms`)

    // The committed output, read through the sink's log (_spark_metadata), as Spark's readers do.
    const rows = newSession()
      .read.parquet(join(base, 'output'))
      .collect()
      .map((r) => ({ part: String(r.part), pos: String(r.pos), index: Number(String(r.value).slice(1)) }))
    const context = `${rows.length} rows after:\n${story.join('\n')}`
    expect(rows.length, context).toBe(scenario.messages)
    const seen = new Uint8Array(scenario.messages)
    const byPart = new Map<string, { pos: string; index: number }[]>()
    for (const row of rows) {
      if (!(row.index >= 0 && row.index < scenario.messages) || seen[row.index] === 1) {
        expect.fail(`message m${row.index} is out of range or appears twice; ${context}`)
      }
      seen[row.index] = 1
      if (row.part !== bus.partOf(row.index)) expect.fail(`m${row.index} came from ${row.part}; ${context}`)
      const list = byPart.get(row.part) ?? []
      list.push(row)
      byPart.set(row.part, list)
    }
    for (const [part, partRows] of byPart) {
      partRows.sort((a, b) => a.index - b.index)
      const indexes = partRows.map((r) => r.index)
      expect(
        partRows.map((r) => r.pos),
        `positions in ${part}`,
      ).toEqual(bus.positions(part, indexes))
    }
  } finally {
    rmSync(base, { recursive: true, force: true })
  }
}
