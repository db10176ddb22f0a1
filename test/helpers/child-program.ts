// Runs an example program as a child process (through tsx) and lets a test wait for text on its stdout.
import { type ChildProcess, spawn } from 'node:child_process'

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

export function runProgram(path: string, env: Record<string, string>): ChildProgram {
  const child = spawn(process.execPath, ['--import', 'tsx', path], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
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
