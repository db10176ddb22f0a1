// Rivulet's own view of a NATS JetStream server: the few calls the `nats` source and sink make, so a test or a user
// can swap clients. Nothing here acks messages or keeps durable consumers: positions live in the checkpoint.

/** How to reach the server (the `nats.*` options). */
export interface NatsConnectionConfig {
  readonly servers: readonly string[]
  readonly user: string | undefined
  readonly pass: string | undefined
  readonly token: string | undefined
  /** The connection name the server shows (`nats.name`). */
  readonly name: string
}

/** A stream's bounds: its first and last stored sequences (an empty stream has `firstSeq = lastSeq + 1`). */
export interface NatsStreamState {
  readonly firstSeq: number
  readonly lastSeq: number
  /** When the stream was created (ISO-8601): a stream deleted and created again has another. */
  readonly created: string
}

/** A message header; NATS headers are text and a key may repeat. */
export interface NatsHeader {
  readonly key: string
  readonly value: string
}

/** Messages of one stream, column by column (index i across the arrays is one message), in sequence order. */
export interface NatsMessages {
  readonly count: number
  readonly subjects: readonly string[]
  readonly data: readonly Uint8Array[]
  readonly sequences: Float64Array
  /** When the server stored each message, in microseconds since the epoch. */
  readonly timestamps: Float64Array
  /** Present when headers were asked for. */
  readonly headers: readonly (readonly NatsHeader[])[] | undefined
}

export interface NatsReadRequest {
  readonly stream: string
  /** Only messages whose subject matches this filter (NATS wildcards); undefined: every message. */
  readonly subject: string | undefined
  /** The first and last sequence wanted, both included. */
  readonly fromSeq: number
  readonly toSeq: number
  readonly includeHeaders: boolean
}

/** A message to publish to JetStream. */
export interface NatsOutgoing {
  readonly subject: string
  readonly data: Uint8Array
  readonly headers: readonly NatsHeader[] | null
}

export interface NatsClient {
  /** The stream's bounds, or null when the stream does not exist. */
  streamState(stream: string): Promise<NatsStreamState | null>
  /** Every stored message in [fromSeq, toSeq] that matches the subject filter. */
  read(request: NatsReadRequest): Promise<NatsMessages>
  /** Publishes to JetStream and resolves once the server stored (acknowledged) every message. */
  publish(messages: readonly NatsOutgoing[]): Promise<void>
  close(): Promise<void>
}

/** Makes the client a source or sink talks to NATS through (tests may pass another). */
export type NatsClientFactory = (config: NatsConnectionConfig) => NatsClient
