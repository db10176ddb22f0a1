// Beyond Spark: with a checkpoint, the socket source logs received lines, so a crash after lines were received
// but before their batch committed loses nothing and duplicates nothing.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { type ChildProgram, runProgram } from '../../support/child-program.js'
import { type LineServer, startLineServer } from '../../support/line-server.js'

describe('socket source with a checkpoint', () => {
  let server: LineServer | undefined
  const programs: ChildProgram[] = []
  let dir: string | undefined
  afterEach(async () => {
    for (const p of programs.splice(0)) p.process.kill('SIGKILL')
    await server?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('replays lines received before a crash exactly once after a restart', async () => {
    dir = mkdtempSync(join(tmpdir(), 'rivulet-socket-'))
    server = await startLineServer()
    const env = { PORT: String(server.port), CHECKPOINT: join(dir, 'checkpoint'), OUT: join(dir, 'out') }
    const first = runProgram('test/fixtures/socket-to-files.ts', { ...env, CRASH_IN_BATCH: '1' })
    programs.push(first)
    await server.connected()
    await first.waitFor('batch 0 written')
    server.send('alpha\nbeta\n')
    expect(await first.exited()).toBe('SIGKILL')
    server.disconnectClients()

    const second = runProgram('test/fixtures/socket-to-files.ts', env)
    programs.push(second)
    await second.waitFor('batch 1 written')
    await server.connected()
    server.send('gamma\n')
    await second.waitFor('batch 2 written')

    const outDir = join(dir, 'out')
    const files = readdirSync(outDir)
      .filter((f) => f.endsWith('.json'))
      .sort()
    const values = files.flatMap((f) => JSON.parse(readFileSync(join(outDir, f), 'utf8')) as string[])
    expect(values).toEqual(['alpha', 'beta', 'gamma'])
    expect(files).toEqual(['0.json', '1.json', '2.json'])
  }, 60_000)
})
