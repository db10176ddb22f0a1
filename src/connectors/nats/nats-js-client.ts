// NatsClient over the official `nats` package (loaded on first use): stream bounds from the JetStream API, ranges read
// through an ephemeral pull consumer that starts at a sequence and acks nothing, publishes awaited until stored.
import { messageOf } from '../../common/errors.js'
import { InFlight } from '../in-flight.js'
import type {
  NatsClient,
  NatsConnectionConfig,
  NatsHeader,
  NatsMessages,
  NatsOutgoing,
  NatsReadRequest,
  NatsStreamState,
} from './nats-client.js'
import { NatsException } from './nats-exception.js'

type Nats = typeof import('nats')
type Connection = import('nats').NatsConnection
type JetStreamClient = import('nats').JetStreamClient
type JetStreamManager = import('nats').JetStreamManager
type JsMsg = import('nats').JsMsg

/** JetStream's error code for a stream that does not exist. */
const STREAM_NOT_FOUND = 10059
/** Messages pulled per request while reading a range. */
const PULL_BATCH = 4096
/** Published messages whose acknowledgement may be outstanding at once, and how long to wait for the next one. */
const PUBLISHES_IN_FLIGHT = 16_384
const ACK_TIMEOUT_MS = 30_000
/** How long an abandoned read consumer lives on the server (ns). */
const INACTIVE_THRESHOLD_NS = 30_000_000_000

interface Session {
  readonly nats: Nats
  readonly nc: Connection
  readonly js: JetStreamClient
  readonly jsm: JetStreamManager
}

const failure = (what: string, error: unknown) =>
  error instanceof NatsException ? error : new NatsException(`${what}: ${messageOf(error)}`, { cause: error })

export class NatsJsClient implements NatsClient {
  private session: Promise<Session> | undefined
  private readonly inFlight = new InFlight()

  constructor(private readonly config: NatsConnectionConfig) {}

  streamState(stream: string): Promise<NatsStreamState | null> {
    return this.inFlight.run(() => this.fetchStreamState(stream))
  }

  read(request: NatsReadRequest): Promise<NatsMessages> {
    return this.inFlight.run(() => this.readRange(request))
  }

  publish(messages: readonly NatsOutgoing[]): Promise<void> {
    return this.inFlight.run(() => this.publishAll(messages))
  }

  /** Closes the connection once the calls under way have finished. */
  async close(): Promise<void> {
    await this.inFlight.settled()
    const session = this.session
    this.session = undefined
    if (session) await (await session.catch(() => undefined))?.nc.close()
  }

  private async fetchStreamState(stream: string): Promise<NatsStreamState | null> {
    const { jsm } = await this.connect()
    try {
      const { state, created } = await jsm.streams.info(stream)
      // A new stream reports first 0 and last 0; a purged one first = last + 1.
      const firstSeq = state.messages === 0 ? state.last_seq + 1 : state.first_seq
      return { firstSeq, lastSeq: state.last_seq, created }
    } catch (error) {
      if ((error as { api_error?: { err_code?: number } }).api_error?.err_code === STREAM_NOT_FOUND) return null
      throw failure(`Cannot read the state of stream ${stream}`, error)
    }
  }

  private async readRange(request: NatsReadRequest): Promise<NatsMessages> {
    const { nats, js, jsm } = await this.connect()
    const { stream, fromSeq, toSeq } = request
    const out = new MessageColumns(request.includeHeaders)
    if (toSeq < fromSeq) return out.finish()
    let name: string | undefined
    try {
      const info = await jsm.consumers.add(stream, {
        ack_policy: nats.AckPolicy.None,
        deliver_policy: nats.DeliverPolicy.StartSequence,
        opt_start_seq: fromSeq,
        filter_subject: request.subject,
        inactive_threshold: INACTIVE_THRESHOLD_NS,
        mem_storage: true,
        num_replicas: 1,
      })
      name = info.name
      if (info.num_pending === 0) return out.finish()
      const consumer = await js.consumers.get(stream, name)
      // Pull until the last wanted sequence, or until nothing matching is left (a filter may skip `toSeq`).
      for (;;) {
        const batch = await consumer.fetch({ max_messages: PULL_BATCH, expires: 5000 })
        let received = 0
        let done = false
        for await (const message of batch) {
          received++
          if (message.seq > toSeq) {
            done = true
            break
          }
          out.add(message)
          if (message.seq === toSeq || message.info.pending === 0) {
            done = true
            break
          }
        }
        if (done) break
        if (received === 0) {
          throw new NatsException(`No message of stream ${stream} arrived after sequence ${out.lastSeq}`)
        }
      }
      return out.finish()
    } catch (error) {
      throw failure(`Cannot read stream ${stream} from sequence ${fromSeq} to ${toSeq}`, error)
    } finally {
      if (name !== undefined) jsm.consumers.delete(stream, name).catch(() => {})
    }
  }

