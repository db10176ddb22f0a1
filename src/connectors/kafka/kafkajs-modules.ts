// kafkajs, loaded on first use (importing it costs ~0.2 s, which a program that never talks to Kafka should not pay),
// with the internal cluster/broker layer typed for the calls KafkajsClient makes on it (kafkajs is frozen at 2.2.4,
// pinned exactly).
export interface PartitionMetadata {
  readonly partitionId: number
  readonly leader: number
}
export interface KafkajsMessage {
  readonly offset: string
  readonly timestamp: string
  readonly key: Buffer | null
  readonly value: Buffer | null
  readonly headers: Readonly<Record<string, Buffer | Buffer[] | null | undefined>>
  readonly isControlRecord: boolean
  readonly batchContext?: { readonly timestampType: number; readonly inTransaction: boolean }
}
export interface FetchedPartition {
  readonly partition: number
  readonly highWatermark: string
  readonly abortedTransactions?: readonly unknown[]
  readonly messages: readonly KafkajsMessage[]
}
/** A request as kafkajs's connection sends it: the encoder, and what turns the payload into the answer. */
export interface ProtocolRequest<T> {
  readonly request: unknown
  readonly response: { decode(payload: Buffer): Promise<unknown>; parse(decoded: unknown): Promise<T> }
  readonly requestTimeout: number
}
export interface Broker {
  /** Two connections: 0 for most requests, 1 for Fetch (connectionPool.js). */
  readonly connectionPool: {
    getConnection(index: number): Promise<unknown>
    send<T>(request: ProtocolRequest<T>): Promise<T>
  }
  /** The API versions the broker supports, by API key (set once connected). */
  readonly versions: Readonly<Record<number, { minVersion: number; maxVersion: number }>> | null
  disconnect(): Promise<void>
  fetch(request: {
    isolationLevel: number
    maxWaitTime: number
    minBytes: number
    maxBytes: number
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[]
  }): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>
}
export interface Cluster {
  connect(): Promise<void>
  disconnect(): Promise<void>
  refreshMetadata(): Promise<void>
  metadata(request?: { topics: string[] }): Promise<{
    topicMetadata: { topic: string; partitionMetadata: PartitionMetadata[] }[]
  }>
  addMultipleTargetTopics(topics: string[]): Promise<void>
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>
  findBroker(request: { nodeId: string }): Promise<Broker>
  fetchTopicsOffset(
    topics: { topic: string; partitions: { partition: number }[]; fromBeginning?: boolean; fromTimestamp?: number }[],
  ): Promise<{ topic: string; partitions: { partition: number; offset: string }[] }[]>
}
export type FilterAbortedMessages = (batch: {
  messages: readonly KafkajsMessage[]
  abortedTransactions: readonly unknown[]
}) => KafkajsMessage[]

/** Fetch v4's request fields, as kafkajs's encoder takes them. */
export interface FetchV4Fields {
  replicaId: number
  isolationLevel: number
  maxWaitTime: number
  minBytes: number
  maxBytes: number
  topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[]
}

export interface KafkajsModules {
  readonly kafkajs: typeof import('kafkajs')
  readonly Cluster: new (options: Record<string, unknown>) => Cluster
  readonly createLogger: (options: { level: number; logCreator: () => () => void }) => unknown
  readonly socketFactory: () => unknown
  readonly filterAbortedMessages: FilterAbortedMessages
  /** kafkajs's Fetch v4 request encoder. */
  readonly fetchV4Request: (fields: FetchV4Fields) => unknown
  /** kafkajs's Fetch v4 response decoder (object per record), for record sets in the pre-0.11 formats. */
  readonly decodeFetchV4: (
    payload: Buffer,
  ) => Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>
  /** A kafkajs protocol error (with `type` and `retriable`) from a Kafka error code. */
  readonly createErrorFromCode: (code: number) => Error
}

let loading: Promise<KafkajsModules> | undefined

/** kafkajs and the internals Rivulet uses (string-literal imports, so bundlers include them). */
export function loadKafkajs(): Promise<KafkajsModules> {
  loading ??= (async () => {
    const [kafkajs, cluster, loggers, socketFactory, filter, fetchRequest, fetchResponse, protocolError] =
      await Promise.all([
        import('kafkajs'),
        import('kafkajs/src/cluster/index.js'),
        import('kafkajs/src/loggers/index.js'),
        import('kafkajs/src/network/socketFactory.js'),
        import('kafkajs/src/consumer/filterAbortedMessages.js'),
        import('kafkajs/src/protocol/requests/fetch/v4/request.js'),
        import('kafkajs/src/protocol/requests/fetch/v4/response.js'),
        import('kafkajs/src/protocol/error.js'),
      ])
    return {
      kafkajs: (kafkajs as { default?: typeof import('kafkajs') }).default ?? kafkajs,
      Cluster: cluster.default,
      createLogger: loggers.default.createLogger,
      socketFactory: socketFactory.default,
      filterAbortedMessages: filter.default,
      fetchV4Request: fetchRequest.default,
      decodeFetchV4: fetchResponse.default.decode,
      createErrorFromCode: protocolError.default.createErrorFromCode,
    }
  })()
  return loading
}
