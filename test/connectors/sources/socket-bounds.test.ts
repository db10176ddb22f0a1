// The socket source is bounded: lines are framed in linear time with `\r`, `\n` and `\r\n` recognised wherever the
// chunks split them (and UTF-8 characters split across chunks kept whole), and a sender faster than the query is
// paused once the uncommitted lines pass maxBufferedBytes, so memory stays flat however much it sends.
import { createServer, type Server, type Socket } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { rowsOf } from '../../../src/arrow/index.js'
import { LineFramer } from '../../../src/connectors/sources/line-framer.js'
import { SocketSource } from '../../../src/connectors/sources/socket.js'
import { AnalysisException } from '../../../src/index.js'
import { newSession } from '../../support/session.js'

const encode = (text: string) => new TextEncoder().encode(text)

/** Java's readLine over the whole text: `\r\n`, `\n` or `\r` end a line; text after the last end is a line too. */
function referenceLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/)
  if (lines[lines.length - 1] === '') lines.pop()
  return lines
}

/** The lines a framer makes of `bytes` cut at `cuts`. */
function framed(bytes: Uint8Array, cuts: readonly number[]): string[] {
  const framer = new LineFramer()
  const out: string[] = []
  let from = 0
  for (const cut of [...cuts, bytes.length]) {
    framer.push(bytes.subarray(from, cut), (line) => out.push(line))
    from = cut
  }
  framer.end((line) => out.push(line))
  return out
}

describe('line framing', () => {
  const text = 'one\r\ntwo\rthree\n\nfour\r\r\nfive é日本\r\n\r\nsix'

  it('gives the same lines wherever one cut falls, a \\r ending one chunk and its \\n starting the next included', () => {
    const bytes = encode(text)
    for (let cut = 0; cut <= bytes.length; cut++) expect(framed(bytes, [cut])).toEqual(referenceLines(text))
  })

  it('gives the same lines fed one byte at a time (multi-byte characters split across chunks)', () => {
    const bytes = encode(text)
    expect(
      framed(
        bytes,
        Array.from({ length: bytes.length }, (_, i) => i),
      ),
    ).toEqual(referenceLines(text))
  })

  it('counts the bytes of each line and of the unfinished one', () => {
    const framer = new LineFramer()
    const sizes: number[] = []
    framer.push(encode('ab\r\nc日'), (_, bytes) => sizes.push(bytes))
    expect(sizes).toEqual([2])
    expect(framer.pendingBytes).toBe(4)
  })

  it('assembles a 20 MiB line sent in 4 KiB chunks', () => {
    const line = 'x'.repeat(20 * 1024 * 1024)
    const bytes = encode(`${line}\nend\n`)
    const cuts = Array.from({ length: Math.floor(bytes.length / 4096) }, (_, i) => (i + 1) * 4096)
    const lines = framed(bytes, cuts)
    expect(lines.map((l) => l.length)).toEqual([line.length, 3])
    expect(lines[0] === line).toBe(true)
  })
})

/** A sender that writes 1 KiB lines as fast as the connection takes them (it waits for 'drain'), up to `cap`. */
interface Flood {
  readonly port: number
  /** Bytes handed to the connection so far. */
  written(): number
  /** Resolves when `cap` bytes were handed over (only if nothing pushed back). */
  readonly done: Promise<void>
  close(): Promise<void>
}

const LINE = `${'x'.repeat(1023)}\n`
const BLOCK = Buffer.from(LINE.repeat(64))

