// The socket example program, run exactly as a user runs it: against an in-process `nc -lk` stand-in, and alone,
// serving the lines written to its stdin.
import { afterEach, describe, expect, it } from 'vitest'
import { type ChildProgram, runProgram } from '../support/child-program.js'
import { consoleBanner as banner, exampleRunner, freePort, SEED_OUTPUT } from '../support/example-run.js'

describe('examples/socket_streaming.ts', () => {
  const examples = exampleRunner()
  afterEach(() => examples.stop())

  it('prints an empty Batch 0, then each received line in Spark console format, and stops on Ctrl-C', async () => {
    const { server, program } = await examples.start('examples/socket_streaming.ts')
    await program.waitFor(`${banner(0)}+-----+\n|value|\n+-----+\n+-----+\n\n`)
    server.send('hello world\n')
    await program.waitFor(banner(1))
    await program.waitFor('|hello world|\n+-----------+\n\n')
    server.send('apache spark\nhadoop\n')
    await program.waitFor(banner(2))
    await program.waitFor('|      hadoop|\n+------------+\n\n')
    server.disconnectClients()
    program.process.kill('SIGINT')
    expect(await program.exited()).toBe(130)
    expect(program.stdout()).toBe(SEED_OUTPUT)
  })

  describe('when nothing listens on the port', () => {
    let program: ChildProgram | undefined
    afterEach(() => program?.process.kill('SIGKILL'))

    it('serves the lines written to its stdin there, and stops once the end of stdin is printed', async () => {
      program = runProgram(
        'examples/socket_streaming.ts',
        { HOST: '127.0.0.1', PORT: String(await freePort()) },
        { stdin: 'pipe' },
      )
      await program.waitFor(`${banner(0)}+-----+\n|value|\n+-----+\n+-----+\n\n`)
      program.process.stdin!.write('hello world\n')
      await program.waitFor('|hello world|\n+-----------+\n\n')
      program.process.stdin!.end('apache spark\nhadoop\n')
      expect(await program.exited()).toBe(0)
      expect(program.stdout()).toBe(SEED_OUTPUT)
      expect(program.stderr()).toBe('')
    })
  })
})
