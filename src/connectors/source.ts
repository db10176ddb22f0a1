// The Source contract: offsets, batches between offsets, and commits — what the micro-batch runtime drives.
import type { RecordBatch } from '../arrow/index.js'
import type { StructType } from '../types/struct-type.js'
import type { Options } from './options.js'

/** A source's position, serializable to JSON (it is written to the offset log). */
export type Offset = number | string | boolean | null | readonly Offset[] | { readonly [key: string]: Offset }

/** What a source needs from the query that runs it. */
export interface SourceContext {
  /** Session time zone and confs, read-only. */
  readonly conf: (key: string) => string | undefined
  /** `<checkpoint>/sources/<index>` when the query has a checkpoint, for sources that persist metadata. */
  readonly metadataPath: string | undefined
  /** The query's batch timestamp clock (ms), so tests can drive time deterministically. */
  readonly now: () => number
}

/**
 * A streaming source. The runtime asks for the latest offset, records it in the offset log, then reads the batch
 * (start, end]. Reading the same range twice returns the same rows (replay after a failure) for replayable sources.
 */
export interface Source {
  readonly schema: StructType
  /** Spark's progress description, e.g. `TextSocketV2[host: localhost, port: 9999]`. */
  readonly description: string
  /** The latest offset data is available up to (may open connections lazily). */
  latestOffset(): Promise<Offset | null>
  /** The rows in (start, end]; `start` null means from the beginning. */
  getBatch(start: Offset | null, end: Offset): Promise<readonly RecordBatch[]>
  /** Data up to `end` was processed and committed; the source may forget it. */
  commit(end: Offset): void
  stop(): Promise<void>
  /** Registers a callback for new data, so the default trigger can run the next batch without polling. */
  onDataAvailable?(listener: () => void): void
  /** Whether `latestOffset` always reports new data (rate-micro-batch); such sources never go idle. */
  readonly alwaysHasData?: boolean
  /** Fatal asynchronous errors (a dropped connection) are reported here and fail the query. */
  onError?(listener: (error: Error) => void): void
}

/** A source format resolved at `load()`: options validated, schema known; `create` runs once per query start. */
export interface ResolvedSource {
  readonly format: string
  readonly schema: StructType
  readonly options: Options
  create(context: SourceContext): Source
}

/** A named source format (`socket`, `rate`, `csv`, ...). */
export interface SourceProvider {
  readonly format: string
  /** Validates options at `load()`; throws Spark's errors for missing or bad options. */
  resolve(options: Options, userSchema: StructType | undefined, path: string | undefined): ResolvedSource
}
