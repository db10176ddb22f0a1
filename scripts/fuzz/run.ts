// `npm run fuzz [-- --seconds 60 --seed 1 --target sql|readers|checkpoints]`: seeded, time-boxed fuzzing of the SQL
// parser/analyzer, the JSON/CSV readers and checkpoint recovery. Each target runs in a child process watched by
// this one: an input that gives no heartbeat for 60 s is reported as a hang. Exits 1 on any finding.
import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { checkpointTarget } from './checkpoint-target.js'
import { type FuzzTarget, fuzz, type TargetStats } from './fuzz-case.js'
import { readerTarget } from './reader-target.js'
import { sqlTarget } from './sql-target.js'

const TARGETS: Record<string, { make: () => FuzzTarget<never>; share: number }> = {
  sql: { make: sqlTarget as () => FuzzTarget<never>, share: 0.4 },
  readers: { make: readerTarget as () => FuzzTarget<never>, share: 0.4 },
  checkpoints: { make: checkpointTarget as () => FuzzTarget<never>, share: 0.2 },
}
const HANG_MS = 60_000

interface Job {
  readonly target: string
  readonly seed: number
  readonly ms: number
}

type Message = { kind: 'beat'; index: number } | { kind: 'done'; stats: TargetStats }

function argument(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`)
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1]! : fallback
}

/** Runs one target in a worker; resolves with its stats, or with a hang finding when it stops beating. */
function runJob(job: Job): Promise<TargetStats> {
  return new Promise((resolve, reject) => {
    const worker = fork(fileURLToPath(import.meta.url), ['--job', JSON.stringify(job)], {
      execArgv: ['--import', 'tsx'],
      // Sessions serve no live UI while fuzzing.
      env: { ...process.env, RIVULET_UI_ENABLED: 'false' },
    })
    let index = -1
    let lastBeat = Date.now()
    const watchdog = setInterval(() => {
      if (Date.now() - lastBeat < HANG_MS) return
      clearInterval(watchdog)
      worker.kill()
      const input = `input ${index} of seed ${job.seed} (no heartbeat for ${HANG_MS / 1000} s)`
      resolve({
        target: job.target,
        tried: index + 1,
        typedErrors: 0,
        findings: [{ target: job.target, index, input, error: 'hang' }],
      })
    }, 1000)
    worker.on('message', (message: Message) => {
      lastBeat = Date.now()
      if (message.kind === 'beat') index = message.index
      else {
        clearInterval(watchdog)
        resolve(message.stats)
        worker.kill()
      }
    })
    worker.on('error', (error) => {
      clearInterval(watchdog)
      reject(error)
    })
  })
}

async function main(): Promise<void> {
  const seed = Number(argument('seed', String(Date.now() % 100_000)))
  const seconds = Number(argument('seconds', '60'))
  const only = argument('target', '')
  const names = only === '' ? Object.keys(TARGETS) : only.split(',')
  const shares = names.reduce((sum, name) => sum + (TARGETS[name]?.share ?? 0), 0)
  console.log(`fuzz: seed ${seed}, ${seconds} s over ${names.join(', ')}`)
  let findings = 0
  for (const name of names) {
    if (!TARGETS[name]) throw new Error(`unknown target ${name}; targets: ${Object.keys(TARGETS).join(', ')}`)
    const ms = (seconds * 1000 * TARGETS[name].share) / shares
    const stats = await runJob({ target: name, seed, ms })
    findings += stats.findings.length
    console.log(
      `${name.padEnd(12)} ${String(stats.tried).padStart(7)} inputs  ${String(stats.typedErrors).padStart(7)} typed errors  ${stats.findings.length} findings`,
    )
    for (const finding of stats.findings.slice(0, 5)) {
      console.log(`  #${finding.index}: ${finding.input}\n    ${finding.error.replaceAll('\n', '\n    ')}`)
    }
  }
  console.log(findings === 0 ? 'fuzz: no findings' : `fuzz: ${findings} findings`)
  process.exitCode = findings === 0 ? 0 : 1
}

const jobArgument = argument('job', '')
if (jobArgument === '') await main()
else {
  const job = JSON.parse(jobArgument) as Job
  const target = TARGETS[job.target]!.make()
  const stats = await fuzz(target, job.seed, { deadline: Date.now() + job.ms }, (index) =>
    process.send!({ kind: 'beat', index } satisfies Message),
  )
  process.send!({ kind: 'done', stats } satisfies Message, () => process.exit(0))
}
