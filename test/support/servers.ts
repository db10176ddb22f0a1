// Real test servers (Kafka mock cluster, Redis, NATS JetStream) started per test file through scripts/servers/.
import { execFile, execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe } from 'vitest'

export type ServerName = 'kafka' | 'redis' | 'nats'

/** The program each server needs (from its Debian package) and the variable that points tests at a running one. */
const servers: Record<ServerName, { readonly binary: string; readonly env: string }> = {
  kafka: { binary: 'kcat', env: 'RIVULET_KAFKA_ADDRESS' },
  redis: { binary: 'redis-server', env: 'RIVULET_REDIS_ADDRESS' },
  nats: { binary: 'nats-server', env: 'RIVULET_NATS_ADDRESS' },
}

const scripts = join(import.meta.dirname, '..', '..', 'scripts', 'servers')
const run = promisify(execFile)

export interface TestServer {
  readonly name: ServerName
  /** `host:port` (Kafka: the bootstrap list); readable inside the tests of `describe`. */
  readonly address: string
  /**
   * A describe block whose tests run against the server: started before them, stopped after. Outside CI, when the
   * server is not installed, the block is skipped and its title says which server is missing and how to install it.
   */
  describe(title: string, body: () => void): void
}

/** Whether the server's program is on this machine (Debian puts nats-server in /usr/sbin). */
function installed(binary: string): boolean {
  try {
    execFileSync('bash', ['-c', `PATH="$PATH:/usr/sbin" command -v ${binary}`], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

export function testServer(name: ServerName): TestServer {
  const { binary, env } = servers[name]
  const given = process.env[env]
  let address: string | undefined = given
  let dir: string | undefined

  const start = async () => {
    dir = mkdtempSync(join(tmpdir(), `rivulet-${name}-`))
    const { stdout } = await run('bash', [join(scripts, 'start.sh'), name, dir])
    address = stdout.trim()
    const pid = Number(readFileSync(join(dir, `${name}.pid`), 'utf8'))
    // A worker that dies before afterAll still takes its server down.
    process.once('exit', () => {
      try {
        process.kill(pid)
      } catch {}
    })
  }
  const stop = async () => {
    if (dir === undefined) return
    await run('bash', [join(scripts, 'stop.sh'), name, dir])
    rmSync(dir, { recursive: true, force: true })
  }

  return {
    name,
    get address(): string {
      if (address === undefined) throw new Error(`the ${name} test server is not running (use its describe block)`)
      return address
    },
    describe(title, body) {
      const available = given !== undefined || process.env.CI === 'true' || installed(binary)
      if (!available) {
        describe.skip(
          `${title} [skipped: the ${name} test server needs '${binary}'; run scripts/servers/install.sh ${name}]`,
          body,
        )
        return
      }
      describe(title, () => {
        if (given === undefined) {
          beforeAll(start, 60_000)
          afterAll(stop, 30_000)
        }
        body()
      })
    },
  }
}
