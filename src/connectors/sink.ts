// The Sink contract: one call per micro-batch, idempotent by batch id.
import type { RecordBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Options } from './options.js'

export type OutputMode = 'append' | 'update' | 'complete'

export interface SinkContext {
  readonly schema: StructType
  readonly outputMode: OutputMode
  readonly options: Options
  readonly queryName: string | undefined
  readonly conf: (key: string) => string | undefined
  /** Where console output goes (process.stdout by default). */
  readonly write: (text: string) => void
}

export interface Sink {
  /** Spark's progress description of the sink. */
  readonly description: string
  /** False for sinks Spark reports `numOutputRows: -1` for (its V1 sinks: file, foreachBatch). */
  readonly reportsOutputRows?: boolean
  /** Writes batch `batchId`. A batch id the sink has already committed must be ignored (exactly-once replays). */
  addBatch(batchId: number, batch: RecordBatch): Promise<void> | void
  /**
   * The same, given the micro-batch as the record batches the operators produced (possibly none). Sinks that
   * can take them as they are implement this and avoid concatenating every row into one batch first.
   */
  addBatches?(batchId: number, batches: readonly RecordBatch[]): Promise<void> | void
  stop?(): Promise<void>
}

export interface SinkProvider {
  readonly format: string
  /** Output modes the sink supports; the writer raises Spark's error for others. */
  readonly outputModes: readonly OutputMode[]
  create(context: SinkContext): Sink
}
