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
export interface Broker {
  /** Two connections: 0 for most requests, 1 for Fetch (connectionPool.js). */
  readonly connectionPool: { getConnection(index: number): Promise<unknown> }
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

export interface KafkajsModules {
  readonly kafkajs: typeof import('kafkajs')
  readonly Cluster: new (options: Record<string, unknown>) => Cluster
  readonly createLogger: (options: { level: number; logCreator: () => () => void }) => unknown
  readonly socketFactory: () => unknown
  readonly filterAbortedMessages: FilterAbortedMessages
}

let loading: Promise<KafkajsModules> | undefined

/** kafkajs and the internals Rivulet uses (string-literal imports, so bundlers include them). */
export function loadKafkajs(): Promise<KafkajsModules> {
  loading ??= (async () => {
    const [kafkajs, cluster, loggers, socketFactory, filter] = await Promise.all([
      import('kafkajs'),
      import('kafkajs/src/cluster/index.js'),
      import('kafkajs/src/loggers/index.js'),
      import('kafkajs/src/network/socketFactory.js'),
      import('kafkajs/src/consumer/filterAbortedMessages.js'),
    ])
    return {
      kafkajs: (kafkajs as { default?: typeof import('kafkajs') }).default ?? kafkajs,
      Cluster: cluster.default,
      createLogger: loggers.default.createLogger,
      socketFactory: socketFactory.default,
      filterAbortedMessages: filter.default,
    }
  })()
  return loading
}
