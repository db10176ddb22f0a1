// One writer per checkpoint: runs started at the same moment on one checkpoint — over a lock a killed run left
// behind — end with exactly one running, every time; a live holder is told apart from a dead one whose pid was
// reused or whose machine went away; and a second writer of a log entry fails the query instead of being ignored.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { IllegalStateException, MemoryStream } from '../../../src/index.js'
import { CheckpointLock } from '../../../src/runtime/checkpoint/checkpoint-lock.js'
import { FAILED, type RacerData, REFUSED, WON } from '../../support/checkpoint-race.js'
import { bundleProgram } from '../../support/child-program.js'
import { newSession } from '../../support/session.js'
import { tempDir } from '../../support/temp-files.js'

/** Rounds of each race (RIVULET_RACE_ROUNDS to run more or fewer): before the fix, about 1 in 70 had two winners. */
const ROUNDS = Number(process.env.RIVULET_RACE_ROUNDS ?? 500)

let base: string
let racerProgram: string
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'rivulet-racers-'))
  racerProgram = bundleProgram('test/fixtures/checkpoint-racer.ts', base)
}, 60_000)
afterAll(() => rmSync(base, { recursive: true, force: true }))

interface RaceResult {
  /** Per round, the racers' outcomes. */
  readonly rounds: number[][]
  /** delivered[batchId]: how many times a sink received the batch. */
  readonly delivered: number[]
  readonly firstError: string
}

/** Runs `racers` worker threads through `ROUNDS` rounds of racing for one checkpoint. */
async function race(mode: RacerData['mode'], racers: number, checkpoint: string): Promise<RaceResult> {
  const shared = {
    barrier: new SharedArrayBuffer(8),
    outcomes: new SharedArrayBuffer(4 * ROUNDS * racers),
    delivered: new SharedArrayBuffer(4 * (ROUNDS + 1)),
    errors: new SharedArrayBuffer(4 + 2000 * 3),
  }
  const workers = Array.from({ length: racers }, (_, racer) => {
    const workerData: RacerData = { mode, racer, racers, rounds: ROUNDS, checkpoint, ...shared }
    return new Worker(racerProgram, { workerData })
  })
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.once('error', reject)
          worker.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`racer exited with ${code}`))))
        }),
    ),
  )
  const outcomes = [...new Int32Array(shared.outcomes)]
  const errorLength = new Int32Array(shared.errors, 0, 1)[0]!
  return {
    rounds: Array.from({ length: ROUNDS }, (_, r) => outcomes.slice(r * racers, (r + 1) * racers)),
    delivered: [...new Int32Array(shared.delivered)],
    firstError: new TextDecoder().decode(new Uint8Array(shared.errors, 4, errorLength)),
  }
}

const roundsWhere = (result: RaceResult, bad: (outcomes: number[]) => boolean) =>
  result.rounds.flatMap((outcomes, round) => (bad(outcomes) ? [`round ${round}: ${outcomes.join(',')}`] : []))

describe('one writer per checkpoint', () => {
  it(`two queries started on one checkpoint at the same moment, ${ROUNDS} times over a stale lock: exactly one runs, no batch is written twice`, async () => {
    const checkpoint = join(base, 'query-race')
    mkdirSync(checkpoint)
    const result = await race('query', 2, checkpoint)
    expect(result.firstError).toBe('')
    const won = (outcomes: number[]) => outcomes.filter((o) => o === WON).length
    expect(roundsWhere(result, (o) => won(o) !== 1 || o.some((x) => x !== WON && x !== REFUSED))).toEqual([])
    // Round r adds the r-th row: its one winner runs batch r, once.
    expect(result.delivered.slice(0, ROUNDS)).toEqual(Array(ROUNDS).fill(1))
    const ids = (log: string) =>
      readdirSync(join(checkpoint, log))
        .filter((name) => /^\d+$/.test(name))
        .map(Number)
        .sort((a, b) => a - b)
    // minBatchesToRetain (100) entries stay, the last one being batch ROUNDS - 1.
    const kept = Math.min(ROUNDS, 100)
    expect(ids('offsets')).toEqual(Array.from({ length: kept }, (_, i) => ROUNDS - kept + i))
    expect(ids('commits')).toEqual(ids('offsets'))
  }, 300_000)

  it(`three starters taking over a stale lock at the same moment, ${ROUNDS} times: exactly one holds it`, async () => {
    const checkpoint = join(base, 'lock-race')
    mkdirSync(checkpoint)
    const result = await race('lock', 3, checkpoint)
    expect(result.firstError).toBe('')
    const badRounds = roundsWhere(result, (o) => o.filter((x) => x === WON).length !== 1 || o.includes(FAILED))
    expect(badRounds).toEqual([])
    // Older generations are deleted by each holder: the lock directory does not grow.
    expect(readdirSync(join(checkpoint, '.locks')).length).toBeLessThanOrEqual(3)
  }, 120_000)

  it('tells a live holder from a dead one: a reused pid, a silent machine, a released lock', () => {
    const checkpoint = tempDir()
    const locks = join(checkpoint, '.locks')
    const first = new CheckpointLock(checkpoint, 'q1')
    first.acquire('run-1')
    const second = new CheckpointLock(checkpoint, 'q1')
    expect(() => second.acquire('run-2')).toThrow(
      'Cannot start query with id q1 as another query with same id is already active.',
    )
    first.release()
    expect(JSON.parse(readFileSync(join(locks, '0'), 'utf8'))).toEqual({ released: true })
    second.acquire('run-2')
    const holder = JSON.parse(readFileSync(join(locks, '1'), 'utf8'))
    expect(holder).toMatchObject({ runId: 'run-2', pid: process.pid })
    second.release()

    // This process's pid, but another start time: the holder died and its pid was given to this process.
    writeFileSync(join(locks, '2'), JSON.stringify({ ...holder, runId: 'reused', startTicks: '1' }))
    const third = new CheckpointLock(checkpoint, 'q1')
    third.acquire('run-3')
    third.release()

    // A holder on another machine: live while its heartbeat is recent, dead two minutes after it stopped.
    const remote = join(locks, '4')
    writeFileSync(remote, JSON.stringify({ runId: 'remote', pid: 1, host: 'elsewhere' }))
    expect(() => new CheckpointLock(checkpoint, 'q1').acquire('run-4')).toThrow(IllegalStateException)
    const twoMinutesAgo = new Date(Date.now() - 120_000)
    utimesSync(remote, twoMinutesAgo, twoMinutesAgo)
    const fourth = new CheckpointLock(checkpoint, 'q1')
    fourth.acquire('run-4')
    expect(readdirSync(locks).sort()).toEqual(['5'])
    fourth.release()
  })

  it('fails the query when another run wrote the log entry it was about to write', async () => {
    const checkpoint = tempDir()
    const spark = newSession()
    const input = new MemoryStream(spark, 'n INT')
    input.addData([[1]])
    const query = input
      .toDF()
      .writeStream.option('checkpointLocation', checkpoint)
      .foreachBatch((_batch, batchId) => {
        // What a second run on this checkpoint would do while this batch runs: commit it first.
        writeFileSync(join(checkpoint, 'commits', String(batchId)), 'v1\n{"nextBatchWatermarkMs":0}')
      })
      .start()
    await expect(query.awaitTermination()).rejects.toThrow(
      '[CONCURRENT_STREAM_LOG_UPDATE] Concurrent update to the log. Multiple streaming jobs detected for 0.',
    )
  })
})
