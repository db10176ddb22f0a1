// The noop sink: runs the query and discards the output (for benchmarks and dry runs).
import type { Sink, SinkProvider } from '../sink.js'
import { identityHash } from './console.js'

export const noopProvider: SinkProvider = {
  format: 'noop',
  outputModes: ['append', 'update', 'complete'],
  create: (): Sink => ({
    description: `org.apache.spark.sql.execution.datasources.noop.NoopTable$@${identityHash()}`,
    addBatch: () => {},
    addBatches: () => {},
  }),
}
