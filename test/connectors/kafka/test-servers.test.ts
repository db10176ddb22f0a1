// Smoke tests of the test servers scripts/servers/ starts: each answers its own protocol on 127.0.0.1.
import { execFile } from 'node:child_process'
import { connect } from 'node:net'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { testServer } from '../../support/servers.js'

/** Sends `request` (if any) to host:port and resolves with the text received once `done` accepts it. */
function exchange(address: string, request: string, done: (text: string) => boolean): Promise<string> {
  const [host, port] = address.split(':')
  return new Promise((resolve, reject) => {
    let text = ''
    const socket = connect({ host: host!, port: Number(port) }, () => {
      if (request !== '') socket.write(request)
    })
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => {
      text += chunk
      if (done(text)) {
        socket.destroy()
        resolve(text)
      }
    })
    socket.on('error', reject)
  })
}

const kafka = testServer('kafka')
kafka.describe('the Kafka mock cluster', () => {
  it('has three brokers on loopback and auto-creates a topic with 4 partitions', async () => {
    const brokers = kafka.address.split(',')
    expect(brokers).toHaveLength(3)
    for (const broker of brokers) expect(broker).toMatch(/^127\.0\.0\.1:\d+$/)
    const { stdout } = await promisify(execFile)('kcat', ['-b', kafka.address, '-L', '-t', 'smoke', '-J'])
    const metadata = JSON.parse(stdout) as { brokers: unknown[]; topics: { topic: string; partitions: unknown[] }[] }
    expect(metadata.brokers).toHaveLength(3)
    expect(metadata.topics.find((t) => t.topic === 'smoke')?.partitions).toHaveLength(4)
  })
})

const redis = testServer('redis')
redis.describe('the Redis server', () => {
  it('answers PING and appends to a stream', async () => {
    expect(await exchange(redis.address, 'PING\r\n', (t) => t.endsWith('\r\n'))).toBe('+PONG\r\n')
    const reply = await exchange(redis.address, 'XADD smoke 5-1 field value\r\n', (t) => t.endsWith('\r\n'))
    expect(reply).toBe('$3\r\n5-1\r\n')
  })
})

const nats = testServer('nats')
nats.describe('the NATS server', () => {
  it('greets a client with INFO that announces JetStream', async () => {
    const greeting = await exchange(nats.address, '', (t) => t.endsWith('\r\n'))
    expect(greeting.startsWith('INFO ')).toBe(true)
    const info = JSON.parse(greeting.slice(5)) as { jetstream?: boolean; host: string }
    expect(info.jetstream).toBe(true)
    expect(info.host).toBe('127.0.0.1')
  })
})
