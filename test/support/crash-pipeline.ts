// A crash-test program: a fixture bundled with the crash hooks preloaded into every thread (see
// test/fixtures/crash-hooks.ts), one run of it — what it printed, or that it was SIGKILLed — and where to kill runs.
import { bundleProgram, runProgram } from './child-program.js'

export interface CrashPipeline {
  readonly program: string
  readonly hooks: string
}

export interface PipelineRun {
  /** The main thread's operations, or undefined when it was killed. */
  readonly operations: string[] | undefined
  /** Operations of every thread (workers included). */
  readonly total: number
  readonly stderr: string
}

/** Bundles `fixture` and the crash hooks into `dir`. */
export const bundleCrashPipeline = (fixture: string, dir: string): CrashPipeline => ({
  program: bundleProgram(fixture, dir),
  hooks: bundleProgram('test/fixtures/crash-hooks.ts', dir),
})

/** Runs the program once with `env` (ROOT, CRASH_AT and the fixture's own settings) to its end or its kill. */
export async function runCrashPipeline(pipeline: CrashPipeline, env: Record<string, string>): Promise<PipelineRun> {
  const child = runProgram(pipeline.program, env, { nodeArgs: ['--import', pipeline.hooks] })
  const exit = await child.exited()
  if (exit === 'SIGKILL') return { operations: undefined, total: 0, stderr: child.stderr() }
  if (exit !== 0) throw new Error(`pipeline exited with ${exit}:\n${child.stderr()}`)
  const printed = JSON.parse(child.stdout().trim().split('\n').pop()!) as { operations: string[]; total: number }
  return { ...printed, stderr: child.stderr() }
}

/**
 * `runs` points to kill runs at, one in each of `runs` equal spans of `total` operations: operations of all threads
 * interleave differently from run to run, so they are positions in that sequence.
 */
export const spreadPoints = (random: () => number, runs: number, total: number): number[] =>
  Array.from({ length: runs }, (_, r) => 1 + Math.floor(((r + random()) * total) / runs))

/** The line a killed run printed: which thread died at which operation. */
export const crashLine = (stderr: string): string => /crash in thread \d+: .*/.exec(stderr)?.[0] ?? 'no crash'
