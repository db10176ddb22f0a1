// The query's worker threads: started once per query, each given its stages when the query opens; requests go to one
// worker or all of them and resolve with their replies. A worker that throws or dies fails every request waiting on
// it, and every later one, with an error naming the worker, the partitions it owned and the cause — never a hang.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { type Transferable, Worker } from 'node:worker_threads'
import { IllegalStateException, SparkError } from '../../common/errors.js'
import type { WorkerEnvelope, WorkerReply, WorkerRequest } from './messages.js'

interface Pending {
  readonly resolve: (value: unknown) => void
  readonly reject: (error: Error) => void
}

let sourceBundle: URL | undefined

/**
 * The worker script: `stage-worker.js` beside this module when built. From the TypeScript sources (tests,
 * development) the worker is bundled once per process with esbuild (a development dependency), since a worker thread
 * cannot load TypeScript itself and loading the sources file by file through a loader takes seconds per worker.
 */
function workerEntry(): URL {
  const self = fileURLToPath(import.meta.url)
  const extension = extname(self)
  if (extension !== '.ts') return new URL(`./stage-worker${extension}`, import.meta.url)
  if (!sourceBundle) {
    const dir = mkdtempSync(join(tmpdir(), 'rivulet-worker-'))
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }))
    const outfile = join(dir, 'stage-worker.mjs')
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild')
    esbuild.buildSync({
      entryPoints: [join(dirname(self), 'stage-worker.ts')],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'warning',
    })
    sourceBundle = pathToFileURL(outfile)
  }
  return sourceBundle
}

/** Whether a module specifier names tsx, the TypeScript loader. */
const isTsx = (specifier: string | undefined) =>
  specifier !== undefined && (/^tsx(\/|$)/.test(specifier) || /[\\/]node_modules[\\/]tsx[\\/]/.test(specifier))

const PRELOADS = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader'])

/**
 * Node's options for a worker, when the driver runs under the tsx loader: the driver's less tsx — the worker script
 * is JavaScript, and the loader would cost every worker its own hooks thread and start-up time. Other preloads (the
 * crash tests' hooks) and options (--cpu-prof) stay. Otherwise undefined: the driver's options, as Node passes them.
 */
export function withoutTsx(given: readonly string[]): string[] | undefined {
  const args: string[] = []
  for (let i = 0; i < given.length; i++) {
    const arg = given[i]!
    const eq = arg.indexOf('=')
    const [name, value] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, given[i + 1]]
    if (!PRELOADS.has(name) || !isTsx(value)) args.push(arg)
    else if (eq < 0) i++
  }
  return args.length === given.length ? undefined : args
}

/** The options workers start with (see withoutTsx), less any Node refused for a worker (V8's, which are per process). */
let workerArgs: string[] | undefined
let argsChosen = false

/**
 * A worker's young generation (Node's default for a worker: 48 MB). Stages allocate a batch's columns, exchange
 * pieces and IPC bytes per batch; at 64 MB the workers spent ~10% less CPU on Nexmark q5 in steady state (bench
 * scratch runs, two each, machine loaded — a modest, noisy gain).
 */
const resourceLimits = { maxYoungGenerationSizeMb: 64 }

function startWorker(url: URL, w: number): Worker {
  if (!argsChosen) {
    workerArgs = withoutTsx(process.execArgv)
    argsChosen = true
  }
  try {
    return new Worker(url, {
      workerData: { worker: w },
      resourceLimits,
      ...(workerArgs ? { execArgv: workerArgs } : {}),
    })
  } catch (error) {
    if (!workerArgs || (error as { code?: string }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error
    const refused = new Set((error as Error).message.replace(/^[^:]*:\s*/, '').split(/,\s*/))
    workerArgs = workerArgs.filter((arg) => !refused.has(arg))
    return new Worker(url, { workerData: { worker: w }, resourceLimits, execArgv: workerArgs })
  }
}

export class WorkerPool {
  private readonly workers: Worker[]
  private readonly pending: Map<number, Pending>[]
  private nextId = 0
  /** Set once a worker failed: every request fails with it from then on. */
  private failure: Error | undefined
  private closing = false

  /** @param describeWorker what a worker's failure message says it ran (its partitions) */
  constructor(
    readonly size: number,
    private readonly describeWorker: (worker: number) => string,
  ) {
    const url = workerEntry()
    this.pending = Array.from({ length: size }, () => new Map())
    this.workers = Array.from({ length: size }, (_, w) => {
      const worker = startWorker(url, w)
      worker.on('message', (reply: WorkerReply) => this.settle(w, reply))
      worker.on('error', (error) => this.fail(w, error))
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(w, new Error(`the worker thread exited with code ${code}`))
      })
      return worker
    })
  }

  /** Sends one request to worker `w`; `transfer` lists buffers moved (not copied) to it. */
  request<T>(w: number, request: WorkerRequest, transfer: Transferable[] = []): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending[w]!.set(id, { resolve: resolve as (value: unknown) => void, reject })
      const envelope: WorkerEnvelope = { id, request }
      this.workers[w]!.postMessage(envelope, transfer)
    })
  }

  /** Sends `requestFor(w)` to every worker; resolves with the replies in worker order. */
  all<T>(requestFor: (w: number) => { request: WorkerRequest; transfer?: Transferable[] }): Promise<T[]> {
    return Promise.all(
      this.workers.map((_, w) => {
        const { request, transfer } = requestFor(w)
        return this.request<T>(w, request, transfer)
      }),
    )
  }

  /** Stops every worker (after a last `close` request, so operators close). Idempotent. */
  async close(): Promise<void> {
    if (this.closing) return
    this.closing = true
    if (!this.failure) await Promise.allSettled(this.workers.map((_, w) => this.request(w, { kind: 'close' })))
    await Promise.allSettled(this.workers.map((worker) => worker.terminate()))
  }

  private settle(w: number, reply: WorkerReply): void {
    const waiting = this.pending[w]!.get(reply.id)
    if (!waiting) return
    this.pending[w]!.delete(reply.id)
    if (reply.ok) waiting.resolve(reply.value)
    else {
      const { name, message, errorClass, stack } = reply.error
      const cause = new SparkError(message.replace(/^\[[A-Z_.]+\] /, ''), { errorClass })
      cause.name = name
      if (stack) cause.stack = stack
      waiting.reject(
        new IllegalStateException(`Worker thread ${w} (${this.describeWorker(w)}) failed: ${message}`, { cause }),
      )
    }
  }

  private fail(w: number, cause: Error): void {
    this.failure ??= new IllegalStateException(
      `Worker thread ${w} (${this.describeWorker(w)}) failed: ${cause.message}`,
      { cause },
    )
    for (const pending of this.pending) {
      for (const { reject } of pending.values()) reject(this.failure)
      pending.clear()
    }
  }
}
