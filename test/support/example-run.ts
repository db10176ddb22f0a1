// Example programs run as a user runs them: in a child process, reading lines from an in-process `nc -lk` stand-in.
import { createServer } from 'node:net'
import { type ChildProgram, runProgram } from './child-program.js'
import { type LineServer, startLineServer } from './line-server.js'

/** The header the console sink prints before each batch. */
export const consoleBanner = (batchId: number) =>
  `-------------------------------------------\nBatch: ${batchId}\n-------------------------------------------\n`

/** What the seed example prints for an empty first batch, then `hello world`, then `apache spark` and `hadoop`. */
export const SEED_OUTPUT = [
  'true',
  'root',
  ' |-- value: string (nullable = true)',
  '',
  consoleBanner(0) + '+-----+',
  '|value|',
  '+-----+',
  '+-----+',
  '',
  consoleBanner(1) + '+-----------+',
  '|      value|',
  '+-----------+',
  '|hello world|',
  '+-----------+',
  '',
  consoleBanner(2) + '+------------+',
  '|       value|',
  '+------------+',
  '|apache spark|',
  '|      hadoop|',
  '+------------+',
  '',
  '',
].join('\n')

/** A port nothing listens on (one the system just handed out and took back). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (typeof address !== 'object' || !address) throw new Error('no port')
  return address.port
}

export interface ExampleRun {
  readonly server: LineServer
  readonly program: ChildProgram
}

/**
 * Starts examples (`start(path, env)`: a fresh line server, the program told its HOST and PORT, and — unless the
 * program is expected to fail first — connected) and stops the running one (`stop()`, for afterEach: the program
 * killed, the server closed).
 */
export function exampleRunner() {
  let running: ExampleRun | undefined
  return {
    async start(path: string, env: Record<string, string> = {}, connects = true): Promise<ExampleRun> {
      const server = await startLineServer()
      const program = runProgram(path, { HOST: '127.0.0.1', PORT: String(server.port), ...env })
      running = { server, program }
      if (connects) await server.connected()
      return running
    },
    async stop(): Promise<void> {
      running?.program.process.kill('SIGKILL')
      await running?.server.close()
      running = undefined
    },
  }
}
