// Fuzzes recovery from damaged checkpoints: a running count per key runs two batches, one random file of its
// checkpoint is damaged (emptied, cut, a byte flipped, garbage appended, deleted, replaced by JSON junk), and a
// rerun adds a third batch. The rerun must either fail with a typed error or give the exactly-once counts.
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { col, MemoryStream, StreamingQueryException } from '../../src/index.js'
import { type FuzzTarget, int, isTypedError, pick, type Rng, WrongResult } from './fuzz-case.js'
import { fuzzSession } from './fuzz-session.js'

const JUNK = ['{}', '[]', 'null', 'v1\n{"batchWatermarkMs":"x"}', 'v1\n{"logOffset":-5}', '\u0000']

type Damage = 'empty' | 'cut' | 'flip' | 'append' | 'delete' | 'junk'

export interface CheckpointInput {
  /** Picks the damaged file among the checkpoint's files (sorted), as a fraction. */
  readonly which: number
  readonly damage: Damage
  /** Where to cut or flip, as a fraction of the file's length. */
  readonly at: number
}

function files(dir: string): string[] {
  const out: string[] = []
  const visit = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      if (entry.isDirectory()) visit(path)
      else out.push(path)
    }
  }
  visit(dir)
  // The lock is the run's, not the checkpoint's data.
  return out.filter((f) => !relative(dir, f).startsWith('.locks')).sort()
}

function damage(path: string, input: CheckpointInput): void {
  const size = statSync(path).size
  const at = Math.min(size - 1, Math.floor(input.at * size))
  switch (input.damage) {
    case 'empty':
      truncateSync(path, 0)
      return
    case 'cut':
      truncateSync(path, Math.max(0, at))
      return
    case 'flip': {
      if (size === 0) return
      const bytes = readFileSync(path)
      bytes[at] = bytes[at]! ^ 0x20
      writeFileSync(path, bytes)
      return
    }
    case 'append':
      writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('\n{"junk": [1, 2')]))
      return
    case 'delete':
      unlinkSync(path)
      return
    default:
      writeFileSync(path, JUNK[Math.floor(input.at * JUNK.length)]!)
      return
  }
}

/** Runs the count over `batches` on `checkpoint`; returns the last count emitted per key, or the failure. */
async function runCounts(input: MemoryStream, checkpoint: string, batches: readonly string[][]) {
  const latest = new Map<string, number>()
  const query = input
    .toDF()
    .groupBy(col('key'))
    .count()
    .writeStream.outputMode('update')
    .option('checkpointLocation', checkpoint)
    .foreachBatch((df) => {
      for (const row of df.collect()) latest.set(row.key as string, row.count as number)
    })
    .start()
  let failure: unknown
  for (const batch of batches) {
    input.addData(batch.map((key) => [key]))
    failure = await query.processAllAvailable().then(
      () => undefined,
      (e: unknown) => e,
    )
    if (failure !== undefined) break
  }
  await query.stop()
  return { latest, failure }
}

export function checkpointTarget(): FuzzTarget<CheckpointInput> {
  return {
    name: 'checkpoints',
    generate: (rng: Rng) => ({
      which: rng(),
      damage: pick<Damage>(rng, ['empty', 'cut', 'flip', 'append', 'delete', 'junk']),
      at: int(rng, 1000) / 1000,
    }),
    async execute(input) {
      const checkpoint = mkdtempSync(join(tmpdir(), 'rivulet-fuzz-checkpoint-'))
      try {
        // One stream for both runs: a MemoryStream keeps its data, as a replayable source does.
        const stream = new MemoryStream(fuzzSession(), 'key STRING')
        const first = await runCounts(stream, checkpoint, [['a'], ['a', 'b']])
        if (first.failure !== undefined) throw first.failure
        const all = files(checkpoint)
        const target = all[Math.floor(input.which * all.length)]!
        damage(target, input)
        const { latest, failure } = await runCounts(stream, checkpoint, [['a']])
        if (failure !== undefined) {
          // Allowed: a StreamingQueryException whose cause is a typed error; a raw cause is the finding.
          const cause = failure instanceof StreamingQueryException ? failure.cause : failure
          throw isTypedError(cause) ? failure : cause
        }
        // The rerun resumed: the counts are exactly-once (a=3 after three a's; b, if re-emitted, 1).
        if (latest.get('a') !== 3 || (latest.has('b') && latest.get('b') !== 1)) {
          throw new WrongResult(`after damaging ${relative(checkpoint, target)}: ${JSON.stringify([...latest])}`)
        }
      } finally {
        rmSync(checkpoint, { recursive: true, force: true })
      }
    },
    show: (input) => JSON.stringify(input),
  }
}
