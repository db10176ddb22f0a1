// The NATS JetStream sink (`writeStream.format('nats')`): each micro-batch's rows published to JetStream, at least once.
import type { RecordBatch } from '../../arrow/index.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'
import type { NatsClient, NatsClientFactory } from './nats-client.js'
import { NatsJsClient } from './nats-js-client.js'
import { parseNatsSinkOptions } from './nats-options.js'
import { type NatsWriteColumns, natsWriteColumns, outgoingMessages } from './nats-rows.js'

/**
 * Publishes every row of a batch and returns once JetStream stored all of them (a failure fails the batch, and so
 * the query). Delivery is at least once, as the Kafka sink's: a batch replayed after a failure is published again,
 * except within one run, where an already written batch id is skipped.
 */
export class NatsSink implements Sink {
  readonly description: string
  private latestBatchId = -1

  constructor(
    private readonly client: NatsClient,
    private readonly columns: NatsWriteColumns,
  ) {
    this.description = `NatsJetStreamSink[${columns.subject === undefined ? 'subject column' : `subject=${columns.subject}`}]`
  }

  async addBatch(batchId: number, batch: RecordBatch): Promise<void> {
    await this.addBatches(batchId, [batch])
  }

  async addBatches(batchId: number, batches: readonly RecordBatch[]): Promise<void> {
    if (batchId <= this.latestBatchId) return
    for (const batch of batches) {
      if (batch.numRows > 0) await this.client.publish(outgoingMessages(batch, this.columns))
    }
    this.latestBatchId = batchId
  }

  async stop(): Promise<void> {
    await this.client.close()
  }
}

/** The `nats` sink format; `createClient` is the seam for another client implementation. */
export function natsSinkProvider(createClient: NatsClientFactory = (config) => new NatsJsClient(config)): SinkProvider {
  return {
    format: 'nats',
    outputModes: ['append', 'update', 'complete'],
    create(context: SinkContext): Sink {
      const options = parseNatsSinkOptions(context.options)
      const columns = natsWriteColumns(context.schema, options.subject)
      return new NatsSink(createClient(options.connection), columns)
    },
  }
}
