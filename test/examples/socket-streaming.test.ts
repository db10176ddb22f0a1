// The socket example program, run exactly as a user runs it, against an in-process `nc -lk` stand-in.
import { afterEach, describe, expect, it } from 'vitest'
import { consoleBanner as banner, exampleRunner } from '../support/example-run.js'

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
    expect(program.stdout()).toBe(
      [
        'true',
        'root',
        ' |-- value: string (nullable = true)',
        '',
        banner(0) + '+-----+',
        '|value|',
        '+-----+',
        '+-----+',
        '',
        banner(1) + '+-----------+',
        '|      value|',
        '+-----------+',
        '|hello world|',
        '+-----------+',
        '',
        banner(2) + '+------------+',
        '|       value|',
        '+------------+',
        '|apache spark|',
        '|      hadoop|',
        '+------------+',
        '',
        '',
      ].join('\n'),
    )
  })
})