async function startFlood(cap: number): Promise<Flood> {
  let written = 0
  let client: Socket | undefined
  let finish: () => void = () => {}
  const done = new Promise<void>((resolve) => (finish = resolve))
  const server: Server = createServer((socket) => {
    client = socket
    socket.on('error', () => {})
    const pump = () => {
      while (written < cap) {
        written += BLOCK.length
        if (!socket.write(BLOCK)) return void socket.once('drain', pump)
      }
      finish()
    }
    pump()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    written: () => written,
    done,
    close: () =>
      new Promise((resolve) => {
        client?.destroy()
        server.close(() => resolve())
      }),
  }
}

describe('backpressure', () => {
  const floods: Flood[] = []
  afterEach(async () => {
    for (const flood of floods.splice(0)) await flood.close()
  })

  it('pauses a sender faster than the query, so memory stays bounded however much it sends', async () => {
    const bound = 1024 * 1024
    const total = 256 * 1024 * 1024
    const flood = await startFlood(total)
    floods.push(flood)
    const source = new SocketSource(
      { host: '127.0.0.1', port: flood.port, includeTimestamp: false, numPartitions: 1, maxBufferedBytes: bound },
      { conf: () => undefined, metadataPath: undefined, now: () => 0 },
    )
    const rss0 = process.memoryUsage().rss
    // The query is stalled: nothing is committed until the source pauses (or, without backpressure, the
    // sender has handed over everything).
    const paused = new Promise<void>((resolve) => source.onDataAvailable(() => source.paused && resolve()))
    await source.latestOffset()
    await Promise.race([paused, flood.done])
    expect(source.paused).toBe(true)
    // One socket read (64 KiB) may land past the bound before the pause.
    expect(source.buffered.unread).toBeLessThanOrEqual(bound + 64 * 1024)
    expect(flood.written()).toBeLessThan(total)

    // Now the query consumes batch after batch; the sender is never let far ahead of what was committed.
    let committed = 0
    let lines = 0
    let peakRss = process.memoryUsage().rss
    let start: number | null = null
    while (committed < 64 * 1024 * 1024) {
      const end = (await source.latestOffset()) as number
      if (start !== null && end === start) {
        await new Promise<void>((resolve) => source.onDataAvailable(resolve))
        continue
      }
      const batches = await source.getBatch(start, end)
      for (const batch of batches) {
        for (const row of rowsOf(batch, source.schema)) {
          if (row.value !== LINE.slice(0, -1)) throw new Error(`line ${lines} was damaged`)
          lines++
          committed += LINE.length
        }
      }
      // This batch's lines, and those arriving meanwhile (up to the bound and one read).
      expect(source.buffered.uncommitted).toBeLessThanOrEqual(2 * (bound + 64 * 1024))
      source.commit(end)
      start = end
      peakRss = Math.max(peakRss, process.memoryUsage().rss)
    }
    await source.stop()
    expect(lines).toBe(committed / LINE.length)
    // Generous: the lines in flight are at most ~1 MiB, and 64 MiB have passed; without backpressure the stall
    // alone holds the whole 256 MiB flood.
    expect(peakRss - rss0).toBeLessThan(160 * 1024 * 1024)
  }, 120_000)

  it('a query reads a flood through a small buffer: every line once, the sender never blocked for good', async () => {
    const lines = 8192
    const flood = await startFlood(lines * LINE.length)
    floods.push(flood)
    let seen = 0
    let damaged = 0
    let allSeen: () => void = () => {}
    const everyLine = new Promise<void>((resolve) => (allSeen = resolve))
    const query = newSession()
      .readStream.format('socket')
      .option('host', '127.0.0.1')
      .option('port', flood.port)
      .option('maxBufferedBytes', 64 * 1024)
      .load()
      .writeStream.foreachBatch((df) => {
        for (const row of df.collect()) {
          seen++
          if (row.value !== LINE.slice(0, -1)) damaged++
        }
        if (seen >= lines) allSeen()
      })
      .start()
    // The sender finishes only if the paused socket resumes as batches take the lines.
    await flood.done
    await everyLine
    await query.stop()
    expect({ seen, damaged }).toEqual({ seen: lines, damaged: 0 })
  }, 60_000)

  it('takes maxBufferedBytes as an option, which must be positive', () => {
    const reader = () => newSession().readStream.format('socket').option('host', 'localhost').option('port', 9999)
    expect(() => reader().option('maxBufferedBytes', 0).load()).toThrow(AnalysisException)
    expect(() => reader().option('maxBufferedBytes', 0).load()).toThrow(
      "Invalid value '0'. The option 'maxBufferedBytes' must be positive",
    )
    expect(reader().option('maxBufferedBytes', 4096).load().isStreaming).toBe(true)
  })
})
