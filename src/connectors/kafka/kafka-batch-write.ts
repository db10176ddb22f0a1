// `df.write.format('kafka').save()`: a batch DataFrame's rows produced to Kafka through the stream sink's code.
import type { RecordBatch } from '../../arrow/index.js'
import type { StructType } from '../../types/struct-type.js'
import type { Options } from '../options.js'
import { defaultKafkaClientFactory, type KafkaClientFactory, kafkaSinkProvider } from './kafka-sink.js'

/** Produces every row and resolves once Kafka acknowledged all of them (the first producer error rejects). */
export async function writeKafkaBatch(
  schema: StructType,
  batch: RecordBatch,
  options: Options,
  createClient: KafkaClientFactory = defaultKafkaClientFactory,
): Promise<void> {
  const sink = kafkaSinkProvider(createClient).create({
    schema,
    outputMode: 'append',
    options,
    queryName: undefined,
    conf: () => undefined,
    write: () => {},
  })
  try {
    await sink.addBatch(0, batch)
  } finally {
    await sink.stop?.()
  }
}
