// Test-side JetStream administration through the `nats` package itself (not Rivulet's client): streams, publishes,
// purges and reads, so tests set up and check the server independently of the code under test.
import { connect, type JetStreamManager, type NatsConnection, headers as natsHeaders } from 'nats'

export interface StoredMessage {
  readonly seq: number
  readonly subject: string
  readonly data: string
  readonly headers: Record<string, string[]>
}

export class NatsAdmin {
  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
  ) {}

  static async connect(address: string): Promise<NatsAdmin> {
    const nc = await connect({ servers: address })
    return new NatsAdmin(nc, await nc.jetstreamManager())
  }

  /** Creates (or re-creates, empty) a stream capturing `subjects`. */
  async createStream(name: string, subjects: readonly string[]): Promise<void> {
    await this.jsm.streams.delete(name).catch(() => false)
    await this.jsm.streams.add({ name, subjects: [...subjects] })
  }

  async deleteStream(name: string): Promise<void> {
    await this.jsm.streams.delete(name)
  }

  /** Removes every message below sequence `seq`. */
  async purgeBefore(stream: string, seq: number): Promise<void> {
    await this.jsm.streams.purge(stream, { seq })
  }

  /** Publishes text messages in order, each acknowledged by JetStream; returns their sequences. */
  async publish(
    subject: string,
    values: readonly string[],
    headers?: Readonly<Record<string, string>>,
  ): Promise<number[]> {
    const js = this.nc.jetstream()
    const seqs: number[] = []
    for (const value of values) {
      let h: ReturnType<typeof natsHeaders> | undefined
      if (headers) {
        h = natsHeaders()
        for (const [k, v] of Object.entries(headers)) h.append(k, v)
      }
      seqs.push((await js.publish(subject, new TextEncoder().encode(value), { headers: h })).seq)
    }
    return seqs
  }

  /**
   * Publishes text messages to their subjects without waiting for one acknowledgement before sending the next (one
   * connection keeps them in order); returns the sequence JetStream acknowledged for each.
   */
  async publishAll(messages: readonly { readonly subject: string; readonly data: string }[]): Promise<number[]> {
    const js = this.nc.jetstream()
    const encoder = new TextEncoder()
    const acks = await Promise.all(messages.map((m) => js.publish(m.subject, encoder.encode(m.data))))
    return acks.map((ack) => ack.seq)
  }

  /** Every message stored in the stream, in sequence order. */
  async messages(stream: string): Promise<StoredMessage[]> {
    const info = await this.jsm.streams.info(stream)
    const out: StoredMessage[] = []
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && info.state.messages > 0; seq++) {
      const m = await this.jsm.streams.getMessage(stream, { seq }).catch(() => undefined)
      if (!m) continue
      const headers: Record<string, string[]> = {}
      for (const key of m.header?.keys() ?? []) headers[key] = m.header!.values(key)
      out.push({ seq: m.seq, subject: m.subject, data: new TextDecoder().decode(m.data), headers })
    }
    return out
  }

  async close(): Promise<void> {
    await this.nc.close()
  }
}
