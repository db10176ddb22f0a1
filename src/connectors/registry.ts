// Source and sink formats by name, as `format('socket')` and `format('console')` look them up.
import { UnsupportedOperationException } from '../common/errors.js'
import { kafkaSinkProvider } from './kafka/kafka-sink.js'
import { kafkaSourceProvider } from './kafka/kafka-source.js'
import { natsSinkProvider } from './nats/nats-sink.js'
import { natsSourceProvider } from './nats/nats-source.js'
import { redisSinkProvider } from './redis/redis-sink.js'
import { redisSourceProvider } from './redis/redis-source.js'
import type { SinkProvider } from './sink.js'
import { consoleProvider } from './sinks/console.js'
import { fileSinkProvider } from './sinks/file-sink.js'
import { memoryProvider } from './sinks/memory.js'
import { noopProvider } from './sinks/noop.js'
import type { SourceProvider } from './source.js'
import { fileSourceProvider } from './sources/file-source.js'
import { memorySourceProvider } from './sources/memory.js'
import { nexmarkProvider } from './sources/nexmark.js'
import { rateProvider } from './sources/rate.js'
import { ratePerMicroBatchProvider } from './sources/rate-micro-batch.js'
import { socketProvider } from './sources/socket.js'

const sources = new Map<string, SourceProvider>(
  [socketProvider, rateProvider, ratePerMicroBatchProvider, nexmarkProvider, memorySourceProvider].map((p) => [
    p.format,
    p,
  ]),
)
const sinks = new Map<string, SinkProvider>([consoleProvider, memoryProvider, noopProvider].map((p) => [p.format, p]))
sinks.set('kafka', kafkaSinkProvider())
sources.set('kafka', kafkaSourceProvider())
sinks.set('nats', natsSinkProvider())
sources.set('nats', natsSourceProvider())
sinks.set('redis', redisSinkProvider())
sources.set('redis', redisSourceProvider())

/** The file formats read and written as directories of files (append-only sinks). */
export const FILE_FORMATS = ['text', 'csv', 'json', 'parquet'] as const
for (const format of FILE_FORMATS) {
  sources.set(format, fileSourceProvider(format))
  sinks.set(format, fileSinkProvider(format))
}

/** Spark's error for an unknown data source name. */
function unknownFormat(format: string): UnsupportedOperationException {
  return new UnsupportedOperationException(
    `Failed to find the data source: ${format}. Please find packages at \`https://spark.apache.org/third-party-projects.html\`.`,
    { errorClass: 'DATA_SOURCE_NOT_FOUND' },
  )
}

export function sourceProvider(format: string): SourceProvider {
  const provider = sources.get(format.toLowerCase())
  if (!provider) throw unknownFormat(format)
  return provider
}

export function sinkProvider(format: string): SinkProvider {
  const provider = sinks.get(format.toLowerCase())
  if (!provider) throw unknownFormat(format)
  return provider
}

/** Adds a source format (connectors outside the core register themselves here). */
export function registerSourceProvider(provider: SourceProvider): void {
  sources.set(provider.format.toLowerCase(), provider)
}
