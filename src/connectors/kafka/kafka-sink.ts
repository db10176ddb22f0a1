// The Kafka sink (`writeStream.format('kafka')`): each micro-batch's rows produced to Kafka, at least once.
import type { RecordBatch } from '../../arrow/index.js'
import { IllegalArgumentException } from '../../common/errors.js'
import type { Options } from '../options.js'
import type { Sink, SinkContext, SinkProvider } from '../sink.js'
import { identityHash } from '../sinks/console.js'
import type { KafkaClient } from './kafka-client.js'
import { type KafkaClientConfig, kafkaClientConfig, kafkaProperties } from './kafka-client-config.js'
import { type KafkaWriteColumns, kafkaWriteColumns, producerRecords } from './kafka-write-columns.js'
import { KafkajsClient } from './kafkajs-client.js'

/** Makes the client a sink or source talks to Kafka through (tests pass a fake). */
export type KafkaClientFactory = (config: KafkaClientConfig) => KafkaClient

export const defaultKafkaClientFactory: KafkaClientFactory = (config) => new KafkajsClient(config)

/** `kafkaParamsForProducer`: Spark's serializers are fixed, so setting one fails. */
function checkSerializers(options: Options): void {
  if (options.has('kafka.key.serializer')) {
    throw new IllegalArgumentException(
      "Kafka option 'key.serializer' is not supported as keys are serialized with ByteArraySerializer.",
    )
  }
  if (options.has('kafka.value.serializer')) {
    throw new IllegalArgumentException(
      "Kafka option 'value.serializer' is not supported as value are serialized with ByteArraySerializer.",
    )
  }
}

/** The producer's client settings from the `kafka.*` options (the Java producer's error without servers). */
export function kafkaProducerConfig(options: Options): KafkaClientConfig {
  checkSerializers(options)
  const properties = kafkaProperties(options.entries())
  if (!properties.has('bootstrap.servers')) {
    throw new IllegalArgumentException('Missing required configuration "bootstrap.servers" which has no default value.')
  }
  return kafkaClientConfig(properties, 'rivulet-kafka-sink')
}

/**
 * Writes every row of a batch and returns once Kafka acknowledged all of them (a producer failure fails the batch,
 * and so the query). Delivery is at least once: a batch replayed after a failure is produced again, except within
 * one run, where an already written batch id is skipped (Spark's KafkaSink does the same).
 */
export class KafkaSink implements Sink {
  readonly description = `org.apache.spark.sql.kafka010.KafkaSourceProvider$KafkaTable@${identityHash()}`
  private latestBatchId = -1

  constructor(
    private readonly client: KafkaClient,
    private readonly columns: KafkaWriteColumns,
  ) {}

  async addBatch(batchId: number, batch: RecordBatch): Promise<void> {
    await this.addBatches(batchId, [batch])
  }

  async addBatches(batchId: number, batches: readonly RecordBatch[]): Promise<void> {
    if (batchId <= this.latestBatchId) return
    for (const batch of batches) {
      if (batch.numRows > 0) await this.client.produce(producerRecords(batch, this.columns))
    }
    this.latestBatchId = batchId
  }

  async stop(): Promise<void> {
    await this.client.close()
  }
}

/** The `kafka` sink format; `createClient` is the seam for another client implementation. */
export function kafkaSinkProvider(createClient: KafkaClientFactory = defaultKafkaClientFactory): SinkProvider {
  return {
    format: 'kafka',
    outputModes: ['append', 'update', 'complete'],
    create(context: SinkContext): Sink {
      // Spark reads the producer parameters first, then validates the columns.
      checkSerializers(context.options)
      const topic = context.options.get('topic')?.trim()
      const columns = kafkaWriteColumns(context.schema, topic)
      return new KafkaSink(createClient(kafkaProducerConfig(context.options)), columns)
    },
  }
}