  /**
   * JetStream's asynchronous publish: every message goes out with a reply subject of one inbox, and the server's
   * acknowledgements (or errors, or a 503 when no stream captures the subject) come back there. At most
   * PUBLISHES_IN_FLIGHT messages wait for theirs; the call fails on the first error or after ACK_TIMEOUT_MS without one.
   */
  private async publishAll(messages: readonly NatsOutgoing[]): Promise<void> {
    if (messages.length === 0) return
    const { nats, nc } = await this.connect()
    const inbox = nats.createInbox()
    const acks = new AckCounter()
    const subscription = nc.subscribe(`${inbox}.>`, {
      callback: (error, reply) => {
        if (error) return acks.fail(failure('Lost the acknowledgements of JetStream', error))
        const index = Number(reply.subject.slice(inbox.length + 1))
        const problem = ackProblem(reply.headers?.code ?? 0, reply.data)
        if (problem) acks.fail(new NatsException(`Cannot publish to ${messages[index]?.subject}: ${problem}`))
        else acks.ack()
      },
    })
    try {
      // The server knows the inbox before the first acknowledgement is sent to it.
      await nc.flush()
      for (let i = 0; i < messages.length; i++) {
        await acks.until(i - PUBLISHES_IN_FLIGHT + 1)
        const { subject, data, headers } = messages[i]!
        let natsHeaders: import('nats').MsgHdrs | undefined
        if (headers && headers.length > 0) {
          natsHeaders = nats.headers()
          for (const h of headers) natsHeaders.append(h.key, h.value)
        }
        nc.publish(subject, data, { reply: `${inbox}.${i}`, headers: natsHeaders })
      }
      await acks.until(messages.length)
    } finally {
      subscription.unsubscribe()
    }
  }

  private connect(): Promise<Session> {
    this.session ??= (async () => {
      const nats = await import('nats')
      const { servers, user, pass, token, name } = this.config
      try {
        const nc = await nats.connect({ servers: [...servers], user, pass, token, name })
        return { nats, nc, js: nc.jetstream(), jsm: await nc.jetstreamManager() }
      } catch (error) {
        throw failure(`Cannot connect to NATS at ${servers.join(',')}`, error)
      }
    })()
    this.session.catch(() => {
      this.session = undefined
    })
    return this.session
  }
}

/** Messages gathered column by column as they arrive. */
class MessageColumns {
  private readonly subjects: string[] = []
  private readonly data: Uint8Array[] = []
  private readonly sequences: number[] = []
  private readonly timestamps: number[] = []
  private readonly headers: (readonly NatsHeader[])[] | undefined

  constructor(includeHeaders: boolean) {
    this.headers = includeHeaders ? [] : undefined
  }

  get lastSeq(): number {
    return this.sequences.at(-1) ?? 0
  }

  add(message: JsMsg): void {
    this.subjects.push(message.subject)
    this.data.push(message.data)
    this.sequences.push(message.seq)
    this.timestamps.push(Math.round(message.info.timestampNanos / 1000))
    if (this.headers) {
      const list: NatsHeader[] = []
      const h = message.headers
      if (h) for (const key of h.keys()) for (const value of h.values(key)) list.push({ key, value })
      this.headers.push(list)
    }
  }

  finish(): NatsMessages {
    return {
      count: this.sequences.length,
      subjects: this.subjects,
      data: this.data,
      sequences: Float64Array.from(this.sequences),
      timestamps: Float64Array.from(this.timestamps),
      headers: this.headers,
    }
  }
}

/** Why an acknowledgement is a failure (a status code such as 503 no responders, or a JetStream error), if it is. */
function ackProblem(status: number, data: Uint8Array): string | undefined {
  if (status === 503) return 'no stream captures the subject (503 no responders)'
  if (status >= 300) return `status ${status}`
  const text = new TextDecoder().decode(data)
  if (!text.includes('"error"')) return undefined
  const error = (JSON.parse(text) as { error?: { code?: number; description?: string } }).error
  return `${error?.description ?? text} (${error?.code ?? 'error'})`
}

/** Counts acknowledgements; `until(n)` waits for n of them, throwing the first failure or after a silent timeout. */
class AckCounter {
  private count = 0
  private failure: Error | undefined
  private wake: (() => void) | undefined

  ack(): void {
    this.count++
    this.wake?.()
  }

  fail(error: Error): void {
    this.failure ??= error
    this.wake?.()
  }

  async until(n: number): Promise<void> {
    while (this.failure === undefined && this.count < n) {
      const before = this.count
      let timer: ReturnType<typeof setTimeout> | undefined
      await new Promise<void>((resolve) => {
        this.wake = resolve
        timer = setTimeout(resolve, ACK_TIMEOUT_MS)
      })
      clearTimeout(timer)
      this.wake = undefined
      if (this.failure === undefined && this.count === before) {
        throw new NatsException(`No acknowledgement from JetStream within ${ACK_TIMEOUT_MS} ms (${n - before} pending)`)
      }
    }
    if (this.failure) throw this.failure
  }
}
