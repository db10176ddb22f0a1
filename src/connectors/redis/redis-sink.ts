// The Redis streams sink (`writeStream.format('redis')`): each micro-batch's rows added with XADD, at least once.
import type { RecordBatch } from '../../arrow/index.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'
import { IoredisClient } from './ioredis-client.js'
import type { RedisClient, RedisClientFactory } from './redis-client.js'
import { parseRedisSinkOptions } from './redis-options.js'
import { outgoingEntries, type RedisWriteColumns, redisWriteColumns } from './redis-rows.js'

/**
 * Adds every row of a batch as a stream entry and returns once Redis replied to all of them (an error fails the
 * batch, and so the query). Delivery is at least once, as the Kafka sink's: a batch replayed after a failure is
 * added again, except within one run, where an already written batch id is skipped.
 */
export class RedisSink implements Sink {
  readonly description: string
  private latestBatchId = -1

  constructor(
    private readonly client: RedisClient,
    private readonly columns: RedisWriteColumns,
  ) {
    this.description = `RedisStreamsSink[${columns.key === undefined ? 'stream column' : `stream.key=${columns.key}`}]`
  }

  async addBatch(batchId: number, batch: RecordBatch): Promise<void> {
    await this.addBatches(batchId, [batch])
  }

  async addBatches(batchId: number, batches: readonly RecordBatch[]): Promise<void> {
    if (batchId <= this.latestBatchId) return
    for (const batch of batches) {
      if (batch.numRows > 0) await this.client.add(outgoingEntries(batch, this.columns))
    }
    this.latestBatchId = batchId
  }

  async stop(): Promise<void> {
    await this.client.close()
  }
}

/** The `redis` sink format; `createClient` is the seam for another client implementation. */
export function redisSinkProvider(
  createClient: RedisClientFactory = (config) => new IoredisClient(config),
): SinkProvider {
  return {
    format: 'redis',
    outputModes: ['append', 'update', 'complete'],
    create(context: SinkContext): Sink {
      const options = parseRedisSinkOptions(context.options)
      const columns = redisWriteColumns(context.schema, options.key)
      return new RedisSink(createClient(options.connection), columns)
    },
  }
}
