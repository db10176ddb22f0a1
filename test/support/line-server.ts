// An in-process stand-in for `nc -lk <port>`: accepts connections and sends lines to the connected clients.
import { createServer, type Server, type Socket } from 'node:net'

export interface LineServer {
  readonly port: number
  /** Resolves when a client has connected. */
  connected(): Promise<void>
  /** Writes text to every connected client. */
  send(text: string): void
  /** Closes client connections (the server keeps listening). */
  disconnectClients(): void
  close(): Promise<void>
}

export async function startLineServer(): Promise<LineServer> {
  const clients = new Set<Socket>()
  let onConnect: (() => void) | undefined
  const server: Server = createServer((socket) => {
    clients.add(socket)
    socket.on('close', () => clients.delete(socket))
    socket.on('error', () => clients.delete(socket))
    onConnect?.()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    port,
    connected: () => (clients.size > 0 ? Promise.resolve() : new Promise((resolve) => (onConnect = resolve))),
    send: (text) => {
      for (const client of clients) client.write(text)
    },
    disconnectClients: () => {
      for (const client of clients) client.end()
    },
    close: () =>
      new Promise((resolve) => {
        for (const client of clients) client.destroy()
        server.close(() => resolve())
      }),
  }
}
