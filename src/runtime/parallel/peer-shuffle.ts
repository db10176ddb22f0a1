// Rows moving between worker threads at an exchange: each worker sends every peer one message per exchange and batch
// — the rows of the peer's partitions, or none — over a MessageChannel the driver set up between the two, and waits
// for one from each peer; what arrived is handed on by sender, not by arrival, so a run's order does not depend on
// timing. Bytes are Arrow IPC in transferred buffers.
import type { MessagePort } from 'node:worker_threads'

/** One worker's rows for a peer at an exchange in a batch. */
export interface ShuffleMessage {
  readonly exchange: string
  readonly batchId: number
  /** The sending worker. */
  readonly from: number
  readonly bytes: Uint8Array | null
}

interface Arrivals {
  /** By sending worker (this worker's own entry stays null). */
  readonly received: (Uint8Array | null)[]
  count: number
  resolve?: (received: (Uint8Array | null)[]) => void
}

export class PeerShuffle {
  private readonly arrivals = new Map<string, Arrivals>()

  /** @param ports the channel to each peer, by worker index (none for this worker) */
  constructor(
    readonly worker: number,
    readonly workers: number,
    private readonly ports: ReadonlyMap<number, MessagePort>,
  ) {
    for (const port of ports.values()) {
      port.on('message', (message: ShuffleMessage) => this.arrive(message))
    }
  }

  send(peer: number, message: ShuffleMessage): void {
    const transfer = message.bytes ? [message.bytes.buffer as ArrayBuffer] : []
    this.ports.get(peer)!.postMessage(message, transfer)
  }

  /** Resolves, once every peer's message for (exchange, batch) arrived, with their bytes by sending worker. */
  receive(exchange: string, batchId: number): Promise<(Uint8Array | null)[]> {
    const arrivals = this.arrivalsOf(exchange, batchId)
    if (arrivals.count === this.workers - 1) return Promise.resolve(this.take(exchange, batchId))
    return new Promise((resolve) => {
      arrivals.resolve = resolve
    })
  }

  close(): void {
    for (const port of this.ports.values()) port.close()
  }

  private arrive(message: ShuffleMessage): void {
    const arrivals = this.arrivalsOf(message.exchange, message.batchId)
    arrivals.received[message.from] = message.bytes
    arrivals.count++
    if (arrivals.count === this.workers - 1 && arrivals.resolve) {
      arrivals.resolve(this.take(message.exchange, message.batchId))
    }
  }

  private arrivalsOf(exchange: string, batchId: number): Arrivals {
    const key = `${exchange}:${batchId}`
    let arrivals = this.arrivals.get(key)
    if (!arrivals) this.arrivals.set(key, (arrivals = { received: new Array(this.workers).fill(null), count: 0 }))
    return arrivals
  }

  private take(exchange: string, batchId: number): (Uint8Array | null)[] {
    const key = `${exchange}:${batchId}`
    const { received } = this.arrivals.get(key)!
    this.arrivals.delete(key)
    return received
  }
}
