// A built-in `nc -lk <port>` for the socket examples: serves the lines typed into this terminal (or piped in).
import { connect, createServer, type Socket } from 'node:net'

export interface TerminalLineServer {
  /** Resolves once stdin has ended and a connected client has received every line. */
  readonly drained: Promise<void>
  close(): void
}

/** Whether a server accepts connections on `host:port` (`false` only when the connection is refused). */
function somethingListens(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect({ host, port })
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', (error: NodeJS.ErrnoException) => resolve(error.code !== 'ECONNREFUSED'))
  })
}

/**
 * Starts a line server on `host:port` fed by this process's stdin, as `nc -lk` would be, unless something already
 * listens there (then the program reads from that, e.g. a user's own `nc -lk 9999`, and this returns undefined).
 * Lines typed before the program connects are kept for it; the end of stdin (Ctrl-D) ends the connection.
 */
export async function startTerminalLineServer(host: string, port: number): Promise<TerminalLineServer | undefined> {
  if (await somethingListens(host, port)) return undefined
  const clients = new Set<Socket>()
  let pending = ''
  let stdinEnded = false
  let onDrained = () => {}
  const drained = new Promise<void>((resolve) => (onDrained = resolve))
  const server = createServer((client) => {
    clients.add(client)
    client.on('error', () => client.destroy())
    client.on('close', () => {
      clients.delete(client)
      if (stdinEnded) onDrained()
    })
    client.write(pending)
    pending = ''
    if (stdinEnded) client.end()
  })
  const listening = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false))
    server.listen(port, host, () => resolve(true))
  })
  if (!listening) return undefined
  if (process.stdin.isTTY) {
    console.error(`Serving the lines you type on ${host}:${port}, where nothing listened. Ctrl-D ends, Ctrl-C stops.`)
  }
  process.stdin.setEncoding('utf8')
  process.stdin.on('data', (text: string) => {
    if (clients.size === 0) pending += text
    for (const client of clients) client.write(text)
  })
  process.stdin.on('end', () => {
    stdinEnded = true
    for (const client of clients) client.end()
  })
  return {
    drained,
    close() {
      process.stdin.destroy()
      for (const client of clients) client.destroy()
      server.close()
    },
  }
}
