// Example programs run as a user runs them: in a child process, reading lines from an in-process `nc -lk` stand-in.
import { type ChildProgram, runProgram } from './child-program.js'
import { type LineServer, startLineServer } from './line-server.js'

/** The header the console sink prints before each batch. */
export const consoleBanner = (batchId: number) =>
  `-------------------------------------------\nBatch: ${batchId}\n-------------------------------------------\n`

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
