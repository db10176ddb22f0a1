// Runs an example program as a child process (through tsx, or a bundle of it) and lets a test wait for its output.
import { type ChildProcess, spawn } from 'node:child_process'
import { basename, join } from 'node:path'
import { buildSync } from 'esbuild'

export interface ChildProgram {
  readonly process: ChildProcess
  /** Everything printed to stdout so far. */
  stdout(): string
  stderr(): string
  /** Resolves once stdout contains `text` (`count` times); rejects if the program exits first. */
  waitFor(text: string, count?: number): Promise<void>
  /** Resolves with the exit code (or signal) once the program ended. */
  exited(): Promise<number | string>
}

/**
 * Bundles a TypeScript program and everything it imports into one ES module in `outDir`, for tests that start it
 * many times: a bundle starts in about a third of the time tsx needs to load the sources.
 */
export function bundleProgram(path: string, outDir: string): string {
  const outfile = join(outDir, basename(path).replace(/\.ts$/, '.mjs'))
  const options = {
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
    // CommonJS packages in the bundle (kafkajs, ioredis) require Node's built-in modules.
    banner: {
      js: "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);",
    },
  } as const
  buildSync({ ...options, entryPoints: [path], outfile })
  // Queries on worker threads start them from `stage-worker` beside the bundle, as a built package does.
  buildSync({
    ...options,
    entryPoints: ['src/runtime/parallel/stage-worker.ts'],
    outfile: join(outDir, 'stage-worker.mjs'),
  })
  return outfile
}

export interface ProgramOptions {
  /** Node's own options, before the program (e.g. `--import` of a preload, which worker threads inherit). */
  readonly nodeArgs?: readonly string[]
  /** Command-line arguments after the program's path. */
  readonly args?: readonly string[]
  /** `pipe` to write to the program's stdin through `process.stdin`; by default it reads nothing. */
  readonly stdin?: 'ignore' | 'pipe'
}

/** Runs a program: `.ts` files through tsx, JavaScript files (bundles, `.mjs`) directly. */
export function runProgram(path: string, env: Record<string, string>, options: ProgramOptions = {}): ChildProgram {
  const program = path.endsWith('.ts') ? ['--import', 'tsx', path] : [path]
  const args = [...(options.nodeArgs ?? []), ...program, ...(options.args ?? [])]
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env },
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  const waiters: (() => void)[] = []
  const exit = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  )
  child.stdout!.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8')
    for (const waiter of waiters.splice(0)) waiter()
  })
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8')
  })
  const occurrences = (text: string) => out.split(text).length - 1
  return {
    process: child,
    stdout: () => out,
    stderr: () => err,
    exited: () => exit,
    waitFor(text, count = 1) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (occurrences(text) >= count) resolve()
          else waiters.push(check)
        }
        void exit.then((code) =>
          reject(new Error(`program exited (${code}) before printing ${JSON.stringify(text)}:\n${out}\n${err}`)),
        )
        check()
      })
    },
  }
}
